"""``manage.py import_noc``: import or refresh the NOC 2021 unit groups shipped in the repository."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from microcred.frameworks.services import noc_import


class Command(BaseCommand):
    help = "Import the 516 NOC 2021 V1.0 unit groups (code, title, TEER) as occupations (idempotent)."

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(self.style.SUCCESS(noc_import().summary()))
