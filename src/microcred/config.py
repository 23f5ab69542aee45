"""Typed configuration read from the environment; fails loudly on a malformed value.

Every setting the platform reads from the environment is declared here once, with its type and default,
so that ``settings.py`` never calls ``os.environ`` directly.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path


class ConfigError(RuntimeError):
    """A configuration value is missing or malformed."""


def env_str(name: str, default: str) -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    lowered = raw.strip().lower()
    if lowered in {"1", "true", "yes", "on"}:
        return True
    if lowered in {"0", "false", "no", "off"}:
        return False
    raise ConfigError(f"{name} must be a boolean (true/false), got {raw!r}")


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise ConfigError(f"{name} must be an integer, got {raw!r}") from exc


def env_choice(name: str, default: str, choices: tuple[str, ...]) -> str:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    value = raw.strip().lower()
    if value not in choices:
        raise ConfigError(f"{name} must be one of {', '.join(choices)}, got {raw!r}")
    return value


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


TASKS_BACKENDS = ("database", "rq")


_LOCAL_HOSTS = ["localhost", "127.0.0.1", "[::1]", "testserver"]


@dataclass(frozen=True)
class Config:
    debug: bool
    secret_key: str = field(repr=False)  # secrets never appear in a repr or a traceback's locals dump
    database_url: str
    allowed_hosts: list[str]
    data_dir: Path
    public_base_url: str
    key_encryption_key: str = field(repr=False)
    tasks_backend: str
    redis_url: str
    verify_network: bool = False  # verification may fetch other hosts' DID documents and status lists

    @classmethod
    def from_env(cls, base_dir: Path) -> Config:
        debug = env_bool("MICROCRED_DEBUG", False)
        data_dir = Path(env_str("MICROCRED_DATA_DIR", str(base_dir / "var")))
        secret_key = env_str("MICROCRED_SECRET_KEY", "")
        if not secret_key:
            if not debug:
                raise ConfigError("MICROCRED_SECRET_KEY must be set when MICROCRED_DEBUG is off")
            secret_key = "insecure-development-only-key"  # noqa: S105 - development default, refused in production
        return cls(
            debug=debug,
            secret_key=secret_key,
            database_url=env_str("DATABASE_URL", f"sqlite:///{data_dir / 'microcred.sqlite3'}"),
            allowed_hosts=env_list("MICROCRED_ALLOWED_HOSTS", _LOCAL_HOSTS),
            data_dir=data_dir,
            public_base_url=env_str("MICROCRED_PUBLIC_BASE_URL", "http://localhost:8000").rstrip("/"),
            key_encryption_key=env_str("MICROCRED_KEY_ENCRYPTION_KEY", ""),
            tasks_backend=env_choice("MICROCRED_TASKS_BACKEND", "database", TASKS_BACKENDS),
            redis_url=env_str("REDIS_URL", "redis://127.0.0.1:6379/0"),
            verify_network=env_bool("MICROCRED_VERIFY_NETWORK", False),
        )
