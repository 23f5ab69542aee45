"""Verification results: one named :class:`Check` per step, gathered in a :class:`VerificationResult`.

Shaped after VC DM 2.0 §7.1 problem details (https://www.w3.org/TR/vc-data-model-2.0/#problem-details):
``VerificationResult.to_json()`` is ``{"verified": …, "checks": […], "problemDetails": […]}``. A failed check
always carries at least one problem; a passed or skipped one never does — results explain themselves.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

from credcore.problems import Problem

__all__ = ["Check", "CheckStatus", "VerificationResult"]

CheckStatus = Literal["passed", "failed", "skipped"]


@dataclass(frozen=True, slots=True)
class Check:
    """The outcome of one verification step. ``skipped`` only when the step legitimately does not apply."""

    name: str
    status: CheckStatus
    problems: tuple[Problem, ...] = ()
    detail: str | None = None
    results: tuple[VerificationResult, ...] = ()

    def __post_init__(self) -> None:
        if self.status == "failed" and not self.problems:
            raise ValueError(f"failed check {self.name} must explain itself with at least one problem")
        if self.status != "failed" and self.problems:
            raise ValueError(f"{self.status} check {self.name} cannot carry problems")

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "name": self.name,
            "status": self.status,
            "problems": [p.to_json() for p in self.problems],
        }
        if self.detail is not None:
            out["detail"] = self.detail
        if self.results:
            out["results"] = [result.to_json() for result in self.results]
        return out


@dataclass(frozen=True, slots=True)
class VerificationResult:
    """Every check, in procedure order; ``verified`` only when none failed."""

    checks: tuple[Check, ...]
    credential_id: str | None = field(default=None, compare=False)

    @property
    def verified(self) -> bool:
        return bool(self.checks) and all(check.status != "failed" for check in self.checks)

    @property
    def problem_details(self) -> tuple[Problem, ...]:
        return tuple(problem for check in self.checks for problem in check.problems)

    def check(self, name: str) -> Check:
        return next(check for check in self.checks if check.name == name)

    def to_json(self) -> dict[str, Any]:
        return {
            "verified": self.verified,
            "checks": [check.to_json() for check in self.checks],
            "problemDetails": [problem.to_json() for problem in self.problem_details],
        }
