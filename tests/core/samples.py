"""A realistic Open Badges 3.0 micro-credential for the core tests (hand-written, no external source)."""

from __future__ import annotations

from typing import Any


def sample_credential() -> dict[str, Any]:
    return {
        "@context": [
            "https://www.w3.org/ns/credentials/v2",
            "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
        ],
        "id": "urn:uuid:5b2a9f3e-8c1d-4e7a-9b6f-0a1c2d3e4f50",
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "name": "Good Manufacturing Practices — Micro-credential",
        "issuer": {
            "id": "did:web:college.example",
            "type": ["Profile"],
            "name": "Example College",
            "url": "https://college.example/",
            "email": "registrar@college.example",
        },
        "validFrom": "2026-06-15T14:30:00Z",
        "validUntil": "2031-06-15T14:30:00Z",
        "credentialSubject": {
            "id": "did:example:learner-4f2c",
            "type": ["AchievementSubject"],
            "achievement": {
                "id": "https://college.example/achievements/gmp-v2",
                "type": ["Achievement"],
                "achievementType": "MicroCredential",
                "name": "Good Manufacturing Practices",
                "description": "Applies GMP in regulated food and pharmaceutical production.",
                "criteria": {"narrative": "Pass the assessed practical and the written exam (≥ 70 %)."},
                "creator": {"id": "did:web:college.example", "type": ["Profile"]},
                "inLanguage": "en",
                "alignment": [
                    {
                        "type": ["Alignment"],
                        "targetName": name,
                        "targetUrl": f"http://data.europa.eu/esco/skill/{code}",
                        "targetFramework": "ESCO",
                        "targetType": "ceasn:Competency",
                    }
                    for name, code in [
                        ("apply GMP", "9d1a2b3c-0000-4000-8000-000000000001"),
                        ("ensure quality standards", "9d1a2b3c-0000-4000-8000-000000000002"),
                        ("document procedures", "9d1a2b3c-0000-4000-8000-000000000003"),
                        ("monitor sanitation", "9d1a2b3c-0000-4000-8000-000000000004"),
                        ("follow hygiene rules", "9d1a2b3c-0000-4000-8000-000000000005"),
                    ]
                ],
                "resultDescription": [
                    {
                        "id": "urn:uuid:rd-1",
                        "type": ["ResultDescription"],
                        "name": "Practical assessment",
                        "resultType": "RubricCriterionLevel",
                        "allowedValue": ["Not yet", "Competent", "Mastery"],
                    }
                ],
            },
            "result": [
                {
                    "type": ["Result"],
                    "resultDescription": "urn:uuid:rd-1",
                    "value": "Competent",
                    "status": "Completed",
                }
            ],
            "creditsEarned": 1.5,
        },
        "evidence": [
            {
                "id": "https://college.example/evidence/123",
                "type": ["Evidence"],
                "name": "Practical log",
                "narrative": 'Line audit on 2026-05-30 "passed" with tab\tand newline\n.',
            }
        ],
        "credentialStatus": {
            "id": "https://college.example/status/1#94567",
            "type": "BitstringStatusListEntry",
            "statusPurpose": "revocation",
            "statusListIndex": "94567",
            "statusListCredential": "https://college.example/status/1",
        },
    }


def minimal_credential() -> dict[str, Any]:
    """A VC 2.0 credential whose only context is the base one (no @vocab: undefined terms are errors)."""
    return {
        "@context": ["https://www.w3.org/ns/credentials/v2"],
        "id": "urn:uuid:0c3c8d52-6b77-4c61-8c5e-cb1f0f3f2b10",
        "type": ["VerifiableCredential"],
        "issuer": "did:web:college.example",
        "validFrom": "2026-01-01T00:00:00Z",
        "credentialSubject": {"id": "did:example:learner-1", "name": "Learner One"},
    }
