"""Writes of issued credentials (DESIGN.md §7.6): issue (lifecycle changes: ``credential_lifecycle``).

Each is keyword-only and one transaction; each writes its audit event inside that transaction (status bit
changes through ``services.status_entries_change``, which re-signs the list at once). Locking order: the
credential row, then (through the services) the organisation and its status lists by primary key.
"""

from __future__ import annotations

import calendar
import hashlib
import json
import uuid
from collections.abc import Sequence
from dataclasses import asdict
from datetime import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone

from credcore.errors import CredcoreError
from credcore.openbadges.schema import schema_name_for
from credcore.status import BitstringStatusListEntry
from microcred.accounts.models import Organization, User
from microcred.catalog import choices as c
from microcred.catalog.models import MicroCredentialVersion
from microcred.issuance import errors, services
from microcred.issuance.builder import AchievementTemplate, CompetencyResult, EvidenceItem, normalize_email
from microcred.issuance.identity import organization_did, public_url, status_list_url
from microcred.issuance.keyring import sign_document
from microcred.issuance.models import AuditEvent, IssuedCredential, StatusPurpose, StatusSlot

__all__ = [
    "achievement_template",
    "credential_issue",
    "credential_sign_submitted",
    "status_entry_for",
    "validity_for",
]

Action = AuditEvent.Action
State = IssuedCredential.State
ISSUABLE = (c.Lifecycle.PUBLISHED, c.Lifecycle.RETIRED)  # retired versions: renewals and re-awards only


def _add_months(moment: datetime, months: int) -> datetime:
    month = moment.month - 1 + months
    year, month = moment.year + month // 12, month % 12 + 1
    day = min(moment.day, calendar.monthrange(year, month)[1])
    return moment.replace(year=year, month=month, day=day)


def validity_for(version: MicroCredentialVersion | None, start: datetime) -> datetime | None:
    if version is None or not version.validity_months:
        return None
    return _add_months(start, version.validity_months)


def status_entry_for(slot: StatusSlot) -> BitstringStatusListEntry:
    status_list = slot.status_list
    url = status_list_url(status_list.organization, status_list.purpose, status_list.sequence)
    return BitstringStatusListEntry(url, slot.index, status_list.purpose, f"{url}#{slot.index}")


def _assessment_installed() -> bool:
    from django.apps import apps

    return apps.is_installed("microcred.assessment")


def _endorsements(version: MicroCredentialVersion) -> tuple[dict[str, Any], ...]:
    """Signed EndorsementCredentials from the assessment app (partner sign-off), when it is installed."""
    if not _assessment_installed():
        return ()
    from microcred.assessment.selectors import endorsements_for_version

    return tuple(endorsements_for_version(version))


def achievement_template(
    *, version: MicroCredentialVersion, organization: Organization, require_published: bool = True
) -> AchievementTemplate:
    allowed = (c.Lifecycle.PUBLISHED,) if require_published else ISSUABLE
    if version.status not in allowed or not version.issuers.filter(pk=organization.pk).exists():
        raise errors.VersionNotIssuable(f"{version} by {organization.slug}")
    return AchievementTemplate.for_version(version, organization, _endorsements(version))


def request_hash(payload: Any) -> str:
    return hashlib.sha256(json.dumps(payload, sort_keys=True, default=str).encode()).hexdigest()


def _existing(organization: Organization, idempotency_key: str, fingerprint: str) -> IssuedCredential | None:
    existing = IssuedCredential.objects.filter(
        organization=organization, idempotency_key=idempotency_key
    ).first()
    if (
        existing is not None
        and fingerprint
        and existing.request_hash
        and existing.request_hash != fingerprint
    ):
        raise errors.IdempotencyConflict(idempotency_key)
    return existing


# Every credential's suspension entry (reversible). Open Badges credentials carry only this one, so revoking
# them sets it for good; other credentials also get a revocation entry (ADR 0023).
STATUS_PURPOSE = StatusPurpose.SUSPENSION
REVOCATION = StatusPurpose.REVOCATION


def _allocate(organization: Organization) -> StatusSlot:
    (slot,) = services.status_slots_allocate(organization=organization, purpose=STATUS_PURPOSE)
    return slot


def _award_inputs(
    award: Any,
) -> tuple[MicroCredentialVersion, str, list[CompetencyResult], list[EvidenceItem]]:
    """Version, recipient email, per-competency results and evidence of an assessment ``Award``."""
    from microcred.assessment.selectors import award_results

    enrollment = award.enrollment
    results: list[CompetencyResult] = []
    evidence: list[EvidenceItem] = []
    for item in award_results(award):
        score = str(item.score) if item.score is not None else None
        results.append(CompetencyResult(item.competency_uri, level=item.level_index, value=score))
        for ref in item.evidence:
            url = ref.url if "://" in ref.url else public_url(ref.url)
            evidence.append(
                EvidenceItem(url=url, name=ref.name or item.label_en, narrative=item.narrative or None)
            )
    return enrollment.offering.version, enrollment.email, results, evidence


