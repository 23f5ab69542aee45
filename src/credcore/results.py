"""Verification results: one named :class:`Check` per step, gathered in a :class:`VerificationResult`.

Shaped after VC DM 2.0 §7.1 problem details (https://www.w3.org/TR/vc-data-model-2.0/#problem-details):
``VerificationResult.to_json()`` is ``{"verified": …, "checks": […], "problemDetails": […]}``. A failed check
always carries at least one problem; a passed or skipped one never does — results explain themselves.

A ``warning`` check (e.g. an issuer the verifier does not know) also carries at least one problem, but does
not fail the result: per the VC-API's errors-versus-warnings rule (https://w3c.github.io/vcalm/, "Verification
Errors vs. Warnings") its problems are listed under ``warnings``, never under ``problemDetails``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

from credcore.problems import Problem

__all__ = ["Check", "CheckStatus", "VerificationResult"]

CheckStatus = Literal["passed", "failed", "skipped", "warning"]


@dataclass(frozen=True, slots=True)
class Check:
    """The outcome of one verification step. ``skipped`` only when the step legitimately does not apply."""

    name: str
    status: CheckStatus
    problems: tuple[Problem, ...] = ()
    detail: str | None = None
    results: tuple[VerificationResult, ...] = ()

    def __post_init__(self) -> None:
        if self.status in ("failed", "warning") and not self.problems:
            raise ValueError(f"{self.status} check {self.name} must explain itself with at least one problem")
        if self.status not in ("failed", "warning") and self.problems:
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
        """The errors: problems of failed checks (warnings are in :attr:`warnings`)."""
        return tuple(
            problem for check in self.checks if check.status != "warning" for problem in check.problems
        )

    @property
    def warnings(self) -> tuple[Problem, ...]:
        """Problems that do not prevent verification (``warning`` checks)."""
        return tuple(
            problem for check in self.checks if check.status == "warning" for problem in check.problems
        )

    def with_check(self, check: Check) -> VerificationResult:
        """This result with one more check appended (e.g. a platform's issuer-trust check)."""
        return VerificationResult((*self.checks, check), self.credential_id)

    def check(self, name: str) -> Check:
        return next(check for check in self.checks if check.name == name)

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "verified": self.verified,
            "checks": [check.to_json() for check in self.checks],
            "problemDetails": [problem.to_json() for problem in self.problem_details],
        }
        if any(check.status == "warning" for check in self.checks):
            out["warnings"] = [problem.to_json() for problem in self.warnings]
        return out
