"""Loading the reference data and generating ``--count`` published micro-credentials (bench/catalog.py)."""

from __future__ import annotations

import random
import time
from datetime import date, timedelta
from typing import Any

from catalog_data import Generator
from catalog_util import log

BATCH = 1000


def load_reference() -> dict[str, Any]:
    from django.core.management import call_command

    from microcred.catalog import seeding
    from microcred.frameworks import services as fw

    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    log(f"migrate {time.perf_counter() - started:.1f} s")
    started = time.perf_counter()
    fw.esco_import()
    fw.noc_import()
    log(f"ESCO + NOC import {time.perf_counter() - started:.1f} s")
    started = time.perf_counter()
    report = seeding.seed_catalog(seeding.load_document())
    log(
        f"demo catalog seeded through the services: {report.created} micro-credentials, "
        f"{time.perf_counter() - started:.1f} s"
    )
    return {}


class _Rows(list):  # type: ignore[type-arg]
    def all(self) -> _Rows:
        return self

    def prefetch_related(self, *_lookups: str) -> _Rows:
        return self


class Prefetched:
    """A version as the catalog's derived-field code sees it, its outcomes served from the prefetch cache.

    ``services.version_refresh_derived`` reads ``version.outcomes.prefetch_related(...)`` for the search text,
    which always queries again; this view answers it from the rows prefetched for the whole batch, so the
    catalog's own code computes markers, OSAP and search text with one UPDATE per row and no other query.
    """

    def __init__(self, version: Any) -> None:
        self._version = version

    def __getattr__(self, name: str) -> Any:
        return getattr(self._version, name)

    @property
    def outcomes(self) -> _Rows:
        return _Rows(self._version.outcomes.all())


def derive_in_bulk(versions: list[Any]) -> None:
    """What ``services.version_refresh_derived`` writes for each version (markers, OSAP, search entry and
    document), computed by the catalog's own functions but written with one bulk statement per table instead
    of six statements per row. ``check_bulk_index`` proves the rows equal ``search_entry_sync``'s."""
    from microcred.catalog.markers import compute_markers, compute_osap
    from microcred.catalog.models import MicroCredentialVersion
    from microcred.catalog.search_index import entry_for, search_document
    from microcred.catalog.search_models import SearchDocument, SearchEntry

    entries, documents = [], []
    for v in versions:
        view = Prefetched(v)
        v.derived_markers = ",".join(m.code for m in compute_markers(view) if m.met)  # type: ignore[arg-type]
        v.derived_osap_eligible = compute_osap(view).eligible  # type: ignore[arg-type]
        if v.status == "published":
            entries.append(entry_for(view))  # type: ignore[arg-type]
            documents.append(SearchDocument(version_id=v.pk, document=search_document(view)))  # type: ignore[arg-type]
    derived = ["derived_markers", "derived_osap_eligible"]
    MicroCredentialVersion.objects.bulk_update(versions, derived, batch_size=500)
    SearchEntry.objects.bulk_create(entries, batch_size=2000)
    SearchDocument.objects.bulk_create(documents, batch_size=2000)


def check_bulk_index(sample: int, rng: random.Random) -> int:
    """Re-derive ``sample`` random versions through ``services.version_refresh_derived`` (the per-row path,
    inside a transaction that is rolled back) and assert it writes exactly what the bulk path wrote."""
    from django.db import transaction
    from django.forms.models import model_to_dict

    from microcred.catalog import services
    from microcred.catalog.models import MicroCredentialVersion
    from microcred.catalog.search_models import SearchDocument, SearchEntry

    ids = list(SearchEntry.objects.values_list("version_id", flat=True))
    chosen = rng.sample(ids, min(sample, len(ids)))
    fields = ["derived_markers", "derived_osap_eligible"]

    def snapshot(pk: int) -> tuple[Any, ...]:
        version = MicroCredentialVersion.objects.filter(pk=pk).values(*fields).get()
        entry = model_to_dict(SearchEntry.objects.get(version_id=pk))
        return version, entry, SearchDocument.objects.get(version_id=pk).document

    for pk in chosen:
        bulk = snapshot(pk)

        class _Rollback(Exception):
            pass

        try:
            with transaction.atomic():
                services.version_refresh_derived(version=MicroCredentialVersion.objects.get(pk=pk))
                per_row = snapshot(pk)
                raise _Rollback
        except _Rollback:
            pass
        assert bulk == per_row, f"version {pk}: bulk {bulk} != search_entry_sync {per_row}"
    return len(chosen)


