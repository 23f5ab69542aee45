"""The skills passport (reads): every competency across a learner's credentials, with level, evidence and
issuer, labelled in EN/FR from the frameworks app where the URI is known (ESCO), grouped by ESCO skill group
(the broader node) or, when the framework does not know it, by the credential that attests it; and progress
toward stacked credentials the catalog knows."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from microcred.wallet.documents import competency_claims
from microcred.wallet.models import WalletCredential
from microcred.wallet.selectors import wallet_credentials

__all__ = [
    "SkillEntry",
    "StackProgress",
    "passport_groups",
    "skill_entries",
    "stack_progress",
    "verified_skills",
]


@dataclass
class Attestation:
    credential_pk: int
    credential_name: str
    issuer_name: str
    verified: bool
    level: str
    status: str
    evidence: tuple[dict[str, str], ...]


@dataclass
class SkillEntry:
    uri: str
    label: str
    framework: str
    group: str
    is_esco: bool
    attestations: list[Attestation] = field(default_factory=list)

    @property
    def verified(self) -> bool:
        return any(a.verified for a in self.attestations)

    @property
    def levels(self) -> list[str]:
        return sorted({a.level for a in self.attestations if a.level})

    @property
    def issuers(self) -> list[str]:
        return sorted({a.issuer_name for a in self.attestations if a.issuer_name})


def _known(uris: set[str], language: str) -> dict[str, tuple[str, str]]:
    """uri → (label, group label) from the frameworks app, for the URIs it knows."""
    from microcred.frameworks.models import Competency, CompetencyBroader

    known = {c.uri: c for c in Competency.objects.filter(uri__in=uris)}
    groups: dict[int, str] = {}
    for link in CompetencyBroader.objects.filter(narrower__in=known.values()).select_related("broader"):
        groups.setdefault(link.narrower_id, link.broader.label(language))
    return {uri: (c.label(language), groups.get(c.pk, "")) for uri, c in known.items()}


def skill_entries(credentials: list[WalletCredential], language: str) -> list[SkillEntry]:
    entries: dict[str, SkillEntry] = {}
    claims = [
        (credential, claim) for credential in credentials for claim in competency_claims(credential.document)
    ]
    known = _known({claim.uri for _, claim in claims}, language)
    for credential, claim in claims:
        label, group = known.get(claim.uri, (claim.label or claim.uri, ""))
        entry = entries.setdefault(
            claim.uri,
            SkillEntry(
                claim.uri,
                label,
                claim.framework,
                group or credential.name,
                claim.is_esco,
            ),
        )
        entry.attestations.append(
            Attestation(
                credential.pk,
                credential.name,
                credential.issuer_name,
                credential.verified,
                claim.level,
                claim.status,
                claim.evidence,
            )
        )
    return sorted(entries.values(), key=lambda e: (e.group.lower(), e.label.lower()))


def passport_groups(user: Any, language: str) -> list[tuple[str, list[SkillEntry]]]:
    grouped: dict[str, list[SkillEntry]] = {}
    for entry in skill_entries(list(wallet_credentials(user)), language):
        grouped.setdefault(entry.group or _("Other skills"), []).append(entry)
    return sorted(grouped.items(), key=lambda item: item[0].lower())


def verified_skills(user: Any, language: str = "en") -> list[SkillEntry]:
    """Skills attested by at least one credential whose last verification passed."""
    return skill_entries(list(wallet_credentials(user).filter(verified=True)), language)


@dataclass(frozen=True)
class StackProgress:
    name: str
    held: tuple[str, ...]
    missing: tuple[str, ...]

    @property
    def percent(self) -> int:
        total = len(self.held) + len(self.missing)
        return round(100 * len(self.held) / total) if total else 0


def stack_progress(user: Any, language: str) -> list[StackProgress]:
    """For each larger credential one of the learner's credentials stacks into: the micro-credentials that
    stack into it (their current published or retired versions), held and missing. Only verified
    credentials issued here count (the catalog knows their versions)."""
    from microcred.catalog.models import MicroCredentialVersion

    held_versions = MicroCredentialVersion.objects.filter(
        pk__in=wallet_credentials(user)
        .filter(verified=True, issued__isnull=False)
        .values("issued__version_id")
    ).select_related("stacks_into")
    held_mcs = {v.micro_credential_id for v in held_versions}
    out = []
    for target in {v.stacks_into for v in held_versions if v.stacks_into is not None}:
        parts = MicroCredentialVersion.objects.filter(
            stacks_into=target, status__in=("published", "retired")
        ).order_by("micro_credential_id", "-number")
        names: dict[int, str] = {}
        for version in parts:
            names.setdefault(version.micro_credential_id, version.title(language))
        target_version = target.current_version
        title = target_version.title(language) if target_version else ""
        sample = next((v for v in held_versions if v.stacks_into_id == target.pk), None)
        title = title or (sample.stacks_into_name(language) if sample else "") or target.slug
        out.append(
            StackProgress(
                title,
                tuple(sorted(n for mc, n in names.items() if mc in held_mcs)),
                tuple(sorted(n for mc, n in names.items() if mc not in held_mcs)),
            )
        )
    return sorted(out, key=lambda p: p.name.lower())
