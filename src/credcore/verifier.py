"""Verify an Open Badges 3.0 credential: one named check per step of the OB 3.0 verification procedure.

Procedure: https://www.imsglobal.org/spec/ob/v3p0/#verification (OpenBadgeCredential) and
https://www.imsglobal.org/spec/ob/v3p0/#endorsement-verification (EndorsementCredential), on the W3C VC
Data Model 2.0 (https://www.w3.org/TR/vc-data-model-2.0/#verification) with Data Integrity proofs and
Bitstring Status List. The verifier fails closed: anything it cannot establish is a failed check, never a
pass; it never raises on a bad credential and never answers with a bare boolean.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Final

from credcore._internal import credential_checks as checks
from credcore._internal.structure import structure_problems
from credcore.dataintegrity import ProofCheck
from credcore.dids import DidResolver
from credcore.openbadges.schema import schema_for_url, schema_name_for, validate_schema
from credcore.openbadges.subject import identity_matches
from credcore.problems import (
    CRYPTOGRAPHIC_SECURITY_ERROR,
    MALFORMED_VALUE_ERROR,
    PARSING_ERROR,
    STATUS_RETRIEVAL_ERROR,
    STATUS_VERIFICATION_ERROR,
    Problem,
)
from credcore.results import Check, CheckStatus, VerificationResult
from credcore.status import StatusListFetcher
from credcore.status_validation import StatusListCache, check_status_entry

__all__ = ["CHECK_NAMES", "Check", "CheckStatus", "VerificationResult", "verify_credential"]

CHECK_NAMES: Final = (
    "structure",
    "schema",
    "proof",
    "issuer_key",
    "validity_window",
    "status",
    "recipient",
    "endorsements",
)
_MAX_ENDORSEMENT_DEPTH: Final = 2
_MAX_SCHEMA_PROBLEMS: Final = 20
_OB_SCHEMA_VALIDATOR: Final = "1EdTechJsonSchemaValidator2019"


def _passed(name: str, detail: str | None = None) -> Check:
    return Check(name, "passed", (), detail)


def _skipped(name: str, reason: str) -> Check:
    return Check(name, "skipped", (), reason)


def _failed(name: str, problems: tuple[Problem, ...]) -> Check:
    return Check(name, "failed", problems)


def _from_problems(name: str, problems: tuple[Problem, ...], detail: str | None = None) -> Check:
    return _failed(name, problems) if problems else _passed(name, detail)


def _problem(type_: str, code: str, title: str, detail: str, detail_fr: str) -> Problem:
    return Problem(type=type_, code=code, title=title, detail=detail, detail_fr=detail_fr)


@dataclass(frozen=True, slots=True)
class _Context:
    resolver: DidResolver
    status_fetcher: StatusListFetcher | None
    now: datetime
    expected_recipient: str | None
    recipient_identity_type: str | None
    depth: int
    status_cache: StatusListCache | None


def verify_credential(
    credential: object,
    *,
    resolver: DidResolver,
    status_fetcher: StatusListFetcher | None = None,
    now: datetime | None = None,
    expected_recipient: str | None = None,
    recipient_identity_type: str | None = None,
    status_cache: StatusListCache | None = None,
) -> VerificationResult:
    """Verify an OpenBadgeCredential / AchievementCredential / EndorsementCredential.

    ``resolver`` resolves issuer keys (did:key locally; did:web and https controller documents through its
    fetcher or preloaded documents). ``status_fetcher(url)`` returns status list credentials; without it a
    credential that has ``credentialStatus`` fails the status check (its status is unknown).
    ``expected_recipient`` is a known id or plaintext identifier (e.g. an email address, with
    ``recipient_identity_type="emailAddress"``) to match against the subject. Pass one
    :class:`~credcore.status_validation.StatusListCache` to a batch so each status list verifies once.
    """
    when = now or datetime.now(UTC)
    if when.tzinfo is None:
        raise ValueError("now must be timezone-aware")
    context = _Context(
        resolver, status_fetcher, when, expected_recipient, recipient_identity_type, 0, status_cache
    )
    return _verify(credential, context)


def _verify(credential: object, context: _Context) -> VerificationResult:
    if not isinstance(credential, Mapping):
        problem = _problem(
            PARSING_ERROR,
            "not_an_object",
            "Not a credential",
            "the input is not a JSON object",
            "l'entrée n'est pas un objet JSON",
        )
        rest = tuple(_skipped(name, "the input is not a JSON object") for name in CHECK_NAMES[1:])
        return VerificationResult((_failed("structure", (problem,)), *rest))
    steps: tuple[tuple[str, Callable[[Mapping[str, Any], _Context, dict[str, Any]], Check]], ...] = (
        ("structure", _structure),
        ("schema", _schema),
        ("proof", _proof),
        ("issuer_key", _issuer_key),
        ("validity_window", _validity_window),
        ("status", _status),
        ("recipient", _recipient),
        ("endorsements", _endorsements),
    )
    state: dict[str, Any] = {}
    results = tuple(_guarded(name, step, credential, context, state) for name, step in steps)
    credential_id = credential.get("id")
    return VerificationResult(results, credential_id if isinstance(credential_id, str) else None)


def _guarded(
    name: str,
    step: Callable[[Mapping[str, Any], _Context, dict[str, Any]], Check],
    credential: Mapping[str, Any],
    context: _Context,
    state: dict[str, Any],
) -> Check:
    """Run one step; an unexpected error inside a step is that step failing, never an exception."""
    try:
        return step(credential, context, state)
    except Exception as error:  # fail closed: a step that cannot finish has not passed
        return _failed(
            name,
            (
                _problem(
                    MALFORMED_VALUE_ERROR,
                    "check_error",
                    "Check could not be completed",
                    f"{type(error).__name__}: {error}",
                    f"la vérification n'a pas pu aboutir ({type(error).__name__})",
                ),
            ),
        )


def _structure(credential: Mapping[str, Any], context: _Context, state: dict[str, Any]) -> Check:
    """Step 1, conformance: JSON-LD shape, bundled contexts, types, issuer, subject identified.
    https://www.imsglobal.org/spec/ob/v3p0/#verification"""
    return _from_problems("structure", structure_problems(credential))


