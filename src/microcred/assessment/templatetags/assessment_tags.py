"""``{% signed_endorsements version %}``: partners' signed endorsements of a version, for the catalog."""

from __future__ import annotations

from typing import Any

from django import template

from microcred.assessment.selectors import endorsements_for_version

register = template.Library()


@register.inclusion_tag("assessment/_signed_endorsements.html")
def signed_endorsements(version: Any) -> dict[str, Any]:
    items = [
        {
            "endorser": credential["issuer"].get("name", ""),
            "endorser_id": credential["issuer"].get("id", ""),
            "comment": credential["credentialSubject"].get("endorsementComment", ""),
            "date": credential.get("validFrom", "")[:10],
        }
        for credential in endorsements_for_version(version)
    ]
    return {"items": items}
