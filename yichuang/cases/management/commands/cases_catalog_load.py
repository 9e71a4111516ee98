"""Load the repository's materials catalog and fee schedule versions (idempotent)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from yichuang.cases.services import catalog_load


class Command(BaseCommand):
    help = "Load the current materials catalog and every fee schedule version not yet loaded."

    def handle(self, *args: Any, **options: Any) -> None:
        result = catalog_load(actor=None)
        if result.catalog_loaded:
            self.stdout.write(
                f"Materials catalog {result.catalog_version} loaded: {result.material_items} items."
            )
        else:
            self.stdout.write(f"Materials catalog {result.catalog_version} already loaded.")
        loaded = dict(result.fees_loaded)
        for version in result.fee_versions:
            if version in loaded:
                self.stdout.write(f"Fee schedule {version} loaded: {loaded[version]} items.")
            else:
                self.stdout.write(f"Fee schedule {version} already loaded.")
