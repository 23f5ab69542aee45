"""Unsigned credentials the interop tests exchange with the JavaScript reference.

Each builder returns a fresh JSON object. Issuer and partner identifiers are parameters because each side
signs with its own key and a verifier checks that the issuer controls the signing key.

The edge cases are the ones where two implementations of RDFC-1.0 / JCS are known to part ways: non-ASCII
text, escaping in N-Quads (quotes, backslashes, newlines, control characters, DEL), JSON numbers that
JavaScript reads as integers (12.0) or as doubles (0.1, 1e21), and date-times with offsets and fractions.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

VC_V2 = "https://www.w3.org/ns/credentials/v2"
OB_V3 = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
# defines 1EdTechJsonSchemaValidator2019 (credentialSchema type); without it safe mode rejects the type
OB_EXTENSIONS = "https://purl.imsglobal.org/spec/ob/v3p0/extensions.json"
ESCO = "http://data.europa.eu/esco/skill/"
BASE = "https://credentials.algonquin.example"
ACHIEVEMENT = f"{BASE}/achievements/gmp-101/v2"

# ESCO v1.1.1 skills of Algonquin College's "Good Manufacturing Practices" micro-credential.
ESCO_SKILLS = (
    ("bf7a45c4-0d72-4e6e-9da7-127b2b6656b7", "apply GMP"),
    ("5ba1d5b9-3f8d-46ca-bf9f-2e9ca65d1350", "apply HACCP"),
    ("a34f4fd4-1aff-4941-82d5-542ac94f81c3", "follow hygienic procedures during food processing"),
    ("43b13058-68d0-40c6-8031-caf5a7b7d20c", "keep task records"),
    ("13f22eb5-e3a8-405a-9d89-c8124d4a239a", "good manufacturing practices"),
    ("8d4271ca-c9fd-40b3-875f-15f78332a49e", "quality standards"),
)

Json = dict[str, Any]


def minimal_vc(issuer: str) -> Json:
    """The smallest VC 2.0 credential: one context, a string issuer, a subject with an id and a name."""
    return {
        "@context": [VC_V2],
        "id": "urn:uuid:8d5e3f7a-3b0e-4f7c-9a51-1d2c3b4a5e6f",
        "type": ["VerifiableCredential"],
        "issuer": issuer,
        "validFrom": "2026-01-01T00:00:00Z",
        "credentialSubject": {"id": "did:example:learner-0001", "name": "A. Learner"},
    }


def _alignment(uuid: str, label: str) -> Json:
    return {
        "type": ["Alignment"],
        "targetName": label,
        "targetFramework": "ESCO",
        "targetType": "ceasn:Competency",
        "targetUrl": f"{ESCO}{uuid}",
    }


def _result_description(index: int, uuid: str, label: str) -> Json:
    rd = f"{ACHIEVEMENT}#competency-{index}"
    return {
        "id": rd,
        "type": ["ResultDescription"],
        "name": f"Demonstrates: {label}",
        "resultType": "RubricCriterionLevel",
        "alignment": [_alignment(uuid, label)],
        "rubricCriterionLevel": [
            {"id": f"{rd}-mastered", "type": ["RubricCriterionLevel"], "name": "Mastered", "points": "3"},
            {"id": f"{rd}-competent", "type": ["RubricCriterionLevel"], "name": "Competent", "points": "2"},
            {"id": f"{rd}-developing", "type": ["RubricCriterionLevel"], "name": "Developing", "points": "1"},
        ],
        "requiredLevel": f"{rd}-competent",
    }


def endorsement(partner: str) -> Json:
    """An industry partner's EndorsementCredential about the achievement (to be signed by the partner)."""
    return {
        "@context": [VC_V2, OB_V3],
        "id": "urn:uuid:0b7e5c1d-2f4a-4e8b-9c3d-6a5f4e3d2c1b",
        "type": ["VerifiableCredential", "EndorsementCredential"],
        "name": "Food Processing Skills Canada endorsement",
        "issuer": {"id": partner, "type": ["Profile"], "name": "Food Processing Skills Canada"},
        "validFrom": "2026-02-01T00:00:00Z",
        "credentialSubject": {
            "id": ACHIEVEMENT,
            "type": ["EndorsementSubject"],
            "endorsementComment": "The competencies are in demand; the line audit reflects job performance.",
        },
    }


