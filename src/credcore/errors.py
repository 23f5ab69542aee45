"""The credential core's single error family.

Every error has a stable ``code`` (what API clients match on) and a human message in English and
French. The web layer maps codes to HTTP statuses at the edge; the core never knows about HTTP.
"""

from __future__ import annotations

from typing import ClassVar

__all__ = [
    "CredcoreError",
    "CryptoError",
    "InvalidDocumentError",
    "KeyFormatError",
    "ResolutionError",
    "SafeModeError",
    "UnknownContextError",
]


class CredcoreError(Exception):
    """Base of every error the credential core raises on purpose."""

    code: ClassVar[str] = "credcore_error"
    message_en: ClassVar[str] = "The credential could not be processed."
    message_fr: ClassVar[str] = "Le titre n'a pas pu être traité."

    def __init__(self, detail: str = "") -> None:
        self.detail = detail
        super().__init__(f"{self.code}: {self.message_en}" + (f" ({detail})" if detail else ""))

    def message(self, language: str = "en") -> str:
        base = self.message_fr if language.startswith("fr") else self.message_en
        return f"{base} ({self.detail})" if self.detail else base


class UnknownContextError(CredcoreError):
    code = "unknown_context"
    message_en = "The document uses a JSON-LD context that is not bundled with the platform."
    message_fr = "Le document utilise un contexte JSON-LD qui n'est pas fourni avec la plateforme."


class SafeModeError(CredcoreError):
    code = "safe_mode_violation"
    message_en = (
        "The document contains data that its contexts do not define (an undefined term, a relative IRI "
        "or a number that cannot be represented exactly)."
    )
    message_fr = (
        "Le document contient des données que ses contextes ne définissent pas (terme non défini, IRI "
        "relative ou nombre non représentable exactement)."
    )


class InvalidDocumentError(CredcoreError):
    code = "invalid_document"
    message_en = "The document is not a well-formed credential."
    message_fr = "Le document n'est pas un titre bien formé."


class KeyFormatError(CredcoreError):
    code = "invalid_key"
    message_en = "The key is not a valid Ed25519 Multikey."
    message_fr = "La clé n'est pas une clé Multikey Ed25519 valide."


class ResolutionError(CredcoreError):
    code = "resolution_failed"
    message_en = "The verification method or DID could not be resolved."
    message_fr = "La méthode de vérification ou le DID n'a pas pu être résolu."


class CryptoError(CredcoreError):
    code = "crypto_error"
    message_en = "A cryptographic operation failed."
    message_fr = "Une opération cryptographique a échoué."
