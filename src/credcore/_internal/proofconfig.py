"""Canonical N-Quads of a standard eddsa-rdfc-2022 proof configuration, built from a template.

A proof configuration (https://www.w3.org/TR/vc-di-eddsa/#proof-configuration-eddsa-rdfc-2022) with
only the standard fields always canonicalizes to the same few statements about one blank node: building
them directly skips a JSON-LD expansion of the whole credential context (the single largest cost of a
verification). The template is used only when every input is one it provably handles:

- the ``@context`` is a list of bundled context URLs starting with the VC 2.0 context, then at most
  three others from :data:`TEMPLATE_CONTEXTS`, no two of the same family (two OB 3.0 versions redefine
  each other's protected terms, which the generic path rejects); tests prove template == generic path
  for every such list;
- the keys are a subset of the standard ones, every value a plain string, ``type`` is
  ``DataIntegrityProof``, ``proofPurpose`` one of the five purposes the DataIntegrityProof context defines,
  ``verificationMethod`` an absolute IRI whose scheme is no term or prefix of those contexts.

Anything else returns ``None`` and the caller takes the generic (safe mode) path.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any, Final

from credcore.rdf import escape_literal

__all__ = [
    "MAX_EXTRA_CONTEXTS",
    "TEMPLATE_CONTEXTS",
    "VC_V2_CONTEXT",
    "context_list_supported",
    "template_canonical_proof_config",
]

VC_V2_CONTEXT: Final = "https://www.w3.org/ns/credentials/v2"
TEMPLATE_CONTEXTS: Final = frozenset(
    {
        "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
        "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.2.json",
        "https://purl.imsglobal.org/spec/ob/v3p0/extensions.json",
        "https://purl.imsglobal.org/spec/clr/v2p0/context-2.0.1.json",
        "https://purl.imsglobal.org/spec/clr/v2p0/context.json",
        "https://www.w3.org/ns/credentials/examples/v2",
        "https://w3id.org/security/data-integrity/v2",
        "https://w3id.org/security/multikey/v1",
        "https://www.w3.org/ns/credentials/status/v1",
    }
)
_FAMILIES: Final = {
    "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json": "ob",
    "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.2.json": "ob",
    "https://purl.imsglobal.org/spec/clr/v2p0/context-2.0.1.json": "clr",
    "https://purl.imsglobal.org/spec/clr/v2p0/context.json": "clr",
}
MAX_EXTRA_CONTEXTS: Final = 3
# IRI schemes that are terms or prefixes in the template contexts would be expanded as compact IRIs.
_RESERVED_SCHEMES: Final = frozenset({"xsd", "cred", "schema", "sec"})
_IRI: Final = re.compile(r'^([A-Za-z][A-Za-z0-9+.\-]*):([^\x00-\x20<>"{}|^`\\]*)$')
_SEC: Final = "https://w3id.org/security#"
_XSD_DATETIME: Final = "http://www.w3.org/2001/XMLSchema#dateTime"
_PURPOSES: Final = {
    "assertionMethod": f"{_SEC}assertionMethod",
    "authentication": f"{_SEC}authenticationMethod",
    "capabilityDelegation": f"{_SEC}capabilityDelegationMethod",
    "capabilityInvocation": f"{_SEC}capabilityInvocationMethod",
    "keyAgreement": f"{_SEC}keyAgreementMethod",
}
_REQUIRED: Final = frozenset({"@context", "type", "cryptosuite", "verificationMethod", "proofPurpose"})
_OPTIONAL: Final = frozenset({"created", "expires", "challenge", "domain", "nonce"})
_NODE: Final = "_:c14n0"


def context_list_supported(context: Any) -> bool:
    if not isinstance(context, list) or not context or context[0] != VC_V2_CONTEXT:
        return False
    extra = context[1:]
    if len(extra) > MAX_EXTRA_CONTEXTS or not all(
        isinstance(url, str) and url in TEMPLATE_CONTEXTS for url in extra
    ):
        return False
    families = [_FAMILIES.get(url, url) for url in extra]
    return len(set(families)) == len(families)


def _iri_supported(value: str) -> bool:
    match = _IRI.match(value)
    if match is None:
        return False
    scheme, rest = match.groups()
    return rest.startswith("//") or scheme not in _RESERVED_SCHEMES


def _literal_line(predicate: str, value: str, datatype: str | None = None) -> str:
    suffix = f"^^<{datatype}>" if datatype else ""
    return f'{_NODE} <{predicate}> "{escape_literal(value)}"{suffix} .\n'


def template_canonical_proof_config(config: Mapping[str, Any]) -> str | None:
    """The RDFC-1.0 canonical N-Quads of ``config``, or ``None`` when the template does not apply."""
    keys = config.keys()
    if not keys >= _REQUIRED or not keys <= _REQUIRED | _OPTIONAL:
        return None
    if not context_list_supported(config["@context"]):
        return None
    values = {key: config[key] for key in keys if key != "@context"}
    if not all(isinstance(value, str) for value in values.values()):
        return None
    purpose = _PURPOSES.get(values["proofPurpose"])
    method = values["verificationMethod"]
    if values["type"] != "DataIntegrityProof" or purpose is None or not _iri_supported(method):
        return None
    lines = [
        f"{_NODE} <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <{_SEC}DataIntegrityProof> .\n",
        _literal_line(f"{_SEC}cryptosuite", values["cryptosuite"], f"{_SEC}cryptosuiteString"),
        f"{_NODE} <{_SEC}proofPurpose> <{purpose}> .\n",
        f"{_NODE} <{_SEC}verificationMethod> <{method}> .\n",
    ]
    if "created" in values:
        lines.append(_literal_line("http://purl.org/dc/terms/created", values["created"], _XSD_DATETIME))
    if "expires" in values:
        lines.append(_literal_line(f"{_SEC}expiration", values["expires"], _XSD_DATETIME))
    for key in ("challenge", "domain", "nonce"):
        if key in values:
            lines.append(_literal_line(f"{_SEC}{key}", values[key]))
    return "".join(sorted(lines))
