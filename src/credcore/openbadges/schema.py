"""JSON Schema validation of Open Badges 3.0 documents against the bundled 1EdTech schemas.

OB 3.0 §Verification, step 1 (https://www.imsglobal.org/spec/ob/v3p0/#verification): a credential conforms
to the specification when it validates against the published JSON Schema. The schemas want arrays in many
places where JSON-LD (and real credentials) allow a single value, so a copy of the document is first
normalised (single value → one-element array, wherever the schema asks for an array) — the input is
never mutated. Schemas are loaded from the package through a local registry: never the network.
"""

from __future__ import annotations

import copy
import hashlib
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from importlib import resources
from typing import Any, Final, Literal

from jsonschema import Draft201909Validator, FormatChecker, ValidationError
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT201909

from credcore.errors import InvalidDocumentError
from credcore.openbadges._fastschema import Predicate, compile_schema

__all__ = [
    "SCHEMA_URLS",
    "SchemaName",
    "SchemaViolation",
    "normalize_for_schema",
    "schema_for_url",
    "schema_name_for",
    "validate_schema",
]

SchemaName = Literal["achievementcredential", "endorsementcredential", "profile"]

_PACKAGE: Final = "credcore.openbadges.schemas"
_SHA256: Final[dict[SchemaName, str]] = {
    "achievementcredential": "5753fb3ecf7d024ed273dd364bd683f483eb47257e718e6618832cf89eb2083a",
    "endorsementcredential": "4627e1878848d0192c3f9e26f09ef88a96ad48a46f5fca11b80b679ece0de345",
    "profile": "9b05049f720b8ad9bd7aed358ca59c643c34bf1cec0b29fd7baa8bf98efed164",
}
_SCHEMA_BASE: Final = "https://purl.imsglobal.org/spec/ob/v3p0/schema/json/"
VC1_CONTEXT: Final = "https://www.w3.org/2018/credentials/v1"

# RFC 3339 date-time (what JSON Schema "format": "date-time" means): a time zone is mandatory.
_DATE_TIME: Final = re.compile(r"^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$")


@dataclass(frozen=True, slots=True)
class SchemaViolation:
    """One JSON Schema error: where (a JSON pointer into the normalised document) and what."""

    path: str
    message: str
    keyword: str


def is_date_time(value: object) -> bool:
    """RFC 3339 ``date-time`` (https://www.rfc-editor.org/rfc/rfc3339#section-5.6), time zone required."""
    if not isinstance(value, str):
        return True  # "format" constrains strings only
    if not _DATE_TIME.match(value):
        return False
    try:
        datetime.fromisoformat(value.upper())
    except ValueError:
        return False
    return True


_FORMATS: Final = FormatChecker(formats=())
_FORMATS.checks("date-time")(is_date_time)


@cache
def _raw_schema(name: SchemaName) -> dict[str, Any]:
    data = resources.files(_PACKAGE).joinpath(f"{name}.json").read_bytes()
    if hashlib.sha256(data).hexdigest() != _SHA256[name]:  # a tampered install must not validate
        raise InvalidDocumentError(f"bundled schema {name}.json does not match its recorded sha256")
    schema: dict[str, Any] = json.loads(data)
    return schema


def _vc1_variant(node: Any) -> Any:
    """Derive the VC Data Model 1.1 form of a credential schema (OB 3.0 §Verification, note on VC 1.1).

    Credentials built on VC DM 1.1 carry ``issuanceDate``/``expirationDate`` and the 2018 context instead
    of ``validFrom``/``validUntil`` and the v2 context. VC DM 1.1 makes a credential's ``id`` optional and
    has no credential ``name`` (both arrived with VC DM 2.0), so neither is required there.
    """
    if isinstance(node, list):
        return [_vc1_variant(item) for item in node]
    if not isinstance(node, dict):
        return node
    out = {key: _vc1_variant(value) for key, value in node.items()}
    properties = out.get("properties")
    if isinstance(properties, dict) and "@context" in properties and "validFrom" in properties:
        context = copy.deepcopy(properties["@context"])
        context["items"][0] = {"enum": [VC1_CONTEXT]}
        properties["@context"] = context
        date_time = {"type": "string", "format": "date-time"}
        properties["issuanceDate"] = dict(date_time)
        properties["expirationDate"] = dict(date_time)
        renamed = ["issuanceDate" if item == "validFrom" else item for item in out["required"]]
        out["required"] = [item for item in renamed if item not in ("id", "name")]
    return out


@cache
def _schema(name: SchemaName, vc_version: int) -> dict[str, Any]:
    schema = _raw_schema(name)
    if vc_version == 1:
        schema = _vc1_variant(schema)
        schema["$id"] = schema["$id"].replace(".json", "-vc1.json")
    return schema


@cache
def _fast_validator(name: SchemaName, vc_version: int) -> Predicate:
    return compile_schema(_schema(name, vc_version), {"date-time": is_date_time})


@cache
def _validator(name: SchemaName, vc_version: int) -> Draft201909Validator:
    schema = _schema(name, vc_version)
    resource = Resource.from_contents(schema, default_specification=DRAFT201909)
    registry: Registry[Any] = Registry().with_resource(schema["$id"], resource)
    return Draft201909Validator(schema, registry=registry, format_checker=_FORMATS)