def _schema(credential: Mapping[str, Any], context: _Context, state: dict[str, Any]) -> Check:
    """Step 1, conformance: the 1EdTech JSON Schema, and any named in credentialSchema.
    https://www.imsglobal.org/spec/ob/v3p0/#verification"""
    name = schema_name_for(credential)
    problems: list[Problem] = []
    names = {name} if name else set()
    entries = credential.get("credentialSchema", [])
    for entry in entries if isinstance(entries, list) else [entries]:
        if not isinstance(entry, Mapping) or entry.get("type") != _OB_SCHEMA_VALIDATOR:
            continue
        named = schema_for_url(str(entry.get("id")))
        if named is None:
            problems.append(
                _problem(
                    MALFORMED_VALUE_ERROR,
                    "unknown_schema",
                    "Unknown credential schema",
                    f"credentialSchema {entry.get('id')!r} is not bundled; it cannot be checked offline",
                    f"le schéma {entry.get('id')!r} n'est pas fourni ; il ne peut être vérifié hors ligne",
                )
            )
        else:
            names.add(named)
    for schema_name in sorted(names):
        for violation in validate_schema(credential, schema_name)[:_MAX_SCHEMA_PROBLEMS]:
            problems.append(
                _problem(
                    MALFORMED_VALUE_ERROR,
                    "schema_violation",
                    "JSON Schema violation",
                    f"{schema_name} {violation.path or '/'}: {violation.message}",
                    f"{schema_name} {violation.path or '/'} : {violation.message}",
                )
            )
    return _from_problems("schema", tuple(problems), ", ".join(sorted(names)) or None)


