from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from accounts.demo import DEMO_PASSWORD, DEMO_USERS
from demo.data import load_demo


class Command(BaseCommand):
    help = "Load the fictional demo municipality (demo mode only). Safe to run twice."

    def add_arguments(self, parser):
        parser.add_argument("--children", type=int, default=60)

    def handle(self, *args, **options):
        if not settings.DEMO_MODE:
            raise CommandError("Demo data is only loaded with DEMO_MODE on, never in production.")
        result = load_demo(children=options["children"])
        if result["children"]:
            self.stdout.write(f"Demo data loaded: {result['children']} children.")
        else:
            self.stdout.write("Demo data was already loaded.")
        self.stdout.write("")
        self.stdout.write(f"Demo users (password: {DEMO_PASSWORD}):")
        for username, _f, _l, _r, _k, description in DEMO_USERS:
            self.stdout.write(f"  {username:<16} {description}")
        self.stdout.write(f"  {'admin':<16} Systemadministrator (/admin/)")
