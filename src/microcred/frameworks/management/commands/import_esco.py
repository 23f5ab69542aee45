"""``manage.py import_esco``: import or refresh ESCO v1.1.1 from the data shipped in the repository."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from microcred.frameworks.services import BATCH, esco_import


class Command(BaseCommand):
    help = "Import ESCO v1.1.1 skills, skill groups, hierarchy, occupations and their links (idempotent)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--batch-size", type=int, default=BATCH)

    def handle(self, *args: Any, **options: Any) -> None:
        report = esco_import(batch_size=options["batch_size"])
        self.stdout.write(self.style.SUCCESS(report.summary()))
