"""Build the extracts to Barnevernsregisteret (RAPP-02) by hand: every service's, or one's."""

from __future__ import annotations

from datetime import date

from django.core.management.base import BaseCommand

from accounts.models import Tjeneste
from rapportering import services


class Command(BaseCommand):
    help = "Build the day's extract to Barnevernsregisteret (RAPP-02)."

    def add_arguments(self, parser):
        parser.add_argument("--tjeneste", type=int, help="The service's id (default: every one).")
        parser.add_argument("--dato", type=date.fromisoformat, help="YYYY-MM-DD (default: today).")
        parser.add_argument(
            "--force", action="store_true", help="Build again though the day has an extract."
        )

    def handle(self, *args, tjeneste=None, dato=None, force=False, **options):
        ids = [tjeneste] if tjeneste else list(Tjeneste.objects.values_list("pk", flat=True))
        for pk in ids:
            u = services.uttrekk_build(tjeneste_id=pk, dato=dato, force=force)
            self.stdout.write(
                f"uttrekk {u.pk} tjeneste {pk}: {u.status}, {u.antall_saker} saker, "
                f"FATAL {u.antall_fatal}, ERROR {u.antall_error}, WARNING {u.antall_warning}"
            )
