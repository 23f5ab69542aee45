"""The verification API's error family: a stable ``code`` (what clients match on), English and French
messages and the HTTP status the edge maps it to. The VC-API (https://w3c.github.io/vcalm/) declares 400 for
unusable input and 413 / 429 for size and rate limits; a credential that is merely not valid is a 200 with
``verified: false``, never an error."""

from __future__ import annotations

from typing import ClassVar

from microcred.errors import PlatformError

__all__ = [
    "BatchTooLarge",
    "InvalidJson",
    "InvalidRequest",
    "PayloadTooLarge",
    "RateLimited",
    "UnsupportedInput",
    "VerificationApiError",
]


class VerificationApiError(PlatformError):
    code: ClassVar[str] = "verification_error"
    http_status: ClassVar[int] = 400
    message_en: ClassVar[str] = "The verification request could not be processed."
    message_fr: ClassVar[str] = "La demande de vérification n'a pas pu être traitée."


class InvalidJson(VerificationApiError):
    code = "invalid_json"
    message_en = "The request body is not valid JSON (UTF-8)."
    message_fr = "Le corps de la requête n'est pas du JSON valide (UTF-8)."


class InvalidRequest(VerificationApiError):
    code = "invalid_request"
    message_en = "The request does not have the expected shape."
    message_fr = "La requête n'a pas la forme attendue."


class UnsupportedInput(VerificationApiError):
    code = "unsupported_input"
    message_en = "This kind of input is not supported by this endpoint."
    message_fr = "Ce type d'entrée n'est pas pris en charge par ce point d'accès."


class PayloadTooLarge(VerificationApiError):
    code = "payload_too_large"
    http_status = 413
    message_en = "The request body is too large."
    message_fr = "Le corps de la requête est trop volumineux."


class BatchTooLarge(VerificationApiError):
    code = "batch_too_large"
    http_status = 413
    message_en = "The batch has too many credentials."
    message_fr = "Le lot contient trop de titres."


class RateLimited(VerificationApiError):
    code = "rate_limited"
    http_status = 429
    message_en = "Too many verification requests; try again shortly."
    message_fr = "Trop de demandes de vérification ; réessayez sous peu."
