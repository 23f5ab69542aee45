"""Catalog search + facets and detail latency at scale (issue 3: 100,000 micro-credentials).

    .venv/bin/python bench/catalog.py [--count 100000] [--database sqlite|postgres|both] [--queries 200]
                                      [--budget 600] [--seed 7] [--profile] [--keep] [--json FILE]

Per engine (``both``: one child process each, SQLite then PostgreSQL): a fresh throw-away database
(SQLite: a file in a temp dir; PostgreSQL: ``microcred_bench`` on 127.0.0.1:5432, user postgres, created
and dropped with psycopg), ``migrate``, the full
ESCO v1.1.1 and NOC 2021 imports (the frameworks services behind ``import_esco`` / ``import_noc``), the demo
catalog through the catalog services, generated organisations, then ``--count`` published micro-credentials
written with ``bulk_create``: titles, descriptions and 3-6 outcomes built from the ESCO essential skills of an
ESCO occupation (1-3 competency links and one assessment design per outcome), typology, effort, cost,
languages, issuers, partners, endorsements, target occupations (ESCO + NOC), credits and stacking. The derived
columns (markers, OSAP, search text) are written by the catalog's own ``services.version_refresh_derived``,
one call per row, on rows whose relations are handed over from memory as if prefetched (``Prefetched``).

Then it times, on the same query mix: the portal (``GET /en/?...`` through the Django test client), the API
(``GET /api/catalog/microcredentials?...``) and the selector (``catalog_search``) directly; and the detail
page (``/en/microcredentials/<slug>/``), the API detail and ``version_detail`` + markers + OSAP +
``stacked_from``. ``--budget`` stops a path's searches after that many seconds (fewer samples). It prints
p50/p95/p99 with PASS/FAIL against the targets (search + facets p95 < 50 ms, detail p95 < 100 ms).
``--profile`` adds, per query kind, the number of SQL statements and SQL time of one selector call, and the
plan (EXPLAIN QUERY PLAN / EXPLAIN ANALYZE) of the slowest statements.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
PG_DSN = "host=127.0.0.1 port=5432 user=postgres dbname=postgres"
PG_NAME = "microcred_bench"
SEARCH_TARGET_MS = 50.0
DETAIL_TARGET_MS = 100.0
BATCH = 1000

REGIONS = [
    "Toronto",
    "Central Ontario",
    "Eastern Ontario",
    "Northern Ontario",
    "Southwestern Ontario",
    "Ottawa",
    "Hamilton-Niagara",
    "Manitoba",
    "British Columbia",
    "Nova Scotia",
    "Quebec",
    "Alberta",
]
PLACES = [
    "Algoma",
    "Barrie",
    "Belleville",
    "Brampton",
    "Brantford",
    "Chatham",
    "Cornwall",
    "Durham",
    "Guelph",
    "Halton",
    "Hamilton",
    "Kenora",
    "Kingston",
    "Kitchener",
    "London",
    "Markham",
    "Mississauga",
    "Niagara",
    "Nipissing",
    "Oakville",
    "Orillia",
    "Oshawa",
    "Ottawa",
    "Peel",
    "Pembroke",
    "Peterborough",
    "Sarnia",
    "Sault",
    "Sudbury",
    "Thunder Bay",
    "Timmins",
    "Toronto",
    "Waterloo",
    "Windsor",
    "York",
    "Winnipeg",
]
ISSUING = [
    ("college", "College", "Collège"),
    ("university", "University", "Université"),
    ("indigenous_institute", "Indigenous Institute", "Institut autochtone"),
]
PARTNERING = [
    ("employer", "Industries", "Industries"),
    ("industry_body", "Trades Association", "Association des métiers"),
    ("ngo", "Community Services", "Services communautaires"),
]
SUFFIXES = [
    ("Fundamentals", "notions de base"),
    ("in Practice", "en pratique"),
    ("Essentials", "l'essentiel"),
    ("for the Workplace", "en milieu de travail"),
    ("Advanced Practice", "pratique avancée"),
    ("Certificate", "certificat"),
]
VERBS = [
    ("Apply", "Appliquer"),
    ("Demonstrate", "Démontrer"),
    ("Explain how to", "Expliquer comment"),
    ("Use the principles to", "Utiliser les principes pour"),
    ("Evaluate ways to", "Évaluer comment"),
]
KEYWORDS = [
    "safety",
    "care",
    "data",
    "manage",
    "customer",
    "food",
    "vehicle",
    "patient",
    "software",
    "construction",
    "marketing",
    "electrical",
    "sécurité",
    "gestion",
    "données",
    "soins",
    "maintenance",
    "equipment",
    "quality",
    "health",
]


# ---------------------------------------------------------------------------------------------------------
# Databases and Django
# ---------------------------------------------------------------------------------------------------------
def _pg(sql: str) -> None:
    import psycopg

    with psycopg.connect(PG_DSN, autocommit=True) as conn:
        conn.execute(sql)


def prepare_database(engine: str, workdir: Path) -> str:
    if engine == "sqlite":
        return f"sqlite:///{workdir / 'bench.sqlite3'}"
    _pg(f"DROP DATABASE IF EXISTS {PG_NAME} WITH (FORCE)")
    _pg(f"CREATE DATABASE {PG_NAME}")
    return f"postgres://postgres@127.0.0.1:5432/{PG_NAME}"


def configure_django(database_url: str, workdir: Path) -> None:
    os.environ["DATABASE_URL"] = database_url
    os.environ["MICROCRED_SECRET_KEY"] = "bench-only-not-secret"
    os.environ.setdefault("MICROCRED_KEY_ENCRYPTION_KEY", "bench-only-key-encryption-key-0123456789")
    os.environ["MICROCRED_DATA_DIR"] = str(workdir)
    os.environ["DJANGO_SETTINGS_MODULE"] = "microcred.settings"
    sys.path.insert(0, str(ROOT / "src"))
    import django

    django.setup()


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S', time.gmtime())} UTC] {message}", flush=True)


# ---------------------------------------------------------------------------------------------------------
# Data
# ---------------------------------------------------------------------------------------------------------
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


def make_organizations(rng: random.Random) -> tuple[list[int], list[int]]:
    from microcred.accounts.models import Organization

    rows = []
    for place in PLACES:
        for kind, en, fr in rng.sample(ISSUING, 2) + rng.sample(PARTNERING, 2):
            slug = f"{place}-{en}".lower().replace(" ", "-")
            rows.append(
                Organization(
                    slug=slug,
                    kind=kind,
                    name_en=f"{place} {en}",
                    name_fr=f"{fr} de {place}",
                    website=f"https://{slug}.example.ca",
                    region=rng.choice(REGIONS),
                    did_web=f"did:web:{slug}.example.ca",
                )
            )
    Organization.objects.bulk_create(rows, ignore_conflicts=True)
    issuing = {k for k, _e, _f in ISSUING}
    orgs = Organization.objects.values_list("pk", "kind")
    return [pk for pk, k in orgs if k in issuing], [pk for pk, k in orgs if k not in issuing]


def _cached(model: Any, rows: list[Any]) -> Any:
    """A queryset that answers from ``rows``: what ``prefetch_related`` leaves in an instance's cache."""
    queryset = model.objects.none()
    queryset._result_cache = list(rows)
    queryset._prefetch_done = True
    return queryset


