"""The 'warning' check outcome (ADR 0063): it explains itself, does not fail the result, and its problems are
reported as VC-API warnings, never as errors; results without warnings serialise exactly as before."""

from __future__ import annotations

import pytest

from credcore.problems import MALFORMED_VALUE_ERROR, Problem
from credcore.results import Check, VerificationResult

UNKNOWN = Problem(MALFORMED_VALUE_ERROR, "issuer_not_known", "Issuer not known", "unknown", "inconnu")
BROKEN = Problem(MALFORMED_VALUE_ERROR, "bad", "Bad", "bad", "mauvais")


def test_warning_needs_a_problem_and_passed_cannot_have_one() -> None:
    with pytest.raises(ValueError):
        Check("issuer_trust", "warning")
    with pytest.raises(ValueError):
        Check("issuer_trust", "passed", (UNKNOWN,))


def test_warning_keeps_verified_and_is_listed_apart() -> None:
    result = VerificationResult((Check("proof", "passed"), Check("issuer_trust", "warning", (UNKNOWN,))))
    assert result.verified
    assert result.problem_details == () and result.warnings == (UNKNOWN,)
    body = result.to_json()
    assert body["problemDetails"] == [] and [w["code"] for w in body["warnings"]] == ["issuer_not_known"]


def test_errors_and_warnings_together() -> None:
    result = VerificationResult((Check("proof", "failed", (BROKEN,)),)).with_check(
        Check("issuer_trust", "warning", (UNKNOWN,))
    )
    assert not result.verified
    assert result.problem_details == (BROKEN,) and result.warnings == (UNKNOWN,)
    assert [c.name for c in result.checks] == ["proof", "issuer_trust"]


def test_no_warnings_key_without_warnings() -> None:
    body = VerificationResult((Check("proof", "passed"),), "urn:x").to_json()
    assert set(body) == {"verified", "checks", "problemDetails"}
