"""Open Badges 2.0 assertions, hosted and signed.

Spec: https://www.imsglobal.org/sites/default/files/Badges/OBv2p0Final/index.html — Assertion (#Assertion),
verification (#Verification, #VerificationObject), recipient identity (#IdentityObject), signed badges
(#SignedBadge, JWS with the assertion as payload and the key at ``verification.creator``) and revocation lists
(#RevocationList). Every document (the hosted assertion, its BadgeClass, the Issuer, the key, the revocation
list) comes through the injected ``fetcher(url) -> bytes``; the core never opens a connection.
"""

from __future__ import annotations

import hashlib
import hmac
import urllib.parse
from collections.abc import Callable, Mapping
from datetime import datetime
from typing import Any, Final

from cryptography.hazmat.primitives.serialization import load_pem_public_key

from credcore.errors import CredcoreError, InvalidDocumentError, ResolutionError
from credcore.formats import jws
from credcore.formats.checks import failed, passed, problem, skipped
from credcore.formats.jsontext import load_json
from credcore.problems import (
    CRYPTOGRAPHIC_SECURITY_ERROR,
    MALFORMED_VALUE_ERROR,
    STATUS_VERIFICATION_ERROR,
    Problem,
)
from credcore.results import Check, VerificationResult

__all__ = ["OB2_ALGORITHMS", "verify_ob2"]

OB2_ALGORITHMS: Final = frozenset({"RS256", "ES256"})
_HOSTED: Final = frozenset({"hosted", "HostedBadge"})
_SIGNED: Final = frozenset({"signed", "SignedBadge"})
Fetcher = Callable[[str], bytes]


class _StepFailed(CredcoreError):
    """A step's own failure, carrying the problem that explains it (never leaves this module)."""

    def __init__(self, found: Problem) -> None:
        super().__init__(found.detail)
        self.problem = found


def _bad(
    code: str, title: str, detail: str, detail_fr: str, type_: str = MALFORMED_VALUE_ERROR
) -> _StepFailed:
    return _StepFailed(problem(type_, code, title, detail, detail_fr))


def _as_check(name: str, error: CredcoreError) -> Check:
    if isinstance(error, _StepFailed):
        return failed(name, error.problem)
    return failed(
        name,
        problem(
            MALFORMED_VALUE_ERROR,
            error.code,
            "Could not be checked",
            error.message("en"),
            error.message("fr"),
        ),
    )


def _split(url: object) -> urllib.parse.SplitResult:
    """``urlsplit`` that treats anything unparsable (not a string, a bad IPv6 host, …) as an empty URL."""
    try:
        return urllib.parse.urlsplit(url if isinstance(url, str) else "")
    except ValueError:
        return urllib.parse.urlsplit("")


def fetch_json(url: object, fetcher: Fetcher | None) -> dict[str, Any]:
    """GET an https (or http) JSON document through the injected fetcher."""
    if not isinstance(url, str) or _split(url).scheme not in ("https", "http"):
        raise InvalidDocumentError(f"{url!r} is not an http(s) URL")
    if fetcher is None:
        raise ResolutionError(f"no fetcher configured to retrieve {url}")
    try:
        data = fetcher(url)
    except CredcoreError:
        raise
    except Exception as error:  # any fetch failure is a resolution failure
        raise ResolutionError(f"could not retrieve {url}: {type(error).__name__}") from error
    try:
        value = load_json(bytes(data).decode("utf-8", errors="strict"))
    except UnicodeDecodeError as error:
        raise InvalidDocumentError(f"{url} is not UTF-8 JSON") from error
    if not isinstance(value, dict):
        raise InvalidDocumentError(f"{url} did not return a JSON object")
    return value


def _embedded_or_fetched(value: object, fetcher: Fetcher | None) -> dict[str, Any]:
    return dict(value) if isinstance(value, Mapping) else fetch_json(value, fetcher)


def _structure(assertion: Mapping[str, Any]) -> Check:
    """Assertion shape (https://www.imsglobal.org/sites/default/files/Badges/OBv2p0Final/index.html#Assertion)."""
    missing = [
        name for name in ("id", "recipient", "badge", "verification", "issuedOn") if name not in assertion
    ]
    types = assertion.get("type")
    if missing or types not in ("Assertion", ["Assertion"]):
        detail = f"missing {', '.join(missing)}" if missing else f"type {types!r} is not Assertion"
        return failed(
            "ob2_structure",
            problem(
                MALFORMED_VALUE_ERROR,
                "ob2_malformed",
                "Not an OB 2.0 assertion",
                detail,
                f"assertion OB 2.0 invalide ({detail})",
            ),
        )
    return passed("ob2_structure")


def _origin(url: object) -> str:
    parts = _split(url)
    return f"{parts.scheme}://{parts.netloc}"


