"""skillscore: framework-free ESCO / NOC 2021 data and text → competency matching.

Public API::

    from skillscore import Suggester
    Suggester.load().suggest("Apply good manufacturing practices in a cleanroom", top=5)

Loaders (``load_esco_skills`` …) return immutable records parsed from the extracts in ``skillscore/data``.
No Django here: an import-linter contract keeps it that way.
"""

from __future__ import annotations

from skillscore.data import (
    DATA_DIR,
    DataFileError,
    load_esco_occupation_skills,
    load_esco_occupations,
    load_esco_skill_broader,
    load_esco_skill_groups,
    load_esco_skills,
    load_noc_unit_groups,
)
from skillscore.index import Match, MatchIndex, Parameters
from skillscore.records import (
    BroaderRelation,
    EscoOccupation,
    EscoSkill,
    EscoSkillGroup,
    Labels,
    NocUnitGroup,
    OccupationSkills,
    ReuseLevel,
    SkillType,
)
from skillscore.suggest import MAX_TOP, Suggester
from skillscore.text import Analyzer, fold, guess_language

__all__ = [
    "DATA_DIR",
    "MAX_TOP",
    "Analyzer",
    "BroaderRelation",
    "DataFileError",
    "EscoOccupation",
    "EscoSkill",
    "EscoSkillGroup",
    "Labels",
    "Match",
    "MatchIndex",
    "NocUnitGroup",
    "OccupationSkills",
    "Parameters",
    "ReuseLevel",
    "SkillType",
    "Suggester",
    "fold",
    "guess_language",
    "load_esco_occupation_skills",
    "load_esco_occupations",
    "load_esco_skill_broader",
    "load_esco_skill_groups",
    "load_esco_skills",
    "load_noc_unit_groups",
]
