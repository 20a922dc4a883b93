"""Run the nightly deadline reminders by hand: ``manage.py send_reminders --date 2026-03-01``."""

from __future__ import annotations

from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from reminders.models import Paminnelse
from reminders.services import paminnelse_send, plan_night
from reminders.tasks import run_nightly


class Command(BaseCommand):
    help = (
        "Find every due deadline (FRIST-01) and send one digest per person for the given day; "
        "safe to run again (FRIST-03): what was sent is not sent twice."
    )

    def add_arguments(self, parser):
        parser.add_argument("--date", help="The run date, YYYY-MM-DD (default: today).")
        parser.add_argument(
            "--queue",
            action="store_true",
            help="Hand the job to the Celery worker instead of running it here.",
        )

    def handle(self, *args, **options):
        raw = options.get("date")
        try:
            run_date = date.fromisoformat(raw) if raw else None
        except ValueError as exc:
            raise CommandError("--date must be YYYY-MM-DD") from exc
        iso = run_date.isoformat() if run_date else None
        if options["queue"]:
            run_nightly.delay(iso)
            self.stdout.write("Queued reminders.run_nightly")
            return
        # By hand: plan, then send every pending row here. The sends enqueued on commit may run
        # too (at once when Celery is eager, or on a worker): the row lock lets one of them send.
        run_date = run_date or timezone.localdate()
        for pk in plan_night(run_date=run_date):
            paminnelse_send(paminnelse_id=pk)
        rows = Paminnelse.objects.filter(kjoredato=run_date)
        self.stdout.write(
            f"Reminders for {run_date.isoformat()}: {rows.count()} digests, "
            f"{rows.filter(status=Paminnelse.Status.SENDT).count()} sent."
        )