def _hosted(assertion: Mapping[str, Any], issuer: Mapping[str, Any], fetcher: Fetcher | None) -> Check:
    """Hosted verification: the assertion at its id is the one presented, within the issuer's verification
    policy (allowedOrigins / startsWith, by default the issuer id's origin), and not revoked
    (#HostedBadge)."""
    try:
        hosted = fetch_json(assertion.get("id"), fetcher)
    except CredcoreError as error:
        return _as_check("ob2_hosted", error)
    if hosted != dict(assertion):
        return failed(
            "ob2_hosted",
            problem(
                CRYPTOGRAPHIC_SECURITY_ERROR,
                "ob2_hosted_mismatch",
                "Differs from the hosted assertion",
                "the assertion differs from the one its issuer hosts at its id",
                "l'assertion diffère de celle que l'émetteur publie à son id",
            ),
        )
    found = issuer.get("verification")
    policy: Mapping[str, Any] = found if isinstance(found, Mapping) else {}
    allowed = policy.get("allowedOrigins", _origin(issuer.get("id")).partition("://")[2])
    origins = allowed if isinstance(allowed, list) else [allowed]
    starts = policy.get("startsWith")
    prefixes = starts if isinstance(starts, list) else [starts] if isinstance(starts, str) else []
    url = str(assertion.get("id"))
    if (
        not _split(url).netloc
        or _split(url).netloc not in origins
        or (prefixes and not any(url.startswith(p) for p in prefixes))
    ):
        return failed(
            "ob2_hosted",
            problem(
                CRYPTOGRAPHIC_SECURITY_ERROR,
                "ob2_origin_not_allowed",
                "Hosted outside the issuer's domain",
                f"{url} is not within the issuer's allowed origins {origins}",
                f"{url} n'est pas dans les origines permises de l'émetteur",
            ),
        )
    if hosted.get("revoked") is True:
        return failed(
            "ob2_hosted",
            problem(
                STATUS_VERIFICATION_ERROR,
                "ob2_revoked",
                "Revoked",
                "the issuer marks the assertion revoked",
                "l'émetteur a révoqué l'assertion",
            ),
        )
    return passed("ob2_hosted", url)


def _signed(
    assertion: Mapping[str, Any], token: str, issuer: Mapping[str, Any], fetcher: Fetcher | None
) -> Check:
    """Signed verification: the JWS verifies with the issuer's key at verification.creator (#SignedBadge), the
    key's owner is the issuer, and the assertion is not on the issuer's revocation list (#RevocationList)."""
    try:
        verification = assertion.get("verification")
        creator = verification.get("creator") if isinstance(verification, Mapping) else None
        key_document = fetch_json(creator, fetcher)
        if key_document.get("owner") != issuer.get("id") or key_document.get("id") != creator:
            raise _bad(
                "ob2_key_not_issuers",
                "Key not the issuer's",
                "the signing key's owner is not the issuer",
                "la clé de signature n'appartient pas à l'émetteur",
                CRYPTOGRAPHIC_SECURITY_ERROR,
            )
        key = load_pem_public_key(str(key_document.get("publicKeyPem", "")).encode("ascii"))
        if not isinstance(key, jws.PublicKey) or not jws.verify_jws(token, key, allowed=OB2_ALGORITHMS):
            raise _bad(
                "ob2_signature_invalid",
                "Signature does not verify",
                "the JWS does not verify",
                "le JWS ne se vérifie pas",
                CRYPTOGRAPHIC_SECURITY_ERROR,
            )
        revoked = _revoked(assertion, issuer, fetcher)
    except CredcoreError as error:
        return _as_check("ob2_signature", error)
    except (ValueError, TypeError, UnicodeError):
        return failed(
            "ob2_signature",
            problem(
                CRYPTOGRAPHIC_SECURITY_ERROR,
                "ob2_key_invalid",
                "Unusable key",
                "the issuer's public key is not a usable PEM key",
                "la clé publique de l'émetteur est inutilisable",
            ),
        )
    if revoked:
        return failed(
            "ob2_signature",
            problem(
                STATUS_VERIFICATION_ERROR,
                "ob2_revoked",
                "Revoked",
                "the assertion is on its issuer's revocation list",
                "l'assertion figure sur la liste de révocation de l'émetteur",
            ),
        )
    return passed("ob2_signature", str(creator))


def _revoked(assertion: Mapping[str, Any], issuer: Mapping[str, Any], fetcher: Fetcher | None) -> bool:
    if "revocationList" not in issuer:
        return False
    listing = fetch_json(issuer["revocationList"], fetcher)
    entries = listing.get("revokedAssertions", [])
    for entry in entries if isinstance(entries, list) else []:
        value = entry.get("id", entry.get("uid")) if isinstance(entry, Mapping) else entry
        if value in (assertion.get("id"), assertion.get("uid")):
            return True
    return False


