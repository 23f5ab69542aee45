"""Every message in the French catalogue is translated, and the compiled .mo is committed beside it."""

from __future__ import annotations

import re
from pathlib import Path

import microcred

LOCALE = Path(microcred.__file__).parent / "locale" / "fr" / "LC_MESSAGES"


def _entries(text: str) -> list[str]:
    return [block for block in text.split("\n\n") if "msgid " in block]


def _joined(block: str, key: str) -> str:
    match = re.search(rf"^{re.escape(key)} ((?:\".*\"\n?)+)", block, re.M)
    return "".join(re.findall(r'"((?:[^"\\]|\\.)*)"', match.group(1))) if match else ""


def test_every_msgid_has_a_msgstr_and_none_is_fuzzy():
    text = (LOCALE / "django.po").read_text(encoding="utf-8")
    untranslated = []
    for block in _entries(text):
        msgid = _joined(block, "msgid")
        if not msgid:
            continue  # the header
        if "#, fuzzy" in block or "fuzzy," in block:
            untranslated.append(f"fuzzy: {msgid}")
        keys = ["msgstr[0]", "msgstr[1]"] if "msgid_plural" in block else ["msgstr"]
        if any(not _joined(block, key) for key in keys):
            untranslated.append(msgid)
    assert untranslated == []


def test_compiled_catalogue_is_present():
    assert (LOCALE / "django.mo").stat().st_size > 1000
