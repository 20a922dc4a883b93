"""``manage.py kvalitet_beregn``: compute the quality indicators now (KVAL-01), as the nightly
task does; for a setup with no Celery beat (run it from cron)."""

from django.core.management.base import BaseCommand

from kvalitet.services import indikatorer_beregn


class Command(BaseCommand):
    help = "Compute the quality indicators of every service from the records (KVAL-01)."

    def handle(self, *args, **options):
        runs = indikatorer_beregn()
        if options["verbosity"] > 0:
            self.stdout.write(f"{len(runs)} services computed.")
