"""``manage.py import_case PATH``: a custom framework from a 1EdTech CASE 1.0 CFPackage JSON file."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from microcred.frameworks.errors import FrameworkError
from microcred.frameworks.services import case_package_import


class Command(BaseCommand):
    help = "Import a CASE CFPackage (CFDocument, CFItems, CFAssociations isChildOf) as a custom framework."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", type=Path)
        parser.add_argument(
            "--framework", default=None, help="framework slug (default: from the document title)"
        )
        parser.add_argument("--lang", choices=["en", "fr"], default="en", help="language of error messages")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            package = json.loads(options["path"].read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise CommandError(f"case_unreadable: {exc} / fichier CASE illisible") from exc
        try:
            report = case_package_import(package=package, slug=options["framework"])
        except FrameworkError as exc:
            raise CommandError(exc.render(options["lang"])) from exc
        self.stdout.write(self.style.SUCCESS(report.summary()))
