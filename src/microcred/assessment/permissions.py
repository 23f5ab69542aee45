"""Who may do what, decided by ``accounts.Membership`` roles (DESIGN.md §2). One place, used by services
(which enforce) and views (which only choose between a page and a 403).

Issuing organisation = the offering's organisation; partner = an organisation in the version's ``partners``.
Assessing is a professional judgement: only assessors record results (an org admin who also
assesses holds both roles). Registrars and org admins run offerings, enrol learners and grant awards.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from microcred.accounts.models import Membership, Organization
from microcred.assessment.models import Enrollment, Evidence, Offering, PartnerReview
from microcred.catalog.models import MicroCredentialVersion

R = Membership.Role
RUN_ROLES = (R.ORG_ADMIN, R.REGISTRAR)  # offerings, enrolment, awards
VIEW_ROLES = (R.ORG_ADMIN, R.REGISTRAR, R.ASSESSOR)  # see offerings, enrollments, records, evidence
ASSESS_ROLES = (R.ASSESSOR,)
DESIGN_ROLES = (R.ORG_ADMIN, R.DESIGNER)  # open a version for partner review
ENDORSE_ROLES = (R.ORG_ADMIN, R.ENDORSER)  # a partner's comment and sign-off


def _authenticated(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False))


def has_role(user: Any, organization: Organization | int, roles: tuple[str, ...]) -> bool:
    if not _authenticated(user):
        return False
    if user.is_superuser:
        return True
    org_id = organization if isinstance(organization, int) else organization.pk
    return Membership.objects.filter(user=user, organization_id=org_id, role__in=roles).exists()


def partner_assessor_org(user: Any, version: MicroCredentialVersion) -> Organization | None:
    """The partner organisation in which ``user`` is an assessor for this version (employer assessors)."""
    if not _authenticated(user):
        return None
    return (
        version.partners.filter(memberships__user=user, memberships__role__in=ASSESS_ROLES)
        .order_by("pk")
        .first()
    )


def can_run(user: Any, offering: Offering) -> bool:
    return has_role(user, offering.organization_id, RUN_ROLES)


def can_view_offering(user: Any, offering: Offering) -> bool:
    if has_role(user, offering.organization_id, VIEW_ROLES):
        return True
    return partner_assessor_org(user, offering.version) is not None


def assessor_organization(user: Any, offering: Offering) -> Organization | None:
    """The organisation on whose behalf ``user`` assesses learners of this offering, if any."""
    if has_role(user, offering.organization_id, ASSESS_ROLES):
        return offering.organization
    return partner_assessor_org(user, offering.version)


def can_download(user: Any, evidence: Evidence) -> bool:
    enrollment = evidence.record.enrollment
    if _authenticated(user) and enrollment.user_id == user.pk:
        return True
    return can_view_offering(user, enrollment.offering)


def run_organizations(user: Any) -> QuerySet[Organization]:
    if user.is_superuser:
        return Organization.objects.all()
    return Organization.objects.filter(memberships__user=user, memberships__role__in=RUN_ROLES).distinct()


def visible_offerings(user: Any) -> QuerySet[Offering]:
    if user.is_superuser:
        return Offering.objects.all()
    own = Q(organization__memberships__user=user, organization__memberships__role__in=VIEW_ROLES)
    partner = Q(
        version__partners__memberships__user=user, version__partners__memberships__role__in=ASSESS_ROLES
    )
    return Offering.objects.filter(own | partner).distinct()


def can_open_review(user: Any, version: MicroCredentialVersion) -> bool:
    return has_role(user, version.micro_credential.owner_id, DESIGN_ROLES)


def can_endorse(user: Any, review: PartnerReview) -> bool:
    return has_role(user, review.partner_id, ENDORSE_ROLES)


def can_view_review(user: Any, version: MicroCredentialVersion) -> bool:
    """Designers of the owner see every partner's review; a partner's endorsers see theirs."""
    if can_open_review(user, version):
        return True
    return reviews_for_endorser(user, version).exists()


def reviews_for_endorser(user: Any, version: MicroCredentialVersion) -> QuerySet[PartnerReview]:
    if not _authenticated(user):
        return PartnerReview.objects.none()
    reviews = PartnerReview.objects.filter(version=version)
    if user.is_superuser:
        return reviews
    return reviews.filter(
        partner__memberships__user=user, partner__memberships__role__in=ENDORSE_ROLES
    ).distinct()


def enrollment_visible(user: Any, enrollment: Enrollment) -> bool:
    return can_view_offering(user, enrollment.offering)
