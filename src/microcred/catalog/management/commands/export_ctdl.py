"""Write the CTDL JSON-LD of every published micro-credential (or one) to stdout or a file."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from microcred.catalog import ctdl, selectors


class Command(BaseCommand):
    help = "Export published micro-credentials as CTDL JSON-LD."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--slug", help="export one micro-credential only")
        parser.add_argument("--out", help="write to this file instead of stdout")
        parser.add_argument(
            "--base-url", default=settings.MICROCRED_PUBLIC_BASE_URL, help="public base URL for @id"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        base_url = options["base_url"].rstrip("/")
        if options["slug"]:
            version = selectors.version_detail(options["slug"])
            if version is None:
                raise CommandError(f"no published micro-credential with slug {options['slug']!r}")
            document = ctdl.credential_document(version, base_url=base_url)
        else:
            document = ctdl.catalog_document(base_url=base_url)
        text = json.dumps(document, ensure_ascii=False, indent=2)
        if options["out"]:
            Path(options["out"]).write_text(text + "\n", encoding="utf-8")
            self.stdout.write(f"wrote {len(document['@graph'])} nodes to {options['out']}")
        else:
            self.stdout.write(text)
