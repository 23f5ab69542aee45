"""Checks shared by the verifier and the status list validator: proof, issuer key, validity window.

- Proof: Data Integrity verification (https://www.w3.org/TR/vc-data-integrity/#verify-proof) through
  :func:`credcore.dataintegrity.verify_proof`.
- Issuer key: the verification method is controlled by the issuer and listed in its ``assertionMethod``
  (https://www.w3.org/TR/vc-data-model-2.0/#issuer, https://www.w3.org/TR/cid-1.0/#assertion).
- Validity window: ``validFrom`` ≤ now ≤ ``validUntil`` (https://www.w3.org/TR/vc-data-model-2.0/#validity-period;
  VC DM 1.1 ``issuanceDate``/``expirationDate`` for older OB 3.0 credentials).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from credcore import dataintegrity
from credcore._internal.values import parse_datetime
from credcore.dids import DidResolver
from credcore.errors import CredcoreError
from credcore.problems import (
    CRYPTOGRAPHIC_SECURITY_ERROR,
    MALFORMED_VALUE_ERROR,
    PROOF_VERIFICATION_ERROR,
    RANGE_ERROR,
    Problem,
)

__all__ = [
    "issuer_id",
    "issuer_key_problems",
    "proof_problems",
    "validity_problems",
    "verify_proofs",
]


def issuer_id(document: Mapping[str, Any]) -> str | None:
    """The issuer's id: ``issuer`` as a string or ``issuer.id`` (VC DM 2.0 §4.7)."""
    issuer = document.get("issuer")
    if isinstance(issuer, Mapping):
        issuer = issuer.get("id")
    return issuer if isinstance(issuer, str) else None


def _date(document: Mapping[str, Any], *names: str) -> tuple[str | None, object]:
    for name in names:
        if name in document:
            return name, document[name]
    return None, None


def validity_problems(document: Mapping[str, Any], now: datetime) -> tuple[Problem, ...]:
    """Validity period (https://www.w3.org/TR/vc-data-model-2.0/#validity-period) at ``now``."""
    problems: list[Problem] = []
    start_name, start_raw = _date(document, "validFrom", "issuanceDate")
    end_name, end_raw = _date(document, "validUntil", "expirationDate")
    start = parse_datetime(start_raw) if start_name else None
    end = parse_datetime(end_raw) if end_name else None
    for name, raw, parsed in ((start_name, start_raw, start), (end_name, end_raw, end)):
        if name is not None and parsed is None:
            problems.append(
                Problem(
                    MALFORMED_VALUE_ERROR,
                    "invalid_date",
                    "Invalid date",
                    f"{name} {raw!r} is not a date-time with a time zone",
                    f"{name} {raw!r} n'est pas une date-heure avec fuseau horaire",
                )
            )
    if start is not None and now < start:
        problems.append(
            Problem(
                RANGE_ERROR,
                "not_yet_valid",
                "Credential not yet valid",
                f"valid from {start_raw}, checked at {now.isoformat()}",
                f"valide à partir du {start_raw}, vérifié le {now.isoformat()}",
            )
        )
    if end is not None and now > end:
        problems.append(
            Problem(
                RANGE_ERROR,
                "expired",
                "Credential expired",
                f"valid until {end_raw}, checked at {now.isoformat()}",
                f"valide jusqu'au {end_raw}, vérifié le {now.isoformat()}",
            )
        )
    if start is not None and end is not None and end < start:
        problems.append(
            Problem(
                MALFORMED_VALUE_ERROR,
                "invalid_validity_period",
                "Invalid validity period",
                "validUntil is before validFrom",
                "validUntil précède validFrom",
            )
        )
    return tuple(problems)


