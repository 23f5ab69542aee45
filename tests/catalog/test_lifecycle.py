"""Lifecycle and immutability: services refuse invalid transitions and the models refuse in-place edits."""

from __future__ import annotations

import pytest

from microcred.catalog import services
from microcred.catalog.models import (
    AssessmentDesign,
    ImmutableVersionError,
    LearningOutcome,
    MicroCredential,
    MicroCredentialVersion,
)

from .conftest import version_input


def test_create_gives_a_draft_with_outcomes_and_derived_markers(draft):
    assert draft.status == "draft" and draft.number == 1
    assert draft.outcomes.count() == 2
    assert "assessed" in draft.marker_codes and draft.derived_osap_eligible


def test_full_lifecycle_draft_review_published_retired(published):
    mc = published.micro_credential
    mc.refresh_from_db()
    assert published.status == "published" and mc.current_version_id == published.pk
    retired = services.version_retire(version=published, actor=None)
    assert retired.status == "retired"
    mc.refresh_from_db()
    assert mc.current_version is None


def test_published_version_refuses_save_and_delete(published):
    published.title_en = "Changed in place"
    with pytest.raises(ImmutableVersionError):
        published.save()
    with pytest.raises(ImmutableVersionError):
        published.delete()
    assert MicroCredentialVersion.objects.get(pk=published.pk).title_en == "Good Manufacturing Practices"


def test_published_version_parts_refuse_changes(published):
    outcome = published.outcomes.first()
    outcome.text_en = "Changed"
    with pytest.raises(ImmutableVersionError):
        outcome.save()
    design = AssessmentDesign.objects.get(outcome=outcome)
    design.summative = False
    with pytest.raises(ImmutableVersionError):
        design.save()
    with pytest.raises(ImmutableVersionError):
        LearningOutcome(version=published, text_en="new", text_fr="nouveau").save()


def test_services_refuse_to_edit_a_published_version(published, org):
    with pytest.raises(services.CatalogError) as exc:
        services.version_update_draft(version=published, data=version_input(org, title_en="New"), actor=None)
    assert exc.value.code == "invalid_transition"


def test_a_change_is_a_new_version_and_publishing_it_retires_the_old(published, org):
    draft2 = services.version_create_next(micro_credential=published.micro_credential, actor=None)
    assert draft2.number == 2 and draft2.status == "draft" and draft2.outcomes.count() == 2
    services.version_update_draft(
        version=draft2, data=version_input(org, title_en="GMP, 2nd edition"), actor=None
    )
    services.version_submit_for_review(version=draft2, actor=None)
    services.version_publish(version=draft2, actor=None)
    published.refresh_from_db()
    assert published.status == "retired" and published.title_en == "Good Manufacturing Practices"
    assert MicroCredential.objects.get(slug="gmp").current_version.title_en == "GMP, 2nd edition"


def test_only_one_draft_at_a_time(published):
    services.version_create_next(micro_credential=published.micro_credential, actor=None)
    with pytest.raises(services.CatalogError) as exc:
        services.version_create_next(micro_credential=published.micro_credential, actor=None)
    assert exc.value.code == "draft_exists"


def test_cannot_publish_a_draft_without_review(draft):
    with pytest.raises(services.CatalogError) as exc:
        services.version_publish(version=draft, actor=None)
    assert exc.value.code == "invalid_transition"


def test_unknown_competency_writes_nothing(esco, org):
    from .conftest import outcome

    bad = version_input(org, outcomes=(outcome(uris=("http://data.europa.eu/esco/skill/does-not-exist",)),))
    with pytest.raises(services.CatalogError) as exc:
        services.microcredential_create(owner=org, slug="bad", data=bad, actor=None)
    assert exc.value.code == "unknown_competency"
    assert not MicroCredential.objects.exists() and not LearningOutcome.objects.exists()


def test_services_check_roles(esco, org, designer, outsider):
    with pytest.raises(services.CatalogError) as exc:
        services.microcredential_create(owner=org, slug="x", data=version_input(org), actor=outsider)
    assert exc.value.code == "not_authorized"
    version = services.microcredential_create(owner=org, slug="x", data=version_input(org), actor=designer)
    services.version_submit_for_review(version=version, actor=designer)
    with pytest.raises(services.CatalogError):  # designers design; only org admins publish
        services.version_publish(version=version, actor=designer)
