"""VC-JWT: a credential secured as a compact JWS instead of an embedded proof.

Two forms are accepted:
- VC-JOSE-COSE (https://www.w3.org/TR/vc-jose-cose/#securing-with-jose): the payload IS the credential,
  ``typ`` ``vc+jwt``;
- the VC 1.1 JWT encoding that Open Badges 3.0 §8.2 uses (https://www.imsglobal.org/spec/ob/v3p0/#jwt-proof,
  https://www.w3.org/TR/vc-data-model-1.1/#jwt-encoding): the credential in the ``vc`` claim, with ``iss``,
  ``jti``, ``sub``, ``nbf`` and ``exp`` standing for issuer, id, subject id, issuanceDate and expirationDate.

The checks replace the Data Integrity ``proof`` and ``issuer_key`` steps of
:func:`credcore.verifier.verify_credential`; every other step (structure, schema, validity window, status,
recipient, endorsements) is the verifier's own, run on the decoded credential.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Final

from credcore.dids import DidResolver
from credcore.errors import CredcoreError
from credcore.formats import jws
from credcore.formats.checks import failed, passed, problem
from credcore.problems import CRYPTOGRAPHIC_SECURITY_ERROR, MALFORMED_VALUE_ERROR, Problem
from credcore.results import Check

__all__ = [
    "JWT_ALGORITHMS",
    "JwtKey",
    "decode_vc_claims",
    "issuer_id",
    "jwt_claims_check",
    "jwt_issuer_check",
    "jwt_signature",
]

JWT_ALGORITHMS: Final = frozenset({"EdDSA", "ES256", "RS256"})


@dataclass(frozen=True, slots=True)
class JwtKey:
    """Where the verifying key came from: a resolved verification method, or the token's own ``jwk``."""

    key: jws.PublicKey
    method_id: str | None
    controller: str | None
    for_assertion: bool


def issuer_id(document: Mapping[str, Any]) -> str | None:
    issuer = document.get("issuer")
    value = issuer.get("id") if isinstance(issuer, Mapping) else issuer
    return value if isinstance(value, str) else None


def _subject(document: Mapping[str, Any]) -> dict[str, Any] | None:
    subject = document.get("credentialSubject")
    return subject if isinstance(subject, dict) else None


