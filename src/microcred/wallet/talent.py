"""Talent search (reads): employers — members of an employer or industry organisation (docs/adr/0069) —
find learners who opted in, by ESCO skill or by occupation (its essential and optional skills), and see only
the skills each learner chose to show, and only while a verified credential in their wallet attests them."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from microcred.wallet.models import LearnerProfile, TalentSkill
from microcred.wallet.passport import SkillEntry, verified_skills

__all__ = [
    "EMPLOYER_KINDS",
    "TalentMatch",
    "is_employer",
    "search",
    "skills_for_occupation",
    "skills_matching",
]

EMPLOYER_KINDS = ("employer", "industry_body")
MAX_SKILLS = 50
MAX_RESULTS = 50


def is_employer(user: Any) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    from microcred.accounts.models import Membership

    return Membership.objects.filter(user=user, organization__kind__in=EMPLOYER_KINDS).exists()


def skills_matching(text: str) -> list[str]:
    """ESCO skill URIs for a URI or a label fragment (EN or FR), at most :data:`MAX_SKILLS`."""
    from django.db.models import Q

    from microcred.frameworks.models import Competency

    text = text.strip()[:200]
    if not text:
        return []
    if text.startswith("http"):
        return [text]
    found = Competency.objects.filter(
        Q(label_en__icontains=text) | Q(label_fr__icontains=text), is_group=False
    )
    return list(found.order_by("label_en").values_list("uri", flat=True)[:MAX_SKILLS])


def skills_for_occupation(text: str) -> tuple[str, list[str]]:
    """(occupation title, its skill URIs) for an occupation URI, code or title fragment; ("", []) if none."""
    from django.db.models import Q

    from microcred.frameworks.models import Occupation

    text = text.strip()[:200]
    if not text:
        return "", []
    occupation = (
        Occupation.objects.filter(
            Q(uri=text) | Q(code=text) | Q(label_en__icontains=text) | Q(label_fr__icontains=text)
        )
        .order_by("label_en")
        .first()
    )
    if occupation is None:
        return "", []
    uris = list(occupation.competency_links.values_list("competency__uri", flat=True))
    return occupation.label_en, uris


@dataclass(frozen=True)
class TalentMatch:
    name: str
    headline: str
    skills: tuple[SkillEntry, ...]


def search(*, searcher: Any, skill_uris: list[str], language: str) -> list[TalentMatch]:
    """Opted-in learners with at least one of ``skill_uris`` shown and verified; best matches first."""
    if not is_employer(searcher) or not skill_uris:
        return []
    wanted = set(skill_uris)
    owners = (
        TalentSkill.objects.filter(uri__in=wanted, owner__is_active=True)
        .values_list("owner_id", flat=True)
        .distinct()
    )
    profiles = LearnerProfile.objects.filter(user_id__in=owners, talent_opt_in=True).select_related("user")
    matches = []
    for profile in profiles[: MAX_RESULTS * 4]:
        shown = set(TalentSkill.objects.filter(owner=profile.user).values_list("uri", flat=True))
        skills = tuple(
            entry
            for entry in verified_skills(profile.user, language)
            if entry.uri in shown and entry.uri in wanted
        )
        if skills:
            name = profile.user.display_name or f"#{profile.user_id}"
            matches.append(TalentMatch(name, profile.talent_headline, skills))
    matches.sort(key=lambda m: (-len(m.skills), m.name.lower()))
    return matches[:MAX_RESULTS]
