"""Every string the assessment app shows has a French translation in the compiled catalogue."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.utils import translation

import microcred.assessment

APP = Path(microcred.assessment.__file__).parent
_TEMPLATE = re.compile(r'{% (?:translate|trans) "((?:[^"\\]|\\.)*)"')
_PYTHON = re.compile(r'\b_\(\s*"((?:[^"\\]|\\.)*)"')


def _strings() -> set[str]:
    found: set[str] = set()
    for path in APP.rglob("*.html"):
        found |= set(_TEMPLATE.findall(path.read_text(encoding="utf-8")))
    for path in APP.rglob("*.py"):
        if "migrations" not in path.parts:
            found |= set(_PYTHON.findall(path.read_text(encoding="utf-8")))
    return found


def test_the_app_has_strings_to_translate():
    assert len(_strings()) > 80


@pytest.mark.parametrize("text", sorted(_strings()))
def test_french_translation_exists(text):
    with translation.override("fr"):
        french = translation.gettext(text)
    assert french != text or text in {"Dates", "Active"}, f"untranslated: {text!r}"
