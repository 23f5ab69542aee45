"""The EdDSA Data Integrity cryptosuites ``eddsa-rdfc-2022`` and ``eddsa-jcs-2022``
(https://www.w3.org/TR/vc-di-eddsa/), one function per algorithm of §3.2 and §3.3.

Creating a proof raises a :class:`~credcore.errors.CredcoreError`; verifying one returns a
:class:`SuiteVerification` for a bad signature or a context mismatch and raises only when the document
cannot be transformed (safe mode, unknown context, malformed JSON-LD), which the Data Integrity layer
turns into problem details.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any, ClassVar, Final

from credcore import jcs, jsonld, rdfc
from credcore._internal.multibase import decode_multibase, encode_multibase_base58btc
from credcore._internal.proofconfig import template_canonical_proof_config
from credcore.errors import CredcoreError, KeyFormatError
from credcore.keys import Ed25519Multikey

__all__ = [
    "CRYPTOSUITES",
    "DATA_INTEGRITY_PROOF",
    "EDDSA_JCS_2022",
    "EDDSA_RDFC_2022",
    "ProofGenerationError",
    "ProofTransformationError",
    "SuiteVerification",
    "UnknownCryptosuiteError",
    "canonical_proof_config_generic",
    "create_proof",
    "hashing",
    "is_date_time_stamp",
    "jcs_proof_configuration",
    "jcs_transformation",
    "proof_serialization",
    "proof_verification",
    "rdfc_proof_configuration",
    "rdfc_transformation",
    "verify_proof",
]

DATA_INTEGRITY_PROOF: Final = "DataIntegrityProof"
EDDSA_RDFC_2022: Final = "eddsa-rdfc-2022"
EDDSA_JCS_2022: Final = "eddsa-jcs-2022"
CRYPTOSUITES: Final = frozenset({EDDSA_RDFC_2022, EDDSA_JCS_2022})
_MAX_PROOF_VALUE_LENGTH: Final = 100  # 64 bytes are at most 88 base58 characters
_FRACTION: Final = re.compile(r"\.\d+")
_DATE_TIME_STAMP: Final = re.compile(
    r"^-?\d{4,}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$", re.ASCII
)


class ProofGenerationError(CredcoreError):
    code: ClassVar[str] = "proof_generation_error"
    message_en: ClassVar[str] = "The proof could not be created."
    message_fr: ClassVar[str] = "La preuve n'a pas pu être créée."


class ProofTransformationError(CredcoreError):
    code: ClassVar[str] = "proof_transformation_error"
    message_en: ClassVar[str] = "The document could not be transformed for this cryptosuite."
    message_fr: ClassVar[str] = "Le document n'a pas pu être transformé pour cette suite cryptographique."


class UnknownCryptosuiteError(CredcoreError):
    code: ClassVar[str] = "unknown_cryptosuite"
    message_en: ClassVar[str] = "The cryptosuite is not supported."
    message_fr: ClassVar[str] = "La suite cryptographique n'est pas prise en charge."


@dataclass(frozen=True, slots=True)
class SuiteVerification:
    """Result of a cryptosuite's Verify Proof algorithm; ``reason`` names why it failed."""

    verified: bool
    reason: str | None = None


def is_date_time_stamp(value: object) -> bool:
    """An XML Schema 1.1 ``dateTimeStamp`` (https://www.w3.org/TR/xmlschema11-2/#dateTimeStamp):
    a dateTime with a mandatory timezone, as Data Integrity requires for ``created`` and ``expires``."""
    if not isinstance(value, str) or not _DATE_TIME_STAMP.match(value):
        return False
    if value.startswith("-") or value[4] != "-":
        return True  # outside Python's datetime range but lexically valid
    if "." in value:
        value = _FRACTION.sub("", value)
    try:
        datetime.fromisoformat(value.replace("T24:00:00", "T00:00:00"))
    except ValueError:
        return False
    return True


def _check_options(options: Mapping[str, Any], suite: str, error: type[CredcoreError]) -> None:
    if options.get("type") != DATA_INTEGRITY_PROOF or options.get("cryptosuite") != suite:
        raise error(f"type must be {DATA_INTEGRITY_PROOF} and cryptosuite {suite}")