@transaction.atomic
def credential_issue(
    *,
    organization: Organization,
    idempotency_key: str,
    version: MicroCredentialVersion | None = None,
    email: str = "",
    award: Any = None,
    results: Sequence[CompetencyResult] | None = None,
    evidence: Sequence[EvidenceItem] = (),
    actor: User | None = None,
    actor_label: str = "",
    replaces: IssuedCredential | None = None,
    action: str = Action.CREDENTIAL_ISSUED,
    require_published: bool = True,
) -> IssuedCredential:
    """Issue one OpenBadgeCredential for an ``award`` or for ``version`` + recipient ``email``.

    Idempotent: a second call with the same ``idempotency_key`` returns the credential the first made.
    Without an award, the results attest every competency at its required level (the issuer's word)."""
    if award is not None:
        if award.enrollment.offering.organization_id != organization.pk:
            raise errors.VersionNotIssuable(f"award {award.pk} belongs to another organisation's offering")
        version, email, award_results_, award_evidence = _award_inputs(award)
        results = results if results is not None else award_results_
        evidence = tuple(evidence) or tuple(award_evidence)
    if version is None:
        raise errors.VersionNotIssuable("no version")
    email = normalize_email(email)
    if "@" not in email or len(email) > 254:
        raise errors.InvalidRecipient(email)
    fingerprint = request_hash(
        {
            "v": version.pk,
            "e": email,
            "r": [asdict(r) for r in results or []],
            "x": [asdict(x) for x in evidence],
        }
    )
    if (existing := _existing(organization, idempotency_key, fingerprint)) is not None:
        return existing
    template = achievement_template(
        version=version, organization=organization, require_published=require_published
    )
    now = timezone.now().replace(microsecond=0)
    slot = _allocate(organization)
    credential_id = f"urn:uuid:{uuid.uuid4()}"
    valid_until = validity_for(version, now)
    unsigned = template.credential(
        credential_id=credential_id,
        email=email,
        issued_at=now,
        valid_from=now,
        valid_until=valid_until,
        status_entry=status_entry_for(slot),
        results=list(results) if results is not None else None,
        evidence=list(evidence),
    )
    issued = IssuedCredential.objects.create(
        organization=organization,
        version=version,
        award=award,
        replaces=replaces,
        recipient_email=email,
        credential_id=credential_id,
        idempotency_key=idempotency_key,
        request_hash=fingerprint,
        status_slot=slot,
        document=sign_document(unsigned, organization=organization),
        inputs={"results": [asdict(r) for r in results or []], "evidence": [asdict(x) for x in evidence]},
        issued_at=now,
        valid_from=now,
        valid_until=valid_until,
        actor=actor,
        actor_label=actor_label,
    )
    services.audit_record(
        organization=organization,
        action=action,
        subject_type="credential",
        subject_ids=[credential_id],
        actor=actor,
        actor_label=actor_label,
        details={"version_id": version.pk, "replaces": replaces.credential_id if replaces else None},
    )
    return issued


def credential_for(*, organization: Organization, credential_id: str) -> IssuedCredential:
    found = IssuedCredential.objects.filter(organization=organization, credential_id=credential_id).first()
    if found is None:
        raise errors.CredentialNotFound(credential_id)
    return found


def _issuer_for(credential: dict[str, Any], organization: Organization) -> Any:
    """The issuer the VC-API credential will carry: absent or the organisation's DID, else refused."""
    did = organization_did(organization)
    issuer = credential.get("issuer")
    types = credential.get("type") or []
    is_badge = isinstance(types, list) and bool({"OpenBadgeCredential", "AchievementCredential"} & set(types))
    if issuer is None:
        return {"id": did, "type": ["Profile"], "name": organization.name_en} if is_badge else did
    if isinstance(issuer, str):
        if issuer != did:
            raise errors.IssuerMismatch(issuer[:200])
        return issuer
    if isinstance(issuer, dict) and issuer.get("id", did) == did:
        return {**issuer, "id": did}
    raise errors.IssuerMismatch(str(issuer.get("id") if isinstance(issuer, dict) else issuer)[:200])


@transaction.atomic
def credential_sign_submitted(
    *,
    organization: Organization,
    credential: dict[str, Any],
    idempotency_key: str,
    actor_label: str = "",
) -> IssuedCredential:
    """VC-API issuance of a client-supplied credential: the issuer must be omitted or this organisation's DID;
    the server sets the status entry and signs with the organisation's current key. Refusals change nothing
    (the transaction rolls back the status slot)."""
    if not isinstance(credential, dict) or "proof" in credential:
        raise errors.InvalidCredential("send an unsigned credential object")
    if "credentialStatus" in credential:
        raise errors.StatusNotAllowed()
    fingerprint = request_hash(credential)
    if (existing := _existing(organization, idempotency_key, fingerprint)) is not None:
        return existing
    document = dict(credential)
    document["issuer"] = _issuer_for(credential, organization)
    credential_id = document.setdefault("id", f"urn:uuid:{uuid.uuid4()}")
    if (
        not isinstance(credential_id, str)
        or IssuedCredential.objects.filter(credential_id=credential_id).exists()
    ):
        raise errors.InvalidCredential("the credential id is missing, not a string or already used")
    now = timezone.now().replace(microsecond=0)
    document.setdefault("validFrom", now.strftime("%Y-%m-%dT%H:%M:%SZ"))
    slot, revocation = _allocate(organization), None
    entries = [status_entry_for(slot).to_json()]
    if schema_name_for(document) is None:  # not bound to OB 3.0's single entry: both purposes (ADR 0023)
        (revocation,) = services.status_slots_allocate(organization=organization, purpose=REVOCATION)
        entries.insert(0, status_entry_for(revocation).to_json())
    document["credentialStatus"] = entries if len(entries) > 1 else entries[0]
    try:
        signed = sign_document(document, organization=organization)
    except CredcoreError as error:
        raise errors.InvalidCredential(str(error)[:300]) from None
    issued = IssuedCredential.objects.create(
        organization=organization,
        credential_id=credential_id,
        idempotency_key=idempotency_key,
        request_hash=fingerprint,
        status_slot=slot,
        revocation_slot=revocation,
        document=signed,
        issued_at=now,
        valid_from=now,
        actor_label=actor_label,
    )
    services.audit_record(
        organization=organization,
        action=Action.CREDENTIAL_ISSUED,
        subject_type="credential",
        subject_ids=[credential_id],
        actor_label=actor_label,
        details={"via": "vc-api"},
    )
    return issued