def verify_proofs(
    document: Mapping[str, Any], resolver: DidResolver, now: datetime
) -> tuple[dataintegrity.ProofCheck | None, tuple[Problem, ...]]:
    """Verify the embedded Data Integrity proof(s); the first proof that verifies is the one used.

    OB 3.0 §Verification step 2: "You may accept any one proof". With several proofs, each is tried
    alone; the problems of all are reported when none verifies.
    """
    proofs = document.get("proof")
    if proofs is None:
        return None, (
            Problem(
                PROOF_VERIFICATION_ERROR,
                "proof_missing",
                "No proof",
                "the credential carries no embedded proof",
                "le titre ne comporte aucune preuve intégrée",
            ),
        )
    candidates = proofs if isinstance(proofs, list) and len(proofs) > 1 else [proofs]
    problems: list[Problem] = []
    for proof in candidates:
        single = {**document, "proof": proof}
        try:
            check = dataintegrity.verify_proof(single, resolver=resolver, now=now)
        except CredcoreError as error:  # verify_proof reports, but never let a bad input escape
            problems.append(
                Problem(
                    PROOF_VERIFICATION_ERROR,
                    error.code,
                    "Proof not verified",
                    error.message("en"),
                    error.message("fr"),
                )
            )
            continue
        if check.verified:
            return check, ()
        problems.extend(check.problems)
    if not problems:
        problems.append(
            Problem(
                PROOF_VERIFICATION_ERROR,
                "proof_invalid",
                "Proof not verified",
                "no proof verified",
                "aucune preuve n'a été vérifiée",
            )
        )
    return None, tuple(problems)


def issuer_key_problems(
    document: Mapping[str, Any], check: dataintegrity.ProofCheck, resolver: DidResolver
) -> tuple[Problem, ...]:
    """The proof's key belongs to the issuer: its controller is the issuer id and the issuer's controller
    document lists it under ``assertionMethod`` (https://www.w3.org/TR/vc-data-integrity/#verify-proof)."""
    issuer = issuer_id(document)
    vm_id = check.verification_method
    if issuer is None or vm_id is None:
        return (
            Problem(
                CRYPTOGRAPHIC_SECURITY_ERROR,
                "issuer_key_unknown",
                "Issuer key unknown",
                "the issuer or the proof's verification method is missing",
                "l'émetteur ou la méthode de vérification de la preuve est absent",
            ),
        )
    if check.verified and check.controller is not None:
        # verify_proof (expected purpose assertionMethod) already resolved the method and found it listed
        # under assertionMethod by its controller: reuse that instead of resolving again
        controller, authorized = check.controller, True
    else:
        try:
            method = resolver.resolve_verification_method(vm_id)
        except CredcoreError as error:
            return (
                Problem(
                    CRYPTOGRAPHIC_SECURITY_ERROR,
                    "issuer_key_unresolved",
                    "Issuer key not resolved",
                    error.message("en"),
                    error.message("fr"),
                ),
            )
        controller, authorized = method.controller, method.is_authorized_for("assertionMethod")
    problems: list[Problem] = []
    if controller != issuer:
        problems.append(
            Problem(
                CRYPTOGRAPHIC_SECURITY_ERROR,
                "key_not_controlled_by_issuer",
                "Key not controlled by the issuer",
                f"{vm_id} is controlled by {controller}, not by the issuer {issuer}",
                f"{vm_id} est contrôlée par {controller}, pas par l'émetteur {issuer}",
            )
        )
    if not authorized:
        problems.append(
            Problem(
                CRYPTOGRAPHIC_SECURITY_ERROR,
                "key_not_assertion_method",
                "Key not authorised to issue",
                f"{vm_id} is not listed in its controller's assertionMethod",
                f"{vm_id} ne figure pas dans l'assertionMethod de son contrôleur",
            )
        )
    return tuple(problems)


def proof_problems(document: Mapping[str, Any], resolver: DidResolver, now: datetime) -> tuple[Problem, ...]:
    """Proof and issuer key together (what a status list credential must pass)."""
    check, problems = verify_proofs(document, resolver, now)
    if check is None:
        return problems
    return issuer_key_problems(document, check, resolver)
