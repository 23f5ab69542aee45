"""Why an imported file cannot be used: specialisations of :class:`credcore.errors.InvalidDocumentError`.

Each keeps the credential core's contract (a stable ``code``, a message in English and French) and is an
``InvalidDocumentError``, so callers that catch the family or the parent class need not know them.
"""

from __future__ import annotations

from credcore.errors import InvalidDocumentError

__all__ = [
    "InputTooLargeError",
    "MalformedImageError",
    "NoBakedCredentialError",
    "UnsupportedFormatError",
]


class InputTooLargeError(InvalidDocumentError):
    code = "input_too_large"
    message_en = "The file is too large or too deeply nested to be a credential."
    message_fr = "Le fichier est trop volumineux ou trop imbriqué pour être un titre."


class UnsupportedFormatError(InvalidDocumentError):
    code = "unsupported_format"
    message_en = (
        "The file is not a credential in a supported format (Open Badges 3.0 JSON or VC-JWT, a baked PNG or "
        "SVG badge, or an Open Badges 2.0 assertion)."
    )
    message_fr = (
        "Le fichier n'est pas un titre dans un format pris en charge (Open Badges 3.0 JSON ou VC-JWT, "
        "badge PNG ou SVG intégré, ou assertion Open Badges 2.0)."
    )


class MalformedImageError(InvalidDocumentError):
    code = "malformed_image"
    message_en = "The badge image is damaged or not a valid PNG or SVG file."
    message_fr = "L'image du badge est endommagée ou n'est pas un fichier PNG ou SVG valide."


class NoBakedCredentialError(InvalidDocumentError):
    code = "no_baked_credential"
    message_en = "The image carries no credential (it is not a baked badge)."
    message_fr = "L'image ne contient aucun titre (ce n'est pas un badge intégré)."
