"""microcred's credential core: Open Badges 3.0 credentials with Data Integrity proofs, verified offline.

The public API is what ``__all__`` lists; everything else (``credcore._internal`` and module internals) may
change without notice. Specs: Open Badges 3.0 (https://www.imsglobal.org/spec/ob/v3p0/), VC Data Model 2.0
(https://www.w3.org/TR/vc-data-model-2.0/), Data Integrity EdDSA (https://www.w3.org/TR/vc-di-eddsa/),
Bitstring Status List (https://www.w3.org/TR/vc-bitstring-status-list/).

Typical use::

    key = Ed25519Multikey.generate()
    signed = sign_credential(credential.to_json(), key)
    result = verify_credential(signed, resolver=DidResolver())
    result.verified, result.to_json()
"""

from __future__ import annotations

from typing import Any

from credcore.clr import build_clr_credential
from credcore.dataintegrity import ProofCheck, add_proof, verify_proof
from credcore.dids import DidResolver, did_web_document, did_web_from_url, did_web_to_url
from credcore.errors import (
    CredcoreError,
    CryptoError,
    InvalidDocumentError,
    KeyFormatError,
    ResolutionError,
    SafeModeError,
    UnknownContextError,
)
from credcore.formats import (
    ParsedCredential,
    bake_png,
    bake_svg,
    extract_baked,
    parse_credential_input,
    verify_imported,
)
from credcore.keys import Ed25519Multikey
from credcore.openbadges import (
    Achievement,
    AchievementCredential,
    AchievementSubject,
    Alignment,
    Criteria,
    EndorsementCredential,
    EndorsementSubject,
    Evidence,
    IdentityObject,
    OpenBadgeCredential,
    Profile,
    Result,
    ResultDescription,
    RubricCriterionLevel,
    identity_hash,
    validate_schema,
)
from credcore.presentations import (
    PresentationResult,
    build_presentation,
    sign_presentation,
    verify_presentation,
)
from credcore.problems import Problem
from credcore.status import (
    BitstringStatusList,
    BitstringStatusListEntry,
    build_status_list_credential,
    static_status_fetcher,
)
from credcore.status_validation import StatusListCache, StatusResult, check_status_entry
from credcore.verifier import Check, VerificationResult, verify_credential

__all__ = [
    "Achievement",
    "AchievementCredential",
    "AchievementSubject",
    "Alignment",
    "BitstringStatusList",
    "BitstringStatusListEntry",
    "Check",
    "CredcoreError",
    "Criteria",
    "CryptoError",
    "DidResolver",
    "Ed25519Multikey",
    "EndorsementCredential",
    "EndorsementSubject",
    "Evidence",
    "IdentityObject",
    "InvalidDocumentError",
    "KeyFormatError",
    "OpenBadgeCredential",
    "ParsedCredential",
    "PresentationResult",
    "Problem",
    "Profile",
    "ProofCheck",
    "ResolutionError",
    "Result",
    "ResultDescription",
    "RubricCriterionLevel",
    "SafeModeError",
    "StatusListCache",
    "StatusResult",
    "UnknownContextError",
    "VerificationResult",
    "add_proof",
    "bake_png",
    "bake_svg",
    "build_clr_credential",
    "build_presentation",
    "build_status_list_credential",
    "check_status_entry",
    "did_web_document",
    "did_web_from_url",
    "did_web_to_url",
    "extract_baked",
    "identity_hash",
    "parse_credential_input",
    "sign_credential",
    "sign_presentation",
    "static_status_fetcher",
    "validate_schema",
    "verify_credential",
    "verify_imported",
    "verify_presentation",
    "verify_proof",
]


def sign_credential(
    credential: dict[str, Any], key: Ed25519Multikey, *, cryptosuite: str = "eddsa-rdfc-2022"
) -> dict[str, Any]:
    """Sign an issuer's credential: an ``assertionMethod`` Data Integrity proof by ``key`` (a new dict).

    The key's controller must be the credential's issuer, or verifiers will reject the proof.
    """
    return add_proof(credential, key, cryptosuite=cryptosuite, proof_purpose="assertionMethod")
