"""Small constructors for named checks, so every import check explains itself the same way."""

from __future__ import annotations

from credcore.problems import Problem
from credcore.results import Check

__all__ = ["failed", "passed", "problem", "skipped"]


def problem(type_: str, code: str, title: str, detail: str, detail_fr: str) -> Problem:
    return Problem(type=type_, code=code, title=title, detail=detail, detail_fr=detail_fr)


def passed(name: str, detail: str | None = None) -> Check:
    return Check(name, "passed", (), detail)


def skipped(name: str, reason: str) -> Check:
    return Check(name, "skipped", (), reason)


def failed(name: str, *problems: Problem) -> Check:
    return Check(name, "failed", tuple(problems))
