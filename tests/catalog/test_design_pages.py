"""Design pages: who may do what (admin, designer, outsider, anonymous); bad input writes nothing."""

from __future__ import annotations

import pytest

from microcred.catalog.models import LearningOutcome, MicroCredential, MicroCredentialVersion

from .conftest import GMP


def _login(client, user):
    client.force_login(user)
    client.get("/en/design/")  # sets the CSRF cookie
    return client.cookies["csrftoken"].value if "csrftoken" in client.cookies else ""


def _form(org, **overrides):
    data = {
        "owner": org.pk,
        "slug": "new-gmp",
        "title_en": "GMP",
        "title_fr": "BPF",
        "description_en": "About GMP.",
        "description_fr": "Au sujet des BPF.",
        "issuers": [org.pk],
        "purpose": "technical",
        "delivery_mode": "online",
        "pace": "fixed",
        "interaction": "cohort",
        "credential_form": "digital",
        "effort_hours": "20",
        "effort_weeks": "4",
        "cost_cad": "100.00",
        "languages": ["en", "fr"],
        "outcomes-TOTAL_FORMS": "1",
        "outcomes-INITIAL_FORMS": "0",
        "outcomes-MIN_NUM_FORMS": "1",
        "outcomes-MAX_NUM_FORMS": "20",
        "outcomes-0-text_en": "Apply GMP.",
        "outcomes-0-text_fr": "Appliquer les BPF.",
        "outcomes-0-competencies": GMP,
        "outcomes-0-kind": "skill",
        "outcomes-0-method": "practical",
        "outcomes-0-evidence_en": "A batch record.",
        "outcomes-0-evidence_fr": "Un dossier de lot.",
        "outcomes-0-rubric": "Novice | Novice\nCompetent | Compétent",
        "outcomes-0-required_level": "2",
        "outcomes-0-indicator": "competence",
        "outcomes-0-summative": "on",
    }
    data.update(overrides)
    return data


def test_anonymous_is_sent_to_login(client, org):
    response = client.get("/en/design/new/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_designer_creates_a_draft(csrf_client, esco, org, designer):
    token = _login(csrf_client, designer)
    response = csrf_client.post("/en/design/new/", _form(org, csrfmiddlewaretoken=token))
    assert response.status_code == 302, response.content.decode()[:2000]
    version = MicroCredentialVersion.objects.get(micro_credential__slug="new-gmp")
    assert version.status == "draft" and version.outcomes.get().competency_links.get().competency.uri == GMP
    assert version.outcomes.get().assessment.required_level == 1


@pytest.mark.parametrize(
    "overrides, message",
    [
        ({"title_fr": ""}, "Ce champ est obligatoire."),
        ({"cost_cad": "-5"}, "supérieure ou égale à 0"),
        ({"outcomes-0-competencies": "https://example.org/not-esco"}, "est pas une adresse ESCO"),
        ({"outcomes-0-rubric": "only english"}, "anglais | français"),
        (
            {"outcomes-0-competencies": "http://data.europa.eu/esco/skill/unknown"},
            "aucun référentiel importé",
        ),
    ],
)
def test_bad_input_is_refused_in_french_and_writes_nothing(
    csrf_client, esco, org, designer, overrides, message
):
    token = _login(csrf_client, designer)
    response = csrf_client.post("/fr/design/new/", _form(org, csrfmiddlewaretoken=token, **overrides))
    assert response.status_code == 400
    body = response.content.decode()
    assert "Rien n'a été enregistré" in body and message in body
    assert not MicroCredential.objects.exists() and not LearningOutcome.objects.exists()


def test_missing_csrf_token_is_refused(csrf_client, esco, org, designer):
    csrf_client.force_login(designer)
    response = csrf_client.post("/en/design/new/", _form(org))
    assert response.status_code == 403 and not MicroCredential.objects.exists()


def test_authorization_matrix_on_an_existing_draft(csrf_client, draft, org, designer, admin_user, outsider):
    url = f"/en/design/{draft.micro_credential.slug}/v1/"
    before = MicroCredentialVersion.objects.values().get(pk=draft.pk)
    token = _login(csrf_client, outsider)
    assert csrf_client.get(url).status_code == 403
    assert csrf_client.post(url + "submit/", {"csrfmiddlewaretoken": token}).status_code == 403
    assert MicroCredentialVersion.objects.values().get(pk=draft.pk) == before  # nothing changed

    token = _login(csrf_client, designer)
    assert csrf_client.get(url).status_code == 200
    assert csrf_client.post(url + "submit/", {"csrfmiddlewaretoken": token}).status_code == 302
    assert csrf_client.post(url + "publish/", {"csrfmiddlewaretoken": token}).status_code == 403
    assert MicroCredentialVersion.objects.get(pk=draft.pk).status == "in_review"

    token = _login(csrf_client, admin_user)
    assert csrf_client.post(url + "publish/", {"csrfmiddlewaretoken": token}).status_code == 302
    assert MicroCredentialVersion.objects.get(pk=draft.pk).status == "published"


def test_designer_sees_the_platforms_alignment_suggestions(client, draft, designer, monkeypatch):
    from microcred.frameworks import selectors as framework_selectors
    from microcred.frameworks.selectors import Suggestion

    calls = []

    def fake(*, text, top, language):
        calls.append(text)
        return [Suggestion(GMP, "good manufacturing practices", 9.5)]

    monkeypatch.setattr(framework_selectors, "competency_suggestions", fake)
    client.force_login(designer)
    body = client.get(f"/en/design/{draft.micro_credential.slug}/v1/?suggest=1").content.decode()
    assert len(calls) == draft.outcomes.count() and GMP in body and "good manufacturing practices" in body
