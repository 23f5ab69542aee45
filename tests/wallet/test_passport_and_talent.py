"""The skills passport (ESCO labels EN/FR, levels, issuers, groups, stacking progress) and talent search (only
opted-in learners, only chosen skills, only from verified credentials, only for employers)."""

from __future__ import annotations

import json

import pytest
from tests.issuance.conftest import GMP, HACCP, publish_version
from tests.wallet.conftest import csrf_post, external_credential, issue, signed_in

from microcred.catalog.models import MicroCredential, MicroCredentialVersion
from microcred.frameworks.models import Competency, CompetencyBroader, Occupation, OccupationCompetency
from microcred.wallet import passport, services, share_services, talent
from microcred.wallet.models import TalentSkill, WalletCredential

pytestmark = pytest.mark.django_db


@pytest.fixture
def held(learner, issued):
    gmp = Competency.objects.get(uri=GMP)
    gmp.label_fr = "appliquer les BPF"
    gmp.save()
    group = Competency.objects.create(
        framework=gmp.framework,
        uri="http://data.europa.eu/esco/skill/grp-quality",
        label_en="quality assurance",
        label_fr="assurance qualité",
        is_group=True,
    )
    CompetencyBroader.objects.create(narrower=gmp, broader=group)
    [credential] = services.credential_claim(user=learner, issued_ids=[issued.pk])
    return credential


def test_passport_lists_every_competency_with_level_issuer_and_group(learner, held):
    groups = dict(passport.passport_groups(learner, "en"))
    gmp = next(e for e in groups["quality assurance"] if e.uri == GMP)
    assert gmp.label == "apply GMP" and gmp.is_esco and gmp.verified
    assert gmp.levels == ["Competent"] and gmp.issuers == ["Algonquin College"]
    haccp = next(e for entries in groups.values() for e in entries if e.uri == HACCP)
    assert haccp.group == held.name  # not in a known ESCO group: grouped by its credential
    french = dict(passport.passport_groups(learner, "fr"))
    assert [e.label for e in french["assurance qualité"]] == ["appliquer les BPF"]


def test_passport_page_in_french(learner, held):
    page = signed_in(learner).get("/fr/wallet/passport/").content.decode()
    assert "appliquer les BPF" in page and "assurance qualité" in page and "Passeport de compétences" in page


def test_imported_alignments_join_the_passport(learner):
    document, _ = external_credential()
    services.credential_import(user=learner, data=json.dumps(document).encode())
    uris = {e.uri for e in passport.skill_entries(list(WalletCredential.objects.all()), "en")}
    assert "http://data.europa.eu/esco/skill/9d1a2b3c-0000-4000-8000-000000000001" in uris and len(uris) == 5


def test_stack_progress_counts_held_and_missing_parts(learner, org, version, held):
    other = publish_version(org, slug="haccp")
    target = MicroCredential.objects.create(slug="food-safety-certificate", owner=org)
    MicroCredentialVersion.objects.filter(pk__in=[version.pk, other.pk]).update(
        stacks_into=target, stacks_into_name_en="Food Safety Certificate", stacks_into_name_fr="Certificat"
    )
    [progress] = passport.stack_progress(learner, "en")
    assert progress.name == "Food Safety Certificate" and progress.percent == 50
    assert len(progress.held) == 1 and len(progress.missing) == 1
    second = issue(org, other, key="k-other")
    services.credential_claim(user=learner, issued_ids=[second.pk])
    assert passport.stack_progress(learner, "en")[0].percent == 100


@pytest.fixture
def opted_in(learner, held):
    share_services.talent_update(
        user=learner, opt_in=True, headline="GMP technician", skill_uris=[GMP, HACCP]
    )
    return learner


def test_talent_update_keeps_only_verified_skills(learner, held):
    share_services.talent_update(user=learner, opt_in=True, headline="", skill_uris=[GMP, "http://x/forged"])
    assert list(TalentSkill.objects.values_list("uri", flat=True)) == [GMP]


def test_employer_finds_opted_in_learner_by_skill_and_sees_only_chosen_skills(employer, opted_in):
    share_services.talent_update(user=opted_in, opt_in=True, headline="GMP technician", skill_uris=[GMP])
    [match] = talent.search(searcher=employer, skill_uris=[GMP, HACCP], language="en")
    assert match.name == "Ada Learner" and [s.uri for s in match.skills] == [GMP]
    assert talent.search(searcher=employer, skill_uris=[HACCP], language="en") == []


def test_opting_out_or_losing_verification_hides_the_learner(employer, opted_in, held):
    assert talent.search(searcher=employer, skill_uris=[GMP], language="en")
    WalletCredential.objects.filter(pk=held.pk).update(verified=False)
    assert talent.search(searcher=employer, skill_uris=[GMP], language="en") == []
    WalletCredential.objects.filter(pk=held.pk).update(verified=True)
    share_services.talent_update(user=opted_in, opt_in=False, headline="", skill_uris=[GMP])
    assert talent.search(searcher=employer, skill_uris=[GMP], language="en") == []


def test_search_by_occupation_uses_its_skills(employer, opted_in):
    gmp = Competency.objects.get(uri=GMP)
    occupation = Occupation.objects.create(
        framework=gmp.framework,
        code="8160.1",
        label_en="food production operator",
        label_fr="opérateur de production alimentaire",
    )
    OccupationCompetency.objects.create(occupation=occupation, competency=gmp, relation="essential")
    page = signed_in(employer).get("/fr/wallet/talent/search/", {"occupation": "production alimentaire"})
    body = page.content.decode()
    assert page.status_code == 200 and "Ada Learner" in body and "food production operator" in body


def test_search_page_by_skill_label(employer, opted_in):
    body = signed_in(employer).get("/en/wallet/talent/search/", {"skill": "GMP"}).content.decode()
    assert "Ada Learner" in body and "GMP technician" in body


def test_learners_cannot_search_talent(other_learner, opted_in):
    response = signed_in(other_learner).get("/en/wallet/talent/search/", {"skill": "GMP"})
    assert response.status_code == 403 and "Ada Learner" not in response.content.decode()
    assert talent.search(searcher=other_learner, skill_uris=[GMP], language="en") == []


def test_talent_settings_page_saves(learner, held):
    client = signed_in(learner)
    response = csrf_post(client, "/en/wallet/talent/", {"opt_in": "on", "headline": "Hi", "skills": [GMP]})
    assert response.status_code == 302
    assert learner.wallet_profile.__class__.objects.get(user=learner).talent_opt_in
    assert list(TalentSkill.objects.values_list("uri", flat=True)) == [GMP]


def test_only_employers_get_the_talent_search_link(employer, learner):
    assert "/en/wallet/talent/search/" in signed_in(employer).get("/en/wallet/").content.decode()
    assert "/en/wallet/talent/search/" not in signed_in(learner).get("/en/wallet/").content.decode()