def microcredential(issuer: str, *, endorsements: list[Json] | None = None) -> Json:
    """A realistic OB 3.0 micro-credential: ESCO alignments, rubric-assessed result per competency,
    evidence, a BitstringStatusListEntry, validity window, and (optionally) embedded signed endorsements."""
    assessed = ESCO_SKILLS[:4]
    achievement: Json = {
        "id": ACHIEVEMENT,
        "type": ["Achievement"],
        "achievementType": "MicroCredential",
        "name": "Good Manufacturing Practices (GMP)",
        "description": "Applies GMP and HACCP principles in regulated food and pharmaceutical production.",
        "criteria": {
            "id": f"{ACHIEVEMENT}/criteria",
            "narrative": "Pass a supervised line audit and a documented deviation investigation.",
        },
        "alignment": [_alignment(uuid, label) for uuid, label in ESCO_SKILLS],
        "resultDescription": [
            _result_description(index, uuid, label) for index, (uuid, label) in enumerate(assessed, 1)
        ],
        "creditsAvailable": 0.5,
        "inLanguage": "en-CA",
        "tag": ["manufacturing", "quality"],
    }
    if endorsements:
        achievement["endorsement"] = endorsements
    achieved = ("mastered", "competent", "mastered", "competent")
    return {
        "@context": [VC_V2, OB_V3, OB_EXTENSIONS],
        "id": "urn:uuid:2f8c4b9e-6d1a-4c3e-9b7f-0a1d2e3f4a5b",
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "name": "Good Manufacturing Practices (GMP) — micro-credential",
        "issuer": {
            "id": issuer,
            "type": ["Profile"],
            "name": "Algonquin College",
            "url": "https://www.algonquincollege.com",
            "address": {
                "type": ["Address"],
                "addressLocality": "Ottawa",
                "addressRegion": "ON",
                "addressCountryCode": "CA",
                "geo": {"type": "GeoCoordinates", "latitude": 45.35, "longitude": -75.76},
            },
        },
        "validFrom": "2026-06-12T09:30:00-04:00",
        "validUntil": "2099-06-12T23:59:59-04:00",
        "awardedDate": "2026-06-12T09:30:00-04:00",
        "credentialSubject": {
            "type": ["AchievementSubject"],
            "identifier": [
                {
                    "type": "IdentityObject",
                    "identityType": "emailAddress",
                    "hashed": True,
                    "identityHash": "sha256$4f1d7c9a0e2b3c8d5f6a7b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8b9c0d1e",
                    "salt": "q8Zt1vR3",
                }
            ],
            "achievement": achievement,
            "result": [
                {
                    "type": ["Result"],
                    "resultDescription": f"{ACHIEVEMENT}#competency-{index}",
                    "achievedLevel": f"{ACHIEVEMENT}#competency-{index}-{level}",
                    "status": "Completed",
                }
                for index, level in enumerate(achieved, 1)
            ],
            "activityStartDate": "2026-04-13",
            "activityEndDate": "2026-06-05",
            "creditsEarned": 0.5,
        },
        "evidence": [
            {
                "id": f"{BASE}/evidence/8812/line-audit",
                "type": ["Evidence"],
                "name": "Supervised line audit",
                "description": "Assessor's checklist and photos of the audited packaging line.",
                "genre": "Workplace observation",
                "audience": "Employers",
            },
            {
                "id": f"{BASE}/evidence/8812/deviation-report",
                "type": ["Evidence"],
                "name": "Deviation investigation report",
                "genre": "Written report",
            },
        ],
        "credentialSchema": [
            {
                "id": "https://purl.imsglobal.org/spec/ob/v3p0/schema/json/ob_v3p0_achievementcredential_schema.json",
                "type": "1EdTechJsonSchemaValidator2019",
            }
        ],
        "credentialStatus": {
            "id": f"{BASE}/status/3#94567",
            "type": "BitstringStatusListEntry",
            "statusPurpose": "revocation",
            "statusListIndex": "94567",
            "statusListCredential": f"{BASE}/status/3",
        },
    }


