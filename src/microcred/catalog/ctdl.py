"""CTDL JSON-LD export of published micro-credentials (Credential Engine's Credential Transparency Description
Language).

One ``ceterms:MicroCredential`` per published version, with its owning/offering
``ceterms:CredentialOrganization``
nodes in the same ``@graph`` so every reference resolves in the payload. Competencies are
``ceterms:CredentialAlignmentObject`` nodes pointing at their ESCO URIs inside a ``ceterms:requires``
condition.
CTIDs are deterministic (derived from the public base URL and the slug) and have the published grammar:
``ce-`` + a lower-case UUID v4 shape (https://credreg.net/ctdl/ctid).
"""

from __future__ import annotations

import uuid
from typing import Any

from microcred.catalog import choices as c
from microcred.catalog import selectors
from microcred.catalog.models import MicroCredentialVersion

CONTEXT = "https://credreg.net/ctdl/schema/context/json"
ESCO_FRAMEWORK = "http://data.europa.eu/esco/model"
NOC_FRAMEWORK = "https://noc.esdc.gc.ca/"

_DELIVERY = {
    c.DeliveryMode.IN_PERSON: ("deliveryType:InPerson", "In Person Only", "En personne seulement"),
    c.DeliveryMode.ONLINE: ("deliveryType:OnlineOnly", "Online Only", "En ligne seulement"),
    c.DeliveryMode.HYBRID: ("deliveryType:BlendedDelivery", "Blended Delivery", "Formation mixte"),
}


def ctid(base_url: str, kind: str, key: str) -> str:
    """A stable CTID: a UUID derived from (base URL, kind, key), with the v4 version and variant bits set."""
    raw = bytearray(uuid.uuid5(uuid.NAMESPACE_URL, f"{base_url}|{kind}|{key}").bytes)
    raw[6] = (raw[6] & 0x0F) | 0x40  # version 4
    raw[8] = (raw[8] & 0x3F) | 0x80  # RFC 4122 variant
    return f"ce-{uuid.UUID(bytes=bytes(raw))}"


def _lang_map(en: str, fr: str) -> dict[str, str]:
    out = {"en": en}
    if fr:
        out["fr"] = fr
    return out


def _org_id(base_url: str, org: Any) -> str:
    return f"{base_url}/api/catalog/ctdl/organizations/{org.slug}"


def _organization(base_url: str, org: Any) -> dict[str, Any]:
    node: dict[str, Any] = {
        "@id": _org_id(base_url, org),
        "@type": "ceterms:CredentialOrganization",
        "ceterms:ctid": ctid(base_url, "organization", org.slug),
        "ceterms:name": _lang_map(org.name_en, org.name_fr),
    }
    if org.website:
        node["ceterms:subjectWebpage"] = org.website
    return node


def _alignment(framework: str, framework_name: str, node: str, name_en: str, name_fr: str) -> dict[str, Any]:
    return {
        "@type": "ceterms:CredentialAlignmentObject",
        "ceterms:framework": framework,
        "ceterms:frameworkName": {"en": framework_name},
        "ceterms:targetNode": node,
        "ceterms:targetNodeName": _lang_map(name_en, name_fr),
    }


def _competencies(version: MicroCredentialVersion) -> list[dict[str, Any]]:
    seen: dict[str, dict[str, Any]] = {}
    for outcome in version.outcomes.all():
        for link in outcome.competency_links.all():
            comp = link.competency
            seen.setdefault(
                comp.uri, _alignment(ESCO_FRAMEWORK, "ESCO", comp.uri, comp.label_en, comp.label_fr)
            )
    return list(seen.values())


def _occupations(version: MicroCredentialVersion) -> list[dict[str, Any]]:
    out = []
    for occ in version.target_occupations.all():
        if occ.uri.startswith("http://data.europa.eu/esco/"):
            out.append(_alignment(ESCO_FRAMEWORK, "ESCO", occ.uri, occ.label_en, occ.label_fr))
        else:
            node = _alignment(
                NOC_FRAMEWORK, "NOC 2021", occ.uri or f"{NOC_FRAMEWORK}{occ.code}", occ.label_en, occ.label_fr
            )
            node["ceterms:codedNotation"] = occ.code
            out.append(node)
    return out


