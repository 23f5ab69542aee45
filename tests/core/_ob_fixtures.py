"""Helpers for the Open Badges / status / verifier tests: fixture loading and issuer documents."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from credcore.dids import DidResolver

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
VALIDATOR = FIXTURES / "1edtech" / "validator-ob30"
EXAMPLES = FIXTURES / "1edtech" / "ob_v3p0-examples"
LDP_VECTOR = FIXTURES / "1edtech" / "ob_v3p0-impl-ldp-test-vector"
BSL_EXAMPLES = FIXTURES / "w3c" / "bitstring-status-list-examples"

# The key the 1EdTech fixtures are signed with (public half only; published in the fixtures).
TEST_KEY = "z6MkjZRZv3aez3r18pB1RBFJR1kwUVJ5jHt92JmQwXbd5hwi"


def load(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))


def controller_document(vm_id: str) -> dict[str, Any]:
    """The issuer's controller document for a ``<issuer URL>#<publicKeyMultibase>`` verification method,
    as the issuer would publish it (the key listed in assertionMethod)."""
    controller, _, key = vm_id.partition("#")
    return {
        "@context": ["https://www.w3.org/ns/did/v1", "https://w3id.org/security/multikey/v1"],
        "id": controller,
        "verificationMethod": [
            {"id": vm_id, "type": "Multikey", "controller": controller, "publicKeyMultibase": key}
        ],
        "assertionMethod": [vm_id],
    }


def issuers_resolver(*issuers: str, key: str = TEST_KEY) -> DidResolver:
    """A resolver that knows each issuer URL's controller document, with ``key`` as its signing key."""
    return DidResolver(documents={issuer: controller_document(f"{issuer}#{key}") for issuer in issuers})


def resolver_for(credential: dict[str, Any]) -> DidResolver:
    """A resolver holding the controller document of every verification method named in the proofs."""
    proofs = credential.get("proof", [])
    documents = {}
    for proof in proofs if isinstance(proofs, list) else [proofs]:
        vm = proof.get("verificationMethod", "")
        if "#" in vm and not vm.startswith("did:"):
            documents[vm.partition("#")[0]] = controller_document(vm)
    return DidResolver(documents=documents)


def micro_credential(
    issuer_id: str, *, status: Any = None, endorsements: tuple[dict[str, Any], ...] = ()
) -> Any:
    """A realistic OB 3.0 micro-credential built with the model builders (ESCO alignments, rubric
    results per competency, evidence, optional status entry and endorsements)."""
    from datetime import UTC, datetime

    from credcore.openbadges import (
        Achievement,
        AchievementCredential,
        AchievementSubject,
        Alignment,
        Criteria,
        Evidence,
        IdentityObject,
        Profile,
        Result,
        ResultDescription,
        RubricCriterionLevel,
    )

    base = "https://college.example.ca/mc/gmp"

    def levels(index: int) -> tuple[Any, ...]:
        # one rubric per competency, each level with its own id (JSON-LD merges nodes that share an id)
        return tuple(
            RubricCriterionLevel(f"{base}/results/{index}/levels/{level.lower()}", level, level=level)
            for level in ("Developing", "Proficient", "Exemplary")
        )

    skills = (
        ("http://data.europa.eu/esco/skill/5a2ddd42-5f1d-4a3b-a4e6-0f7c5e7a6b2b", "apply GMP"),
        ("http://data.europa.eu/esco/skill/1b3a5a7e-0a5e-4b7b-9d8d-3a6f5f2c1d9e", "document procedures"),
    )
    descriptions = tuple(
        ResultDescription(
            f"{base}/results/{index}",
            name,
            "RubricCriterionLevel",
            rubric_levels=levels(index),
            required_level=levels(index)[1].id,
            alignments=(Alignment.esco(uri, name),),
        )
        for index, (uri, name) in enumerate(skills)
    )
    achievement = Achievement(
        id=f"{base}/v1",
        name="Good Manufacturing Practices",
        description="Apply GMP in a regulated manufacturing setting.",
        criteria=Criteria(narrative="Demonstrate each competency at the Proficient level or above."),
        alignments=tuple(Alignment.esco(uri, name) for uri, name in skills),
        result_descriptions=descriptions,
        credits_available=1.5,
        in_language="en",
    )
    subject = AchievementSubject(
        achievement=achievement,
        identifiers=(IdentityObject.hashed_identity("learner@example.ca", salt="pepper"),),
        results=tuple(Result(d.id, achieved_level=d.rubric_levels[2].id) for d in descriptions),
    )
    return AchievementCredential(
        id="urn:uuid:2f0a6d36-0f0e-4c39-9d57-3b1c9ad1e7f1",
        name="Good Manufacturing Practices",
        issuer=Profile(issuer_id, "Algonquin College (example)", url="https://college.example.ca"),
        subject=subject,
        valid_from=datetime(2024, 5, 1, tzinfo=UTC),
        valid_until=datetime(2034, 5, 1, tzinfo=UTC),
        evidence=(Evidence(id="https://college.example.ca/evidence/42", name="Practical assessment"),),
        credential_status=status,
        endorsements=endorsements,
    )
