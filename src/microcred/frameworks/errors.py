"""Errors raised by the frameworks domain: a stable code, an English and a French message, optional details.

Messages are carried in both languages explicitly (reference-data imports run from the command line, where no
request language exists); the API edge picks one and returns both.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with an input, located by row (CSV: line of the file, header = 1) and column."""

    code: str
    en: str
    fr: str
    row: int | None = None
    field: str = ""

    def as_dict(self) -> dict[str, object]:
        return {
            "code": self.code,
            "message_en": self.en,
            "message_fr": self.fr,
            "row": self.row,
            "field": self.field,
        }

    def render(self, language: str = "en") -> str:
        where = f"row {self.row}: " if self.row is not None else ""
        if language.startswith("fr"):
            where = f"ligne {self.row} : " if self.row is not None else ""
        column = f" [{self.field}]" if self.field else ""
        return f"{where}{self.fr if language.startswith('fr') else self.en}{column} ({self.code})"


class FrameworkError(Exception):
    """A framework operation refused its input; nothing was written."""

    def __init__(self, code: str, en: str, fr: str, problems: tuple[Problem, ...] = ()) -> None:
        super().__init__(f"{code}: {en}")
        self.code = code
        self.en = en
        self.fr = fr
        self.problems = problems

    def message(self, language: str = "en") -> str:
        return self.fr if language.startswith("fr") else self.en

    def render(self, language: str = "en") -> str:
        lines = [f"{self.message(language)} ({self.code})"]
        lines += [f"  - {problem.render(language)}" for problem in self.problems]
        return "\n".join(lines)
