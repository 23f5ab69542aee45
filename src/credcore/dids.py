"""DIDs and controller documents: ``did:key`` (resolved locally), ``did:web`` (generated, mapped to a URL).

The core never opens a network connection: ``did:web`` and ``https:`` controller documents are obtained
through an injected ``fetcher(url) -> dict`` or from preloaded ``documents``.

- did:key: https://w3c-ccg.github.io/did-key-spec/
- did:web: https://w3c-ccg.github.io/did-method-web/
- Controlled identifier documents: https://www.w3.org/TR/cid-1.0/
"""

from __future__ import annotations

import re
import urllib.parse
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Final

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from credcore._internal.multibase import decode_multibase
from credcore.errors import CredcoreError, KeyFormatError, ResolutionError
from credcore.keys import MULTIKEY_CONTEXT, Ed25519Multikey

__all__ = [
    "DID_CONTEXT",
    "RELATIONSHIPS",
    "DidResolver",
    "VerificationMethod",
    "did_key_document",
    "did_web_document",
    "did_web_from_url",
    "did_web_to_url",
]

DID_CONTEXT: Final = "https://www.w3.org/ns/did/v1"
CID_CONTEXT: Final = "https://www.w3.org/ns/cid/v1"
RELATIONSHIPS: Final = (
    "assertionMethod",
    "authentication",
    "capabilityInvocation",
    "capabilityDelegation",
    "keyAgreement",
)
_SIGNING_RELATIONSHIPS: Final = RELATIONSHIPS[:4]
_ED25519_TYPES: Final = frozenset({"Multikey", "Ed25519VerificationKey2020"})
_LABEL: Final = r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
_DOMAIN: Final = re.compile(rf"^(?=.{{1,253}}$)(?:{_LABEL}\.)*{_LABEL}$")
_PATH_SEGMENT: Final = re.compile(r"^[A-Za-z0-9._~%!$&'()*+,;=@-]+$")

Fetcher = Callable[[str], dict[str, Any]]


@dataclass(frozen=True, slots=True)
class VerificationMethod:
    """A resolved Ed25519 verification method and the relationships its controller grants it."""

    id: str
    type: str
    controller: str
    public_key: bytes
    assertion_method: tuple[str, ...] = ()
    authentication: tuple[str, ...] = ()
    relationships: Mapping[str, tuple[str, ...]] = field(default_factory=dict)

    def is_authorized_for(self, purpose: str) -> bool:
        """True when the controller document lists this method under ``purpose`` (e.g. assertionMethod)."""
        return self.id in self.relationships.get(purpose, ())

    def multikey(self) -> Ed25519Multikey:
        """The public key as an :class:`Ed25519Multikey` (verification only)."""
        return Ed25519Multikey(
            Ed25519PublicKey.from_public_bytes(self.public_key), controller=self.controller, key_id=self.id
        )


# -- did:key ---------------------------------------------------------------------------------------


def did_key_document(did: str) -> dict[str, Any]:
    """Resolve an Ed25519 ``did:key`` locally (https://w3c-ccg.github.io/did-key-spec/#document-creation-algorithm)."""
    if not isinstance(did, str) or not did.startswith("did:key:") or "#" in did:
        raise ResolutionError(f"not a did:key DID: {did!r}")
    multibase_value = did.removeprefix("did:key:")
    try:
        key = Ed25519Multikey.from_multibase(multibase_value, controller=did)
    except KeyFormatError as error:
        raise ResolutionError(f"only Ed25519 did:key DIDs are supported: {did!r}") from error
    method = key.to_document(with_context=False)
    return {
        "@context": [DID_CONTEXT, MULTIKEY_CONTEXT],
        "id": did,
        "verificationMethod": [method],
        **{relationship: [key.id] for relationship in _SIGNING_RELATIONSHIPS},
    }


# -- did:web ---------------------------------------------------------------------------------------


