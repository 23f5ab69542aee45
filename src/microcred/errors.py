"""The one shape of the platform's error families (DESIGN §7.8): a stable ``code`` clients match on,
English and French messages, and the HTTP status the edge maps it to. Each app subclasses it for its own
family; domain code raises them and never builds HTTP responses."""

from __future__ import annotations

from typing import ClassVar

__all__ = ["PlatformError"]


class PlatformError(Exception):
    code: ClassVar[str] = "error"
    http_status: ClassVar[int] = 400
    message_en: ClassVar[str] = "The request could not be processed."
    message_fr: ClassVar[str] = "La demande n'a pas pu être traitée."

    def __init__(self, detail: str = "") -> None:
        self.detail = detail
        super().__init__(f"{self.code}: {self.message_en}" + (f" ({detail})" if detail else ""))

    def message(self, language: str = "en") -> str:
        return self.message_fr if language.startswith("fr") else self.message_en

    def to_json(self) -> dict[str, str]:
        return {"code": self.code, "message_en": self.message_en, "message_fr": self.message_fr}
