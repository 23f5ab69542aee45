"""The assessment error family: a stable ``code``, English and French messages and the HTTP status the edge
maps it to. Services raise these; views turn them into a message or a 403, never the other way round."""

from __future__ import annotations

from typing import ClassVar

from microcred.errors import PlatformError


class AssessmentError(PlatformError):
    code: ClassVar[str] = "assessment_error"
    http_status: ClassVar[int] = 400
    message_en: ClassVar[str] = "The request could not be processed."
    message_fr: ClassVar[str] = "La demande n'a pas pu être traitée."


class NotAuthorized(AssessmentError):
    code = "not_authorized"
    http_status = 403
    message_en = "You do not have a role that allows this."
    message_fr = "Vous n'avez pas de rôle qui permet cette action."


class VersionNotReviewable(AssessmentError):
    code = "version_not_reviewable"
    http_status = 409
    message_en = "Only a draft or a version in review can be opened for partner review."
    message_fr = "Seule une ébauche ou une version en révision peut être soumise à l'examen des partenaires."


class NotAPartner(AssessmentError):
    code = "not_a_partner"
    message_en = "This organisation is not a partner of the micro-credential version."
    message_fr = "Cette organisation n'est pas partenaire de cette version du microtitre."


class ReviewClosed(AssessmentError):
    code = "review_closed"
    http_status = 409
    message_en = "This review is already signed off."
    message_fr = "Cet examen est déjà approuvé."


class VersionNotFrozen(AssessmentError):
    code = "version_not_frozen"
    http_status = 409
    message_en = "Sign-off is possible once the version is submitted for review (its content is then frozen)."
    message_fr = (
        "L'approbation est possible une fois la version soumise pour révision (son contenu est alors figé)."
    )


class VersionNotPublished(AssessmentError):
    code = "version_not_published"
    http_status = 409
    message_en = "Offerings can only be created for a published version."
    message_fr = "On ne peut créer une offre que pour une version publiée."


class NotAnIssuer(AssessmentError):
    code = "not_an_issuer"
    message_en = "The organisation does not issue this micro-credential."
    message_fr = "L'organisation n'émet pas ce microtitre."


class InvalidDates(AssessmentError):
    code = "invalid_dates"
    message_en = "The end date must not be before the start date."
    message_fr = "La date de fin ne peut pas précéder la date de début."


class InvalidChoice(AssessmentError):
    code = "invalid_choice"
    message_en = "One of the values is not among the allowed choices."
    message_fr = "L'une des valeurs ne fait pas partie des choix permis."


class OfferingFull(AssessmentError):
    code = "offering_full"
    http_status = 409
    message_en = "Every seat of this offering is taken."
    message_fr = "Toutes les places de cette offre sont prises."


class AlreadyEnrolled(AssessmentError):
    code = "already_enrolled"
    http_status = 409
    message_en = "This email address is already enrolled in the offering."
    message_fr = "Cette adresse courriel est déjà inscrite à cette offre."


class InvalidInvitation(AssessmentError):
    """Unknown, used and expired invitations share one code so a caller cannot probe which exist."""

    code = "invalid_invitation"
    http_status = 404
    message_en = "This invitation link is invalid, expired or already used."
    message_fr = "Ce lien d'invitation est invalide, expiré ou déjà utilisé."


class AlreadyClaimed(AssessmentError):
    code = "already_claimed"
    http_status = 409
    message_en = "This learner has already claimed the enrolment (or left the offering)."
    message_fr = "Cette personne a déjà réclamé son inscription (ou a quitté l'offre)."


class WrongAccount(AssessmentError):
    code = "wrong_account"
    http_status = 403
    message_en = "This invitation was sent to another email address; sign in with that address to claim it."
    message_fr = (
        "Cette invitation a été envoyée à une autre adresse courriel; "
        "connectez-vous avec cette adresse pour la réclamer."
    )


class AccountExists(AssessmentError):
    code = "account_exists"
    http_status = 409
    message_en = "An account already uses this email address: sign in, then open the invitation link again."
    message_fr = (
        "Un compte utilise déjà cette adresse courriel : connectez-vous, puis rouvrez le lien d'invitation."
    )


class CompetencyNotInVersion(AssessmentError):
    code = "competency_not_in_version"
    message_en = "This competency is not one of the outcomes of the offering's micro-credential version."
    message_fr = "Cette compétence ne fait pas partie des résultats de la version du microtitre de l'offre."


class InvalidResult(AssessmentError):
    code = "invalid_result"
    message_en = (
        "Give a level of this outcome's rubric, or a status (met / not met), and a score from 0 to 100."
    )
    message_fr = (
        "Indiquez un niveau de la grille de ce résultat, ou un statut (atteint / non atteint), "
        "et une note de 0 à 100."
    )


class EnrollmentWithdrawn(AssessmentError):
    code = "enrollment_withdrawn"
    http_status = 409
    message_en = "This learner has withdrawn from the offering."
    message_fr = "Cette personne s'est retirée de l'offre."


class EvidenceTooLarge(AssessmentError):
    code = "evidence_too_large"
    http_status = 413
    message_en = "The evidence file is larger than 10 MB."
    message_fr = "Le fichier de preuve dépasse 10 Mo."


class EvidenceTypeNotAllowed(AssessmentError):
    code = "evidence_type_not_allowed"
    http_status = 415
    message_en = (
        "Evidence files must be PDF, PNG, JPEG, plain text or MP4, and their content must match their name."
    )
    message_fr = (
        "Les fichiers de preuve doivent être en PDF, PNG, JPEG, texte brut ou MP4, "
        "et leur contenu doit correspondre à leur nom."
    )


class InvalidEvidenceUrl(AssessmentError):
    code = "invalid_evidence_url"
    message_en = "Evidence links must be https:// addresses."
    message_fr = "Les liens de preuve doivent être des adresses https://."


class NotEligible(AssessmentError):
    code = "award_not_eligible"
    http_status = 409
    message_en = "Not every required competency meets its required level yet."
    message_fr = "Les compétences requises n'atteignent pas encore toutes le niveau exigé."


class AlreadyAwarded(AssessmentError):
    code = "already_awarded"
    http_status = 409
    message_en = "This enrollment has already been awarded."
    message_fr = "Cette inscription a déjà mené à une attribution."