def _published_urls() -> dict[str, SchemaName]:
    urls: dict[str, SchemaName] = {}
    for name in _SHA256:
        urls[_raw_schema(name)["$id"]] = name
        urls[f"{_SCHEMA_BASE}ob_v3p0_{name}_schema.json"] = name
    return urls


SCHEMA_URLS: Final[Mapping[str, SchemaName]] = _published_urls()


def schema_for_url(url: str) -> SchemaName | None:
    """The bundled schema published at ``url`` (a ``credentialSchema`` id), or None when not bundled."""
    return SCHEMA_URLS.get(url)


def schema_name_for(document: Mapping[str, Any]) -> SchemaName | None:
    """Which bundled schema applies to a document, from its ``type`` (None: not an OB 3.0 document)."""
    raw_types = document.get("type")
    types = raw_types if isinstance(raw_types, list) else [raw_types]
    if "EndorsementCredential" in types:
        return "endorsementcredential"
    if "OpenBadgeCredential" in types or "AchievementCredential" in types:
        return "achievementcredential"
    if "Profile" in types:
        return "profile"
    return None


def _resolve(schema: Mapping[str, Any], root: Mapping[str, Any]) -> Mapping[str, Any]:
    while "$ref" in schema:
        ref = schema["$ref"]
        if not isinstance(ref, str) or not ref.startswith("#/$defs/"):
            return schema
        schema = root["$defs"][ref.removeprefix("#/$defs/")]
    return schema


def _kind(value: object) -> str:
    if isinstance(value, dict):
        return "object"
    if isinstance(value, list):
        return "array"
    if isinstance(value, str):
        return "string"
    return "other"


def _normalize(value: Any, schema: Mapping[str, Any], root: Mapping[str, Any]) -> Any:
    schema = _resolve(schema, root)
    for sub in schema.get("allOf", ()):
        value = _normalize(value, sub, root)
    for keyword in ("oneOf", "anyOf"):
        branches = [_resolve(branch, root) for branch in schema.get(keyword, ())]
        matching = [b for b in branches if b.get("type") == _kind(value) or "properties" in b]
        if isinstance(value, dict) and matching:
            value = _normalize(value, matching[0], root)
    if schema.get("type") == "array" and not isinstance(value, list):
        value = [value]
    if isinstance(value, list) and schema.get("type") == "array":
        items = schema.get("items")
        if isinstance(items, dict):
            value = [_normalize(item, items, root) for item in value]
        elif isinstance(items, list):
            extra = schema.get("additionalItems")
            value = [
                _normalize(item, items[i], root)
                if i < len(items)
                else (_normalize(item, extra, root) if isinstance(extra, dict) else item)
                for i, item in enumerate(value)
            ]
    if isinstance(value, dict) and isinstance(schema.get("properties"), dict):
        properties = schema["properties"]
        value = {k: _normalize(v, properties[k], root) if k in properties else v for k, v in value.items()}
    return value


def normalize_for_schema(document: Mapping[str, Any], name: SchemaName) -> dict[str, Any]:
    """A copy of ``document`` with single values wrapped in arrays wherever the schema wants arrays."""
    root = _raw_schema(name)
    normalized: dict[str, Any] = _normalize(copy.deepcopy(dict(document)), root, root)
    return normalized


def _vc_version(document: Mapping[str, Any]) -> int:
    context = document.get("@context")
    first = context[0] if isinstance(context, list) and context else context
    return 1 if first == VC1_CONTEXT else 2


def validate_schema(
    document: Mapping[str, Any], name: SchemaName | None = None
) -> tuple[SchemaViolation, ...]:
    """Validate ``document`` against the bundled OB 3.0 schema ``name`` (by default, chosen from its type).

    Returns every violation, most specific first; an empty tuple means the document conforms. A document
    of no OB 3.0 type is one violation (``type``).
    """
    name = name or schema_name_for(document)
    if name is None:
        return (SchemaViolation("/type", "not an Open Badges 3.0 document type", "type"),)
    version = _vc_version(document) if name != "profile" else 2
    if _fast_validator(name, version)(document):
        return ()
    normalized = normalize_for_schema(document, name)
    validator = _validator(name, version)  # explain the rejection with the reference implementation
    errors = sorted(
        (_deepest(error) for error in validator.iter_errors(normalized)),
        key=lambda e: (-len(e.absolute_path), str(e.absolute_path)),
    )
    return tuple(
        SchemaViolation(
            "/" + "/".join(str(part) for part in error.absolute_path),
            _short(error.message),
            str(error.validator),
        )
        for error in errors
    )


def _deepest(error: ValidationError) -> ValidationError:
    """For ``oneOf``/``anyOf`` failures, the most specific sub-error (the branch that got furthest)."""
    while error.context:
        error = max(error.context, key=lambda sub: len(sub.absolute_path))
    return error


def _short(message: str, limit: int = 300) -> str:
    return message if len(message) <= limit else message[: limit - 1] + "…"
