"""Verify an imported credential whatever its format, with the verifier's result shape (named checks).

- ``ob3-json``: :func:`credcore.verifier.verify_credential` as is
  (https://www.imsglobal.org/spec/ob/v3p0/#verification);
- ``vc-jwt``: the verifier's steps with ``proof``/``issuer_key`` replaced by ``jwt_signature`` and
  ``issuer_key`` for the JWS, plus ``jwt_claims`` (https://www.imsglobal.org/spec/ob/v3p0/#jwt-verify);
- ``ob2-hosted`` / ``ob2-signed``: Open Badges 2.0 verification
  (https://www.imsglobal.org/sites/default/files/Badges/OBv2p0Final/index.html#Verification).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

from credcore.dids import DidResolver
from credcore.formats import jws, ob2, vcjwt
from credcore.formats.checks import failed, problem
from credcore.formats.parse import ParsedCredential
from credcore.problems import MALFORMED_VALUE_ERROR, PARSING_ERROR
from credcore.results import VerificationResult
from credcore.status import StatusListFetcher
from credcore.status_validation import StatusListCache
from credcore.verifier import verify_credential

__all__ = ["verify_imported"]


@dataclass(frozen=True, slots=True)
class _Options:
    resolver: DidResolver
    fetcher: Callable[[str], bytes] | None
    status_fetcher: StatusListFetcher | None
    now: datetime
    status_cache: StatusListCache | None
    expected_recipient: str | None
    recipient_identity_type: str | None

    def verify_credential(self, document: object) -> VerificationResult:
        return verify_credential(
            document,
            resolver=self.resolver,
            status_fetcher=self.status_fetcher,
            now=self.now,
            status_cache=self.status_cache,
            expected_recipient=self.expected_recipient,
            recipient_identity_type=self.recipient_identity_type,
        )


def verify_imported(
    parsed: ParsedCredential,
    *,
    resolver: DidResolver,
    fetcher: Callable[[str], bytes] | None = None,
    status_fetcher: StatusListFetcher | None = None,
    now: datetime | None = None,
    status_cache: StatusListCache | None = None,
    expected_recipient: str | None = None,
    recipient_identity_type: str | None = None,
) -> VerificationResult:
    """Verify ``parsed``; never raises for a bad credential (a failed check explains it). ``fetcher(url) ->
    bytes`` retrieves OB 2.0 hosted assertions, badge classes, issuers and public keys; without it those
    checks fail (closed)."""
    when = now or datetime.now(UTC)
    if when.tzinfo is None:
        raise ValueError("now must be timezone-aware")
    options = _Options(
        resolver, fetcher, status_fetcher, when, status_cache, expected_recipient, recipient_identity_type
    )
    try:
        if parsed.format == "ob3-json":
            return options.verify_credential(parsed.document)
        if parsed.format == "vc-jwt":
            return _verify_jwt(parsed, options)
        return ob2.verify_ob2(
            parsed.document,
            parsed.raw,
            signed=parsed.format == "ob2-signed",
            fetcher=fetcher,
            now=when,
            expected_recipient=expected_recipient,
        )
    except Exception as error:  # fail closed: a step that cannot finish has not passed
        return _unfinished("verification", MALFORMED_VALUE_ERROR, "check_error", error)


def _unfinished(name: str, type_: str, code: str, error: Exception) -> VerificationResult:
    check = failed(
        name,
        problem(
            type_,
            code,
            "Check could not be completed",
            f"{type(error).__name__}: {error}",
            f"la vérification n'a pas pu aboutir ({type(error).__name__})",
        ),
    )
    return VerificationResult((check,), None)


def _verify_jwt(parsed: ParsedCredential, options: _Options) -> VerificationResult:
    try:
        header, payload = jws.peek(parsed.raw)
    except Exception as error:  # the stored raw text no longer parses: fail closed, explain
        return _unfinished("jwt_signature", PARSING_ERROR, "jwt_unreadable", error)
    base = options.verify_credential(parsed.document)
    issuer = vcjwt.issuer_id(parsed.document)
    signature, key = vcjwt.jwt_signature(parsed.raw, header, issuer, options.resolver)
    checks = []
    for check in base.checks:
        if check.name == "proof":
            checks.append(signature)
        elif check.name == "issuer_key":
            checks.append(vcjwt.jwt_issuer_check(parsed.document, key))
        else:
            checks.append(check)
            if check.name == "validity_window":
                checks.append(vcjwt.jwt_claims_check(parsed.document, payload, options.now))
    return VerificationResult(tuple(checks), base.credential_id)
