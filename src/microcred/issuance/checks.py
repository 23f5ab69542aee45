"""System checks guarding the key-encryption key (DESIGN.md §7.9)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Error, Tags, Warning, register

MISSING_KEK = "issuance.E001"
SHORT_KEK = "issuance.W001"
_MINIMUM_LENGTH = 24


@register(Tags.security, deploy=False)
def check_key_encryption_key(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    """Outside DEBUG, MICROCRED_KEY_ENCRYPTION_KEY must be set; a short one is warned about. (The test
    settings set a test-only value, so the suite runs with DEBUG off.) Never prints the value.
    """
    if settings.DEBUG:
        return []
    value: str = settings.CONFIG.key_encryption_key
    if not value:
        return [
            Error(
                "MICROCRED_KEY_ENCRYPTION_KEY is empty: signing keys cannot be sealed or opened.",
                hint="Set it to a random secret of at least 24 characters, e.g. `openssl rand -base64 32`, "
                "and keep it out of the database and its backups.",
                id=MISSING_KEK,
            )
        ]
    if len(value) < _MINIMUM_LENGTH:
        return [
            Warning(
                f"MICROCRED_KEY_ENCRYPTION_KEY is shorter than {_MINIMUM_LENGTH} characters.",
                hint="Use a random secret of at least 24 characters, e.g. `openssl rand -base64 32`.",
                id=SHORT_KEK,
            )
        ]
    return []
