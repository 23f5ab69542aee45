"""Structural checks of a Data Integrity proof and the problem details that explain failures
(https://www.w3.org/TR/vc-data-integrity/#verify-proof, https://www.w3.org/TR/vc-data-integrity/#processing-errors).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any, Final

from credcore.cryptosuites import CRYPTOSUITES, DATA_INTEGRITY_PROOF, decode_proof_value, is_date_time_stamp
from credcore.errors import CredcoreError
from credcore.problems import (
    INVALID_CHALLENGE_ERROR,
    INVALID_DOMAIN_ERROR,
    MALFORMED_VALUE_ERROR,
    PROOF_TRANSFORMATION_ERROR,
    PROOF_VERIFICATION_ERROR,
    Problem,
)

__all__ = [
    "PURPOSES",
    "check_proof_shape",
    "check_time_window",
    "problem",
    "problem_from_error",
    "select_matching_proofs",
]

PURPOSES: Final = frozenset(
    {"assertionMethod", "authentication", "capabilityInvocation", "capabilityDelegation", "keyAgreement"}
)

# code -> (title, English explanation, French explanation)
_CATALOGUE: Final[dict[str, tuple[str, str, str]]] = {
    "malformed_document": (
        "Malformed document",
        "The document is not a JSON object",
        "Le document n'est pas un objet JSON",
    ),
    "proof_missing": ("No proof", "The document carries no proof", "Le document ne comporte aucune preuve"),
    "malformed_proof": ("Malformed proof", "The proof is malformed", "La preuve est mal formée"),
    "unknown_proof_type": (
        "Unsupported proof type",
        "The proof type is not DataIntegrityProof",
        "Le type de preuve n'est pas DataIntegrityProof",
    ),
    "unknown_cryptosuite": (
        "Unsupported cryptosuite",
        "The cryptosuite is not supported",
        "La suite cryptographique n'est pas prise en charge",
    ),
    "proof_purpose_mismatch": (
        "Wrong proof purpose",
        "The proof was not made for the expected purpose",
        "La preuve n'a pas été créée pour l'usage attendu",
    ),
    "invalid_domain": (
        "Wrong domain",
        "The proof's domain does not match",
        "Le domaine de la preuve ne correspond pas",
    ),
    "invalid_challenge": (
        "Wrong challenge",
        "The proof's challenge does not match",
        "Le défi de la preuve ne correspond pas",
    ),
    "proof_expired": ("Proof expired", "The proof has expired", "La preuve a expiré"),
    "previous_proof_missing": (
        "Previous proof missing",
        "A proof of the chain refers to a proof that is absent",
        "Une preuve de la chaîne renvoie à une preuve absente",
    ),
    "verification_method_unresolved": (
        "Key not found",
        "The verification method could not be resolved",
        "La méthode de vérification n'a pas pu être résolue",
    ),
    "verification_method_not_authorized": (
        "Key not authorized",
        "The controller does not authorize this key for the proof's purpose",
        "Le contrôleur n'autorise pas cette clé pour l'usage de la preuve",
    ),
    "proof_invalid_signature": (
        "Invalid signature",
        "The signature does not match the document",
        "La signature ne correspond pas au document",
    ),
    "proof_context_mismatch": (
        "Context mismatch",
        "The document's @context does not start with the proof's",
        "Le @context du document ne commence pas par celui de la preuve",
    ),
    "proof_verification_error": (
        "Proof not verified",
        "The proof could not be verified",
        "La preuve n'a pas pu être vérifiée",
    ),
}
_TRANSFORMATION_CODES: Final = frozenset(
    {"safe_mode_violation", "unknown_context", "invalid_document", "canonicalization_limit_exceeded"}
)
_FRACTION: Final = re.compile(r"\.(\d{1,6})\d*")


def problem(type_: str, code: str, detail: str = "") -> Problem:
    """A problem from the catalogue, with an optional technical ``detail`` appended in both languages."""
    title, english, french = _CATALOGUE.get(code, _CATALOGUE["proof_verification_error"])
    suffix = f" ({detail})" if detail else ""
    return Problem(type=type_, code=code, title=title, detail=english + suffix, detail_fr=french + suffix)


def problem_from_error(error: CredcoreError, code: str | None = None) -> Problem:
    """Explain a core error as a problem, keeping its stable code unless ``code`` overrides it."""
    final_code = code or error.code
    if final_code in _CATALOGUE:
        return problem(PROOF_VERIFICATION_ERROR, final_code, error.message("en"))
    kind = PROOF_TRANSFORMATION_ERROR if final_code in _TRANSFORMATION_CODES else PROOF_VERIFICATION_ERROR
    title = final_code.replace("_", " ").capitalize()
    return Problem(
        type=kind, code=final_code, title=title, detail=error.message("en"), detail_fr=error.message("fr")
    )


def _domains(value: object) -> set[str] | None:
    if isinstance(value, str):
        return {value}
    if isinstance(value, list) and all(isinstance(item, str) for item in value):
        return set(value)
    return None


def check_proof_shape(
    proof: Mapping[str, Any],
    expected_purpose: str,
    challenge: str | None,
    domain: str | Sequence[str] | None,
) -> tuple[tuple[Problem, ...], bytes | None]:
    """Steps 3–6 of https://www.w3.org/TR/vc-data-integrity/#verify-proof, plus the cryptosuite and
    proof value checks of https://www.w3.org/TR/vc-di-eddsa/#verify-proof-eddsa-rdfc-2022; also returns
    the decoded signature bytes (None when ``proofValue`` is malformed), so it is decoded only once."""
    missing = [
        name
        for name in ("type", "verificationMethod", "proofPurpose")
        if not isinstance(proof.get(name), str)
    ]
    if missing:
        return (problem(PROOF_VERIFICATION_ERROR, "malformed_proof", f"missing {', '.join(missing)}"),), None
    problems: list[Problem] = []
    proof_bytes = None
    if proof["type"] != DATA_INTEGRITY_PROOF:
        problems.append(problem(PROOF_VERIFICATION_ERROR, "unknown_proof_type", repr(proof["type"])))
    elif not isinstance(proof.get("cryptosuite"), str) or proof["cryptosuite"] not in CRYPTOSUITES:
        problems.append(
            problem(PROOF_VERIFICATION_ERROR, "unknown_cryptosuite", repr(proof.get("cryptosuite")))
        )
    try:
        proof_bytes = decode_proof_value(proof.get("proofValue"))
    except CredcoreError as error:
        problems.append(problem(MALFORMED_VALUE_ERROR, "malformed_proof", error.detail))
    if proof["proofPurpose"] != expected_purpose:
        detail = f"expected {expected_purpose}, got {proof['proofPurpose']}"
        problems.append(problem(PROOF_VERIFICATION_ERROR, "proof_purpose_mismatch", detail))
    if domain is not None and _domains(proof.get("domain")) != _domains(
        list(domain) if not isinstance(domain, str) else domain
    ):
        problems.append(problem(INVALID_DOMAIN_ERROR, "invalid_domain"))
    if challenge is not None and proof.get("challenge") != challenge:
        problems.append(problem(INVALID_CHALLENGE_ERROR, "invalid_challenge"))
    previous = proof.get("previousProof")
    if previous is not None and _domains(previous) is None:
        problems.append(problem(PROOF_VERIFICATION_ERROR, "malformed_proof", "previousProof"))
    return tuple(problems), proof_bytes


def _parse_stamp(value: str) -> datetime | None:
    try:
        return datetime.fromisoformat(_FRACTION.sub(lambda match: "." + match.group(1).ljust(6, "0"), value))
    except ValueError:
        return None


def check_time_window(proof: Mapping[str, Any], now: datetime) -> tuple[Problem, ...]:
    """``created`` and ``expires`` are dateTimeStamps; an expired proof fails
    (https://www.w3.org/TR/vc-data-integrity/#proofs)."""
    problems: list[Problem] = []
    for name in ("created", "expires"):
        if name in proof and not is_date_time_stamp(proof[name]):
            problems.append(
                problem(PROOF_VERIFICATION_ERROR, "malformed_proof", f"{name} is not a dateTimeStamp")
            )
    if "expires" in proof and not problems:
        expires = _parse_stamp(proof["expires"])
        if expires is not None and expires <= now:
            problems.append(problem(PROOF_VERIFICATION_ERROR, "proof_expired", proof["expires"]))
    return tuple(problems)


def select_matching_proofs(
    base: Mapping[str, Any], proof: Mapping[str, Any], all_proofs: list[Any]
) -> tuple[dict[str, Any], tuple[Problem, ...]]:
    """Steps 3.1–3.2 of https://www.w3.org/TR/vc-data-integrity/#verify-proof-sets-and-chains: the
    document to verify is the unsecured one plus the proofs named by ``previousProof``."""
    document = dict(base)
    previous = proof.get("previousProof")
    if previous is None:
        return document, ()
    wanted = [previous] if isinstance(previous, str) else list(previous) if isinstance(previous, list) else []
    matching = []
    for identifier in wanted:
        found = [item for item in all_proofs if isinstance(item, Mapping) and item.get("id") == identifier]
        if not found:
            return document, (problem(PROOF_VERIFICATION_ERROR, "previous_proof_missing", str(identifier)),)
        matching.extend(found)
    document["proof"] = matching
    return document, ()
