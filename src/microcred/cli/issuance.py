"""Operator commands on the issuance infrastructure: ``microcred orgs list``, ``microcred orgs rotate-key``,
``microcred tokens create``, ``microcred issue-batch run|status|resume``.

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


def _version(organization: Any, spec: str) -> Any:
    """``SLUG`` (the published version) or ``SLUG@N``."""
    from microcred.catalog.models import MicroCredentialVersion

    slug, _, number = spec.partition("@")
    versions = MicroCredentialVersion.objects.filter(micro_credential__slug=slug)
    version = (
        versions.filter(number=int(number)).first()
        if number.isdigit()
        else (versions.filter(status="published").first())
    )
    if version is None:
        print(f"microcred: no published version {spec!r}", file=sys.stderr)
    return version


def _batch_line(batch: Any) -> str:
    return f"batch {batch.pk}: {batch.done}/{batch.total} done, {batch.failed} failed ({batch.state})"


def _batch_report(batch_id: int, as_json: bool) -> int:
    import json

    from microcred.issuance.models import IssuanceBatch

    batch = IssuanceBatch.objects.filter(pk=batch_id).first()
    if batch is None:
        print(f"microcred: no issuance batch {batch_id}", file=sys.stderr)
        return 2
    if as_json:
        keys = ("id", "state", "total", "done", "failed")
        print(json.dumps({key: getattr(batch, "pk" if key == "id" else key) for key in keys}))
    else:
        print(_batch_line(batch))
    return 0


def _wait(batch_id: int, as_json: bool) -> int:
    import time

    from microcred.issuance.models import IssuanceBatch

    while True:
        batch = IssuanceBatch.objects.get(pk=batch_id)
        if batch.state == IssuanceBatch.State.COMPLETED:
            return _batch_report(batch_id, as_json)
        print(_batch_line(batch), file=sys.stderr)
        time.sleep(1)


def _issue_batch_run(args: argparse.Namespace) -> int:
    _setup_django()
    from microcred.issuance import bulk
    from microcred.issuance.errors import IssuanceError

    organization = _organization(args.org)
    version = _version(organization, args.version) if organization is not None else None
    if version is None:
        return 2
    try:
        with open(args.csv, encoding="utf-8") as handle:
            rows = bulk.parse_csv(handle.read())
        batch = bulk.batch_create(
            organization=organization,
            version=version,
            rows=rows,
            source="cli",
            actor_label="cli",
            chunk_size=args.chunk_size,
            lease_seconds=args.lease_seconds,
            workers=args.workers,
            enqueue=not args.inline,
        )
    except (OSError, IssuanceError) as error:
        print(f"microcred: {error}", file=sys.stderr)
        return 2
    print(f"batch {batch.pk}: {batch.total} rows queued", file=sys.stderr)
    if args.inline:
        bulk.batch_work(batch_id=batch.pk)
    if args.inline or args.wait:
        return _wait(batch.pk, args.json)
    return _batch_report(batch.pk, args.json)


def _issue_batch_status(args: argparse.Namespace) -> int:
    _setup_django()
    return _batch_report(args.batch_id, args.json)


def _issue_batch_resume(args: argparse.Namespace) -> int:
    """Enqueue the batch's job again (e.g. after a worker was killed); claimed rows are reclaimed when their
    lease expires. ``--inline`` works it in this process instead."""
    _setup_django()
    from microcred.issuance import bulk
    from microcred.issuance.models import IssuanceBatch
    from microcred.issuance.tasks import issuance_batch_run_job

    if not IssuanceBatch.objects.filter(pk=args.batch_id).exists():
        print(f"microcred: no issuance batch {args.batch_id}", file=sys.stderr)
        return 2
    if args.inline:
        bulk.batch_work(batch_id=args.batch_id)
    else:
        for _ in range(args.workers):
            issuance_batch_run_job.enqueue(args.batch_id)
    return _batch_report(args.batch_id, args.json)


def _register_issue_batch(subparsers: Any) -> None:
    batches = subparsers.add_parser("issue-batch", help="bulk issuance: run a CSV, follow or resume a batch")
    commands = batches.add_subparsers(dest="issue_batch_command", metavar="COMMAND")
    commands.required = True
    run = commands.add_parser("run", help="issue a credential to every row of a CSV (header: email, …)")
    run.add_argument("csv", metavar="CSV")
    run.add_argument("--org", required=True, metavar="SLUG")
    run.add_argument(
        "--version", required=True, metavar="SLUG[@N]", help="micro-credential (published version)"
    )
    run.add_argument("--workers", type=int, default=1, help="jobs to enqueue (one per worker process)")
    run.add_argument("--chunk-size", type=int, default=500)
    run.add_argument("--lease-seconds", type=int, default=120)
    run.add_argument("--inline", action="store_true", help="work the batch in this process, no worker needed")
    run.add_argument("--wait", action="store_true", help="print progress until the batch completes")
    run.add_argument("--json", action="store_true")
    run.set_defaults(handler=_issue_batch_run)
    status = commands.add_parser("status", help="print a batch's progress (done/total)")
    status.add_argument("batch_id", type=int, metavar="ID")
    status.add_argument("--json", action="store_true")
    status.set_defaults(handler=_issue_batch_status)
    resume = commands.add_parser("resume", help="enqueue a batch again after a crash (idempotent)")
    resume.add_argument("batch_id", type=int, metavar="ID")
    resume.add_argument("--workers", type=int, default=1)
    resume.add_argument("--inline", action="store_true")
    resume.add_argument("--json", action="store_true")
    resume.set_defaults(handler=_issue_batch_resume)


def register(subparsers: Any) -> None:
    _register_issue_batch(subparsers)
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
