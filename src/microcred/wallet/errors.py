"""The wallet error family: a stable ``code``, English and French messages and the HTTP status the edge maps
it to. Services raise these; views and the API turn them into a message, a 4xx page or a JSON problem."""

from __future__ import annotations

from typing import ClassVar

from microcred.errors import PlatformError


class WalletError(PlatformError):
    code: ClassVar[str] = "wallet_error"
    http_status: ClassVar[int] = 400
    message_en: ClassVar[str] = "The request could not be processed."
    message_fr: ClassVar[str] = "La demande n'a pas pu être traitée."


class NotFound(WalletError):
    code = "wallet_not_found"
    http_status = 404
    message_en = "There is nothing here, or it is not yours."
    message_fr = "Il n'y a rien ici, ou cela ne vous appartient pas."


class EmailNotVerified(WalletError):
    code = "email_not_verified"
    http_status = 403
    message_en = "Confirm your email address first: credentials issued to it can then be claimed."
    message_fr = (
        "Confirmez d'abord votre adresse courriel : vous pourrez ensuite réclamer les titres émis à son nom."
    )


class InvalidVerificationLink(WalletError):
    code = "invalid_verification_link"
    http_status = 404
    message_en = "This confirmation link is invalid or has expired."
    message_fr = "Ce lien de confirmation est invalide ou a expiré."


class NotClaimable(WalletError):
    code = "not_claimable"
    http_status = 404
    message_en = "This credential was not issued to your verified email address."
    message_fr = "Ce titre n'a pas été émis à votre adresse courriel vérifiée."


class Duplicate(WalletError):
    code = "duplicate_credential"
    http_status = 409
    message_en = "This credential is already in your wallet."
    message_fr = "Ce titre est déjà dans votre portefeuille."


class UnusableInput(WalletError):
    code = "unusable_input"
    http_status = 422
    message_en = (
        "This is not a credential we can read (Open Badges 3.0 or 2.0, VC-JWT, or a baked PNG or SVG)."
    )
    message_fr = (
        "Ce n'est pas un titre que nous savons lire (Open Badges 3.0 ou 2.0, VC-JWT, ou une image PNG ou SVG "
        "contenant un titre)."
    )


class TooLarge(WalletError):
    code = "input_too_large"
    http_status = 413
    message_en = "The file is too large (2 MB at most)."
    message_fr = "Le fichier est trop volumineux (2 Mo au plus)."


class NothingChosen(WalletError):
    code = "nothing_chosen"
    message_en = "Choose at least one credential."
    message_fr = "Choisissez au moins un titre."


class InvalidExpiry(WalletError):
    code = "invalid_expiry"
    message_en = "The expiry must be between 1 and 365 days."
    message_fr = "L'expiration doit être comprise entre 1 et 365 jours."


class AlreadyRevoked(WalletError):
    code = "share_already_revoked"
    http_status = 409
    message_en = "This link is already revoked."
    message_fr = "Ce lien est déjà révoqué."


class WrongPassword(WalletError):
    code = "wrong_password"
    http_status = 403
    message_en = "The password is not correct."
    message_fr = "Le mot de passe est incorrect."


class NotAnEmployer(WalletError):
    code = "not_an_employer"
    http_status = 403
    message_en = "Talent search is open to members of an employer or industry organisation."
    message_fr = (
        "La recherche de talents est réservée aux membres d'un employeur ou d'un organisme sectoriel."
    )


class EmailTaken(WalletError):
    code = "email_taken"
    http_status = 409
    message_en = "An account with this email address already exists. Sign in instead."
    message_fr = "Un compte existe déjà avec cette adresse courriel. Connectez-vous plutôt."
