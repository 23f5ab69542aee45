"""Public identifiers of an organisation: its did:web DID, key ids and status list URLs.

``did:web:<host>:orgs:<slug>`` (https://w3c-ccg.github.io/did-method-web/#create-register): the host
comes from ``MICROCRED_PUBLIC_BASE_URL``, a port is percent-encoded (``%3A``), a path prefix of the base URL
becomes DID path segments, and the document is served at ``<base>/orgs/<slug>/did.json``.
"""

from __future__ import annotations

import urllib.parse

from django.conf import settings

from credcore.dids import did_web_from_url
from microcred.accounts.models import Organization

__all__ = ["organization_did", "public_url", "status_list_url", "verification_method_id"]


def public_url(path: str) -> str:
    return f"{settings.MICROCRED_PUBLIC_BASE_URL.rstrip('/')}/{path.lstrip('/')}"


def organization_did(organization: Organization) -> str:
    base = urllib.parse.urlsplit(settings.MICROCRED_PUBLIC_BASE_URL)
    prefix = base.path.strip("/")
    path = f"{prefix}/orgs/{organization.slug}" if prefix else f"orgs/{organization.slug}"
    return did_web_from_url(base.netloc, path)


def verification_method_id(organization: Organization, public_key_multibase: str) -> str:
    """Key ids use the public key itself as fragment, so they never change when keys are added or retired."""
    return f"{organization_did(organization)}#{public_key_multibase}"


def status_list_url(organization: Organization, purpose: str, sequence: int) -> str:
    return public_url(f"orgs/{organization.slug}/status/{purpose}/{sequence}")
