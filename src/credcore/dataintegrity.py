"""Data Integrity proofs: add and verify (https://www.w3.org/TR/vc-data-integrity/#algorithms).

:func:`add_proof` raises a :class:`~credcore.errors.CredcoreError` when a proof cannot be produced.
:func:`verify_proof` never raises for a bad credential: every failure is a :class:`Problem` with a
stable code and an English and French explanation, and the result fails closed.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from credcore import cryptosuites, jsonld
from credcore._internal.fastcheck import is_safe
from credcore._internal.proofchecks import (
    PURPOSES,
    check_proof_shape,
    check_time_window,
    problem,
    problem_from_error,
    select_matching_proofs,
)
from credcore.cryptosuites import (
    CRYPTOSUITES,
    DATA_INTEGRITY_PROOF,
    EDDSA_JCS_2022,
    ProofGenerationError,
    UnknownCryptosuiteError,
)
from credcore.dids import DidResolver
from credcore.errors import CredcoreError, ResolutionError
from credcore.keys import Ed25519Multikey
from credcore.problems import CRYPTOGRAPHIC_SECURITY_ERROR, PARSING_ERROR, PROOF_VERIFICATION_ERROR, Problem

__all__ = ["ProofCheck", "add_proof", "verify_proof"]


@dataclass(frozen=True, slots=True)
class ProofCheck:
    """The outcome of verifying a document's proof (or every proof of a proof set or chain)."""

    verified: bool
    problems: tuple[Problem, ...] = ()
    verification_method: str | None = None
    controller: str | None = None
    cryptosuite: str | None = None


# -- add -------------------------------------------------------------------------------------------


def _format_created(created: datetime | str | None) -> str:
    if created is None:
        created = datetime.now(UTC)
    if isinstance(created, datetime):
        if created.tzinfo is None:
            raise ProofGenerationError("created must be timezone-aware")
        return created.astimezone(UTC).replace(microsecond=0).strftime("%Y-%m-%dT%H:%M:%SZ")
    if not cryptosuites.is_date_time_stamp(created):
        raise ProofGenerationError("created is not a valid dateTimeStamp")
    return created


def _proof_options(
    key: Ed25519Multikey,
    cryptosuite: str,
    proof_purpose: str,
    created: datetime | str | None,
    extra: Mapping[str, Any],
) -> dict[str, Any]:
    if not isinstance(cryptosuite, str) or cryptosuite not in CRYPTOSUITES:
        raise UnknownCryptosuiteError(repr(cryptosuite))
    if not isinstance(proof_purpose, str) or proof_purpose not in PURPOSES:
        raise ProofGenerationError(f"unsupported proof purpose {proof_purpose!r}")
    if not key.can_sign:
        raise ProofGenerationError("the key has no secret part")
    options: dict[str, Any] = {
        "type": DATA_INTEGRITY_PROOF,
        "cryptosuite": cryptosuite,
        "created": _format_created(created),
        "verificationMethod": key.id,
        "proofPurpose": proof_purpose,
    }
    for name, value in extra.items():
        if value is not None:
            options[name] = value
    if "expires" in options and not cryptosuites.is_date_time_stamp(options["expires"]):
        raise ProofGenerationError("expires is not a valid dateTimeStamp")
    return options


def add_proof(
    document: Mapping[str, Any],
    key: Ed25519Multikey,
    *,
    cryptosuite: str,
    proof_purpose: str = "assertionMethod",
    created: datetime | str | None = None,
    challenge: str | None = None,
    domain: str | None = None,
    expires: str | None = None,
) -> dict[str, Any]:
    """Add Proof (https://www.w3.org/TR/vc-data-integrity/#add-proof); a document that already has
    proofs gets one more, forming a proof set (https://www.w3.org/TR/vc-data-integrity/#add-proof-set-chain).

    Safe mode applies to both cryptosuites: a JSON-LD document (one with ``@context``) must expand
    without dropping anything, so that any verifier reads exactly what was signed. For eddsa-jcs-2022
    that is proven without building RDF when the document only uses what the compiled fast path
    handles (``credcore._internal.fastcheck``, ADR 0011), else by the full expansion.
    """
    if not isinstance(document, Mapping):
        raise ProofGenerationError("the document must be a JSON object")
    extra = {"challenge": challenge, "domain": domain, "expires": expires}
    options = _proof_options(key, cryptosuite, proof_purpose, created, extra)
    existing = document.get("proof")
    unsecured = {name: value for name, value in document.items() if name != "proof"}
    if cryptosuite == EDDSA_JCS_2022 and "@context" in unsecured and not is_safe(unsecured):
        jsonld.to_rdf(unsecured)  # the full safe mode check decides (rdfc does it while transforming)
    proof = cryptosuites.create_proof(unsecured, options, key)
    _check_created_proof(proof, options)
    secured = dict(document)
    if existing is None:
        secured["proof"] = proof
    else:
        secured["proof"] = [*(existing if isinstance(existing, list) else [existing]), proof]
    return secured


