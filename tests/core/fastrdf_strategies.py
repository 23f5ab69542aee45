"""Hypothesis strategies: random Open Badges 3.0 credentials for the fast JSON-LD → RDF equality tests.

``credentials()`` draws well-formed OB 3.0 AchievementCredentials (the family the fast path must take):
random text (unicode, quotes, backslashes, control characters), numbers (integers, floats, integral
floats), booleans, optional fields, lists of varying length with duplicates, nested profiles,
achievements, results, alignments, result descriptions with ``@list`` values, language-tagged value
objects, status entries, embedded EndorsementCredentials and DataIntegrityProofs.
``mutated()`` then injects things the fast path must refuse or model exactly (undefined terms, relative
IRIs, unsafe numbers, inline contexts, JSON-LD keywords, explicit blank nodes, shared node ids, …).
"""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st

VC2 = "https://www.w3.org/ns/credentials/v2"
OB = "https://purl.imsglobal.org/spec/ob/v3p0/"
CONTEXTS = [[VC2, OB + "context-3.0.3.json"], [VC2, OB + "context-3.0.3.json", OB + "extensions.json"]]
# older OB contexts: 3.0.2 lacks awardedDate/inLanguage, 3.0.1 conflicts with VC 2.0's protected terms
OTHER_CONTEXTS = [
    [VC2, OB + "context-3.0.2.json"],
    [VC2, OB + "context-3.0.1.json"],
    [OB + "context-3.0.3.json", VC2],
]

SPECIALS = ['"', "\\", "\n", "\r", "\t", "\b", "\f", "\x00", "\x1f", "\x7f", "\u2028", "é", "😀", 'a"b\\c']
texts = st.one_of(
    st.text(max_size=12),
    st.text(st.characters(codec="utf-8"), max_size=8),
    st.lists(st.sampled_from(SPECIALS), max_size=4).map("".join),
)
numbers = st.one_of(
    st.integers(min_value=-(2**53) + 1, max_value=2**53 - 1),
    st.floats(allow_nan=False, allow_infinity=False),
    st.sampled_from([0, -0.0, 12.0, 0.1, 1e21, 1e-7, 5e-324, 2.5, 1.7976931348623157e308]),
)
scalars = st.one_of(texts, texts, numbers, st.booleans())
slugs = st.text("abcdefghijklmnopqrstuvwxyz0123456789-._~%", min_size=1, max_size=10)
iris = st.one_of(
    slugs.map(lambda s: f"https://example.org/{s}"),
    st.uuids().map(lambda u: f"urn:uuid:{u}"),
    st.sampled_from(["did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK", "did:web:example.edu"]),
    slugs.map(lambda s: f"http://data.europa.eu/esco/skill/{s}"),
)
dates = st.sampled_from(["2026-01-01", "2025-12-31", "1999-02-28"])
datetimes = st.sampled_from(["2026-06-30T12:00:00Z", "2026-01-15T09:00:00+01:00", "2010-01-01T19:23:24.123Z"])
languages = st.sampled_from(["en", "fr", "fr-CA", "EN-gb", "de"])


@st.composite
def value_objects(draw: st.DrawFn) -> dict[str, Any]:
    value: dict[str, Any] = {"@value": draw(texts)}
    if draw(st.booleans()):
        value["@language"] = draw(languages)
    if draw(st.integers(0, 3)) == 0:
        value["@direction"] = draw(st.sampled_from(["ltr", "rtl"]))
    return value


labels = st.one_of(
    texts, texts, texts, value_objects(), st.lists(st.one_of(texts, value_objects()), max_size=3)
)


def some(draw: st.DrawFn, target: dict[str, Any], fields: dict[str, Any]) -> dict[str, Any]:
    """Add a random subset of ``fields`` (name → strategy) to ``target``."""
    for name, strategy in fields.items():
        if draw(st.booleans()):
            target[name] = draw(strategy)
    return target


def many(strategy: st.SearchStrategy[Any], max_size: int = 3) -> st.SearchStrategy[Any]:
    """A list, or (sometimes) a bare item where JSON-LD accepts one."""
    return st.one_of(st.lists(strategy, max_size=max_size), strategy)


def typed(name: str) -> st.SearchStrategy[Any]:
    return st.sampled_from([name, [name]])