def did_web_to_url(did: str) -> str:
    """Map a ``did:web`` DID to the HTTPS URL of its DID document
    (https://w3c-ccg.github.io/did-method-web/#read-resolve)."""
    if not isinstance(did, str) or not did.startswith("did:web:") or "#" in did or "?" in did:
        raise ResolutionError(f"not a did:web DID: {did!r}")
    segments = did.removeprefix("did:web:").split(":")
    host = urllib.parse.unquote(segments[0])
    hostname, _, port = host.partition(":")
    if not _DOMAIN.match(hostname) or (port and not (port.isdigit() and 0 < int(port) < 65536)):
        raise ResolutionError(f"invalid did:web domain: {host!r}")
    path = segments[1:]
    if any(not segment or not _PATH_SEGMENT.match(segment) for segment in path):
        raise ResolutionError(f"invalid did:web path in {did!r}")
    if not path:
        return f"https://{host}/.well-known/did.json"
    return f"https://{host}/{'/'.join(path)}/did.json"


def did_web_from_url(domain: str, path: str | None = None) -> str:
    """The ``did:web`` DID for ``domain`` (optionally with a port) and an optional ``path``
    (https://w3c-ccg.github.io/did-method-web/#create-register)."""
    hostname, _, port = domain.partition(":")
    if not _DOMAIN.match(hostname) or (port and not (port.isdigit() and 0 < int(port) < 65536)):
        raise CredcoreError(f"invalid did:web domain: {domain!r}")
    did = "did:web:" + (f"{hostname}%3A{port}" if port else hostname)
    if path:
        segments = [segment for segment in path.strip("/").split("/") if segment]
        if any(not _PATH_SEGMENT.match(segment) for segment in segments):
            raise CredcoreError(f"invalid did:web path: {path!r}")
        did += "".join(f":{segment}" for segment in segments)
    return did


def did_web_document(
    domain: str,
    keys: list[Ed25519Multikey] | Ed25519Multikey,
    *,
    path: str | None = None,
    context: str = "did",
) -> dict[str, Any]:
    """A ``did:web`` DID document listing ``keys`` as Multikey verification methods, each in
    ``assertionMethod`` and ``authentication``. ``context="did"`` uses did/v1 + multikey/v1,
    ``context="cid"`` uses cid/v1 (https://www.w3.org/TR/cid-1.0/#contexts)."""
    did = did_web_from_url(domain, path)
    key_list = keys if isinstance(keys, list) else [keys]
    if not key_list:
        raise CredcoreError("a DID document needs at least one key")
    methods = []
    for index, key in enumerate(key_list):
        fragment = key.public_key_multibase if len(key_list) == 1 else f"key-{index + 1}"
        bound = key.public_only().bound_to(controller=did, key_id=f"{did}#{fragment}")
        methods.append(bound.to_document(with_context=False))
    contexts: list[str] = [CID_CONTEXT] if context == "cid" else [DID_CONTEXT, MULTIKEY_CONTEXT]
    ids = [method["id"] for method in methods]
    return {
        "@context": contexts,
        "id": did,
        "verificationMethod": methods,
        "assertionMethod": list(ids),
        "authentication": list(ids),
    }


# -- resolution ------------------------------------------------------------------------------------


def _absolute(reference: str, base: str) -> str:
    return base + reference if reference.startswith("#") else reference


def _method_public_key(method: Mapping[str, Any]) -> bytes:
    method_type = method.get("type")
    if method_type in _ED25519_TYPES:
        key = Ed25519Multikey.from_multibase(method.get("publicKeyMultibase"))  # type: ignore[arg-type]
        return key.public_key_bytes
    if method_type in {"JsonWebKey", "JsonWebKey2020"}:
        jwk = method.get("publicKeyJwk")
        if isinstance(jwk, Mapping) and jwk.get("kty") == "OKP" and jwk.get("crv") == "Ed25519":
            raw = decode_multibase("u" + str(jwk.get("x", "")))
            if len(raw) == 32:
                return raw
    raise KeyFormatError(f"unsupported verification method type {method_type!r}")