def _badge_and_issuer(assertion: Mapping[str, Any], fetcher: Fetcher | None) -> tuple[Check, dict[str, Any]]:
    """The BadgeClass and its Issuer profile resolve (#BadgeClass, #Profile)."""
    try:
        badge = _embedded_or_fetched(assertion.get("badge"), fetcher)
        issuer = _embedded_or_fetched(badge.get("issuer"), fetcher)
    except CredcoreError as error:
        return _as_check("ob2_badge", error), {}
    if not isinstance(issuer.get("id"), str) or not isinstance(badge.get("name"), str):
        return failed(
            "ob2_badge",
            problem(
                MALFORMED_VALUE_ERROR,
                "ob2_badge_malformed",
                "Badge class incomplete",
                "the badge class has no name or its issuer no id",
                "la classe de badge n'a pas de nom ou son émetteur pas d'id",
            ),
        ), {}
    return passed("ob2_badge", f"{badge.get('name')} by {issuer.get('id')}"), issuer


def _parse_time(value: object) -> datetime | None:
    if not isinstance(value, str):
        return None
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed if parsed.tzinfo is not None else None


def _validity(assertion: Mapping[str, Any], now: datetime) -> Check:
    issued, expires = _parse_time(assertion.get("issuedOn")), assertion.get("expires")
    if issued is None or issued > now:
        detail = "issuedOn is missing, not a timezone-aware date, or in the future"
        return failed(
            "validity_window",
            problem(
                MALFORMED_VALUE_ERROR,
                "ob2_issued_on_invalid",
                "Invalid issue date",
                detail,
                "issuedOn absent, invalide ou dans le futur",
            ),
        )
    if expires is not None and ((end := _parse_time(expires)) is None or end <= now):
        return failed(
            "validity_window",
            problem(
                MALFORMED_VALUE_ERROR,
                "expired",
                "Expired",
                "the assertion has expired (or expires is invalid)",
                "l'assertion a expiré (ou expires est invalide)",
            ),
        )
    return passed("validity_window")


def _recipient(assertion: Mapping[str, Any], expected: str | None) -> Check:
    """Recipient identity, hashed as ``sha256$hex(identity + salt)`` (#IdentityObject)."""
    if expected is None:
        return skipped("recipient", "no expected recipient was given")
    recipient = assertion.get("recipient")
    recipient = recipient if isinstance(recipient, Mapping) else {}
    identity, salt = str(recipient.get("identity", "")), str(recipient.get("salt") or "")
    if recipient.get("hashed") is True:
        algorithm, _, digest = identity.partition("$")
        ok = algorithm.lower() == "sha256" and hmac.compare_digest(
            hashlib.sha256((expected + salt).encode("utf-8")).hexdigest(), digest.lower()
        )
    else:
        ok = identity == expected
    if ok:
        return passed("recipient", f"matched a {recipient.get('type')} identity")
    return failed(
        "recipient",
        problem(
            MALFORMED_VALUE_ERROR,
            "recipient_mismatch",
            "Recipient does not match",
            "the recipient identity does not match the expected recipient",
            "l'identité du destinataire ne correspond pas",
        ),
    )


def verify_ob2(
    assertion: Mapping[str, Any],
    raw: str,
    *,
    signed: bool,
    fetcher: Fetcher | None,
    now: datetime,
    expected_recipient: str | None = None,
) -> VerificationResult:
    """OB 2.0 verification, one named check per step, failing closed."""
    structure = _structure(assertion)
    if structure.status == "failed":
        rest = ("ob2_badge", "ob2_signature" if signed else "ob2_hosted", "validity_window", "recipient")
        return VerificationResult((structure, *(skipped(name, "not an OB 2.0 assertion") for name in rest)))
    badge, issuer = _badge_and_issuer(assertion, fetcher)
    verification = assertion.get("verification")
    found = verification.get("type") if isinstance(verification, Mapping) else None
    kind = found if isinstance(found, str) else None
    method_name = "ob2_signature" if signed else "ob2_hosted"
    if (kind in _SIGNED) != signed or kind not in _HOSTED | _SIGNED:
        method = failed(
            method_name,
            problem(
                CRYPTOGRAPHIC_SECURITY_ERROR,
                "ob2_verification_mismatch",
                "Verification type does not match",
                f"verification.type {kind!r} does not match how the badge arrived",
                f"verification.type {kind!r} ne correspond pas à la forme reçue",
            ),
        )
    elif not issuer:
        method = skipped(method_name, "the issuer could not be established")
    else:
        method = _signed(assertion, raw, issuer, fetcher) if signed else _hosted(assertion, issuer, fetcher)
    checks = (structure, badge, method, _validity(assertion, now), _recipient(assertion, expected_recipient))
    identifier = assertion.get("id")
    return VerificationResult(checks, identifier if isinstance(identifier, str) else None)