def _check_created(config: Mapping[str, Any]) -> None:
    if "created" in config and not is_date_time_stamp(config["created"]):
        raise ProofGenerationError("created is not a valid dateTimeStamp")


# -- shared steps ----------------------------------------------------------------------------------


def hashing(transformed_data: bytes, canonical_proof_config: bytes) -> bytes:
    """https://www.w3.org/TR/vc-di-eddsa/#hashing-eddsa-rdfc-2022 and #hashing-eddsa-jcs-2022:
    sha256(canonical proof configuration) ‖ sha256(transformed document), 64 bytes."""
    return hashlib.sha256(canonical_proof_config).digest() + hashlib.sha256(transformed_data).digest()


def proof_serialization(hash_data: bytes, key: Ed25519Multikey) -> bytes:
    """https://www.w3.org/TR/vc-di-eddsa/#proof-serialization-eddsa-rdfc-2022: Ed25519 (pure EdDSA,
    RFC 8032) signature of the hash data, 64 bytes."""
    return key.sign(hash_data)


def proof_verification(hash_data: bytes, proof_bytes: bytes, key: Ed25519Multikey) -> bool:
    """https://www.w3.org/TR/vc-di-eddsa/#proof-verification-eddsa-rdfc-2022"""
    return key.verify(proof_bytes, hash_data)


# -- eddsa-rdfc-2022 -------------------------------------------------------------------------------


def rdfc_transformation(unsecured_document: Mapping[str, Any], options: Mapping[str, Any]) -> bytes:
    """https://www.w3.org/TR/vc-di-eddsa/#transformation-eddsa-rdfc-2022: RDFC-1.0 canonical N-Quads
    of the document's RDF (safe mode)."""
    _check_options(options, EDDSA_RDFC_2022, ProofTransformationError)
    return rdfc.canonicalize(jsonld.to_rdf(unsecured_document)).encode("utf-8")


def canonical_proof_config_generic(proof_config: Mapping[str, Any]) -> str:
    """The proof configuration canonicalized the long way (JSON-LD expansion + RDFC-1.0)."""
    return rdfc.canonicalize(jsonld.to_rdf(proof_config))


def rdfc_proof_configuration(unsecured_document: Mapping[str, Any], options: Mapping[str, Any]) -> bytes:
    """https://www.w3.org/TR/vc-di-eddsa/#proof-configuration-eddsa-rdfc-2022: the options with the
    document's ``@context``, canonicalized (from the template when provably identical)."""
    proof_config = dict(options)
    _check_options(proof_config, EDDSA_RDFC_2022, ProofGenerationError)
    _check_created(proof_config)
    proof_config["@context"] = unsecured_document.get("@context")
    canonical = template_canonical_proof_config(proof_config)
    if canonical is None:
        canonical = canonical_proof_config_generic(proof_config)
    return canonical.encode("utf-8")


# -- eddsa-jcs-2022 --------------------------------------------------------------------------------


def jcs_transformation(unsecured_document: Mapping[str, Any], options: Mapping[str, Any]) -> bytes:
    """https://www.w3.org/TR/vc-di-eddsa/#transformation-eddsa-jcs-2022: RFC 8785 canonical JSON."""
    _check_options(options, EDDSA_JCS_2022, ProofTransformationError)
    return jcs.canonicalize(unsecured_document)


def jcs_proof_configuration(options: Mapping[str, Any]) -> bytes:
    """https://www.w3.org/TR/vc-di-eddsa/#proof-configuration-eddsa-jcs-2022: the options (with the
    ``@context`` Create Proof copied into them) in RFC 8785 canonical JSON."""
    proof_config = dict(options)
    _check_options(proof_config, EDDSA_JCS_2022, ProofGenerationError)
    _check_created(proof_config)
    return jcs.canonicalize(proof_config)


# -- create / verify -------------------------------------------------------------------------------


