"""``manage.py generate_synthetic --children N --seed S``: the national-shaped benchmark data.

The logic is in :mod:`demo.synthetic`; this command only parses and reports. It adds to the
database it is given (use an empty, migrated one: the bench runner creates its own).
"""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from demo.synthetic import generate


class Command(BaseCommand):
    help = "Write a synthetic, national-shaped dataset (fictional names) with COPY."

    def add_arguments(self, parser):
        parser.add_argument("--children", type=int, required=True)
        parser.add_argument("--seed", type=int, default=8)
        parser.add_argument("--today", type=date.fromisoformat, default=None)

    def handle(self, *args, children: int, seed: int, today, verbosity: int, **options):
        if not settings.ALLOW_SYNTHETIC_IDS:
            raise CommandError("Synthetic identity numbers are refused here (SAK-01).")
        if children < 10:
            raise CommandError("--children must be at least 10.")
        log = self.stderr.write if verbosity >= 1 else None
        try:
            result = generate(children=children, seed=seed, today=today, log=log)
        except RuntimeError as exc:
            raise CommandError(str(exc)) from exc
        rows = sum(result["rows"].values())
        self.stdout.write(
            f"{result['children']} children in {result['services']} services, "
            f"{result['users']} users, {rows} rows in {result['seconds']} s"
        )
        if verbosity >= 2:
            for table, n in result["rows"].items():
                self.stdout.write(f"  {table}: {n}")
