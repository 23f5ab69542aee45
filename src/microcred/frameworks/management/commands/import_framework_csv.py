"""``manage.py import_framework_csv PATH --framework SLUG``: a custom framework from CSV, all or nothing."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.text import slugify

from microcred.frameworks.errors import FrameworkError
from microcred.frameworks.parsing import CSV_COLUMNS
from microcred.frameworks.services import framework_csv_import
from microcred.frameworks.specs import FrameworkSpec


class Command(BaseCommand):
    help = (
        f"Import a custom competency framework from a UTF-8 CSV file with columns: {', '.join(CSV_COLUMNS)}."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", type=Path)
        parser.add_argument("--framework", required=True, help="framework slug (created if new)")
        parser.add_argument("--name-en", default="", help="English name (default: the slug)")
        parser.add_argument("--name-fr", default="")
        parser.add_argument("--framework-version", default="")
        parser.add_argument("--source-url", default="")
        parser.add_argument("--lang", choices=["en", "fr"], default="en", help="language of error messages")

    def handle(self, *args: Any, **options: Any) -> None:
        slug = options["framework"]
        if slugify(slug) != slug or not slug:
            raise CommandError(
                "invalid_slug: use lowercase letters, digits and hyphens only / "
                "utilisez uniquement des minuscules, des chiffres et des traits d'union"
            )
        try:
            data = options["path"].read_bytes()
        except OSError as exc:
            raise CommandError(f"file_unreadable: {exc}") from exc
        spec = FrameworkSpec(
            slug=slug,
            kind="custom",
            name_en=options["name_en"] or slug,
            name_fr=options["name_fr"],
            version=options["framework_version"],
            source_url=options["source_url"],
        )
        try:
            report = framework_csv_import(data=data, framework=spec)
        except FrameworkError as exc:
            raise CommandError(exc.render(options["lang"])) from exc
        self.stdout.write(self.style.SUCCESS(report.summary()))
