"""Every W3C vc-di-eddsa test vector, reproduced byte for byte (canonical document, canonical proof
configuration, both hashes, combined hash, signature, proofValue), and the spec's signed examples."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import pytest

from credcore import cryptosuites
from credcore._internal.multibase import encode_multibase_base58btc
from credcore._internal.proofconfig import template_canonical_proof_config
from credcore.dataintegrity import verify_proof
from credcore.dids import DidResolver
from credcore.jcs import canonicalize as jcs_canonicalize
from credcore.keys import Ed25519Multikey

from .conftest import FIXTURES, VECTORS, load_json, read_text
from .nquads import parse_canonical_nquads

RDFC = VECTORS / "eddsa-rdfc-2022"
JCS = VECTORS / "eddsa-jcs-2022"
CHAINS = VECTORS / "proof-set-chain"
EXAMPLES = FIXTURES / "vc-di-eddsa-examples"


def _key() -> Ed25519Multikey:
    pair = load_json(VECTORS / "keyPair.json")
    return Ed25519Multikey.from_multibase(pair["publicKeyMultibase"], pair["privateKeyMultibase"])


def _options(path: Path) -> dict[str, Any]:
    return {name: value for name, value in load_json(path).items() if name != "@context"}


def _expected(folder: Path, suffix: str) -> dict[str, str]:
    names = ["canonDoc", "proofCanon", "docHash", "proofHash", "combinedHash", "sigHex", "sigBTC58"]
    return {name: read_text(folder / f"{name}{suffix}.txt").strip() for name in names} | {
        "canonDocRaw": read_text(folder / f"canonDoc{suffix}.txt"),
        "proofCanonRaw": read_text(folder / f"proofCanon{suffix}.txt"),
    }


def test_eddsa_rdfc_2022_vector() -> None:
    expected = _expected(RDFC, "DataInt")
    document = load_json(VECTORS / "unsigned.json")
    options = _options(RDFC / "proofConfigDataInt.json")
    transformed = cryptosuites.rdfc_transformation(document, options)
    assert transformed.decode() == expected["canonDocRaw"]
    proof_config = cryptosuites.rdfc_proof_configuration(document, options)
    assert proof_config.decode() == expected["proofCanonRaw"]
    config_with_context = load_json(RDFC / "proofConfigDataInt.json")
    assert cryptosuites.canonical_proof_config_generic(config_with_context) == expected["proofCanonRaw"]
    assert template_canonical_proof_config(config_with_context) == expected["proofCanonRaw"]
    assert hashlib.sha256(transformed).hexdigest() == expected["docHash"]
    assert hashlib.sha256(proof_config).hexdigest() == expected["proofHash"]
    hash_data = cryptosuites.hashing(transformed, proof_config)
    assert hash_data.hex() == expected["combinedHash"]
    signature = cryptosuites.proof_serialization(hash_data, _key())
    assert signature.hex() == expected["sigHex"]
    assert encode_multibase_base58btc(signature) == expected["sigBTC58"]
    proof = cryptosuites.create_proof(document, options, _key())
    assert proof == load_json(RDFC / "signedDataInt.json")["proof"]


def test_eddsa_rdfc_2022_employment_vector() -> None:
    """The employment vector's context (citizenship v4rc1) is not bundled, so the JSON-LD document
    cannot be processed here (and fails closed); its canonical forms still reproduce every hash."""
    folder = RDFC / "employ"
    expected = _expected(folder, "DataInt")
    canonical = expected["canonDocRaw"]
    assert cryptosuites.rdfc.canonicalize(parse_canonical_nquads(canonical)) == canonical
    proof_canon = expected["proofCanonRaw"]
    assert cryptosuites.rdfc.canonicalize(parse_canonical_nquads(proof_canon)) == proof_canon
    config = load_json(folder / "proofConfigDataInt.json")
    assert template_canonical_proof_config(config) is None  # unknown context: never templated
    with_bundled_context = {**config, "@context": ["https://www.w3.org/ns/credentials/v2"]}
    assert template_canonical_proof_config(with_bundled_context) == proof_canon
    assert hashlib.sha256(canonical.encode()).hexdigest() == expected["docHash"]
    assert hashlib.sha256(proof_canon.encode()).hexdigest() == expected["proofHash"]
    hash_data = cryptosuites.hashing(canonical.encode(), proof_canon.encode())
    assert hash_data.hex() == expected["combinedHash"]
    signature = _key().sign(hash_data)
    assert signature.hex() == expected["sigHex"]
    assert encode_multibase_base58btc(signature) == expected["sigBTC58"]
    assert load_json(folder / "signedDataInt.json")["proof"]["proofValue"] == expected["sigBTC58"]


def test_eddsa_jcs_2022_vector() -> None:
    expected = _expected(JCS, "JCS")
    document = load_json(VECTORS / "unsigned.json")
    options = _options(JCS / "proofConfigJCS.json")
    transformed = cryptosuites.jcs_transformation(document, options)
    assert transformed.decode() == expected["canonDocRaw"].strip()
    proof_config = cryptosuites.jcs_proof_configuration(load_json(JCS / "proofConfigJCS.json"))
    assert proof_config.decode() == expected["proofCanonRaw"].strip()
    assert hashlib.sha256(transformed).hexdigest() == expected["docHash"]
    assert hashlib.sha256(proof_config).hexdigest() == expected["proofHash"]
    hash_data = cryptosuites.hashing(transformed, proof_config)
    assert hash_data.hex() == expected["combinedHash"]
    signature = cryptosuites.proof_serialization(hash_data, _key())
    assert signature.hex() == expected["sigHex"]
    assert encode_multibase_base58btc(signature) == expected["sigBTC58"]
    proof = cryptosuites.create_proof(document, options, _key())
    assert proof == load_json(JCS / "signedJCS.json")["proof"]


def test_spec_example_jcs_canonical_credential() -> None:
    document = load_json(EXAMPLES / "eddsa-12-Credential-without-Proof.json")
    canonical = json.loads((EXAMPLES / "eddsa-13-Canonical-Credential-without-Proof.json").read_text())
    assert jcs_canonicalize(document) == jcs_canonicalize(canonical)


@pytest.mark.parametrize(
    "path",
    [
        RDFC / "signedDataInt.json",
        RDFC / "employ" / "signedDataInt.json",
        JCS / "signedJCS.json",
        CHAINS / "signedProofSet1.json",
        CHAINS / "signedProofSet2.json",
        CHAINS / "signedProofChain1.json",
        CHAINS / "signedProofChain2.json",
        EXAMPLES / "eddsa-08-Signed-Credential.json",
        EXAMPLES / "eddsa-16-Signed-Credential.json",
        EXAMPLES / "eddsa-25-Signed-Proof-Set.json",
        EXAMPLES / "eddsa-30-Signed-Proof-Chain.json",
        EXAMPLES / "eddsa-35-Signed-Proof-Chain-Extended.json",
    ],
    ids=lambda path: f"{path.parent.name}/{path.name}",
)
def test_signed_vectors_verify(path: Path) -> None:
    document = load_json(path)
    check = verify_proof(document, resolver=DidResolver())
    if "employ" in str(path):  # its context is not bundled: fail closed, and say why
        assert not check.verified
        assert [problem.code for problem in check.problems] == ["unknown_context"]
        return
    assert check.verified, check.problems
    assert check.problems == ()
    assert check.verification_method is not None and check.verification_method.startswith("did:key:")
    assert check.controller is not None and check.verification_method.startswith(check.controller)


def test_legacy_proof_type_is_reported_not_verified() -> None:
    document = load_json(EXAMPLES / "eddsa-19-Signed-Credential.json")
    check = verify_proof(document, resolver=DidResolver())
    assert not check.verified
    assert [problem.code for problem in check.problems] == ["unknown_proof_type"]


def _chain_keys() -> dict[str, Ed25519Multikey]:
    pairs = load_json(CHAINS / "multiKeyPairs.json")
    keys = {}
    for pair in pairs.values():
        key = Ed25519Multikey.from_multibase(pair["publicKeyMultibase"], pair["privateKeyMultibase"])
        keys[key.id] = key
    return keys


@pytest.mark.parametrize("index", [1, 2])
def test_proof_set_vectors_are_reproduced(index: int) -> None:
    """Each proof of a set signs the unsecured document; the generic proof configuration path
    (the configurations carry an ``id``) reproduces the published proof values."""
    unsigned = load_json(CHAINS / "unsigned.json")
    options = load_json(CHAINS / f"proofSetConfig{index}.json")
    key = _chain_keys()[options["verificationMethod"]]
    proof = cryptosuites.create_proof(unsigned, options, key)
    assert proof == load_json(CHAINS / f"proofSetConfigSigned{index}.json")


def test_proof_chain_vector_is_reproduced() -> None:
    """The chained proof signs the document with its previous proofs (proofChainTempDoc)."""
    for index in (1, 2):
        temporary = load_json(CHAINS / f"proofChainTempDoc{index}.json")
        options = load_json(CHAINS / f"proofChainConfig{index}.json")
        key = _chain_keys()[options["verificationMethod"]]
        proof = cryptosuites.create_proof(temporary, options, key)
        assert proof == load_json(CHAINS / f"proofChainConfigSigned{index}.json")