class Generator:
    """Builds realistic published versions from ESCO occupations and their essential skills."""

    def __init__(self, rng: random.Random) -> None:
        from microcred.accounts.models import Organization
        from microcred.frameworks.models import Competency, Occupation, OccupationCompetency

        self.rng = rng
        self.skills = {
            pk: (uri, en, fr or en, kind)
            for pk, uri, en, fr, kind in Competency.objects.filter(framework__kind="esco", is_group=False)
            .values_list("pk", "uri", "label_en", "label_fr", "kind")
            .iterator()
        }
        essential: dict[int, list[int]] = defaultdict(list)
        for occupation, competency in OccupationCompetency.objects.filter(relation="essential").values_list(
            "occupation_id", "competency_id"
        ):
            if competency in self.skills:
                essential[occupation].append(competency)
        self.essential = {occ: comps for occ, comps in essential.items() if len(comps) >= 4}
        self.occupations = sorted(self.essential)
        self.noc = list(Occupation.objects.filter(framework__kind="noc").values_list("pk", flat=True))
        self.issuers, self.partners = make_organizations(rng)
        self.orgs = {org.pk: org for org in Organization.objects.all()}
        self.competencies: dict[int, Any] = {}

    def fill_caches(
        self,
        versions: list[Any],
        relations: dict[int, Any],
        links: list[Any],
        designs: list[Any],
        endorsements: list[Any],
    ) -> None:
        """Hand each new version its related rows as if prefetched (they are all in memory already)."""
        from microcred.accounts.models import Organization
        from microcred.catalog.models import Endorsement, LearningOutcome, OutcomeCompetency
        from microcred.frameworks.models import Competency

        by_outcome: dict[int, list[Any]] = defaultdict(list)
        for link in links:
            if link.competency_id not in self.competencies:
                uri, en, fr, _kind = self.skills[link.competency_id]
                self.competencies[link.competency_id] = Competency(
                    pk=link.competency_id, uri=uri, label_en=en, label_fr=fr
                )
            link.competency = self.competencies[link.competency_id]
            by_outcome[link.outcome_id].append(link)
        for design in designs:
            design.outcome.assessment = design
        by_version: dict[int, list[Any]] = defaultdict(list)
        for endorsement in endorsements:
            endorsement.organization = self.orgs[endorsement.organization_id]
            by_version[endorsement.version_id].append(endorsement)
        for v in versions:
            issuers, partners, outcomes = relations[v.pk]
            for outcome in outcomes:
                outcome._prefetched_objects_cache = {
                    "competency_links": _cached(OutcomeCompetency, by_outcome[outcome.pk])
                }
            v._prefetched_objects_cache = {
                "issuers": _cached(Organization, [self.orgs[pk] for pk in issuers]),
                "partners": _cached(Organization, [self.orgs[pk] for pk in partners]),
                "endorsements": _cached(Endorsement, by_version[v.pk]),
                "outcomes": _cached(LearningOutcome, outcomes),
            }

    def cost(self) -> Decimal:
        r = self.rng.random()
        if r < 0.1:
            return Decimal(0)
        return Decimal(int(self.rng.lognormvariate(6.4, 0.8)) // 5 * 5)

    def weeks(self) -> int:
        return self.rng.choice([1, 2, 3, 4, 4, 6, 6, 8, 8, 10, 12, 12, 14, 16, 20, 26, 52])

    def version(self, mc: Any, skills: list[int], pool: list[Any]) -> Any:
        from microcred.catalog.models import MicroCredentialVersion

        rng = self.rng
        first = self.skills[skills[0]]
        suffix_en, suffix_fr = rng.choice(SUFFIXES)
        names = [self.skills[s] for s in skills[:3]]
        weeks = self.weeks()
        stacks = rng.random()
        target = rng.choice(pool) if pool and stacks < 0.08 else None
        return MicroCredentialVersion(
            micro_credential=mc,
            number=1,
            status="published",
            title_en=f"{first[1][:1].upper()}{first[1][1:]}: {suffix_en}"[:200],
            title_fr=f"{first[2][:1].upper()}{first[2][1:]} : {suffix_fr}"[:200],
            description_en=f"Learners practise {names[0][1]}, {names[1][1]} and {names[2][1]} through guided "
            "activities, case studies and a final assessment aligned with employer needs in Ontario.",
            description_fr="Les personnes apprenantes pratiquent "
            f"{names[0][2]}, {names[1][2]} et {names[2][2]} "
            "grâce à des activités guidées, des études de cas et une évaluation finale.",
            subject_webpage=f"https://example.ca/microcredentials/{mc.slug}",
            purpose=rng.choice(["pathway", "update", "technical", "transferable"]),
            delivery_mode=rng.choices(["online", "hybrid", "in_person"], [5, 2.5, 2.5])[0],
            pace=rng.choices(["fixed", "self_paced"], [6, 4])[0],
            interaction=rng.choice(["cohort", "independent", "both"]),
            credential_form=rng.choices(["digital", "paper", "both"], [8, 1, 1])[0],
            effort_weeks=weeks,
            effort_hours=weeks * rng.randint(3, 10),
            cost_cad=self.cost(),
            languages=rng.choices(["en", "fr", "en,fr"], [7, 1.5, 1.5])[0],
            credits=Decimal(rng.choice(["0.5", "1.0", "1.5", "3.0"])) if rng.random() < 0.25 else None,
            transcript_equivalence_en="Transcript notation: micro-credential" if rng.random() < 0.3 else "",
            validity_months=rng.choice([None, None, 12, 24, 36]),
            ministry_approved=rng.random() < 0.4,
            quality_assured=rng.random() < 0.5,
            quality_assurance_body=rng.choice(["", "Ontario College Quality Assurance Service"]),
            accreditation_body=rng.choice(["", "", "", "", "", "Technology Accreditation Canada"]),
            stacks_into=target,
            stacks_into_name_en="Ontario College Certificate" if target is None and stacks < 0.25 else "",
            stacks_into_name_fr="Certificat d'études collégiales de l'Ontario"
            if target is None and stacks < 0.25
            else "",
            published_at=datetime(2023, 1, 1, tzinfo=UTC) + timedelta(minutes=rng.randint(0, 1_500_000)),
        )

    def outcomes(self, version: Any, skills: list[int]) -> tuple[list[Any], list[Any], list[Any]]:
        from microcred.catalog.models import AssessmentDesign, LearningOutcome, OutcomeCompetency

        rng = self.rng
        outcomes, links, designs = [], [], []
        for position in range(rng.randint(3, 6)):
            main = self.skills[skills[position % len(skills)]]
            verb_en, verb_fr = rng.choice(VERBS)
            outcome = LearningOutcome(
                version=version,
                position=position,
                text_en=f"{verb_en} {main[1]} in realistic workplace situations.",
                text_fr=f"{verb_fr} {main[2]} dans des situations de travail réalistes.",
            )
            outcomes.append(outcome)
            linked = {skills[position % len(skills)]} | set(
                rng.sample(skills, min(len(skills), rng.randint(0, 2)))
            )
            for pk in sorted(linked):
                kind = (
                    "knowledge"
                    if self.skills[pk][3] == "knowledge"
                    else rng.choices(["skill", "attitude"], [9, 1])[0]
                )
                links.append(OutcomeCompetency(outcome=outcome, competency_id=pk, kind=kind))
            levels = [
                {"en": "Beginning", "fr": "Débutant"},
                {"en": "Developing", "fr": "En développement"},
                {"en": "Competent", "fr": "Compétent"},
                {"en": "Mastery", "fr": "Maîtrise"},
            ][: rng.randint(3, 4)]
            designs.append(
                AssessmentDesign(
                    outcome=outcome,
                    method=rng.choice(
                        [
                            "written_exam",
                            "practical",
                            "simulation",
                            "project",
                            "portfolio",
                            "observation",
                            "oral",
                            "reflection",
                        ]
                    ),
                    evidence_required_en=f"Evidence that the learner can {main[1]}: "
                    "a recorded demonstration.",
                    evidence_required_fr=f"Preuve que la personne sait {main[2]} : "
                    "une démonstration enregistrée.",
                    rubric_levels=levels,
                    required_level=rng.randint(1, len(levels) - 1),
                    indicator=rng.choices(["participation", "competence", "mastery"], [1.5, 6, 2.5])[0],
                    summative=rng.random() < 0.85,
                )
            )
        return outcomes, links, designs


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


def generate(count: int, rng: random.Random) -> None:
    from django.db import transaction
    from django.utils.text import slugify

    from microcred.catalog import services
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
            for v in versions:
                services.version_refresh_derived(version=Prefetched(v))  # type: ignore[arg-type]
            derived_s += time.perf_counter() - t
        pool += mcs[::20]
        if (start // BATCH) % 10 == 9 or start + n >= count:
            elapsed = time.perf_counter() - started
            log(f"  {start + n:>7,} generated ({elapsed:.0f} s, of which derived fields {derived_s:.0f} s)")


def finish_generation(engine: str) -> dict[str, int]:
    from django.db import connection

    from microcred.catalog.models import LearningOutcome, MicroCredentialVersion, OutcomeCompetency

    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE" if engine == "postgres" else "PRAGMA wal_checkpoint(TRUNCATE)")
    log(
        f"{'VACUUM ANALYZE' if engine == 'postgres' else 'WAL checkpoint'} "
        f"{time.perf_counter() - started:.1f} s"
    )
    return {
        "published versions": MicroCredentialVersion.objects.filter(status="published").count(),
        "outcomes": LearningOutcome.objects.count(),
        "competency links": OutcomeCompetency.objects.count(),
    }


# ---------------------------------------------------------------------------------------------------------
# Query mix
# ---------------------------------------------------------------------------------------------------------
def query_mix(n: int, rng: random.Random) -> list[tuple[str, dict[str, str]]]:
    from microcred.accounts.models import Organization
    from microcred.catalog import choices as c
    from microcred.catalog.models import MicroCredentialVersion, OutcomeCompetency

    used = list(
        OutcomeCompetency.objects.order_by("?").values_list("competency__uri", "competency__label_en")[:300]
    )
    occupations = list(
        MicroCredentialVersion.target_occupations.through.objects.order_by("?").values_list(
            "occupation__uri", "occupation__code", "occupation__label_en", "occupation__framework__kind"
        )[:300]
    )
    providers = list(
        Organization.objects.filter(micro_credentials__isnull=False).distinct().values_list("slug", flat=True)
    )
    regions = sorted({r for r in Organization.objects.values_list("region", flat=True) if r})
    pages = max(1, MicroCredentialVersion.objects.filter(status="published").count() // 20)
    facets: dict[str, Any] = {
        "delivery_mode": lambda: rng.choice(c.DeliveryMode.values),
        "pace": lambda: rng.choice(c.Pace.values),
        "duration": lambda: rng.choice(c.DurationBucket.values),
        "cost": lambda: rng.choice(c.CostBucket.values),
        "language": lambda: rng.choice(c.Language.values),
        "provider": lambda: rng.choice(providers),
        "region": lambda: rng.choice(regions),
        "osap": lambda: "true",
        "marker": lambda: rng.choice(c.Marker.values),
    }

    def word() -> str:
        return rng.choice(KEYWORDS) if rng.random() < 0.7 else max(rng.choice(used)[1].split(), key=len)

    def one() -> tuple[str, dict[str, str]]:
        kind = rng.choices(
            ["browse", "keyword", "skill", "occupation", "facet", "combination", "sort", "deep page"],
            [5, 20, 12, 8, 25, 15, 7, 8],
        )[0]
        if kind == "browse":
            return "browse", {}
        if kind == "keyword":
            return "keyword", {"q": " ".join(word() for _ in range(rng.choice([1, 1, 2, 3])))}
        if kind == "skill":
            uri, label = rng.choice(used)
            return (
                ("skill (URI)", {"skill": uri})
                if rng.random() < 0.6
                else ("skill (words)", {"skill": label.split()[-1]})
            )
        if kind == "occupation":
            uri, code, label, fw = rng.choice(occupations)
            if rng.random() < 0.3:
                return "occupation (words)", {"occupation": label.split()[-1]}
            return (
                ("occupation (NOC)", {"occupation": code})
                if fw == "noc"
                else ("occupation (URI)", {"occupation": uri})
            )
        if kind == "facet":
            name = rng.choice(list(facets))
            return f"facet: {name}", {name: facets[name]()}
        if kind == "combination":
            params = {name: facets[name]() for name in rng.sample(list(facets), rng.randint(2, 3))}
            if rng.random() < 0.6:
                params["q"] = word()
            params["sort"] = rng.choice(c.Sort.values)
            return "combination", params
        if kind == "sort":
            return "sort", {"sort": rng.choice(c.Sort.values)}
        return "deep page", {"page": str(rng.randint(pages // 2, pages)), "sort": rng.choice(c.Sort.values)}

    return [one() for _ in range(n)]


# ---------------------------------------------------------------------------------------------------------
# Measurement
# ---------------------------------------------------------------------------------------------------------
def _timed(call: Any) -> float:
    started = time.perf_counter()
    call()
    return (time.perf_counter() - started) * 1000


def _get(client: Any, url: str, params: dict[str, str]) -> Any:
    def call() -> None:
        response = client.get(url, params)
        if response.status_code != 200:
            raise RuntimeError(f"{url} {params} -> {response.status_code}")

    return call


def measure(
    mix: list[tuple[str, dict[str, str]]], slugs: list[str], budget: float
) -> dict[str, dict[str, list[float]]]:
    from django.test import Client

    from microcred.catalog import selectors
    from microcred.catalog.markers import compute_markers, compute_osap

    client = Client()

    def selector_search(params: dict[str, str]) -> Any:
        return lambda: selectors.catalog_search(selectors.SearchParams.parse(params))

    def selector_detail(slug: str) -> Any:
        def call() -> None:
            v = selectors.version_detail(slug)
            compute_markers(v)  # type: ignore[arg-type]
            compute_osap(v)  # type: ignore[arg-type]
            selectors.stacked_from(v)  # type: ignore[arg-type]

        return call

    paths = {
        "portal": (
            lambda p: _get(client, "/en/", p),
            lambda s: _get(client, f"/en/microcredentials/{s}/", {}),
        ),
        "api": (
            lambda p: _get(client, "/api/catalog/microcredentials", p),
            lambda s: _get(client, f"/api/catalog/microcredentials/{s}", {}),
        ),
        "selector": (selector_search, selector_detail),
    }
    out: dict[str, dict[str, list[float]]] = {}
    for path, (search, detail) in paths.items():
        for _kind, params in mix[:5]:  # warm-up: templates, translations, connection, caches
            search(params)()
        detail(slugs[0])()
        samples: dict[str, list[float]] = defaultdict(list)
        started = time.perf_counter()
        for kind, params in mix:  # the mix is in random order: a prefix is a random sample of it
            samples[kind].append(_timed(search(params)))
            if time.perf_counter() - started > budget:
                break
        for slug in slugs:
            samples["detail"].append(_timed(detail(slug)))
        out[path] = dict(samples)
        searches = sum(len(v) for k, v in samples.items() if k != "detail")
        log(f"  {path}: {searches} searches + {len(slugs)} details in {time.perf_counter() - started:.0f} s")
    return out


def pct(values: list[float], p: int) -> float:
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[p - 1]


def summarize(samples: dict[str, dict[str, list[float]]]) -> list[dict[str, Any]]:
    rows = []
    for path, kinds in samples.items():
        search = [ms for kind, values in kinds.items() if kind != "detail" for ms in values]
        for label, values, target in (
            ("search + facets", search, SEARCH_TARGET_MS),
            ("detail", kinds["detail"], DETAIL_TARGET_MS),
        ):
            p95 = pct(values, 95)
            rows.append(
                {
                    "path": path,
                    "measure": label,
                    "n": len(values),
                    "p50": pct(values, 50),
                    "p95": p95,
                    "p99": pct(values, 99),
                    "max": max(values),
                    "target": target,
                    "pass": p95 < target,
                }
            )
    return rows


def print_report(info: dict[str, Any]) -> None:
    print(
        f"\n### {info['engine']}: {info['counts']['published versions']:,} published micro-credentials "
        f"({info['counts']['outcomes']:,} outcomes, "
        f"{info['counts']['competency links']:,} competency links); "
        f"generated in {info['generation_s']:.0f} s; load average during measurement {info['load']}\n"
    )
    print("| path | measure | n | p50 ms | p95 ms | p99 ms | max ms | target (p95) | result |")
    print("|---|---|---:|---:|---:|---:|---:|---|---|")
    for r in info["summary"]:
        print(
            f"| {r['path']} | {r['measure']} | {r['n']} | {r['p50']:.1f} | {r['p95']:.1f} | {r['p99']:.1f} | "
            f"{r['max']:.1f} | < {r['target']:.0f} ms | {'PASS' if r['pass'] else 'FAIL'} |"
        )
    paths = list(info["samples"])
    print(
        f"\nper query kind (p50 / p95 ms; PASS/FAIL is the portal's p95 against {SEARCH_TARGET_MS:.0f} ms):\n"
    )
    print("| kind | " + " | ".join(paths) + " | portal |")
    print("|---|" + "---:|" * len(paths) + "---|")
    kinds = sorted({k for p in paths for k in info["samples"][p]}, key=lambda k: (k == "detail", k))
    for kind in kinds:
        got = {p: info["samples"][p].get(kind) for p in paths}  # a path cut short by --budget may lack a kind
        cells = [f"{pct(v, 50):.1f} / {pct(v, 95):.1f} (n={len(v)})" if v else "—" for v in got.values()]
        target = DETAIL_TARGET_MS if kind == "detail" else SEARCH_TARGET_MS
        verdict = "PASS" if got["portal"] and pct(got["portal"], 95) < target else "FAIL"
        print(f"| {kind} | " + " | ".join(cells) + f" | {verdict} |")


# ---------------------------------------------------------------------------------------------------------
# Profiling
# ---------------------------------------------------------------------------------------------------------
def profile(engine: str, mix: list[tuple[str, dict[str, str]]], slugs: list[str]) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from microcred.catalog import selectors

    print("\nSQL per query kind (one selector call each; statements, SQL ms, slowest statement):\n")
    slowest: list[tuple[float, str, str]] = []
    seen: set[str] = set()
    for kind, params in [*mix, ("detail", {"slug": slugs[0]})]:
        if kind in seen:
            continue
        seen.add(kind)
        with CaptureQueriesContext(connection) as ctx:
            if kind == "detail":
                selectors.version_detail(params["slug"])
            else:
                selectors.catalog_search(selectors.SearchParams.parse(params))
        timings = [(float(q["time"]) * 1000, q["sql"]) for q in ctx.captured_queries]
        top = max(timings)
        print(
            f"- {kind} {params}: {len(timings)} statements, {sum(t for t, _ in timings):.0f} ms SQL; "
            f"slowest {top[0]:.0f} ms: {top[1][:160]}"
        )
        slowest += [(t, kind, sql) for t, sql in timings]
    slowest.sort(reverse=True)
    explain = "EXPLAIN QUERY PLAN " if engine == "sqlite" else "EXPLAIN (ANALYZE, BUFFERS) "
    shown: set[str] = set()
    for ms, kind, sql in slowest:
        if kind in shown or len(shown) >= 4:
            continue
        shown.add(kind)
        print(f"\nplan of the slowest statement of '{kind}' ({ms:.0f} ms):\n    {sql[:600]}")
        with connection.cursor() as cursor:
            cursor.execute(explain + sql)
            for row in cursor.fetchall():
                print("    " + " ".join(str(col) for col in row))


# ---------------------------------------------------------------------------------------------------------
# Driver
# ---------------------------------------------------------------------------------------------------------
def run_engine(args: argparse.Namespace) -> dict[str, Any]:
    engine = args.database
    with tempfile.TemporaryDirectory(prefix=f"microcred-bench-{engine}-") as tmp:
        workdir = Path(tmp)
        configure_django(prepare_database(engine, workdir), workdir)
        log(f"{engine}: {os.environ['DATABASE_URL']}")
        try:
            rng = random.Random(args.seed)
            load_reference()
            started = time.perf_counter()
            generate(args.count, rng)
            counts = finish_generation(engine)
            generation_s = time.perf_counter() - started
            log(f"generated {counts} in {generation_s:.0f} s")
            from microcred.catalog.models import MicroCredential

            mix = query_mix(args.queries, random.Random(args.seed + 1))
            slugs = list(
                MicroCredential.objects.filter(current_version__isnull=False)
                .order_by("?")
                .values_list("slug", flat=True)[: args.queries]
            )
            load_before = os.getloadavg()
            samples = measure(mix, slugs, args.budget)
            load_after = os.getloadavg()
            load = f"{load_before[0]:.2f} → {load_after[0]:.2f} (1-min), {os.cpu_count()} CPUs"
            info = {
                "engine": engine,
                "counts": counts,
                "generation_s": generation_s,
                "load": load,
                "samples": samples,
                "summary": summarize(samples),
            }
            print_report(info)
            if args.profile:
                profile(engine, mix, slugs)
            if args.keep:
                input(f"--keep: the {engine} database is still there; press Enter to drop it. ")
            return info
        finally:
            from django.db import connections

            connections.close_all()
            if engine == "postgres":
                _pg(f"DROP DATABASE IF EXISTS {PG_NAME} WITH (FORCE)")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--count", type=int, default=100_000, help="published micro-credentials to generate")
    parser.add_argument("--database", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument("--queries", type=int, default=200, help="searches (and details) timed per path")
    parser.add_argument(
        "--budget",
        type=float,
        default=600,
        help="stop a path's searches after this many seconds (then fewer)",
    )
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--profile", action="store_true", help="SQL counts, times and plans per query kind")
    parser.add_argument("--keep", action="store_true", help="wait for Enter before dropping the database")
    parser.add_argument("--json", type=Path, help="write the samples and summary to this file")
    args = parser.parse_args()
    if args.database != "both":
        info = run_engine(args)
        if args.json:
            args.json.write_text(json.dumps(info, indent=1, default=str))
        return
    failed = False
    for engine in ("sqlite", "postgres"):
        argv = [
            sys.executable,
            __file__,
            "--database",
            engine,
            "--count",
            str(args.count),
            "--queries",
            str(args.queries),
            "--seed",
            str(args.seed),
            "--budget",
            str(args.budget),
        ]
        argv += ["--profile"] if args.profile else []
        argv += ["--keep"] if args.keep else []
        if args.json:
            argv += ["--json", str(args.json.with_name(f"{args.json.stem}-{engine}{args.json.suffix}"))]
        failed |= subprocess.run(argv, check=False).returncode != 0
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