def _check_created_proof(proof: Mapping[str, Any], options: Mapping[str, Any]) -> None:
    """Steps 2–4 of https://www.w3.org/TR/vc-data-integrity/#add-proof."""
    if not all(proof.get(name) for name in ("type", "verificationMethod", "proofPurpose")):
        raise ProofGenerationError("the proof lacks type, verificationMethod or proofPurpose")
    for name in ("domain", "challenge"):
        if options.get(name) is not None and proof.get(name) != options[name]:
            raise ProofGenerationError(f"the proof's {name} differs from the requested one")


# -- verify ----------------------------------------------------------------------------------------


def verify_proof(
    document: Any,
    *,
    resolver: DidResolver,
    expected_purpose: str = "assertionMethod",
    challenge: str | None = None,
    domain: str | Sequence[str] | None = None,
    now: datetime | None = None,
) -> ProofCheck:
    """Verify Proof (https://www.w3.org/TR/vc-data-integrity/#verify-proof); with several proofs,
    Verify Proof Sets and Chains (https://www.w3.org/TR/vc-data-integrity/#verify-proof-sets-and-chains):
    every proof must verify."""
    if not isinstance(document, Mapping):
        return ProofCheck(False, (problem(PARSING_ERROR, "malformed_document", "not a JSON object"),))
    proofs = document.get("proof")
    if proofs is None or proofs == []:
        return ProofCheck(False, (problem(PROOF_VERIFICATION_ERROR, "proof_missing", "no proof"),))
    if not isinstance(proofs, (list, Mapping)):
        return ProofCheck(False, (problem(PARSING_ERROR, "malformed_proof", "proof is not an object"),))
    all_proofs = list(proofs) if isinstance(proofs, list) else [proofs]
    moment = now if now is not None else datetime.now(UTC)
    base = dict(document)
    del base["proof"]
    checks = [
        _verify_one(base, proof, all_proofs, resolver, expected_purpose, challenge, domain, moment)
        for proof in all_proofs
    ]
    if len(checks) == 1:
        return checks[0]  # one proof: its check is the document's
    problems = tuple(found for check in checks for found in check.problems)
    first = checks[0]
    return ProofCheck(
        verified=all(check.verified for check in checks) and not problems,
        problems=problems,
        verification_method=first.verification_method,
        controller=first.controller,
        cryptosuite=first.cryptosuite,
    )


def _verify_one(
    base: Mapping[str, Any],
    proof: Any,
    all_proofs: list[Any],
    resolver: DidResolver,
    expected_purpose: str,
    challenge: str | None,
    domain: str | Sequence[str] | None,
    now: datetime,
) -> ProofCheck:
    """Steps 3–8 of https://www.w3.org/TR/vc-data-integrity/#verify-proof for one proof."""
    if not isinstance(proof, Mapping):
        return ProofCheck(False, (problem(PARSING_ERROR, "malformed_proof", "proof is not an object"),))
    method = proof.get("verificationMethod") if isinstance(proof.get("verificationMethod"), str) else None
    suite = proof.get("cryptosuite") if isinstance(proof.get("cryptosuite"), str) else None
    problems, proof_bytes = check_proof_shape(proof, expected_purpose, challenge, domain)
    problems += check_time_window(proof, now)
    input_document, chain_problems = select_matching_proofs(base, proof, all_proofs)
    problems += chain_problems
    if problems or method is None:
        return ProofCheck(False, problems, method, None, suite)
    try:
        verification_method = resolver.resolve_verification_method(method)
    except ResolutionError as error:
        return ProofCheck(
            False, (problem_from_error(error, "verification_method_unresolved"),), method, None, suite
        )
    controller = verification_method.controller
    if not verification_method.is_authorized_for(str(proof["proofPurpose"])):
        found = problem(
            PROOF_VERIFICATION_ERROR,
            "verification_method_not_authorized",
            f"{method} is not listed under {proof['proofPurpose']} by its controller",
        )
        return ProofCheck(False, (found,), method, controller, suite)
    try:
        key = Ed25519Multikey.for_verification(
            verification_method.public_key, controller=controller, key_id=verification_method.id
        )
        result = cryptosuites.verify_proof(input_document, proof, key, proof_bytes=proof_bytes)
    except CredcoreError as error:
        return ProofCheck(False, (problem_from_error(error),), method, controller, suite)
    except Exception as error:  # fail closed on anything unforeseen, but explain it
        found = problem(PROOF_VERIFICATION_ERROR, "proof_verification_error", type(error).__name__)
        return ProofCheck(False, (found,), method, controller, suite)
    if not result.verified:
        reason = result.reason or "proof_invalid_signature"
        kind = (
            CRYPTOGRAPHIC_SECURITY_ERROR if reason == "proof_invalid_signature" else PROOF_VERIFICATION_ERROR
        )
        return ProofCheck(
            False, (problem(kind, reason, "the signature does not match"),), method, controller, suite
        )
    return ProofCheck(True, (), method, controller, suite)
