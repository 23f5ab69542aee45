"""Reads behind the issuer's lifecycle pages (DESIGN.md §7.6): who may see or change an organisation's issued
credentials, the searchable list, and one credential's status entries and history (docs/adr/0027).

Nothing here writes; changes go through ``credential_lifecycle``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import Q, QuerySet, TextField
from django.db.models.functions import Cast

from microcred.accounts.models import Membership, Organization
from microcred.issuance.credential_services import validity_for
from microcred.issuance.models import AuditEvent, IssuedCredential, StatusList, StatusPurpose

__all__ = [
    "ACT_ROLES",
    "VIEW_ROLES",
    "StatusEntryView",
    "can_act",
    "can_view",
    "credential_history",
    "credential_in",
    "credential_page",
    "recipient_identities",
    "renewal_valid_until",
    "status_entries",
    "viewable_organizations",
]

R = Membership.Role
ACT_ROLES = (R.ORG_ADMIN, R.REGISTRAR)  # revoke, suspend, unsuspend, renew, re-award
VIEW_ROLES = (R.ORG_ADMIN, R.REGISTRAR, R.ASSESSOR)  # read the list, the detail and the history
PAGE_SIZE = 25
MAX_QUERY = 200


def _roles(user: Any, organization: Organization) -> set[str]:
    if not getattr(user, "is_authenticated", False):
        return set()
    if user.is_superuser:
        return set(VIEW_ROLES)
    return set(
        Membership.objects.filter(user=user, organization=organization).values_list("role", flat=True)
    )


def can_view(user: Any, organization: Organization) -> bool:
    return bool(_roles(user, organization) & set(VIEW_ROLES))


def can_act(user: Any, organization: Organization) -> bool:
    return bool(_roles(user, organization) & set(ACT_ROLES))


def viewable_organizations(user: Any) -> QuerySet[Organization]:
    if not getattr(user, "is_authenticated", False):
        return Organization.objects.none()
    if user.is_superuser:
        return Organization.objects.order_by("name_en")
    return (
        Organization.objects.filter(memberships__user=user, memberships__role__in=VIEW_ROLES)
        .distinct()
        .order_by("name_en")
    )


def credential_page(
    *, organization: Organization, query: str = "", state: str = "", page: int = 1
) -> Page[IssuedCredential]:
    """The organisation's credentials, newest first; ``query`` matches the recipient's email, the credential
    id or the micro-credential's title (EN or FR); ``state`` one of ``IssuedCredential.State``."""
    found = IssuedCredential.objects.filter(organization=organization).select_related(
        "version", "version__micro_credential"
    )
    query = query.strip()[:MAX_QUERY]
    if query:
        found = found.filter(
            Q(recipient_email__icontains=query)
            | Q(credential_id__icontains=query)
            | Q(version__title_en__icontains=query)
            | Q(version__title_fr__icontains=query)
        )
    if state in IssuedCredential.State.values:
        found = found.filter(state=state)
    # Newest first by primary key (rows are inserted as they are issued): it walks the primary key with the
    # page's LIMIT, where sorting on issued_at read every row (on SQLite, through the document's overflow
    # pages: 1.1 s instead of tens of ms for 100,000 credentials).
    found = found.defer("document", "inputs").order_by("-pk")
    return Paginator(found, PAGE_SIZE).get_page(page)


def credential_in(*, organization: Organization, pk: int) -> IssuedCredential | None:
    return (
        IssuedCredential.objects.select_related("version", "organization", "replaces")
        .filter(organization=organization, pk=pk)
        .first()
    )


@dataclass(frozen=True)
class StatusEntryView:
    """One ``credentialStatus`` entry as verifiers read it, and the bit the platform now publishes there."""

    purpose: str
    list_url: str
    index: int
    bit: int | None  # None: the list is not this platform's (or no longer exists)

    @property
    def purpose_label(self) -> str:
        """The purpose in the page's language (the raw value when it is not one of ours)."""
        if self.purpose not in StatusPurpose.values:
            return self.purpose
        return str(StatusPurpose(self.purpose).label)

    @property
    def entry_id(self) -> str:
        sequence = self.list_url.rstrip("/").rsplit("/", 1)[-1]
        return f"{self.purpose}/{sequence}#{self.index}"


_LIST_PATH = re.compile(r"/orgs/(?P<slug>[^/]+)/status/(?P<purpose>[a-z]+)/(?P<sequence>\d+)$")


def _bit(organization: Organization, url: str, index: int) -> int | None:
    from credcore.status import BitstringStatusList

    match = _LIST_PATH.search(url)
    if match is None or match["slug"] != organization.slug:
        return None
    status_list = StatusList.objects.filter(
        organization=organization, purpose=match["purpose"], sequence=int(match["sequence"])
    ).first()
    if status_list is None or not 0 <= index < status_list.size:
        return None
    return BitstringStatusList(bytes(status_list.bits)).get(index)


def status_entries(credential: IssuedCredential) -> list[StatusEntryView]:
    """Read from the signed document (what verifiers check), so one entry or several both show."""
    raw = credential.document.get("credentialStatus") or []
    entries = raw if isinstance(raw, list) else [raw]
    out: list[StatusEntryView] = []
    for entry in entries:
        if not isinstance(entry, dict):
            continue
        url = str(entry.get("statusListCredential", ""))
        try:
            index = int(entry.get("statusListIndex", ""))
        except (TypeError, ValueError):
            continue
        purpose = str(entry.get("statusPurpose", ""))
        out.append(StatusEntryView(purpose, url, index, _bit(credential.organization, url, index)))
    return out


def credential_history(credential: IssuedCredential, *, limit: int = 200) -> list[AuditEvent]:
    """Audit events naming the credential or one of its status entries, oldest first.

    ``subject_ids`` is a JSON list; a text match narrows the rows on every database and the exact
    membership test below removes false positives (an id that is a prefix of another)."""
    wanted = {credential.credential_id} | {entry.entry_id for entry in status_entries(credential)}
    text = Q()
    for subject in wanted:
        text |= Q(ids_text__contains=subject)
    candidates = (
        AuditEvent.objects.filter(organization=credential.organization)
        .annotate(ids_text=Cast("subject_ids", TextField()))
        .filter(text)
        .select_related("actor")
        .order_by("created_at", "pk")
    )
    events = [event for event in candidates if wanted & set(event.subject_ids)]
    return events[:limit]


def renewal_valid_until(credential: IssuedCredential, now: datetime) -> datetime | None:
    """The ``validUntil`` a renewal made ``now`` would carry (the version's validity period)."""
    return validity_for(credential.version, now)


def recipient_identities(credential: IssuedCredential) -> list[dict[str, str]]:
    """The recipient identifiers in the signed credential (hashed email and salt, OB 3.0 IdentityObject)."""
    subject = credential.document.get("credentialSubject") or {}
    raw = (subject.get("identifier") or []) if isinstance(subject, dict) else []
    return [
        {key: str(item.get(key, "")) for key in ("identityType", "identityHash", "salt")}
        for item in (raw if isinstance(raw, list) else [raw])
        if isinstance(item, dict)
    ]
