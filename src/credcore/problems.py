"""Problem details: how the credential core explains a failed step.

Modelled on VC Data Model 2.0 §7.1 Problem Details
(https://www.w3.org/TR/vc-data-model-2.0/#problem-details): a ``type`` URI naming the class of problem, a
stable ``code`` that API clients match on (snake_case, never reworded), a short ``title`` and a ``detail``
in English and French.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

__all__ = [
    "CRYPTOGRAPHIC_SECURITY_ERROR",
    "INVALID_CHALLENGE_ERROR",
    "INVALID_DOMAIN_ERROR",
    "MALFORMED_VALUE_ERROR",
    "PARSING_ERROR",
    "PROOF_GENERATION_ERROR",
    "PROOF_TRANSFORMATION_ERROR",
    "PROOF_VERIFICATION_ERROR",
    "RANGE_ERROR",
    "STATUS_LIST_LENGTH_ERROR",
    "STATUS_RETRIEVAL_ERROR",
    "STATUS_VERIFICATION_ERROR",
    "Problem",
]

# VC Data Model 2.0 §7.1 https://www.w3.org/TR/vc-data-model-2.0/#problem-details
PARSING_ERROR: Final = "https://www.w3.org/TR/vc-data-model#PARSING_ERROR"
CRYPTOGRAPHIC_SECURITY_ERROR: Final = "https://www.w3.org/TR/vc-data-model#CRYPTOGRAPHIC_SECURITY_ERROR"
MALFORMED_VALUE_ERROR: Final = "https://www.w3.org/TR/vc-data-model#MALFORMED_VALUE_ERROR"
RANGE_ERROR: Final = "https://www.w3.org/TR/vc-data-model#RANGE_ERROR"

# Data Integrity 1.0 §2.3 https://www.w3.org/TR/vc-data-integrity/#processing-errors
PROOF_GENERATION_ERROR: Final = "https://w3id.org/security#PROOF_GENERATION_ERROR"
PROOF_VERIFICATION_ERROR: Final = "https://w3id.org/security#PROOF_VERIFICATION_ERROR"
PROOF_TRANSFORMATION_ERROR: Final = "https://w3id.org/security#PROOF_TRANSFORMATION_ERROR"
INVALID_DOMAIN_ERROR: Final = "https://w3id.org/security#INVALID_DOMAIN_ERROR"
INVALID_CHALLENGE_ERROR: Final = "https://w3id.org/security#INVALID_CHALLENGE_ERROR"

# Bitstring Status List 1.0 §3.2 https://www.w3.org/TR/vc-bitstring-status-list/#processing-errors
STATUS_RETRIEVAL_ERROR: Final = "https://www.w3.org/ns/credentials/status-list#STATUS_RETRIEVAL_ERROR"
STATUS_VERIFICATION_ERROR: Final = "https://www.w3.org/ns/credentials/status-list#STATUS_VERIFICATION_ERROR"
STATUS_LIST_LENGTH_ERROR: Final = "https://www.w3.org/ns/credentials/status-list#STATUS_LIST_LENGTH_ERROR"


@dataclass(frozen=True, slots=True)
class Problem:
    """One problem found while processing a credential (VC DM 2.0 §7.1 problem details)."""

    type: str
    code: str
    title: str
    detail: str
    detail_fr: str

    def __post_init__(self) -> None:
        if not self.type or not self.code or not self.title:
            raise ValueError("a Problem needs a type, a code and a title")

    def to_json(self) -> dict[str, str]:
        """The problem as a JSON object (``type``, ``code``, ``title``, ``detail``, ``detailFr``)."""
        return {
            "type": self.type,
            "code": self.code,
            "title": self.title,
            "detail": self.detail,
            "detailFr": self.detail_fr,
        }
