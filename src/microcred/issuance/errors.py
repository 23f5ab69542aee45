"""The issuance error family: a stable ``code`` (what API clients match on), English and French messages and
the HTTP status the API edge maps it to. Domain code raises these; it never builds HTTP responses."""

from __future__ import annotations

from typing import ClassVar

from microcred.errors import PlatformError

__all__ = [
    "AlreadyRevoked",
    "AlreadySuspended",
    "AuthenticationRequired",
    "InvalidToken",
    "IssuanceError",
    "KeyDecryptionFailed",
    "NoActiveSigningKey",
    "NotSuspended",
    "SigningKeyNotFound",
    "UnknownOrganization",
    "UnknownStatusEntry",
    "WrongStatusPurpose",
]


class IssuanceError(PlatformError):
    code: ClassVar[str] = "issuance_error"
    http_status: ClassVar[int] = 400
    message_en: ClassVar[str] = "The issuance request could not be processed."
    message_fr: ClassVar[str] = "La demande d'émission n'a pas pu être traitée."

    def to_json(self, language: str = "en") -> dict[str, object]:
        """The API's error shape (``microcred.api``): stable code, message in ``language``, both texts."""
        return {
            "code": self.code,
            "message": self.message(language),
            "message_en": self.message_en,
            "message_fr": self.message_fr,
            "details": [],
        }


class UnknownOrganization(IssuanceError):
    code = "unknown_organization"
    http_status = 404
    message_en = "No organisation has this identifier."
    message_fr = "Aucune organisation ne porte cet identifiant."


class NoActiveSigningKey(IssuanceError):
    code = "no_active_signing_key"
    http_status = 409
    message_en = "The organisation has no active signing key."
    message_fr = "L'organisation n'a aucune clé de signature active."


class SigningKeyNotFound(IssuanceError):
    code = "signing_key_not_found"
    http_status = 404
    message_en = "This signing key does not exist for the organisation."
    message_fr = "Cette clé de signature n'existe pas pour l'organisation."


class KeyDecryptionFailed(IssuanceError):
    """Fails closed: the key-encryption key is wrong, or the sealed key was altered or moved to another
    row."""

    code = "key_decryption_failed"
    http_status = 500
    message_en = "The signing key could not be unsealed with the configured key-encryption key."
    message_fr = "La clé de signature n'a pas pu être déchiffrée avec la clé de chiffrement configurée."


class UnknownStatusEntry(IssuanceError):
    code = "unknown_status_entry"
    http_status = 404
    message_en = "This status list entry was never allocated."
    message_fr = "Cette entrée de liste de statuts n'a jamais été attribuée."


class WrongStatusPurpose(IssuanceError):
    code = "wrong_status_purpose"
    message_en = "This status list does not serve that purpose (revocation or suspension)."
    message_fr = "Cette liste de statuts ne sert pas à cet usage (révocation ou suspension)."


class AlreadyRevoked(IssuanceError):
    code = "already_revoked"
    http_status = 409
    message_en = "The credential is already revoked; revocation is permanent."
    message_fr = "Le titre est déjà révoqué; la révocation est définitive."


class AlreadySuspended(IssuanceError):
    code = "already_suspended"
    http_status = 409
    message_en = "The credential is already suspended."
    message_fr = "Le titre est déjà suspendu."


class NotSuspended(IssuanceError):
    code = "not_suspended"
    http_status = 409
    message_en = "The credential is not suspended."
    message_fr = "Le titre n'est pas suspendu."


class AuthenticationRequired(IssuanceError):
    code = "authentication_required"
    http_status = 401
    message_en = "This endpoint needs an API token: send 'Authorization: Bearer <token>'."
    message_fr = "Ce point d'accès exige un jeton d'API : envoyez « Authorization: Bearer <jeton> »."


class InvalidToken(IssuanceError):
    """Unknown, malformed and revoked tokens share one code so a caller cannot probe which tokens exist."""

    code = "invalid_token"
    http_status = 401
    message_en = "The API token is invalid or has been revoked."
    message_fr = "Le jeton d'API est invalide ou a été révoqué."


# -- credentials, VC-API and bulk issuance -----------------------------------------------------------------


class CredentialNotFound(IssuanceError):
    code = "credential_not_found"
    http_status = 404
    message_en = "No credential of this organisation has this identifier."
    message_fr = "Aucun titre de cette organisation ne porte cet identifiant."


class InvalidCredential(IssuanceError):
    code = "invalid_credential"
    message_en = "The credential is not a valid, signable credential with the standard contexts."
    message_fr = "Le titre n'est pas un titre valide et signable avec les contextes standard."


class IssuerMismatch(IssuanceError):
    code = "issuer_mismatch"
    message_en = "The credential's issuer must be omitted or be this organisation's DID."
    message_fr = "L'émetteur du titre doit être omis ou être le DID de cette organisation."


class StatusNotAllowed(IssuanceError):
    code = "credential_status_not_allowed"
    message_en = "The server adds the credential status entries; do not send credentialStatus."
    message_fr = "Le serveur ajoute les entrées de statut; n'envoyez pas credentialStatus."


class IdempotencyConflict(IssuanceError):
    code = "idempotency_conflict"
    http_status = 409
    message_en = "This idempotency key was already used for a different request."
    message_fr = "Cette clé d'idempotence a déjà servi pour une autre requête."


class InvalidStatusUpdate(IssuanceError):
    code = "invalid_status_update"
    message_en = "The status update is not valid (purpose revocation or suspension, status true or false)."
    message_fr = "La mise à jour de statut n'est pas valide (révocation ou suspension, statut vrai ou faux)."


class InvalidTransition(IssuanceError):
    code = "invalid_transition"
    http_status = 409
    message_en = "The credential's current state does not allow this change."
    message_fr = "L'état actuel du titre ne permet pas ce changement."


class VersionNotIssuable(IssuanceError):
    code = "version_not_issuable"
    message_en = "This micro-credential version is not published or this organisation does not issue it."
    message_fr = "Cette version n'est pas publiée ou cette organisation ne l'émet pas."


class InvalidRecipient(IssuanceError):
    code = "invalid_recipient"
    message_en = "The recipient needs a valid email address."
    message_fr = "Le destinataire doit avoir une adresse courriel valide."


class InvalidBatch(IssuanceError):
    code = "invalid_batch"
    message_en = "The batch could not be read: check the CSV header (email) and every row."
    message_fr = "Le lot n'a pas pu être lu : vérifiez l'en-tête CSV (email) et chaque ligne."


class BatchNotFound(IssuanceError):
    code = "batch_not_found"
    http_status = 404
    message_en = "No issuance batch of this organisation has this identifier."
    message_fr = "Aucun lot d'émission de cette organisation ne porte cet identifiant."
