"""Generated catalog data for bench/catalog.py: organisations and realistic published versions built from
ESCO occupations and their essential skills (the vocabulary below is what titles and outcomes are made of)."""

from __future__ import annotations

import random
from collections import defaultdict
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

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
        rows = list(
            Competency.objects.filter(framework__kind="esco", is_group=False)
            .values_list("pk", "uri", "label_en", "label_fr", "kind")
            .iterator()
        )
        self.skills = {pk: (uri, en, fr or en, kind) for pk, uri, en, fr, kind in rows}
        # The stored French label (may be empty): what the catalog's search document reads from the database.
        self.stored_fr = {pk: fr for pk, _uri, _en, fr, _kind in rows}
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
                uri, en, _fr, _kind = self.skills[link.competency_id]
                self.competencies[link.competency_id] = Competency(
                    pk=link.competency_id, uri=uri, label_en=en, label_fr=self.stored_fr[link.competency_id]
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
