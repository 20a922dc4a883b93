"""Confirm the first head of service of a new service, which has nobody to confirm it in the app
(issue 19: the administrator's grants take effect when a head of service confirms them)."""

from django.core.management.base import BaseCommand, CommandError

from accounts.services import tilgangstildeling_confirm_first_head
from core.exceptions import DomainError


class Command(BaseCommand):
    help = "Confirm a pending head-of-service grant in a service that has no head of service."

    def add_arguments(self, parser):
        parser.add_argument("grant_id", type=int, help="the access grant's id (see /admin/)")

    def handle(self, *args, grant_id: int, **options):
        try:
            grant = tilgangstildeling_confirm_first_head(tildeling_id=grant_id)
        except DomainError as exc:
            raise CommandError(str(exc.message)) from None
        self.stdout.write(f"Confirmed: grant {grant.pk} (user id {grant.user_id}).")