def _proof(credential: Mapping[str, Any], context: _Context, state: dict[str, Any]) -> Check:
    """Step 2, proof: the embedded Data Integrity proof verifies (any one proof suffices).
    https://www.imsglobal.org/spec/ob/v3p0/#verification"""
    check, problems = checks.verify_proofs(credential, context.resolver, context.now)
    if check is None:
        return _failed("proof", problems)
    state["proof"] = check
    return _passed("proof", f"{check.cryptosuite} by {check.verification_method}")


def _issuer_key(credential: Mapping[str, Any], context: _Context, state: dict[str, Any]) -> Check:
    """The signing key is controlled by the issuer and listed in its assertionMethod
    (https://www.w3.org/TR/vc-data-integrity/#verify-proof, https://www.w3.org/TR/cid-1.0/#assertion)."""
    proof: ProofCheck | None = state.get("proof")
    if proof is None:
        return _skipped("issuer_key", "no verified proof to attribute to the issuer")
    problems = checks.issuer_key_problems(credential, proof, context.resolver)
    return _from_problems("issuer_key", problems, proof.verification_method)


def _validity_window(credential: Mapping[str, Any], context: _Context, state: dict[str, Any]) -> Check:
    """Step 4, status: not before validFrom, not after validUntil.
    https://www.imsglobal.org/spec/ob/v3p0/#verification"""
    return _from_problems("validity_window", checks.validity_problems(credential, context.now))


def _status(credential: Mapping[str, Any], context: _Context, state: dict[str, Any]) -> Check:
    """Step 4, status: credentialStatus through the Bitstring Status List, fail closed.
    https://www.imsglobal.org/spec/ob/v3p0/#verification"""
    raw = credential.get("credentialStatus")
    if raw is None:
        return _skipped("status", "the credential has no credentialStatus")
    entries = raw if isinstance(raw, list) else [raw]
    problems: list[Problem] = []
    issuer = checks.issuer_id(credential)
    for entry in entries:
        if not isinstance(entry, Mapping) or entry.get("type") != "BitstringStatusListEntry":
            kind = entry.get("type") if isinstance(entry, Mapping) else type(entry).__name__
            problems.append(
                _problem(
                    STATUS_VERIFICATION_ERROR,
                    "status_type_unsupported",
                    "Unsupported status method",
                    f"status method {kind!r} cannot be checked; only BitstringStatusListEntry is supported",
                    f"la méthode de statut {kind!r} ne peut être vérifiée",
                )
            )
        elif context.status_fetcher is None:
            problems.append(
                _problem(
                    STATUS_RETRIEVAL_ERROR,
                    "status_unavailable",
                    "Status not checked",
                    "the credential has a status list entry but no status list was provided",
                    "le titre a une entrée de liste de statuts mais aucune liste n'a été fournie",
                )
            )
        else:
            result = check_status_entry(
                entry,
                fetcher=context.status_fetcher,
                resolver=context.resolver,
                now=context.now,
                credential_issuer=issuer,
                cache=context.status_cache,
            )
            problems.extend(result.problems)
    return _from_problems(
        "status", tuple(problems), f"{len(entries)} status entr{'y' if len(entries) == 1 else 'ies'}"
    )


def _recipient(credential: Mapping[str, Any], context: _Context, state: dict[str, Any]) -> Check:
    """Step 5, recipient (https://www.imsglobal.org/spec/ob/v3p0/#verify-identifier): id or identityHash."""
    known = context.expected_recipient
    if known is None:
        return _skipped("recipient", "no expected recipient was given")
    subject = credential.get("credentialSubject")
    subjects = subject if isinstance(subject, list) else [subject]
    for item in subjects:
        if not isinstance(item, Mapping):
            continue
        if item.get("id") == known:
            return _passed("recipient", "matched the subject id")
        identifiers = item.get("identifier", [])
        for identifier in identifiers if isinstance(identifiers, list) else [identifiers]:
            if isinstance(identifier, Mapping) and identity_matches(
                identifier, known, context.recipient_identity_type
            ):
                return _passed("recipient", f"matched a {identifier.get('identityType')} identifier")
    return _failed(
        "recipient",
        (
            _problem(
                MALFORMED_VALUE_ERROR,
                "recipient_mismatch",
                "Recipient does not match",
                "neither the subject id nor any of its identifiers matches the expected recipient",
                "ni l'identifiant du sujet ni ses identifiants ne correspondent au destinataire attendu",
            ),
        ),
    )


