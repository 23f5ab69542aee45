"""Seed the demo catalog: real Ontario (and Manitoba) programs, aligned to ESCO. Idempotent."""

from __future__ import annotations

from typing import Any

from django.core.management import call_command, get_commands
from django.core.management.base import BaseCommand, CommandError

from microcred.catalog import seeding

# The frameworks app's import commands, tried in order when the catalog's competencies are missing.
FRAMEWORK_IMPORTS = ("import_esco", "import_noc")


class Command(BaseCommand):
    help = "Create the demo organisations and micro-credentials (imports ESCO/NOC first if they are missing)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--file", default=str(seeding.DEMO_CATALOG), help="catalog JSON file")
        parser.add_argument(
            "--no-import",
            action="store_true",
            help="fail instead of importing frameworks when competencies are missing",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        from pathlib import Path

        document = seeding.load_document(Path(options["file"]))
        missing = seeding.missing_competencies(document)
        if missing and not options["no_import"]:
            self._import_frameworks()
            missing = seeding.missing_competencies(document)
        if missing:
            raise CommandError(
                f"{len(missing)} ESCO competencies used by the demo catalog are not imported "
                f"(e.g. {sorted(missing)[0]}); run the ESCO import first"
            )
        report = seeding.seed_catalog(document)
        self.stdout.write(
            f"demo catalog: {report.organizations} organisations, "
            f"{report.created} micro-credentials created, "
            f"{report.skipped} already present, {report.missing_occupations} target occupations not imported"
        )

    def _import_frameworks(self) -> None:
        available = get_commands()
        for name in FRAMEWORK_IMPORTS:
            if name in available:
                self.stdout.write(f"importing frameworks: {name}")
                call_command(name, stdout=self.stdout, stderr=self.stderr)
