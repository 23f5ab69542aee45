"""The full shipped ESCO v1.1.1 import, twice: counts, idempotency, type-ahead on the real data."""

from __future__ import annotations

import time

import pytest

from microcred.frameworks.models import Competency, CompetencyBroader, Occupation, OccupationCompetency
from microcred.frameworks.selectors import competency_typeahead
from microcred.frameworks.services import esco_import, noc_import


@pytest.mark.slow
@pytest.mark.django_db
def test_full_esco_and_noc_import_twice() -> None:
    started = time.perf_counter()
    first = esco_import()
    first_seconds = time.perf_counter() - started
    assert first.competencies_created == 13_896 + 640
    assert first.skipped == 67  # relations of the one occupation ESCO lists without a record
    assert Competency.objects.filter(is_group=False).count() == 13_896
    assert Competency.objects.exclude(label_fr="").count() >= 13_379
    assert Occupation.objects.count() == 3_007
    assert OccupationCompetency.objects.count() == first.occupation_links > 123_000
    assert CompetencyBroader.objects.count() == first.broader_links > 20_000
    counts = (
        Competency.objects.count(),
        CompetencyBroader.objects.count(),
        OccupationCompetency.objects.count(),
    )
    second = esco_import()
    assert (second.competencies_created, second.competencies_updated, second.occupations_created) == (0, 0, 0)
    assert counts == (
        Competency.objects.count(),
        CompetencyBroader.objects.count(),
        OccupationCompetency.objects.count(),
    )
    noc_import()
    assert Occupation.objects.filter(framework__slug="noc-2021").count() == 516
    assert first_seconds < 120, f"ESCO import took {first_seconds:.1f} s"

    assert [h.label for h in competency_typeahead(q="apply gmp", language="en")] == ["apply GMP"]
    assert "apply GMP" in [h.label for h in competency_typeahead(q="utilise gmp", language="en")]
    french = [h.label for h in competency_typeahead(q="bonnes pratiques de fab", language="fr")]
    assert "bonnes pratiques de fabrication" in french
    assert competency_typeahead(q="electricite", language="fr", limit=5)