@st.composite
def profiles(draw: st.DrawFn, depth: int = 0) -> Any:
    if draw(st.integers(0, 3)) == 0:
        return draw(iris)
    profile: dict[str, Any] = {"id": draw(iris), "type": draw(typed("Profile"))}
    fields: dict[str, Any] = {
        "name": labels,
        "url": iris,
        "email": texts,
        "phone": texts,
        "description": labels,
        "image": st.one_of(iris, st.fixed_dictionaries({"id": iris, "type": st.just("Image")})),
        "address": st.fixed_dictionaries(
            {"type": typed("Address"), "addressCountry": texts},
            optional={
                "geo": st.fixed_dictionaries(
                    {"type": st.just("GeoCoordinates"), "latitude": numbers, "longitude": numbers}
                )
            },
        ),
        "otherIdentifier": many(
            st.fixed_dictionaries(
                {"type": st.just("IdentifierEntry"), "identifier": texts, "identifierType": texts}
            )
        ),
        "official": texts,
    }
    if depth < 1:
        fields["parentOrg"] = profiles(depth + 1)
    return some(draw, profile, fields)


alignments = st.fixed_dictionaries(
    {"type": typed("Alignment"), "targetName": texts, "targetUrl": iris},
    optional={
        "targetType": st.sampled_from(["ceasn:Competency", "CFItem", "ext:Custom"]),
        "targetFramework": texts,
        "targetCode": texts,
        "targetDescription": labels,
    },
)
rubric_levels = st.fixed_dictionaries(
    {"id": iris, "type": typed("RubricCriterionLevel"), "name": texts},
    optional={"level": texts, "points": st.one_of(texts, numbers), "description": labels},
)
result_descriptions = st.fixed_dictionaries(
    {"id": iris, "type": typed("ResultDescription"), "name": texts, "resultType": texts},
    optional={
        "allowedValue": st.one_of(st.lists(scalars, max_size=4), texts),
        "requiredLevel": iris,
        "requiredValue": scalars,
        "valueMin": scalars,
        "valueMax": scalars,
        "rubricCriterionLevel": many(rubric_levels),
        "alignment": many(alignments),
    },
)


@st.composite
def achievements(draw: st.DrawFn) -> dict[str, Any]:
    achievement: dict[str, Any] = {"id": draw(iris), "type": draw(typed("Achievement")), "name": draw(labels)}
    return some(
        draw,
        achievement,
        {
            "description": labels,
            "achievementType": texts,
            "humanCode": texts,
            "fieldOfStudy": texts,
            "criteria": st.fixed_dictionaries({}, optional={"id": iris, "narrative": texts}),
            "alignment": many(alignments, 5),
            "resultDescription": many(result_descriptions),
            "creditsAvailable": st.one_of(numbers, texts),
            "tag": st.lists(st.sampled_from(["a", "b", "é"]), max_size=4),
            "creator": profiles(),
            "version": texts,
            "inLanguage": texts,
            "specialization": texts,
            "image": st.one_of(
                iris,
                st.fixed_dictionaries({"id": iris, "type": st.just("Image")}, optional={"caption": texts}),
            ),
            "related": many(
                st.fixed_dictionaries(
                    {"id": iris, "type": typed("Related")}, optional={"version": texts, "inLanguage": texts}
                )
            ),
            "otherIdentifier": many(
                st.fixed_dictionaries(
                    {"type": st.just("IdentifierEntry"), "identifier": texts, "identifierType": texts}
                )
            ),
        },
    )


results = st.fixed_dictionaries(
    {"type": typed("Result")},
    optional={
        "resultDescription": iris,
        "value": scalars,
        "status": st.sampled_from(["Completed", "Enrolled"]),
        "achievedLevel": iris,
        "alignment": many(alignments),
    },
)
identities = st.fixed_dictionaries(
    {
        "type": st.just("IdentityObject"),
        "hashed": st.booleans(),
        "identityHash": texts,
        "identityType": st.sampled_from(["emailAddress", "sourcedId"]),
    },
    optional={"salt": texts},
)


@st.composite
def subjects(draw: st.DrawFn) -> dict[str, Any]:
    subject: dict[str, Any] = {"type": draw(typed("AchievementSubject")), "achievement": draw(achievements())}
    return some(
        draw,
        subject,
        {
            "id": iris,
            "result": many(results, 4),
            "identifier": many(identities),
            "creditsEarned": st.one_of(numbers, texts),
            "activityStartDate": dates,
            "activityEndDate": dates,
            "licenseNumber": texts,
            "role": texts,
            "term": texts,
            "source": profiles(),
        },
    )


