"""The OB 3.0 builders produce schema-valid credentials and refuse to build invalid objects."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime

import pytest

from credcore._internal.structure import structure_problems
from credcore.errors import InvalidDocumentError
from credcore.openbadges import (
    Achievement,
    AchievementSubject,
    Alignment,
    Criteria,
    EndorsementCredential,
    EndorsementSubject,
    IdentityObject,
    Profile,
    Result,
    ResultDescription,
    RubricCriterionLevel,
    identity_hash,
    identity_matches,
    validate_schema,
)
from credcore.status import BitstringStatusListEntry

from ._ob_fixtures import micro_credential

ISSUER = "did:web:college.example.ca"


def test_micro_credential_is_schema_valid_and_well_structured() -> None:
    entry = BitstringStatusListEntry("https://college.example.ca/status/1", 94567)
    document = micro_credential(ISSUER, status=entry).to_json()
    assert validate_schema(document) == ()
    assert structure_problems(document) == ()
    assert document["type"] == ["VerifiableCredential", "OpenBadgeCredential"]
    assert document["@context"][1] == "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
    achievement = document["credentialSubject"]["achievement"]
    assert achievement["achievementType"] == "MicroCredential"
    assert {a["targetFramework"] for a in achievement["alignment"]} == {"ESCO"}
    assert {a["targetType"] for a in achievement["alignment"]} == {"ext:ESCOSkill"}
    assert document["credentialStatus"] == {
        "id": "https://college.example.ca/status/1#94567",
        "type": "BitstringStatusListEntry",
        "statusPurpose": "revocation",
        "statusListIndex": "94567",
        "statusListCredential": "https://college.example.ca/status/1",
    }
    assert document["validFrom"] == "2024-05-01T00:00:00Z"


def test_endorsement_credential_is_schema_valid() -> None:
    endorsement = EndorsementCredential(
        id="urn:uuid:0b0b9d36-2a0e-4c39-9d57-3b1c9ad1e7f1",
        name="Industry endorsement",
        issuer=Profile("did:web:partner.example.com", "Partner Manufacturing Inc."),
        subject=EndorsementSubject("https://college.example.ca/mc/gmp/v1", "Reflects job performance."),
        valid_from=datetime(2024, 1, 1, tzinfo=UTC),
    )
    document = endorsement.to_json()
    assert validate_schema(document) == ()
    assert structure_problems(document) == ()


def test_identity_hash_matches_the_spec_example() -> None:
    # OB 3.0 §IdentityHash: 'a@example.com' salted with 'Kosher'
    expected = "sha256$b5809d8a92f8858436d7e6b87c12ebc0ae1eac4baecc2c0b913aee2c922ef399"
    assert identity_hash("a@example.com", "Kosher") == expected


def test_hashed_identity_gets_a_random_salt_and_matches_only_its_identity() -> None:
    first = IdentityObject.hashed_identity("learner@example.ca")
    second = IdentityObject.hashed_identity("learner@example.ca")
    assert first.salt and second.salt and first.salt != second.salt
    identifier = first.to_json()
    assert identity_matches(identifier, "learner@example.ca", "emailAddress")
    assert not identity_matches(identifier, "other@example.ca", "emailAddress")
    assert not identity_matches(identifier, "learner@example.ca", "userName")


def test_plaintext_identifier_matches_directly() -> None:
    identifier = {
        "type": "IdentityObject",
        "hashed": False,
        "identityHash": "a@b.c",
        "identityType": "emailAddress",
    }
    assert identity_matches(identifier, "a@b.c")
    assert not identity_matches(identifier, "A@b.c")


def _levels() -> tuple[RubricCriterionLevel, ...]:
    return (RubricCriterionLevel("urn:x:level:1", "Pass"), RubricCriterionLevel("urn:x:level:2", "Merit"))


def _achievement(*descriptions: ResultDescription) -> Achievement:
    return Achievement("urn:x:a", "A", "An achievement", Criteria("Do it."), result_descriptions=descriptions)


@pytest.mark.parametrize(
    "build",
    [
        lambda: Alignment("ESCO skill", "not a uri"),
        lambda: Alignment("x", "https://example.org", target_type="ESCOSkill"),
        lambda: Alignment.esco("https://example.org/skill/1", "x"),
        lambda: RubricCriterionLevel("urn:x:l", ""),
        lambda: ResultDescription("urn:x:rd", "R", "RubricCriterionLevel"),
        lambda: ResultDescription("urn:x:rd", "R", "Unknown"),
        lambda: ResultDescription(
            "urn:x:rd", "R", "RubricCriterionLevel", _levels(), required_level="urn:x:nope"
        ),
        lambda: ResultDescription(
            "urn:x:rd", "R", "LetterGrade", allowed_values=("A", "B"), required_value="C"
        ),
        lambda: Criteria(),
        lambda: Achievement("urn:x:a", "A", "d", Criteria("n"), achievement_type="Nanodegree"),
        lambda: Achievement("urn:x:a", "A", "d", Criteria("n"), in_language="English"),
        lambda: AchievementSubject(_achievement()),
        lambda: AchievementSubject(_achievement(), id="urn:x:s", results=(Result("urn:x:unknown"),)),
        lambda: AchievementSubject(
            _achievement(ResultDescription("urn:x:rd", "R", "RubricCriterionLevel", _levels())),
            id="urn:x:s",
            results=(Result("urn:x:rd", achieved_level="urn:x:level:9"),),
        ),
        lambda: AchievementSubject(
            _achievement(ResultDescription("urn:x:rd", "R", "Status")),
            id="urn:x:s",
            results=(Result("urn:x:rd"),),
        ),
        lambda: Result("urn:x:rd", status="Passed"),
        lambda: IdentityObject("sha256$abc", "emailAddress"),
        lambda: IdentityObject("x", "email", hashed=False),
        lambda: Profile("urn:x:p", ""),
        lambda: BitstringStatusListEntry("https://x.example/status", -1),
        lambda: BitstringStatusListEntry("https://x.example/status", 1, id="https://x.example/status"),
    ],
)
def test_invalid_objects_cannot_be_built(build: object) -> None:
    with pytest.raises(InvalidDocumentError):
        build()  # type: ignore[operator]


def test_validity_window_must_be_ordered_and_timezone_aware() -> None:
    credential = micro_credential(ISSUER)
    with pytest.raises(InvalidDocumentError):
        dataclasses.replace(credential, valid_until=datetime(2000, 1, 1, tzinfo=UTC))
    with pytest.raises(InvalidDocumentError):
        dataclasses.replace(credential, valid_from=datetime(2024, 1, 1), valid_until=None)


def test_unsigned_endorsements_are_refused() -> None:
    credential = micro_credential(ISSUER)
    with pytest.raises(InvalidDocumentError):
        dataclasses.replace(
            credential, endorsements=({"type": ["VerifiableCredential", "EndorsementCredential"]},)
        )


def test_builders_are_immutable() -> None:
    credential = micro_credential(ISSUER)
    with pytest.raises(dataclasses.FrozenInstanceError):
        credential.name = "changed"  # type: ignore[misc]


def test_esco_alignment() -> None:
    alignment = Alignment.esco("http://data.europa.eu/esco/skill/abc-123", "use GMP")
    assert alignment.to_json() == {
        "type": ["Alignment"],
        "targetName": "use GMP",
        "targetUrl": "http://data.europa.eu/esco/skill/abc-123",
        "targetFramework": "ESCO",
        "targetType": "ext:ESCOSkill",
        "targetCode": "abc-123",
    }
