"""SVG badge baking: the credential in an ``<openbadges:credential>`` element right after ``<svg>``.

- Open Badges 3.0 (https://www.imsglobal.org/spec/ob/v3p0/#svg-baking): namespace
  ``https://purl.imsglobal.org/ob/v3p0``; the JSON in CDATA, or a compact JWS in the ``verify`` attribute.
- Open Badges 2.0 (https://www.imsglobal.org/sites/default/files/Badges/OBv2p0Final/baking/index.html):
  ``<openbadges:assertion verify="…">`` in namespace ``http://openbadges.org``, the assertion JSON in CDATA or
  its URL / JWS in ``verify``.

Parsing refuses entity declarations (no billion laughs, no external entities) and never fetches a DTD.
"""

from __future__ import annotations

import html
import re
import xml.etree.ElementTree as ElementTree
from typing import Final, cast

from credcore.formats.errors import MalformedImageError, NoBakedCredentialError
from credcore.formats.png import OB2_KEYWORD, OB3_KEYWORD, BakedText

__all__ = ["OB2_NAMESPACE", "OB3_NAMESPACE", "bake_svg", "extract_svg"]

OB3_NAMESPACE: Final = "https://purl.imsglobal.org/ob/v3p0"
OB2_NAMESPACE: Final = "http://openbadges.org"
_SVG_NAMESPACE: Final = "http://www.w3.org/2000/svg"
_OB3_TAG: Final = f"{{{OB3_NAMESPACE}}}credential"
_OB2_TAG: Final = f"{{{OB2_NAMESPACE}}}assertion"
_MAX_DEPTH: Final = 256
_MAX_ELEMENTS: Final = 50_000
_FEED: Final = 65_536
_SVG_START: Final = re.compile(r"<svg(?=[\s>/])[^>]*>", re.DOTALL)
_EXISTING: Final = re.compile(
    r"<openbadges:(?:credential|assertion)\b[^>]*?(?:/>|>.*?</openbadges:(?:credential|assertion)\s*>)\s*",
    re.DOTALL,
)


def _parse(svg: str) -> ElementTree.Element:
    """Well-formed SVG, parsed incrementally so that nesting deeper than ``_MAX_DEPTH`` or more than
    ``_MAX_ELEMENTS`` elements stop the parse early (bounded time on hostile images)."""
    if "<!ENTITY" in svg:
        raise MalformedImageError("SVG entity declarations are not accepted")
    parser: ElementTree.XMLPullParser[ElementTree.Element] = ElementTree.XMLPullParser(
        events=("start", "end")
    )
    depth = count = 0
    root: ElementTree.Element | None = None
    try:
        for offset in range(0, len(svg), _FEED):
            parser.feed(svg[offset : offset + _FEED])
            for entry in parser.read_events():
                event, item = cast("tuple[str, object]", entry)
                depth += 1 if event == "start" else -1
                count += event == "start"
                if root is None and isinstance(item, ElementTree.Element):
                    root = item
                if depth > _MAX_DEPTH or count > _MAX_ELEMENTS:
                    raise MalformedImageError("the SVG is nested too deeply or has too many elements")
        parser.close()
    except ElementTree.ParseError as error:
        raise MalformedImageError(f"not well-formed XML: {error}") from error
    if root is None or root.tag != f"{{{_SVG_NAMESPACE}}}svg":
        raise MalformedImageError("the root element is not an SVG <svg>")
    return root


def _baked_text(element: ElementTree.Element, keyword: str) -> BakedText:
    verify = element.get("verify")
    body = (element.text or "").strip()
    if verify is not None and body:
        raise MalformedImageError("the badge element has both a verify attribute and content")
    text = verify.strip() if verify is not None else body
    if not text:
        raise NoBakedCredentialError("the badge element is empty")
    return BakedText(keyword, text)


def extract_svg(svg: str) -> BakedText:
    """The credential baked into an SVG: exactly one OB 3.0 ``credential`` element, else exactly one OB 2.0
    ``assertion`` element (https://www.imsglobal.org/spec/ob/v3p0/#svg-baking)."""
    root = _parse(svg)
    for tag, keyword in ((_OB3_TAG, OB3_KEYWORD), (_OB2_TAG, OB2_KEYWORD)):
        found = list(root.iter(tag))
        if len(found) > 1:
            raise MalformedImageError(f"more than one {keyword} element in the SVG")
        if found:
            return _baked_text(found[0], keyword)
    raise NoBakedCredentialError("no openbadges:credential element in the SVG")


def _cdata(text: str) -> str:
    return "<![CDATA[" + text.replace("]]>", "]]]]><![CDATA[>") + "]]>"


def bake_svg(svg: str, text: str, *, is_jws: bool) -> str:
    """Bake ``text`` into ``svg``: any earlier badge element is removed, the ``openbadges`` namespace
    declared on ``<svg>`` and one ``<openbadges:credential>`` written directly after it — the JWS in
    ``verify``, JSON in CDATA (https://www.imsglobal.org/spec/ob/v3p0/#svg-baking)."""
    _parse(svg)
    cleaned = _EXISTING.sub("", svg)
    match = _SVG_START.search(cleaned)
    if match is None:
        raise MalformedImageError("no <svg> start tag")
    start_tag = match.group(0)
    start_tag = re.sub(r'\s+xmlns:openbadges\s*=\s*(?:"[^"]*"|\'[^\']*\')', "", start_tag)
    if start_tag.endswith("/>"):
        raise MalformedImageError("the <svg> element is empty")
    start_tag = start_tag[:-1].rstrip() + f' xmlns:openbadges="{OB3_NAMESPACE}">'
    if is_jws:
        element = f'<openbadges:credential verify="{html.escape(text, quote=True)}"></openbadges:credential>'
    else:
        element = f"<openbadges:credential>{_cdata(text)}</openbadges:credential>"
    baked = cleaned[: match.start()] + start_tag + "\n" + element + cleaned[match.end() :]
    if extract_svg(baked).text != text.strip():
        raise MalformedImageError("baking did not round-trip")  # defensive: never hand out a broken badge
    return baked