def _iso(value: object) -> str | None:
    if isinstance(value, int) and not isinstance(value, bool) and 0 <= value < 253402300800:
        return datetime.fromtimestamp(value, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    return None


def decode_vc_claims(payload: Mapping[str, Any]) -> dict[str, Any]:
    """The credential of a VC 1.1 JWT: the ``vc`` claim completed from the registered claims
    (https://www.w3.org/TR/vc-data-model-1.1/#jwt-decoding) where it leaves them out."""
    document = dict(payload["vc"])
    iss, jti, sub = payload.get("iss"), payload.get("jti"), payload.get("sub")
    if isinstance(iss, str):
        issuer = document.get("issuer")
        if issuer is None:
            document["issuer"] = iss
        elif isinstance(issuer, dict) and "id" not in issuer:
            document["issuer"] = {**issuer, "id": iss}
    if isinstance(jti, str) and "id" not in document:
        document["id"] = jti
    subject = _subject(document)
    if isinstance(sub, str) and subject is not None and "id" not in subject:
        document["credentialSubject"] = {**subject, "id": sub}
    for claim, name in (("nbf", "issuanceDate"), ("exp", "expirationDate")):
        stamp = _iso(payload.get(claim))
        if stamp is not None and name not in document and "validFrom" not in document:
            document[name] = stamp
    return document


def _resolve_kid(kid: str, issuer: str | None, resolver: DidResolver) -> JwtKey:
    """The key named by ``kid``: a DID URL (absolute, or a fragment of the issuer's DID) resolved through the
    resolver (https://www.w3.org/TR/vc-jose-cose/#using-header-params-claims-key-discovery)."""
    if kid.startswith("#") and issuer:
        kid = issuer + kid
    if kid.startswith("did:key:") and "#" not in kid:
        kid = f"{kid}#{kid.removeprefix('did:key:')}"
    controller, _, fragment = kid.partition("#")
    if not fragment:
        raise CredcoreError(f"kid {kid!r} does not name a verification method")
    if controller.startswith("did:key:zDn"):
        key = jws.key_from_method({"publicKeyMultibase": controller.removeprefix("did:key:")})
        return JwtKey(key, kid, controller, fragment == controller.removeprefix("did:key:"))
    document = resolver.resolve(controller)
    method = DidResolver._find_method(document, kid, controller)
    if method.get("controller") != document.get("id"):
        raise CredcoreError("the verification method's controller is not the document's subject")
    relationships = DidResolver._relationships(document, controller)
    return JwtKey(
        jws.key_from_method(method), kid, controller, kid in relationships.get("assertionMethod", ())
    )


def find_key(header: Mapping[str, Any], issuer: str | None, resolver: DidResolver) -> JwtKey:
    """``kid`` first; otherwise the token's embedded ``jwk`` (which proves integrity, not who signed)."""
    kid = header.get("kid")
    if isinstance(kid, str) and kid:
        return _resolve_kid(kid, issuer, resolver)
    if "jwk" in header:
        return JwtKey(jws.key_from_jwk(header["jwk"]), None, None, False)
    raise CredcoreError("the JWS header names no key (no kid, no jwk)")


def _signature_problem(code: str, title: str, detail: str, detail_fr: str) -> Problem:
    return problem(CRYPTOGRAPHIC_SECURITY_ERROR, code, title, detail, detail_fr)


def jwt_signature(
    token: str, header: Mapping[str, Any], issuer: str | None, resolver: DidResolver
) -> tuple[Check, JwtKey | None]:
    """The JWS signature verifies with an allowed algorithm and the key the header names
    (https://www.rfc-editor.org/rfc/rfc7515#section-5.2, https://www.imsglobal.org/spec/ob/v3p0/#jwt-verify)."""
    alg = header.get("alg")
    if not isinstance(alg, str) or alg not in JWT_ALGORITHMS:
        return failed(
            "jwt_signature",
            _signature_problem(
                "jwt_algorithm_not_allowed",
                "Signature algorithm not allowed",
                f"alg {alg!r} is not one of {', '.join(sorted(JWT_ALGORITHMS))}",
                f"l'algorithme {alg!r} n'est pas accepté",
            ),
        ), None
    try:
        key = find_key(header, issuer, resolver)
        verified = jws.verify_jws(token, key.key, allowed=JWT_ALGORITHMS)
    except CredcoreError as error:
        return failed(
            "jwt_signature",
            _signature_problem(
                "jwt_key_unavailable",
                "Signing key not found",
                f"the key could not be obtained or used: {error.detail or error.code}",
                f"la clé de signature n'a pas pu être obtenue : {error.detail or error.code}",
            ),
        ), None
    if not verified:
        return failed(
            "jwt_signature",
            _signature_problem(
                "jwt_signature_invalid",
                "Signature does not verify",
                f"the {alg} signature does not verify with the key (or the key does not suit {alg})",
                f"la signature {alg} ne se vérifie pas avec la clé",
            ),
        ), None
    return passed("jwt_signature", f"{alg} by {key.method_id or 'an embedded jwk'}"), key


def jwt_issuer_check(document: Mapping[str, Any], key: JwtKey | None) -> Check:
    """The signing key belongs to the issuer and is listed in its ``assertionMethod``
    (https://www.w3.org/TR/vc-jose-cose/#using-header-params-claims-key-discovery). An embedded ``jwk`` is
    not bound to anyone, so it cannot establish the issuer: fail closed."""
    if key is None:
        return Check("issuer_key", "skipped", (), "no verified signature to attribute to the issuer")
    issuer = issuer_id(document)
    if key.method_id is None:
        return failed(
            "issuer_key",
            _signature_problem(
                "jwt_key_not_bound",
                "Key not bound to the issuer",
                "the token carries its own key (jwk), so nothing shows that the issuer signed it",
                "le jeton porte sa propre clé (jwk) : rien ne montre que l'émetteur l'a signé",
            ),
        )
    if key.controller != issuer or not key.for_assertion:
        return failed(
            "issuer_key",
            _signature_problem(
                "jwt_key_not_issuers",
                "Key not authorised by the issuer",
                f"{key.method_id} is not an assertionMethod of the issuer {issuer!r}",
                f"{key.method_id} n'est pas une assertionMethod de l'émetteur {issuer!r}",
            ),
        )
    return passed("issuer_key", key.method_id)


def _claim_problems(document: Mapping[str, Any], payload: Mapping[str, Any], now: datetime) -> list[Problem]:
    problems: list[Problem] = []
    subject = _subject(document)
    expected = {
        "iss": issuer_id(document),
        "jti": document.get("id"),
        "sub": subject.get("id") if subject else None,
    }
    for claim, value in expected.items():
        if claim in payload and payload[claim] != value:
            problems.append(
                problem(
                    MALFORMED_VALUE_ERROR,
                    "jwt_claim_mismatch",
                    "Token claim contradicts credential",
                    f"{claim} {payload[claim]!r} differs from the credential's {value!r}",
                    f"{claim} {payload[claim]!r} diffère de la valeur du titre {value!r}",
                )
            )
    stamp = now.timestamp()
    for claim in ("nbf", "exp", "iat"):
        value = payload.get(claim)
        if claim in payload and (not isinstance(value, int | float) or isinstance(value, bool)):
            problems.append(
                problem(
                    MALFORMED_VALUE_ERROR,
                    "jwt_claim_invalid",
                    "Invalid time claim",
                    f"{claim} is not a NumericDate",
                    f"{claim} n'est pas une date numérique",
                )
            )
        elif claim == "nbf" and value is not None and value > stamp:
            problems.append(
                problem(
                    MALFORMED_VALUE_ERROR,
                    "jwt_not_yet_valid",
                    "Not yet valid",
                    "the token's nbf is in the future",
                    "le nbf du jeton est dans le futur",
                )
            )
        elif claim == "exp" and value is not None and value <= stamp:
            problems.append(
                problem(
                    MALFORMED_VALUE_ERROR,
                    "jwt_expired",
                    "Expired",
                    "the token's exp has passed",
                    "l'exp du jeton est dépassé",
                )
            )
    return problems


def jwt_claims_check(document: Mapping[str, Any], payload: Mapping[str, Any], now: datetime) -> Check:
    """Registered claims agree with the credential and the token is within nbf/exp
    (https://www.w3.org/TR/vc-data-model-1.1/#jwt-decoding, https://www.rfc-editor.org/rfc/rfc7519#section-4.1)."""
    problems = _claim_problems(document, payload, now)
    return Check("jwt_claims", "failed", tuple(problems)) if problems else passed("jwt_claims")
