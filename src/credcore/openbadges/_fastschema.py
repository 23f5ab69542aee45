"""A compiled yes/no validator for the JSON Schema keywords the 1EdTech OB 3.0 schemas use.

``jsonschema`` takes ~11 ms to validate one realistic credential — more than signing and verifying it. The OB
schemas use a small, fixed set of keywords (JSON Schema 2019-09: https://json-schema.org/draft/2019-09/json-schema-validation),
so they are compiled once into nested closures that answer "valid or not" in well under a millisecond. Only a
"no" is then explained, by ``jsonschema`` itself, so error reporting keeps the reference semantics; a
differential test keeps both in agreement. A keyword this compiler does not know is a compile error — it
never silently ignores part of a schema.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Any, Final

__all__ = ["Predicate", "compile_schema"]

Predicate = Callable[[Any], bool]

# Annotations only: they never affect validity.
_ANNOTATIONS: Final = frozenset(
    {"$schema", "$id", "$defs", "$comment", "title", "description", "default", "examples"}
)


def _is_type(name: str) -> Predicate:
    checks: dict[str, Predicate] = {
        "object": lambda v: isinstance(v, dict),
        "array": lambda v: isinstance(v, list),
        "string": lambda v: isinstance(v, str),
        "boolean": lambda v: isinstance(v, bool),
        "number": lambda v: isinstance(v, int | float) and not isinstance(v, bool),
        "integer": lambda v: (
            (isinstance(v, int) and not isinstance(v, bool)) or (isinstance(v, float) and v.is_integer())
        ),
        "null": lambda v: v is None,
    }
    if name not in checks:
        raise ValueError(f"unsupported JSON Schema type {name!r}")
    return checks[name]


class _Compiler:
    def __init__(self, root: Mapping[str, Any], formats: Mapping[str, Predicate]) -> None:
        self.root = root
        self.formats = formats
        self.refs: dict[str, Predicate] = {}

    def ref(self, pointer: str) -> Predicate:
        if not pointer.startswith("#/$defs/"):
            raise ValueError(f"unsupported $ref {pointer!r}")
        if pointer not in self.refs:
            holder: list[Predicate] = []
            self.refs[pointer] = lambda value: holder[0](value)  # late-bound: definitions are recursive
            holder.append(self.compile(self.root["$defs"][pointer.removeprefix("#/$defs/")]))
        return self.refs[pointer]

    def compile(self, schema: Any) -> Predicate:
        if schema is True:
            return lambda value: True
        if schema is False:
            return lambda value: False
        checks = [
            self._keyword(key, value, schema) for key, value in schema.items() if key not in _ANNOTATIONS
        ]
        predicate = _all_of(tuple(check for check in checks if check is not None))
        if schema.get("type") == "array":  # the OB normalisation: a single value stands for a one-item array
            return lambda value: predicate(value if isinstance(value, list) else [value])
        return predicate

    def _keyword(self, key: str, value: Any, schema: Mapping[str, Any]) -> Predicate | None:
        handler = getattr(self, "_kw_" + key.lstrip("$"), None)
        if handler is None:
            raise ValueError(f"unsupported JSON Schema keyword {key!r}")
        result: Predicate | None = handler(value, schema)
        return result

    def _kw_type(self, value: Any, schema: Mapping[str, Any]) -> Predicate:
        names = value if isinstance(value, list) else [value]
        tests = [_is_type(name) for name in names]
        return tests[0] if len(tests) == 1 else lambda v: any(test(v) for test in tests)

    def _kw_enum(self, value: list[Any], schema: Mapping[str, Any]) -> Predicate:
        if not all(isinstance(item, str) for item in value):
            raise ValueError("only string enums are supported")
        allowed = frozenset(value)
        return lambda v: isinstance(v, str) and v in allowed

    def _kw_pattern(self, value: str, schema: Mapping[str, Any]) -> Predicate:
        regex = re.compile(value)
        return lambda v: not isinstance(v, str) or regex.search(v) is not None

    def _kw_format(self, value: str, schema: Mapping[str, Any]) -> Predicate | None:
        return self.formats.get(value)  # unknown formats are annotations, as in jsonschema

    def _kw_ref(self, value: str, schema: Mapping[str, Any]) -> Predicate:
        return self.ref(value)

    def _kw_allOf(self, value: list[Any], schema: Mapping[str, Any]) -> Predicate:
        return _all_of(tuple(self.compile(sub) for sub in value))

    def _kw_oneOf(self, value: list[Any], schema: Mapping[str, Any]) -> Predicate:
        subs = [self.compile(sub) for sub in value]
        return lambda v: sum(1 for sub in subs if sub(v)) == 1

    def _kw_anyOf(self, value: list[Any], schema: Mapping[str, Any]) -> Predicate:
        subs = [self.compile(sub) for sub in value]
        return lambda v: any(sub(v) for sub in subs)

    def _kw_properties(self, value: Mapping[str, Any], schema: Mapping[str, Any]) -> Predicate:
        props = {name: self.compile(sub) for name, sub in value.items()}

        def properties(v: Any) -> bool:
            if isinstance(v, dict):
                for key, item in v.items():
                    sub = props.get(key)
                    if sub is not None and not sub(item):
                        return False
            return True

        return properties

    def _kw_required(self, value: list[str], schema: Mapping[str, Any]) -> Predicate:
        names = tuple(value)
        return lambda v: not isinstance(v, dict) or all(name in v for name in names)

    def _kw_additionalProperties(self, value: Any, schema: Mapping[str, Any]) -> Predicate | None:
        if value is True:
            return None
        if value is not False or "patternProperties" in schema:
            raise ValueError("only additionalProperties true/false without patternProperties is supported")
        known = frozenset(schema.get("properties", {}))
        return lambda v: not isinstance(v, dict) or known.issuperset(v)

    def _kw_items(self, value: Any, schema: Mapping[str, Any]) -> Predicate:
        if isinstance(value, list):
            positional = [self.compile(sub) for sub in value]
            extra = schema.get("additionalItems", True)
            rest = self.compile(extra)

            def tuple_items(v: Any) -> bool:
                if not isinstance(v, list):
                    return True
                head = all(test(item) for test, item in zip(positional, v, strict=False))
                return head and all(rest(item) for item in v[len(positional) :])

            return tuple_items
        each = self.compile(value)
        return lambda v: not isinstance(v, list) or all(each(item) for item in v)

    def _kw_additionalItems(self, value: Any, schema: Mapping[str, Any]) -> None:
        if not isinstance(schema.get("items"), list):
            raise ValueError("additionalItems without tuple items is not supported")
        return None  # applied by items

    def _kw_minItems(self, value: int, schema: Mapping[str, Any]) -> Predicate:
        return lambda v: not isinstance(v, list) or len(v) >= value

    def _kw_contains(self, value: Any, schema: Mapping[str, Any]) -> Predicate:
        if "minContains" in schema or "maxContains" in schema:
            raise ValueError("minContains/maxContains are not supported")
        sub = self.compile(value)
        return lambda v: not isinstance(v, list) or any(sub(item) for item in v)


def _all_of(checks: tuple[Predicate, ...]) -> Predicate:
    if not checks:
        return lambda value: True
    if len(checks) == 1:
        return checks[0]

    def all_of(value: Any) -> bool:
        for check in checks:  # noqa: SIM110 - a plain loop: this is the hot path, no generator per call
            if not check(value):
                return False
        return True

    return all_of


def compile_schema(schema: Mapping[str, Any], formats: Mapping[str, Predicate]) -> Predicate:
    """Compile ``schema`` (local ``#/$defs/…`` references only) into a yes/no predicate.

    Wherever the schema wants an array, a single value is accepted as a one-item array (the normalisation
    that :func:`credcore.openbadges.schema.normalize_for_schema` applies), so no copy is made.
    """
    return _Compiler(schema, formats).compile(schema)
