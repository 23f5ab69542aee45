"""Every verification check in plain English and French, for people rather than programs.

Each check name maps to a short title and one sentence per outcome. The problems' own details (already in
both languages, from credcore) are shown under the sentence when a check fails or warns.
"""

from __future__ import annotations

from typing import Final

__all__ = ["CHECK_WORDS", "OUTCOME_WORDS", "check_sentence", "check_title", "pick"]

Pair = tuple[str, str]

# name -> (title, {status: sentence})
CHECK_WORDS: Final[dict[str, tuple[Pair, dict[str, Pair]]]] = {
    "structure": (
        ("Format", "Format"),
        {
            "passed": ("The credential is well formed.", "Le titre est bien formé."),
            "failed": ("The credential is not well formed.", "Le titre est mal formé."),
        },
    ),
    "schema": (
        ("Open Badges 3.0", "Open Badges 3.0"),
        {
            "passed": ("It follows the Open Badges 3.0 standard.", "Il respecte la norme Open Badges 3.0."),
            "failed": (
                "It does not follow the Open Badges 3.0 standard.",
                "Il ne respecte pas la norme Open Badges 3.0.",
            ),
        },
    ),
    "proof": (
        ("Digital signature", "Signature numérique"),
        {
            "passed": (
                "The digital signature is valid: nothing was changed since it was signed.",
                "La signature numérique est valide : rien n'a été modifié depuis la signature.",
            ),
            "failed": (
                "The digital signature is not valid: the credential may have been altered or forged.",
                "La signature numérique n'est pas valide : le titre a peut-être été modifié ou contrefait.",
            ),
        },
    ),
    "issuer_key": (
        ("Issuer's key", "Clé de l'émetteur"),
        {
            "passed": (
                "The signing key belongs to the issuer named in the credential.",
                "La clé de signature appartient à l'émetteur nommé dans le titre.",
            ),
            "failed": (
                "The signing key does not belong to the issuer named in the credential.",
                "La clé de signature n'appartient pas à l'émetteur nommé dans le titre.",
            ),
        },
    ),
    "validity_window": (
        ("Validity period", "Période de validité"),
        {
            "passed": ("It is within its validity period.", "Il est dans sa période de validité."),
            "failed": ("It has expired or is not valid yet.", "Il est expiré ou pas encore valide."),
        },
    ),
    "status": (
        ("Revocation", "Révocation"),
        {
            "passed": (
                "The issuer has not revoked or suspended it.",
                "L'émetteur ne l'a ni révoqué ni suspendu.",
            ),
            "failed": (
                "It is revoked or suspended, or its status could not be checked.",
                "Il est révoqué ou suspendu, ou son statut n'a pas pu être vérifié.",
            ),
            "skipped": (
                "The issuer publishes no revocation list for it.",
                "L'émetteur ne publie aucune liste de révocation pour ce titre.",
            ),
        },
    ),
    "recipient": (
        ("Recipient", "Destinataire"),
        {
            "passed": ("It was awarded to the expected person.", "Il a été décerné à la personne attendue."),
            "failed": (
                "It was not awarded to the expected person.",
                "Il n'a pas été décerné à la personne attendue.",
            ),
            "skipped": (
                "No particular recipient was expected.",
                "Aucun destinataire particulier n'était attendu.",
            ),
        },
    ),
    "endorsements": (
        ("Endorsements", "Appuis"),
        {
            "passed": ("Every endorsement is authentic.", "Chaque appui est authentique."),
            "failed": (
                "At least one endorsement is not authentic.",
                "Au moins un appui n'est pas authentique.",
            ),
            "skipped": ("It carries no endorsements.", "Il ne comporte aucun appui."),
        },
    ),
    "issuer_trust": (
        ("Known issuer", "Émetteur connu"),
        {
            "passed": ("The issuer is known to this platform.", "L'émetteur est connu de cette plateforme."),
            "warning": (
                "The signature is valid, but the issuer is not known to this platform: check who they are "
                "before relying on it.",
                "La signature est valide, mais l'émetteur n'est pas connu de cette plateforme : vérifiez son "
                "identité avant de vous y fier.",
            ),
            "skipped": (
                "Not checked, because the signature is not valid.",
                "Non vérifié, car la signature n'est pas valide.",
            ),
        },
    ),
    "holder": (
        ("Holder", "Détenteur"),
        {
            "passed": (
                "The person presenting it signed the presentation.",
                "La personne qui le présente a signé la présentation.",
            ),
            "failed": (
                "The presentation was not signed by the person it names as holder.",
                "La présentation n'a pas été signée par la personne qu'elle nomme comme détenteur.",
            ),
        },
    ),
    "credentials": (
        ("Credentials presented", "Titres présentés"),
        {
            "passed": (
                "Every credential in the presentation verified.",
                "Chaque titre de la présentation a été vérifié.",
            ),
            "failed": ("At least one credential did not verify.", "Au moins un titre n'a pas été vérifié."),
        },
    ),
}

_GENERIC: Final[dict[str, Pair]] = {
    "passed": ("Passed.", "Réussi."),
    "failed": ("Failed.", "Échoué."),
    "warning": ("Passed with a warning.", "Réussi avec un avertissement."),
    "skipped": ("Not applicable.", "Sans objet."),
}

OUTCOME_WORDS: Final[dict[str, Pair]] = {
    "verified": ("Verified", "Vérifié"),
    "warning": ("Verified, with a warning", "Vérifié, avec un avertissement"),
    "failed": ("Not verified", "Non vérifié"),
}


def pick(pair: Pair, language: str) -> str:
    return pair[1] if language.startswith("fr") else pair[0]


def check_title(name: str, language: str) -> str:
    words = CHECK_WORDS.get(name)
    return pick(words[0], language) if words else name


def check_sentence(name: str, status: str, language: str) -> str:
    words = CHECK_WORDS.get(name)
    sentences = words[1] if words else {}
    return pick(sentences.get(status) or _GENERIC.get(status, (status, status)), language)
