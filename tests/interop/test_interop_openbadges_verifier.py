"""The OB 3.0 builders, status lists and verify_credential against the JavaScript reference.

What the builders produce (ESCO alignments, rubric results, evidence, status entry, an embedded
endorsement) and the status list credentials we publish verify in the reference; a credential the reference
signs passes every check of verify_credential. One verify.mjs and one sign.mjs process for the module.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from tests.core._ob_fixtures import micro_credential

from credcore import (
    BitstringStatusList,
    BitstringStatusListEntry,
    DidResolver,
    Ed25519Multikey,
    EndorsementCredential,
    EndorsementSubject,
    Profile,
    build_status_list_credential,
    sign_credential,
    verify_credential,
)

from . import reference

pytestmark = pytest.mark.interop

LIST_URL = "https://college.example.ca/status/1"
NOW = datetime(2026, 6, 1, tzinfo=UTC)


@pytest.fixture(scope="module", autouse=True)
def _reference_available() -> None:
    reference.require_reference()


def _ours() -> list[dict[str, Any]]:
    key = Ed25519Multikey.from_seed(bytes(range(32)))
    partner = Ed25519Multikey.from_seed(bytes([7]) * 32)
    endorsement = sign_credential(
        EndorsementCredential(
            id="urn:uuid:0b0b9d36-2a0e-4c39-9d57-3b1c9ad1e7f1",
            name="Industry endorsement",
            issuer=Profile(partner.controller, "Partner Manufacturing Inc."),
            subject=EndorsementSubject("https://college.example.ca/mc/gmp/v1", "Reflects job performance."),
            valid_from=datetime(2024, 1, 1, tzinfo=UTC),
        ).to_json(),
        partner,
    )
    entry = BitstringStatusListEntry(LIST_URL, 94567)
    credential = micro_credential(key.controller, status=entry, endorsements=(endorsement,)).to_json()
    status_list = build_status_list_credential(
        id=LIST_URL, issuer=key.controller, status_list=BitstringStatusList.create().set(5), ttl_ms=60_000
    )
    return [
        sign_credential(credential, key, cryptosuite="eddsa-rdfc-2022"),
        sign_credential(credential, key, cryptosuite="eddsa-jcs-2022"),
        endorsement,
        sign_credential(status_list, key),
    ]


def test_builder_credentials_and_status_lists_verify_in_the_reference() -> None:
    records = _ours()
    results = reference.run("verify.mjs", records, expect=len(records))
    assert [result["verified"] for result in results] == [True] * len(records), results


def test_reference_signed_open_badge_passes_every_check(tmp_path: Path) -> None:
    unsigned = micro_credential("did:key:replaced-by-sign-mjs").to_json()
    lines = reference.run("sign.mjs", [unsigned], "--issuer-from-key", expect=2)
    signed = lines[1]["credential"]
    assert lines[1]["ok"] is True
    result = verify_credential(signed, resolver=DidResolver(), now=NOW)
    assert result.verified, json.dumps(result.to_json(), indent=2)