def create_proof(
    unsecured_document: Mapping[str, Any], options: Mapping[str, Any], key: Ed25519Multikey
) -> dict[str, Any]:
    """Create Proof: https://www.w3.org/TR/vc-di-eddsa/#create-proof-eddsa-rdfc-2022 and
    https://www.w3.org/TR/vc-di-eddsa/#create-proof-eddsa-jcs-2022."""
    suite = options.get("cryptosuite")
    proof = dict(options)
    if suite == EDDSA_RDFC_2022:
        proof_config = rdfc_proof_configuration(unsecured_document, options)
        transformed = rdfc_transformation(unsecured_document, options)
    elif suite == EDDSA_JCS_2022:
        if "@context" in unsecured_document:
            proof["@context"] = unsecured_document["@context"]
        proof_config = jcs_proof_configuration(proof)
        transformed = jcs_transformation(unsecured_document, options)
    else:
        raise UnknownCryptosuiteError(repr(suite))
    proof_bytes = proof_serialization(hashing(transformed, proof_config), key)
    proof["proofValue"] = encode_multibase_base58btc(proof_bytes)
    return proof


def decode_proof_value(proof_value: object) -> bytes:
    """The 64 signature bytes of a base58btc multibase ``proofValue``."""
    if not isinstance(proof_value, str) or not proof_value.startswith("z"):
        raise KeyFormatError("proofValue must be a base58btc multibase string")
    if len(proof_value) > _MAX_PROOF_VALUE_LENGTH:  # base58 decoding is quadratic: bound it first
        raise KeyFormatError("proofValue is too long for a 64-byte signature")
    proof_bytes = decode_multibase(proof_value)
    if len(proof_bytes) != 64:
        raise KeyFormatError("proofValue must encode 64 bytes")
    return proof_bytes


def _context_prefix_matches(secured_context: Any, proof_context: Any) -> bool:
    """Step 4.1 of https://www.w3.org/TR/vc-di-eddsa/#verify-proof-eddsa-jcs-2022: the document's
    ``@context`` starts with every value of the proof's, in the same order."""
    document_list = secured_context if isinstance(secured_context, list) else [secured_context]
    proof_list = proof_context if isinstance(proof_context, list) else [proof_context]
    return document_list[: len(proof_list)] == proof_list


def verify_proof(
    secured_document: Mapping[str, Any],
    proof: Mapping[str, Any],
    key: Ed25519Multikey,
    *,
    proof_bytes: bytes | None = None,
) -> SuiteVerification:
    """Verify Proof: https://www.w3.org/TR/vc-di-eddsa/#verify-proof-eddsa-rdfc-2022 and
    https://www.w3.org/TR/vc-di-eddsa/#verify-proof-eddsa-jcs-2022. ``secured_document`` is the document
    without ``proof`` (or with the previous proofs of a chain); ``proof`` is the one to check.
    ``proof_bytes``: its ``proofValue`` already decoded by the caller (decoded here when None)."""
    unsecured_document = dict(secured_document)
    proof_options = {name: value for name, value in proof.items() if name != "proofValue"}
    if proof_bytes is None:
        proof_bytes = decode_proof_value(proof.get("proofValue"))
    suite = proof_options.get("cryptosuite")
    if not isinstance(suite, str) or suite not in CRYPTOSUITES:
        raise UnknownCryptosuiteError(repr(suite))
    # jcs step 4.1; for rdfc the proof's context is otherwise unused, so a proof that claims a
    # different one than its document is rejected rather than ignored.
    if "@context" in proof_options and not _context_prefix_matches(
        unsecured_document.get("@context"), proof_options["@context"]
    ):
        return SuiteVerification(False, "proof_context_mismatch")
    if suite == EDDSA_RDFC_2022:
        transformed = rdfc_transformation(unsecured_document, proof_options)
        proof_config = rdfc_proof_configuration(unsecured_document, proof_options)
    else:
        if "@context" in proof_options:
            unsecured_document["@context"] = proof_options["@context"]
        transformed = jcs_transformation(unsecured_document, proof_options)
        proof_config = jcs_proof_configuration(proof_options)
    if proof_verification(hashing(transformed, proof_config), proof_bytes, key):
        return SuiteVerification(True)
    return SuiteVerification(False, "proof_invalid_signature")