class DidResolver:
    """Resolve DIDs and controller documents without touching the network itself.

    ``documents`` preloads controller documents by DID or URL; ``fetcher(url)`` is called for
    ``did:web`` (at its mapped URL) and ``https:`` controller documents that are not preloaded.
    """

    def __init__(self, fetcher: Fetcher | None = None, documents: Mapping[str, dict[str, Any]] | None = None):
        self._fetcher = fetcher
        self._documents: dict[str, dict[str, Any]] = dict(documents or {})

    def resolve(self, did: str) -> dict[str, Any]:
        """The DID (or controller) document for ``did``; raises :class:`ResolutionError`."""
        if not isinstance(did, str) or not did:
            raise ResolutionError("empty identifier")
        if did in self._documents:
            document = self._documents[did]
        elif did.startswith("did:key:"):
            return did_key_document(did)
        elif did.startswith("did:web:"):
            document = self._fetch(did_web_to_url(did))
        elif did.startswith("https://"):
            document = self._fetch(did)
        else:
            raise ResolutionError(f"unsupported identifier: {did!r}")
        if not isinstance(document, dict) or document.get("id") != did:
            raise ResolutionError(f"the controller document's id does not match {did!r}")
        return document

    def _fetch(self, url: str) -> dict[str, Any]:
        if self._fetcher is None:
            raise ResolutionError(f"no fetcher configured to retrieve {url}")
        try:
            document = self._fetcher(url)
        except CredcoreError:
            raise
        except Exception as error:  # a fetcher failure of any kind is a resolution failure
            raise ResolutionError(f"could not retrieve {url}: {type(error).__name__}") from error
        if not isinstance(document, dict):
            raise ResolutionError(f"{url} did not return a JSON object")
        return document

    def resolve_verification_method(self, vm_id: str) -> VerificationMethod:
        """Retrieve a verification method and its controller's relationships
        (https://www.w3.org/TR/cid-1.0/#retrieve-verification-method)."""
        if not isinstance(vm_id, str) or ":" not in vm_id:
            raise ResolutionError("the verification method must be an absolute URL")
        if vm_id.startswith("did:key:") and "#" not in vm_id:
            vm_id = f"{vm_id}#{vm_id.removeprefix('did:key:')}"
        controller_url, _, fragment = vm_id.partition("#")
        if not fragment:
            raise ResolutionError("the verification method URL has no fragment")
        document = self.resolve(controller_url)
        method = self._find_method(document, vm_id, controller_url)
        if method.get("controller") != document.get("id"):
            raise ResolutionError("the verification method's controller is not the document's subject")
        try:
            public_key = _method_public_key(method)
        except KeyFormatError as error:
            raise ResolutionError(error.detail) from error
        relationships = self._relationships(document, controller_url)
        return VerificationMethod(
            id=vm_id,
            type=str(method.get("type")),
            controller=str(method.get("controller")),
            public_key=public_key,
            assertion_method=relationships.get("assertionMethod", ()),
            authentication=relationships.get("authentication", ()),
            relationships=relationships,
        )

    @staticmethod
    def _find_method(document: Mapping[str, Any], vm_id: str, base: str) -> Mapping[str, Any]:
        candidates: list[Any] = list(document.get("verificationMethod") or [])
        for relationship in RELATIONSHIPS:
            candidates.extend(item for item in document.get(relationship) or [] if isinstance(item, Mapping))
        for candidate in candidates:
            identifier = candidate.get("id") if isinstance(candidate, Mapping) else None
            if isinstance(identifier, str) and _absolute(identifier, base) == vm_id:
                return {**candidate, "id": vm_id}
        raise ResolutionError(f"{vm_id} is not in its controller document")

    @staticmethod
    def _relationships(document: Mapping[str, Any], base: str) -> dict[str, tuple[str, ...]]:
        result: dict[str, tuple[str, ...]] = {}
        for relationship in RELATIONSHIPS:
            entries = document.get(relationship) or []
            if not isinstance(entries, list):
                entries = [entries]
            ids = []
            for entry in entries:
                reference = entry.get("id") if isinstance(entry, Mapping) else entry
                if isinstance(reference, str):
                    ids.append(_absolute(reference, base))
            result[relationship] = tuple(ids)
        return result
