"""Operator commands on the issuance infrastructure: ``microcred orgs list``, ``microcred orgs rotate-key``,
``microcred tokens create``.

They run against the configured database: ``DJANGO_SETTINGS_MODULE`` defaults to ``microcred.settings``.
Exit codes follow the CLI contract: 0 success, 2 unusable input (e.g. an unknown organisation).
"""

from __future__ import annotations

import argparse
import os
import sys
from typing import Any


def _setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "microcred.settings")
    import django

    django.setup()


def _orgs_list(args: argparse.Namespace) -> int:
    _setup_django()
    from microcred.issuance import selectors

    for slug in selectors.organization_slugs():
        print(slug)
    return 0


def _organization(slug: str) -> Any:
    from microcred.issuance import selectors
    from microcred.issuance.errors import UnknownOrganization

    try:
        return selectors.organization_get(slug=slug)
    except UnknownOrganization:
        print(f"microcred: unknown organisation {slug!r} (see `microcred orgs list`)", file=sys.stderr)
        return None


def _orgs_rotate_key(args: argparse.Namespace) -> int:
    _setup_django()
    from microcred.issuance import services
    from microcred.issuance.identity import verification_method_id

    organization = _organization(args.org)
    if organization is None:
        return 2
    if organization.signing_keys.filter(status="active").exists():
        signing_key = services.signing_key_rotate(
            organization=organization, actor_label="cli", reason=args.reason
        )
    else:
        signing_key = services.signing_key_create(organization=organization, actor_label="cli")
    print(verification_method_id(organization, signing_key.public_key_multibase))  # the public key id only
    return 0


def _tokens_create(args: argparse.Namespace) -> int:
    _setup_django()
    from microcred.issuance import services

    organization = _organization(args.org)
    if organization is None:
        return 2
    token, raw_token = services.api_token_create(organization=organization, name=args.name, actor_label="cli")
    print(raw_token)  # shown once: only its hash is stored
    print(
        f"token {token.prefix} created for {organization.slug}; store it now, it cannot be shown again",
        file=sys.stderr,
    )
    return 0


def register(subparsers: Any) -> None:
    orgs = subparsers.add_parser("orgs", help="organisations")
    orgs_commands = orgs.add_subparsers(dest="orgs_command", metavar="COMMAND")
    orgs_commands.required = True
    orgs_list = orgs_commands.add_parser("list", help="print every organisation's slug, one per line")
    orgs_list.set_defaults(handler=_orgs_list)
    rotate = orgs_commands.add_parser(
        "rotate-key",
        help="give the organisation a new signing key (its first, or a rotation keeping old keys published)",
    )
    rotate.add_argument("--org", required=True, metavar="SLUG")
    rotate.add_argument("--reason", default="", help="why (recorded in the audit log)")
    rotate.set_defaults(handler=_orgs_rotate_key)

    tokens = subparsers.add_parser("tokens", help="API tokens for organisations' integrations")
    tokens_commands = tokens.add_subparsers(dest="tokens_command", metavar="COMMAND")
    tokens_commands.required = True
    create = tokens_commands.add_parser("create", help="create an API token and print it (once)")
    create.add_argument("--org", required=True, metavar="SLUG", help="the organisation the token acts for")
    create.add_argument("--name", default="", help="a label to recognise the token by")
    create.set_defaults(handler=_tokens_create)
