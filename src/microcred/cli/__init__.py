"""The single ``microcred`` command-line entry point.

Each command family lives in its own module and registers its sub-commands through
``register(subparsers)``; this module only wires them together. Exit codes: 0 success, 1 a negative result
(e.g. a credential that did not verify), 2 unusable input or usage error.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

# Modules providing ``register(subparsers: argparse._SubParsersAction) -> None``.
COMMAND_MODULES: tuple[str, ...] = (
    "microcred.cli.credentials",  # keys generate, sign, verify (credential core only, no Django)
    "microcred.cli.skills",  # skills suggest
    "microcred.cli.platform",  # serve (Django)
    "microcred.cli.issuance",  # orgs list, tokens create, issuance jobs (Django)
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="microcred", description="microcred micro-credentials platform")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    subparsers.required = True
    for name in COMMAND_MODULES:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name != name:
                raise
            continue  # command family not built yet
        module.register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse exits 2 on usage errors; keep that contract
        return int(exc.code or 0)
    code: int = args.handler(args)
    return code


if __name__ == "__main__":
    sys.exit(main())
