"""Manage the operator's trust list of external issuers.

microcred manage trusted_issuers list
manage.py trusted_issuers add did:web:college.example --name-en "Example College" --name-fr "Collège Exemple"
manage.py trusted_issuers remove did:web:college.example
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from microcred.verification import services
from microcred.verification.models import TrustedIssuer


class Command(BaseCommand):
    help = "List, add or remove external issuers on the platform's trust list."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser("list", help="list trusted issuers")
        add = sub.add_parser("add", help="trust an issuer (DID or https URL)")
        add.add_argument("issuer_id")
        add.add_argument("--name-en", required=True)
        add.add_argument("--name-fr", default="")
        add.add_argument("--note", default="")
        remove = sub.add_parser("remove", help="stop trusting an issuer")
        remove.add_argument("issuer_id")

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"]
        if action == "list":
            for entry in TrustedIssuer.objects.all():
                state = "active" if entry.active else "inactive"
                self.stdout.write(f"{entry.issuer_id}\t{entry.name_en}\t{entry.name_fr}\t{state}")
            return
        if action == "add":
            try:
                entry = services.trusted_issuer_add(
                    issuer_id=options["issuer_id"],
                    name_en=options["name_en"],
                    name_fr=options["name_fr"],
                    note=options["note"],
                    added_by="manage.py",
                )
            except services.TrustListError as error:
                raise CommandError(f"{error.message_en} / {error.message_fr}") from None
            self.stdout.write(f"trusted: {entry.issuer_id}")
            return
        if not services.trusted_issuer_remove(issuer_id=options["issuer_id"]):
            raise CommandError(f"not on the trust list: {options['issuer_id']}")
        self.stdout.write(f"no longer trusted: {options['issuer_id']}")
