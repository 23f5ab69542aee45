"""The detail page shows the nutrition label, outcomes with ESCO links, assessment, partners and stacking."""

from __future__ import annotations

SLUG = "algonquin-good-manufacturing-practices"


def test_detail_in_english(seeded, client):
    response = client.get(f"/en/microcredentials/{SLUG}/")
    assert response.status_code == 200
    body = response.content.decode()
    for text in (
        "Good Manufacturing Practices (GMP): Knowledge and Principles",
        "Nutrition label",
        "ssessed: 3 of 3 outcomes have a summative assessment at competence level or above",
        "ligible for OSAP",
        'href="http://data.europa.eu/esco/skill/',
        "Evidence required",
        "BioCanRx",
        "Biomanufacturing fundamentals certificate",
        "395.00",
    ):
        assert text in body, text


def test_detail_in_french(seeded, client):
    body = client.get(f"/fr/microcredentials/{SLUG}/").content.decode()
    assert '<html lang="fr">' in body
    for text in (
        "Bonnes pratiques de fabrication (BPF)",
        "Étiquette de la valeur du titre",
        "valué : 3 résultats sur 3",
        "dmissible au RAFEO",
        "Preuves exigées",
        "Collège Algonquin",
    ):
        assert text in body, text


def test_unknown_or_unpublished_is_404(client, draft):
    assert client.get("/en/microcredentials/nope/").status_code == 404
    assert client.get(f"/en/microcredentials/{draft.micro_credential.slug}/").status_code == 404