# -- edge content -------------------------------------------------------------------------------------


def _with(mutate: Callable[[Json], None]) -> Callable[[str], Json]:
    def build(issuer: str) -> Json:
        credential = microcredential(issuer)
        mutate(credential)
        return credential

    return build


def _unicode(credential: Json) -> None:
    achievement = credential["credentialSubject"]["achievement"]
    achievement["name"] = "Bonnes pratiques de fabrication (BPF) — niveau 2 ✓ 🎓👩🏽‍🔧"
    # precomposed é and e + combining acute must both survive untouched (no Unicode normalisation)
    achievement["description"] = (
        "Résumé / Re\u0301sume\u0301 · 日本語 · مرحبا · Ωμέγα · 𝔘𝔫𝔦𝔠𝔬𝔡𝔢 \u2028 \u2029 \u00a0 \ufeff"
    )
    credential["name"] = "Micro-titre de compétences — Québec 🍁"


def _quotes_backslashes_newlines(credential: Json) -> None:
    achievement = credential["credentialSubject"]["achievement"]
    achievement["description"] = 'She said "excellent" \\ C:\\path\\to\\file\\\nline 2\r\nline 3\ttabbed \\"'
    achievement["criteria"]["narrative"] = "# Criteria\n\n1. Audit\n2. Report\n\n> quoted \\n stays literal"


def _control_characters(credential: Json) -> None:
    achievement = credential["credentialSubject"]["achievement"]
    achievement["description"] = (
        "bs\u0008 ff\u000c bel\u0007 soh\u0001 us\u001f esc\u001b del\u007f vt\u000b end"
    )
    credential["evidence"][0]["description"] = "\u0008\u007f\u0001"


def _nul_character(credential: Json) -> None:
    credential["credentialSubject"]["achievement"]["description"] = "before\u0000after"


def _numbers(credential: Json) -> None:
    # JSON numbers as JavaScript reads them: 12.0 is the integer 12, 0.1 and 1e21 are doubles.
    credential["credentialSubject"]["achievement"]["creditsAvailable"] = 12.0
    credential["credentialSubject"]["creditsEarned"] = 0.1
    geo = credential["issuer"]["address"]["geo"]
    geo["latitude"] = 45.0  # untyped: xsd:integer 45 in JavaScript
    geo["longitude"] = 1e21  # untyped: xsd:double 1.0E21
    credential["credentialSubject"]["result"][0]["value"] = "12.0"


def _dates_with_offsets(credential: Json) -> None:
    credential["validFrom"] = "2026-03-08T01:59:59.123-05:00"
    credential["validUntil"] = "2099-11-02T23:00:00+14:00"
    credential["awardedDate"] = "2026-03-08T12:00:00.5+05:30"
    credential["credentialSubject"]["activityStartDate"] = "2026-01-15"


EDGE_CASES: dict[str, Callable[[str], Json]] = {
    "unicode_emoji": _with(_unicode),
    "quotes_backslashes_newlines": _with(_quotes_backslashes_newlines),
    "control_characters": _with(_control_characters),
    "nul_character": _with(_nul_character),
    "numbers_12.0_0.1_1e21": _with(_numbers),
    "dates_with_offsets": _with(_dates_with_offsets),
}


def undefined_term(issuer: str) -> Json:
    """A credential with a property no context defines: safe mode must refuse it on both sides."""
    credential = microcredential(issuer)
    credential["credentialSubject"]["favouriteColour"] = "teal"
    return credential


def deep_copy(document: Json) -> Json:
    return copy.deepcopy(document)