def generate(count: int, rng: random.Random) -> None:
    from django.db import transaction
    from django.utils.text import slugify

    from microcred.catalog.models import (
        AssessmentDesign,
        Endorsement,
        LearningOutcome,
        MicroCredential,
        MicroCredentialVersion,
        OutcomeCompetency,
    )

    gen = Generator(rng)
    through = MicroCredentialVersion.issuers.through, MicroCredentialVersion.partners.through
    occupations_through = MicroCredentialVersion.target_occupations.through
    pool: list[Any] = []  # micro-credentials (with their current version) others stack into
    started = time.perf_counter()
    derived_s = 0.0
    for start in range(0, count, BATCH):
        n = min(BATCH, count - start)
        with transaction.atomic():
            plans = [(rng.choice(gen.occupations), rng.choice(gen.issuers)) for _ in range(n)]
            skill_lists = [rng.sample(gen.essential[o], min(6, len(gen.essential[o]))) for o, _ in plans]
            mcs = MicroCredential.objects.bulk_create(
                MicroCredential(slug=f"{slugify(gen.skills[s[0]][1])[:80]}-{start + i}", owner_id=owner)
                for i, ((_o, owner), s) in enumerate(zip(plans, skill_lists, strict=True))
            )
            versions = MicroCredentialVersion.objects.bulk_create(
                gen.version(mc, s, pool) for mc, s in zip(mcs, skill_lists, strict=True)
            )
            issuers, partners, occupations, outcomes, links, designs, endorsements = (
                [],
                [],
                [],
                [],
                [],
                [],
                [],
            )
            relations: dict[int, tuple[list[int], list[int], list[Any]]] = {}
            for v, (occ, owner), s in zip(versions, plans, skill_lists, strict=True):
                orgs = sorted({owner} | ({rng.choice(gen.issuers)} if rng.random() < 0.1 else set()))
                issuers += [through[0](microcredentialversion_id=v.pk, organization_id=o) for o in orgs]
                chosen = rng.sample(gen.partners, rng.choice([0, 0, 1, 1, 2, 3]))
                partners += [through[1](microcredentialversion_id=v.pk, organization_id=o) for o in chosen]
                targets = {occ} | ({rng.choice(gen.noc)} if rng.random() < 0.6 else set())
                occupations += [
                    occupations_through(microcredentialversion_id=v.pk, occupation_id=o) for o in targets
                ]
                o, li, d = gen.outcomes(v, s)
                outcomes += o
                links += li
                designs += d
                relations[v.pk] = (orgs, chosen, o)
                if chosen and rng.random() < 0.5:
                    endorsements.append(
                        Endorsement(
                            version=v,
                            organization_id=chosen[0],
                            statement_en="We endorse this micro-credential.",
                            statement_fr="Nous appuyons ce microcertificat.",
                            endorsed_on=date(2024, 1, 1) + timedelta(days=rng.randint(0, 600)),
                        )
                    )
            for model, rows in (
                (through[0], issuers),
                (through[1], partners),
                (occupations_through, occupations),
                (LearningOutcome, outcomes),
                (Endorsement, endorsements),
            ):
                model.objects.bulk_create(rows, batch_size=2000)
            OutcomeCompetency.objects.bulk_create(links, batch_size=2000)
            AssessmentDesign.objects.bulk_create(designs, batch_size=2000)
            for mc, v in zip(mcs, versions, strict=True):
                mc.current_version = v
            MicroCredential.objects.bulk_update(mcs, ["current_version"], batch_size=500)
            t = time.perf_counter()
            gen.fill_caches(versions, relations, links, designs, endorsements)
            derive_in_bulk(versions)
            derived_s += time.perf_counter() - t
        pool += mcs[::20]
        if (start // BATCH) % 10 == 9 or start + n >= count:
            elapsed = time.perf_counter() - started
            log(f"  {start + n:>7,} generated ({elapsed:.0f} s, of which derived fields {derived_s:.0f} s)")
    from microcred.catalog.search_counts import search_counts_rebuild
    from microcred.catalog.search_index import search_index_touch

    t = time.perf_counter()
    pairs = search_counts_rebuild()  # the bulk writes above bypass the maintained counts (ADR 0033)
    search_index_touch()
    log(f"  facet pair counts rebuilt: {pairs:,} pairs in {time.perf_counter() - t:.1f} s")


def finish_generation(engine: str) -> dict[str, int]:
    from django.db import connection

    from microcred.catalog.models import LearningOutcome, MicroCredentialVersion, OutcomeCompetency
    from microcred.catalog.search_index import search_index_analyze
    from microcred.catalog.search_models import SearchEntry

    started = time.perf_counter()
    checked = check_bulk_index(50, random.Random(11))
    log(f"bulk-written index rows equal search_entry_sync's on {checked} sampled versions")
    from microcred.catalog.search_counts import search_counts_recount, search_counts_stored

    assert search_counts_stored() == search_counts_recount(), "maintained facet counts differ from a recount"
    log("maintained facet pair counts equal a recount")
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE" if engine == "postgres" else "PRAGMA wal_checkpoint(TRUNCATE)")
    search_index_analyze()  # what an operator runs after a bulk load (ANALYZE; SQLite plans need it)
    log(
        f"{'VACUUM ANALYZE' if engine == 'postgres' else 'WAL checkpoint + ANALYZE'} "
        f"{time.perf_counter() - started:.1f} s"
    )
    return {
        "search entries": SearchEntry.objects.count(),
        "published versions": MicroCredentialVersion.objects.filter(status="published").count(),
        "outcomes": LearningOutcome.objects.count(),
        "competency links": OutcomeCompetency.objects.count(),
    }