def _embedded_endorsements(credential: Mapping[str, Any]) -> tuple[list[object], list[object]]:
    """Endorsements embedded in the credential, its issuer, and its achievement (and its creator)."""
    holders: list[object] = [credential, credential.get("issuer")]
    subject = credential.get("credentialSubject")
    achievement = subject.get("achievement") if isinstance(subject, Mapping) else None
    holders.append(achievement)
    if isinstance(achievement, Mapping):
        holders.append(achievement.get("creator"))
    endorsements: list[object] = []
    jwts: list[object] = []
    for holder in holders:
        if isinstance(holder, Mapping):
            found = holder.get("endorsement", [])
            endorsements.extend(found if isinstance(found, list) else [found])
            found_jwt = holder.get("endorsementJwt", [])
            jwts.extend(found_jwt if isinstance(found_jwt, list) else [found_jwt])
    return endorsements, jwts


def _endorsements(credential: Mapping[str, Any], context: _Context, state: dict[str, Any]) -> Check:
    """Step 6 (https://www.imsglobal.org/spec/ob/v3p0/#endorsement-verification): each embedded
    EndorsementCredential verifies on its own."""
    endorsements, jwts = _embedded_endorsements(credential)
    if not endorsements and not jwts:
        return _skipped("endorsements", "the credential embeds no endorsements")
    problems: list[Problem] = []
    if jwts:
        problems.append(
            _problem(
                CRYPTOGRAPHIC_SECURITY_ERROR,
                "endorsement_jwt_unsupported",
                "VC-JWT endorsement not verified",
                f"{len(jwts)} endorsementJwt value(s) cannot be verified (VC-JWT is not supported)",
                f"{len(jwts)} endorsementJwt ne peuvent être vérifiés (VC-JWT non pris en charge)",
            )
        )
    if context.depth >= _MAX_ENDORSEMENT_DEPTH:
        return _failed("endorsements", (*problems, _too_deep()))
    inner = _Context(
        context.resolver,
        context.status_fetcher,
        context.now,
        None,
        None,
        context.depth + 1,
        context.status_cache,
    )
    results = tuple(_verify(endorsement, inner) for endorsement in endorsements)
    for index, (endorsement, result) in enumerate(zip(endorsements, results, strict=True)):
        label = endorsement.get("id") if isinstance(endorsement, Mapping) else None
        types = endorsement.get("type") if isinstance(endorsement, Mapping) else None
        if not isinstance(types, list) or "EndorsementCredential" not in types:
            problems.append(
                _problem(
                    MALFORMED_VALUE_ERROR,
                    "not_an_endorsement",
                    "Not an endorsement",
                    f"endorsement {index} is not an EndorsementCredential",
                    f"l'approbation {index} n'est pas une EndorsementCredential",
                )
            )
        for check in result.checks:
            for problem in check.problems:
                problems.append(
                    _problem(
                        problem.type,
                        f"endorsement_{problem.code}",
                        f"Endorsement: {problem.title}",
                        f"endorsement {index} ({label or 'no id'}), {check.name}: {problem.detail}",
                        f"approbation {index} ({label or 'sans id'}), {check.name} : {problem.detail_fr}",
                    )
                )
    detail = f"{len(results)} endorsement(s) verified"
    if problems:
        return Check("endorsements", "failed", tuple(problems), None, results)
    return Check("endorsements", "passed", (), detail, results)


def _too_deep() -> Problem:
    return _problem(
        MALFORMED_VALUE_ERROR,
        "endorsements_too_deep",
        "Endorsements nested too deeply",
        f"endorsements nested more than {_MAX_ENDORSEMENT_DEPTH} levels deep are not verified",
        f"les approbations imbriquées sur plus de {_MAX_ENDORSEMENT_DEPTH} niveaux ne sont pas vérifiées",
    )