def credential_node(version: MicroCredentialVersion, *, base_url: str) -> dict[str, Any]:
    slug = version.micro_credential.slug
    delivery, delivery_en, delivery_fr = _DELIVERY[c.DeliveryMode(version.delivery_mode)]
    node: dict[str, Any] = {
        "@id": f"{base_url}/api/catalog/ctdl/{slug}",
        "@type": "ceterms:MicroCredential",
        "ceterms:ctid": ctid(base_url, "credential", slug),
        "ceterms:name": _lang_map(version.title_en, version.title_fr),
        "ceterms:description": _lang_map(version.description_en, version.description_fr),
        "ceterms:subjectWebpage": version.subject_webpage or f"{base_url}/en/microcredentials/{slug}/",
        "ceterms:inLanguage": version.language_codes,
        "ceterms:ownedBy": [_org_id(base_url, version.micro_credential.owner)],
        "ceterms:offeredBy": [_org_id(base_url, org) for org in version.issuers.all()],
        "ceterms:credentialStatusType": _alignment(
            "https://credreg.net/ctdl/terms/CredentialStatus",
            "Credential Status",
            "credentialStat:Active",
            "Active",
            "Actif",
        ),
        "ceterms:learningDeliveryType": [
            _alignment(
                "https://credreg.net/ctdl/terms/Delivery", "Delivery Type", delivery, delivery_en, delivery_fr
            )
        ],
        "ceterms:estimatedDuration": [
            {
                "@type": "ceterms:DurationProfile",
                "ceterms:exactDuration": f"P{version.effort_weeks}W",
                "ceterms:description": _lang_map(
                    f"{version.effort_hours} hours of effort over {version.effort_weeks} weeks",
                    f"{version.effort_hours} heures d'effort sur {version.effort_weeks} semaines",
                ),
            }
        ],
        "ceterms:estimatedCost": [
            {
                "@type": "ceterms:CostProfile",
                "ceterms:price": float(version.cost_cad),
                "ceterms:currency": "CAD",
                "ceterms:description": _lang_map("Tuition", "Droits de scolarité"),
                "ceterms:directCostType": [
                    _alignment(
                        "https://credreg.net/ctdl/terms/CostType",
                        "Cost Type",
                        "costType:Tuition",
                        "Tuition",
                        "Droits de scolarité",
                    )
                ],
            }
        ],
        "ceterms:dateEffective": version.published_at.date().isoformat() if version.published_at else None,
    }
    competencies = _competencies(version)
    if competencies:
        node["ceterms:requires"] = [
            {
                "@type": "ceterms:ConditionProfile",
                "ceterms:description": _lang_map(
                    "Demonstrate every competency below in a summative assessment.",
                    "Démontrer chacune des compétences ci-dessous lors d'une évaluation sommative.",
                ),
                "ceterms:targetCompetency": competencies,
            }
        ]
    occupations = _occupations(version)
    if occupations:
        node["ceterms:occupationType"] = occupations
    return {key: value for key, value in node.items() if value is not None}


def _organizations(version: MicroCredentialVersion, base_url: str) -> dict[str, dict[str, Any]]:
    orgs = {version.micro_credential.owner.slug: version.micro_credential.owner}
    orgs.update({org.slug: org for org in version.issuers.all()})
    return {slug: _organization(base_url, org) for slug, org in orgs.items()}


def credential_document(version: MicroCredentialVersion, *, base_url: str) -> dict[str, Any]:
    """One published micro-credential and the organisations it references, as a CTDL ``@graph``."""
    return {
        "@context": CONTEXT,
        "@graph": [credential_node(version, base_url=base_url), *_organizations(version, base_url).values()],
    }


def catalog_document(*, base_url: str) -> dict[str, Any]:
    """Every published micro-credential, with each organisation once."""
    graph: list[dict[str, Any]] = []
    orgs: dict[str, dict[str, Any]] = {}
    for slug in (
        selectors.published_versions()
        .order_by("micro_credential__slug")
        .values_list("micro_credential__slug", flat=True)
    ):
        version = selectors.version_detail(slug)
        if version is None:  # retired between the two queries
            continue
        graph.append(credential_node(version, base_url=base_url))
        orgs.update(_organizations(version, base_url))
    return {"@context": CONTEXT, "@graph": graph + [orgs[key] for key in sorted(orgs)]}
