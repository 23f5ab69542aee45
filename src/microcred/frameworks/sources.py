"""The reference frameworks shipped with the platform (ESCO v1.1.1, NOC 2021) as import specs."""

from __future__ import annotations

import re
from pathlib import Path

import skillscore
from microcred.frameworks.specs import CompetencySpec, FrameworkSpec, OccupationSpec
from skillscore import EscoSkill, EscoSkillGroup, SkillType

ESCO = FrameworkSpec(
    slug="esco",
    kind="esco",
    name_en="ESCO (European Skills, Competences, Qualifications and Occupations)",
    name_fr="ESCO (aptitudes, compétences, certifications et professions européennes)",
    version="1.1.1",
    source_url="https://esco.ec.europa.eu/",
    attribution="This service uses the ESCO classification of the European Commission. © European Union; "
    "French labels from ESCO v1.0.x.",
)
NOC = FrameworkSpec(
    slug="noc-2021",
    kind="noc",
    name_en="National Occupational Classification (NOC) 2021",
    name_fr="Classification nationale des professions (CNP) 2021",
    version="1.0",
    source_url="https://www.statcan.gc.ca/en/subjects/standard/noc/2021/indexV1",
    attribution="Source: Statistics Canada, National Occupational Classification (NOC) 2021 Version 1.0. "
    "Reproduced and adapted; not endorsed by Statistics Canada.",
)
_KINDS = {SkillType.SKILL: "skill", SkillType.KNOWLEDGE: "knowledge", SkillType.UNSPECIFIED: "competence"}


def _directory(data_dir: Path | None) -> Path:
    return data_dir or skillscore.DATA_DIR


def _skill_spec(skill: EscoSkill, broader: tuple[str, ...]) -> CompetencySpec:
    return CompetencySpec(
        uri=skill.uri,
        kind=_KINDS[skill.skill_type],
        reuse_level=skill.reuse_level.value,
        label_en=skill.en.preferred,
        label_fr=skill.fr.preferred,
        alt_labels_en=skill.en.alternatives,
        alt_labels_fr=skill.fr.alternatives,
        description_en=skill.en.description,
        broader=broader,
    )


def _group_spec(group: EscoSkillGroup, broader: tuple[str, ...]) -> CompetencySpec:
    # S (skills), T (transversal) and L (language) groups hold skills; K and ISCED-F groups hold knowledge.
    kind = "skill" if group.code[:1] in {"S", "T", "L"} else "knowledge"
    return CompetencySpec(
        uri=group.uri,
        kind=kind,
        code=group.code,
        is_group=True,
        label_en=group.en.preferred,
        label_fr=group.fr.preferred,
        alt_labels_en=group.en.alternatives,
        alt_labels_fr=group.fr.alternatives,
        description_en=group.en.description,
        broader=broader,
    )


def esco_specs(data_dir: Path | None = None) -> tuple[list[CompetencySpec], list[OccupationSpec], int]:
    """Competencies (groups first, then skills), occupations with their links, and the number of links
    skipped because ESCO lists them for an occupation it has no record of."""
    directory = _directory(data_dir)
    parents: dict[str, list[str]] = {}
    for relation in skillscore.load_esco_skill_broader(directory):
        parents.setdefault(relation.uri, []).append(relation.broader_uri)
    competencies = [
        _group_spec(g, tuple(parents.get(g.uri, ()))) for g in skillscore.load_esco_skill_groups(directory)
    ]
    competencies += [
        _skill_spec(s, tuple(parents.get(s.uri, ()))) for s in skillscore.load_esco_skills(directory)
    ]
    links = {link.occupation_uri: link for link in skillscore.load_esco_occupation_skills(directory)}
    occupations = []
    for occupation in skillscore.load_esco_occupations(directory):
        link = links.get(occupation.uri)
        occupations.append(
            OccupationSpec(
                code=occupation.code,
                uri=occupation.uri,
                isco_group=occupation.isco_group,
                label_en=occupation.en.preferred,
                label_fr=occupation.fr.preferred,
                alt_labels_en=occupation.en.alternatives,
                alt_labels_fr=occupation.fr.alternatives,
                description_en=occupation.en.description,
                essential=link.essential if link else (),
                optional=link.optional if link else (),
            )
        )
    known = {occupation.uri for occupation in occupations}
    orphans = sum(len(link.essential) + len(link.optional) for uri, link in links.items() if uri not in known)
    return competencies, occupations, orphans


def noc_specs(data_dir: Path | None = None) -> list[OccupationSpec]:
    return [
        OccupationSpec(
            code=group.code,
            label_en=group.title_en,
            label_fr=group.title_fr,
            description_en=group.description_en,
            teer=group.teer,
        )
        for group in skillscore.load_noc_unit_groups(_directory(data_dir))
    ]


def case_framework_spec(meta: dict[str, str], slug: str | None) -> FrameworkSpec:
    """A custom framework named after the CASE CFDocument; slug from ``slug`` or the document title."""
    title = meta["title"][:200]
    derived = re.sub(r"[^a-z0-9]+", "-", skillscore.fold(title)).strip("-")[:80] or "case"
    uri = meta["uri"] if meta["uri"].startswith(("http://", "https://")) else ""
    french = meta["language"].lower().startswith("fr")
    return FrameworkSpec(
        slug=slug or derived,
        kind="custom",
        name_en=title,
        name_fr=title if french else "",
        version=meta["version"][:50],
        source_url=uri[:500],
        attribution=meta["creator"],
    )
