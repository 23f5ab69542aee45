"""Writes to the catalog: ``<noun>_<verb>``, keyword-only, one transaction each (DESIGN.md §7.6).

Lifecycle: draft → in_review → published → retired. Only drafts are edited; a published version is frozen, and
a
change starts a new draft copied from it (``version_create_next``). Publishing a version retires the one it
replaces, so a micro-credential has at most one published version at any time.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from microcred.accounts.models import Membership, Organization
from microcred.catalog import choices as c
from microcred.catalog.inputs import OutcomeInput, VersionInput
from microcred.catalog.markers import compute_markers, compute_osap
from microcred.catalog.models import (
    AssessmentDesign,
    Endorsement,
    LearningOutcome,
    MicroCredential,
    MicroCredentialVersion,
    OutcomeCompetency,
)
from microcred.catalog.search_index import search_entry_sync

DESIGN_ROLES = (Membership.Role.ORG_ADMIN, Membership.Role.DESIGNER)
PUBLISH_ROLES = (Membership.Role.ORG_ADMIN,)


@dataclass(frozen=True)
class CatalogError(Exception):
    """A domain rule refused the write. ``code`` is stable; ``message`` is translatable."""

    code: str
    message: str

    def __str__(self) -> str:
        return f"{self.code}: {self.message}"


_SCALAR_FIELDS = (
    "title_en", "title_fr", "description_en", "description_fr", "subject_webpage", "purpose", "delivery_mode",
    "pace", "interaction", "credential_form", "effort_hours", "effort_weeks", "cost_cad", "credits",
    "transcript_equivalence_en", "transcript_equivalence_fr", "validity_months", "ministry_approved",
    "quality_assured", "quality_assurance_body", "accreditation_body", "stacks_into_id",
    "stacks_into_name_en", "stacks_into_name_fr", "extra",
)  # fmt: skip


def user_has_role(*, user: object, organization: Organization, roles: tuple[str, ...]) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    if getattr(user, "is_superuser", False):
        return True
    return Membership.objects.filter(user=user, organization=organization, role__in=roles).exists()


def _require_role(actor: object, organization: Organization, roles: tuple[str, ...]) -> None:
    if actor is not None and not user_has_role(user=actor, organization=organization, roles=roles):
        raise CatalogError(
            "not_authorized", str(_("You do not have a role that allows this for this organisation."))
        )


def _require_status(version: MicroCredentialVersion, *allowed: str) -> None:
    if version.status not in allowed:
        raise CatalogError(
            "invalid_transition",
            str(
                _("This version is %(status)s; that action is not possible now.") % {"status": version.status}
            ),
        )


@transaction.atomic
def microcredential_create(
    *, owner: Organization, slug: str, data: VersionInput, actor: object | None
) -> MicroCredentialVersion:
    """Create a micro-credential and its first draft version. ``actor=None`` is a trusted system caller."""
    _require_role(actor, owner, DESIGN_ROLES)
    if MicroCredential.objects.filter(slug=slug).exists():
        raise CatalogError(
            "slug_taken", str(_("That identifier is already used by another micro-credential."))
        )
    micro_credential = MicroCredential.objects.create(slug=slug, owner=owner)
    version = MicroCredentialVersion(
        micro_credential=micro_credential, number=1, created_by=_user_or_none(actor)
    )
    _apply(version, data)
    return version


@transaction.atomic
def version_update_draft(
    *, version: MicroCredentialVersion, data: VersionInput, actor: object | None
) -> MicroCredentialVersion:
    version = MicroCredentialVersion.objects.select_for_update().get(pk=version.pk)
    _require_role(actor, version.micro_credential.owner, DESIGN_ROLES)
    _require_status(version, c.Lifecycle.DRAFT)
    _apply(version, data)
    return version


def _user_or_none(actor: object | None) -> object | None:
    return actor if getattr(actor, "is_authenticated", False) else None


def _apply(version: MicroCredentialVersion, data: VersionInput) -> None:
    for name in _SCALAR_FIELDS:
        setattr(version, name, getattr(data, name))
    version.languages = ",".join(sorted(set(data.languages)))
    version.full_clean(
        exclude=["micro_credential", "issuers", "partners", "target_occupations", "created_by"]
    )
    version.save()
    version.issuers.set(_organizations(data.issuer_ids))
    version.partners.set(_organizations(data.partner_ids))
    version.target_occupations.set(data.occupation_ids)
    if data.outcomes is not None:
        version.outcomes.all().delete()
        for position, outcome in enumerate(data.outcomes):
            _create_outcome(version, position, outcome)
    version_refresh_derived(version=version)


def _organizations(ids: tuple[int, ...]) -> list[Organization]:
    found = list(Organization.objects.filter(pk__in=ids))
    if len(found) != len(set(ids)):
        raise CatalogError("unknown_organization", str(_("One of the organisations does not exist.")))
    return found


def _create_outcome(version: MicroCredentialVersion, position: int, data: OutcomeInput) -> None:
    from microcred.frameworks.models import Competency

    outcome = LearningOutcome.objects.create(
        version=version, position=position, text_en=data.text_en, text_fr=data.text_fr
    )
    uris = [uri for uri, _kind in data.competencies]
    by_uri = {comp.uri: comp for comp in Competency.objects.filter(uri__in=uris)}
    missing = sorted(set(uris) - set(by_uri))
    if missing:
        raise CatalogError(
            "unknown_competency",
            str(
                _("These competencies are not in any imported framework: %(uris)s")
                % {"uris": ", ".join(missing)}
            ),
        )
    seen: set[str] = set()
    for uri, kind in data.competencies:
        if uri not in seen:
            seen.add(uri)
            OutcomeCompetency.objects.create(outcome=outcome, competency=by_uri[uri], kind=kind)
    if data.assessment is not None:
        a = data.assessment
        AssessmentDesign.objects.create(
            outcome=outcome,
            method=a.method,
            evidence_required_en=a.evidence_required_en,
            evidence_required_fr=a.evidence_required_fr,
            rubric_levels=list(a.rubric_levels),
            required_level=a.required_level,
            indicator=a.indicator,
            summative=a.summative,
        )


def version_refresh_derived(*, version: MicroCredentialVersion) -> None:
    """Recompute the cached markers and OSAP flag from the data (allowed at any status), and bring the search
    index in line with the version (``search_index.search_entry_sync``)."""
    markers = compute_markers(version)
    version.derived_markers = ",".join(m.code for m in markers if m.met)
    version.derived_osap_eligible = compute_osap(version).eligible
    fields = ["derived_markers", "derived_osap_eligible"]
    MicroCredentialVersion.objects.filter(pk=version.pk).update(**{f: getattr(version, f) for f in fields})
    search_entry_sync(version=version)


@transaction.atomic
def version_submit_for_review(
    *, version: MicroCredentialVersion, actor: object | None
) -> MicroCredentialVersion:
    version = MicroCredentialVersion.objects.select_for_update().get(pk=version.pk)
    _require_role(actor, version.micro_credential.owner, DESIGN_ROLES)
    _require_status(version, c.Lifecycle.DRAFT)
    if not version.outcomes.exists():
        raise CatalogError(
            "no_outcomes", str(_("Add at least one learning outcome before submitting for review."))
        )
    version.status = c.Lifecycle.IN_REVIEW
    version.submitted_at = timezone.now()
    version.save(update_fields=["status", "submitted_at", "updated_at"])
    return version


@transaction.atomic
def version_return_to_draft(
    *, version: MicroCredentialVersion, actor: object | None
) -> MicroCredentialVersion:
    version = MicroCredentialVersion.objects.select_for_update().get(pk=version.pk)
    _require_role(actor, version.micro_credential.owner, DESIGN_ROLES)
    _require_status(version, c.Lifecycle.IN_REVIEW)
    version.status = c.Lifecycle.DRAFT
    version.save(update_fields=["status", "updated_at"])
    return version


@transaction.atomic
def version_publish(*, version: MicroCredentialVersion, actor: object | None) -> MicroCredentialVersion:
    """Publish a reviewed version; the version it replaces is retired in the same transaction."""
    micro_credential = MicroCredential.objects.select_for_update().get(pk=version.micro_credential_id)
    version = MicroCredentialVersion.objects.select_for_update().get(pk=version.pk)
    _require_role(actor, micro_credential.owner, PUBLISH_ROLES)
    _require_status(version, c.Lifecycle.IN_REVIEW)
    now = timezone.now()
    for previous in micro_credential.versions.filter(status=c.Lifecycle.PUBLISHED).order_by("pk"):
        previous.status = c.Lifecycle.RETIRED
        previous.retired_at = now
        previous.save(update_fields=["status", "retired_at", "updated_at"])
        search_entry_sync(version=previous)
    version_refresh_derived(version=version)
    version.status = c.Lifecycle.PUBLISHED
    version.published_at = now
    version.save(update_fields=["status", "published_at", "updated_at"])
    search_entry_sync(version=version)
    micro_credential.current_version = version
    micro_credential.save(update_fields=["current_version"])
    return version


@transaction.atomic
def version_retire(*, version: MicroCredentialVersion, actor: object | None) -> MicroCredentialVersion:
    micro_credential = MicroCredential.objects.select_for_update().get(pk=version.micro_credential_id)
    version = MicroCredentialVersion.objects.select_for_update().get(pk=version.pk)
    _require_role(actor, micro_credential.owner, PUBLISH_ROLES)
    _require_status(version, c.Lifecycle.PUBLISHED)
    version.status = c.Lifecycle.RETIRED
    version.retired_at = timezone.now()
    version.save(update_fields=["status", "retired_at", "updated_at"])
    search_entry_sync(version=version)
    micro_credential.current_version = None
    micro_credential.save(update_fields=["current_version"])
    return version


@transaction.atomic
def version_create_next(*, micro_credential: MicroCredential, actor: object | None) -> MicroCredentialVersion:
    """Start a new draft copied from the latest version: how a published micro-credential is changed."""
    micro_credential = MicroCredential.objects.select_for_update().get(pk=micro_credential.pk)
    _require_role(actor, micro_credential.owner, DESIGN_ROLES)
    if micro_credential.versions.filter(status__in=[c.Lifecycle.DRAFT, c.Lifecycle.IN_REVIEW]).exists():
        raise CatalogError("draft_exists", str(_("A draft or a version in review already exists.")))
    source = micro_credential.versions.order_by("-number").first()
    if source is None:
        raise CatalogError("no_version", str(_("There is no version to copy.")))
    copy = MicroCredentialVersion(
        micro_credential=micro_credential, number=source.number + 1, created_by=_user_or_none(actor)
    )
    for name in (*_SCALAR_FIELDS, "languages"):
        setattr(copy, name, getattr(source, name))
    copy.save()
    copy.issuers.set(source.issuers.all())
    copy.partners.set(source.partners.all())
    copy.target_occupations.set(source.target_occupations.all())
    for outcome in source.outcomes.prefetch_related("competency_links").select_related("assessment"):
        _copy_outcome(copy, outcome)
    version_refresh_derived(version=copy)
    return copy


def _copy_outcome(version: MicroCredentialVersion, outcome: LearningOutcome) -> None:
    new = LearningOutcome.objects.create(
        version=version, position=outcome.position, text_en=outcome.text_en, text_fr=outcome.text_fr
    )
    for link in outcome.competency_links.all():
        OutcomeCompetency.objects.create(outcome=new, competency_id=link.competency_id, kind=link.kind)
    design = getattr(outcome, "assessment", None)
    if design is not None:
        design.pk = None
        design.outcome = new
        design.save()


@transaction.atomic
def endorsement_record(
    *, version: MicroCredentialVersion, organization: Organization, statement_en: str, statement_fr: str,
    endorsed_on: object, actor: object | None,
) -> Endorsement:  # fmt: skip
    """A partner signs off on a version; the endorsement is attached, the version itself is untouched."""
    _require_role(actor, organization, (Membership.Role.ENDORSER, Membership.Role.ORG_ADMIN))
    endorsement, _created = Endorsement.objects.update_or_create(
        version=version,
        organization=organization,
        defaults={"statement_en": statement_en, "statement_fr": statement_fr, "endorsed_on": endorsed_on},
    )
    version_refresh_derived(version=version)
    return endorsement
