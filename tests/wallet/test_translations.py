"""Every string the wallet pages and the learner sign-up show has a French translation, and every error of the
wallet family has an English and a French message and a stable code."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.utils import translation

import microcred.accounts
import microcred.wallet
from microcred.wallet import errors

WALLET = Path(microcred.wallet.__file__).parent
ACCOUNTS = Path(microcred.accounts.__file__).parent
_TEMPLATE = re.compile(r'{% (?:translate|trans) "((?:[^"\\]|\\.)*)"')
_PYTHON = re.compile(r'\b_\(\s*"((?:[^"\\]|\\.)*)"')
_SIGNUP_FILES = ("forms.py", "views.py", "signup.html", "login.html")


def _strings() -> set[str]:
    found: set[str] = set()
    paths = [*WALLET.rglob("*.html"), *WALLET.rglob("*.py")]
    paths += [p for p in ACCOUNTS.rglob("*") if p.name in _SIGNUP_FILES]
    for path in paths:
        if "migrations" in path.parts:
            continue
        text = path.read_text(encoding="utf-8")
        found |= set((_TEMPLATE if path.suffix == ".html" else _PYTHON).findall(text))
    return found


def test_the_app_has_strings_to_translate():
    assert len(_strings()) > 100


@pytest.mark.parametrize("text", sorted(_strings()))
def test_french_translation_exists(text):
    with translation.override("fr"):
        assert translation.gettext(text) != text, text


def _error_classes() -> list[type[errors.WalletError]]:
    return [c for c in vars(errors).values() if isinstance(c, type) and issubclass(c, errors.WalletError)]


@pytest.mark.parametrize("error", _error_classes(), ids=lambda c: c.__name__)
def test_errors_have_a_code_and_both_languages(error):
    assert re.fullmatch(r"[a-z_]+", error.code)
    assert error.message_en and error.message_fr and error.message_en != error.message_fr
    assert 400 <= error.http_status < 500


def test_codes_are_unique():
    codes = [c.code for c in _error_classes()]
    assert len(codes) == len(set(codes))