statuses = st.fixed_dictionaries(
    {
        "id": iris,
        "type": st.just("BitstringStatusListEntry"),
        "statusPurpose": st.sampled_from(["revocation", "suspension"]),
        "statusListIndex": st.integers(0, 131071).map(str),
        "statusListCredential": iris,
    },
    optional={
        "statusSize": st.integers(1, 8),
        "statusMessage": st.lists(
            st.fixed_dictionaries({"status": st.sampled_from(["0x0", "0x1"]), "message": texts}), max_size=2
        ),
    },
)
proofs = st.fixed_dictionaries(
    {
        "type": st.just("DataIntegrityProof"),
        "cryptosuite": st.sampled_from(["eddsa-rdfc-2022", "eddsa-jcs-2022"]),
        "verificationMethod": iris,
        "proofPurpose": st.sampled_from(["assertionMethod", "authentication"]),
        "proofValue": slugs.map(lambda s: "z" + s),
    },
    optional={
        "created": datetimes,
        "expires": datetimes,
        "challenge": texts,
        "domain": texts,
        "nonce": texts,
        "previousProof": iris,
    },
)
evidence = st.fixed_dictionaries(
    {"type": typed("Evidence")},
    optional={
        "id": iris,
        "name": texts,
        "description": labels,
        "narrative": texts,
        "genre": texts,
        "audience": texts,
    },
)


@st.composite
def endorsements(draw: st.DrawFn, context: list[str]) -> dict[str, Any]:
    endorsement: dict[str, Any] = {
        "@context": context,
        "id": draw(iris),
        "type": ["VerifiableCredential", "EndorsementCredential"],
        "issuer": draw(profiles()),
        "validFrom": draw(datetimes),
        "credentialSubject": some(
            draw, {"id": draw(iris), "type": draw(typed("EndorsementSubject"))}, {"endorsementComment": texts}
        ),
    }
    return some(draw, endorsement, {"name": labels, "proof": proofs})


@st.composite
def credentials(draw: st.DrawFn) -> dict[str, Any]:
    """A well-formed OB 3.0 AchievementCredential using only bundled contexts."""
    context = draw(st.sampled_from(CONTEXTS))
    credential: dict[str, Any] = {
        "@context": context,
        "type": [
            "VerifiableCredential",
            draw(st.sampled_from(["OpenBadgeCredential", "AchievementCredential"])),
        ],
        "issuer": draw(profiles()),
        "validFrom": draw(datetimes),
        "credentialSubject": draw(st.one_of(subjects(), st.lists(subjects(), min_size=1, max_size=2))),
    }
    return some(
        draw,
        credential,
        {
            "id": iris,
            "name": labels,
            "description": labels,
            "validUntil": datetimes,
            "awardedDate": datetimes,
            "evidence": many(evidence),
            "credentialStatus": statuses,
            "endorsement": many(endorsements(context), 2),
            "proof": many(proofs, 2),
            "image": st.fixed_dictionaries({"id": iris, "type": st.just("Image")}),
        },
    )


def _nodes(value: Any) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            if "@value" not in item:
                found.append(item)
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return found


INJECTIONS: list[tuple[str, Any]] = [
    ("undefinedTerm", "x"),
    ("id", "relative/path"),
    ("id", "_:shared"),
    ("id", "https://example.org/shared"),
    ("name", 2**53),
    ("name", -(2**60)),
    ("name", 1e300),
    ("@context", {"x": "https://example.org/x"}),
    ("@context", ["https://example.org/unknown-context"]),
    ("@graph", []),
    ("@included", []),
    ("@nest", {}),
    ("@reverse", {}),
    ("@index", "i"),
    ("@language", "en"),
    ("name", [["nested"]]),
    ("name", {"@list": ["a"]}),
    ("name", {"@set": ["a"]}),
    ("name", {"@value": "x", "@type": "https://example.org/t"}),
    ("name", None),
    ("name", {"@value": None}),
    ("name", {"@value": "x", "@language": "not a tag"}),
    ("type", "UnknownType"),
    ("type", "https://example.org/Type"),
    ("type", "_:b99"),
    ("ex:term", "v"),
    ("https://example.org/p", "v"),
    ("url", "not an iri"),
    ("url", "https://example.org/a b"),
    ("url", "https://exa<mple>.org"),
    ("description", "\ud800"),
    ("jsonSchema", {"a": [1, 2.5, True, None]}),
    ("name", {"@value": "x", "@direction": "up"}),
    ("issuer", "_:shared"),
    ("id", "https://example.org/a\n"),
    ("achievementType", {"id": "_:shared"}),
]


@st.composite
def mutated(draw: st.DrawFn) -> dict[str, Any]:
    """A credential with one to three random injections into random nodes."""
    credential = draw(credentials())
    if draw(st.integers(0, 4)) == 0:
        credential["@context"] = draw(st.sampled_from(OTHER_CONTEXTS))
    nodes = _nodes(credential)
    for _ in range(draw(st.integers(1, 3))):
        node = draw(st.sampled_from(nodes))
        key, value = draw(st.sampled_from(INJECTIONS))
        node[key] = value
    return credential
