"""Every valid 1EdTech example and validator fixture conforms; the broken ones fail for their reason."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest

from credcore._internal.structure import structure_problems
from credcore.openbadges import normalize_for_schema, schema_for_url, validate_schema

from ._ob_fixtures import EXAMPLES, LDP_VECTOR, VALIDATOR, load

VALID = [
    *(
        VALIDATOR / name
        for name in (
            "complete.json",
            "credential-status-revoked.json",
            "endorsement-valid.json",
            "endorsement-err-schema-status-refresh.json",  # broken only in schema URL and status method
            "simple.json",
            "simple_v1.json",
            "simple-context-alias.json",
            "simple-context-version.json",
            "simple-did-key-method.json",
            "simple-did-web-method.json",
            "simple-eddsa-2022.json",
            "simple-multiple-proofs.json",
            "simple-err-expired.json",  # schema-valid; its defect is the validity window
            "simple-err-proof-value.json",  # schema-valid; its defect is the proof
            "simple-err-proof-method.json",
            "simple-err-proof-method-no-scheme.json",
            "simple-err-proof-method-unknown-did-method.json",
            "simple-err-proof-method-unknown-scheme.json",
            "bit-string-list/credential-status-revoked.json",
            "bit-string-list/credential-status-revoked-blank-nodes.json",
        )
    ),
    *sorted(EXAMPLES.glob("*.json")),
    LDP_VECTOR / "ob-ldp-01-Credential.json",
    LDP_VECTOR / "ob-ldp-03-Signed-credential.json",
]

# fixture → (JSON pointer of the violation, keyword)
SCHEMA_ERRORS = {
    "simple-err-credential-subject-achievement-result-description-type.json": (
        "/credentialSubject/achievement/resultDescription/2/type",
        "contains",
    ),
    "simple-err-credential-subject-identifier-type.json": ("/credentialSubject/identifier/0/type", "enum"),
    "simple-err-credential-subject-profile-type.json": ("/credentialSubject/source/type", "contains"),
    "simple-err-credential-subject-result-type.json": ("/credentialSubject/result/1/type", "contains"),
    "simple-err-credential-subject-type.json": ("/credentialSubject/type", "contains"),
    "simple-err-evidence-type.json": ("/evidence/1/type", "contains"),
    "simple-err-issuer-otheridentifier-type.json": ("/issuer/otherIdentifier/1/type", "enum"),
    "simple-err-issuer-parentorg-type.json": ("/issuer/parentOrg/type", "contains"),
    "simple-err-issuer-type.json": ("/issuer/type", "contains"),
    "simple-err-issuer.json": ("/", "required"),
    "simple-err-issued.json": ("/credentialSubject", "required"),
    "simple-err-context.json": ("/@context/0", "enum"),
    # not an "err" fixture, but it has no achievement: the validator rejects it too
    "simple-noproof.json": ("/credentialSubject", "required"),
    # identityType "email" is not in IdentifierTypeEnum ("emailAddress" is)
    "complete_v1.json": ("/credentialSubject/identifier/0/identityType", "enum"),
}


def _id(path: Path) -> str:
    return f"{path.parent.name}/{path.name}"


@pytest.mark.parametrize("path", VALID, ids=_id)
def test_valid_fixture_conforms_to_schema_and_structure(path: Path) -> None:
    document = load(path)
    assert validate_schema(document) == ()
    assert structure_problems(document) == ()


@pytest.mark.parametrize("name", sorted(SCHEMA_ERRORS))
def test_broken_fixture_is_rejected_by_schema_for_its_reason(name: str) -> None:
    pointer, keyword = SCHEMA_ERRORS[name]
    violations = validate_schema(load(VALIDATOR / name))
    assert (pointer, keyword) in {(v.path, v.keyword) for v in violations}, violations


def test_wrong_credential_type_is_not_an_open_badge() -> None:
    violations = validate_schema(load(VALIDATOR / "simple-err-type.json"))
    assert [v.keyword for v in violations] == ["type"]


def test_normalisation_wraps_single_values_without_mutating_the_input() -> None:
    document = load(VALIDATOR / "simple-did-web-method.json")
    original = copy.deepcopy(document)
    document["credentialSubject"]["type"] = "AchievementSubject"
    document["issuer"]["type"] = "Profile"
    before = copy.deepcopy(document)
    normalized = normalize_for_schema(document, "achievementcredential")
    assert document == before  # untouched
    assert normalized["credentialSubject"]["type"] == ["AchievementSubject"]
    assert normalized["issuer"]["type"] == ["Profile"]
    assert isinstance(normalized["proof"], list)
    assert validate_schema(document) == ()
    assert original["proof"] == document["proof"]


def test_identity_object_type_stays_a_string() -> None:
    document = load(VALIDATOR / "complete.json")
    normalized = normalize_for_schema(document, "achievementcredential")
    assert normalized["credentialSubject"]["identifier"][0]["type"] == "IdentityObject"


def test_dates_must_carry_a_time_zone() -> None:
    document = load(VALIDATOR / "simple.json")
    document["validFrom"] = "2010-01-01T00:00:00"
    assert ("/validFrom", "format") in {(v.path, v.keyword) for v in validate_schema(document)}


def test_published_schema_urls_map_to_bundled_schemas() -> None:
    base = "https://purl.imsglobal.org/spec/ob/v3p0/schema/json/"
    assert schema_for_url(base + "ob_v3p0_achievementcredential_schema.json") == "achievementcredential"
    assert schema_for_url(base + "ob_v3p0_endorsementcredential_schema.json") == "endorsementcredential"
    assert schema_for_url("https://state.gov/schema/endorsementcredential.json") is None


def test_structure_rejects_unknown_context_and_missing_subject_identifier() -> None:
    document = load(VALIDATOR / "simple.json")
    document["@context"].append("https://example.org/unknown-context.json")
    del document["credentialSubject"]["id"]
    codes = {p.code for p in structure_problems(document)}
    assert codes == {"unknown_context", "missing_subject_identifier"}
