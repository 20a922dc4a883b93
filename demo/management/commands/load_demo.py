from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from accounts.demo import (
    DEMO_PASSWORD,
    DEMO_TOTP_SECRET,
    DEMO_USERS,
    demo_totp_devices_ensure,
)
from demo.data import load_demo


class Command(BaseCommand):
    help = "Load the fictional demo municipality (demo mode only). Safe to run twice."

    def add_arguments(self, parser):
        parser.add_argument("--children", type=int, default=60)
        parser.add_argument(
            "--malform",
            choices=["nb", "nn"],
            help="Both demo services write this form (default: Fjordvik bokmål, Nabodal nynorsk).",
        )

    def handle(self, *args, **options):
        if not settings.DEMO_MODE:
            raise CommandError("Demo data is only loaded with DEMO_MODE on, never in production.")
        result = load_demo(children=options["children"], malform=options["malform"])
        if result["children"]:
            self.stdout.write(f"Demo data loaded: {result['children']} children.")
        else:
            self.stdout.write("Demo data was already loaded.")
        demo_totp_devices_ensure([u[0] for u in DEMO_USERS] + ["admin"])
        self.stdout.write("")
        self.stdout.write(f"Demo users (password: {DEMO_PASSWORD}):")
        for username, _f, _l, _r, _k, description in DEMO_USERS:
            self.stdout.write(f"  {username:<16} {description}")
        self.stdout.write(f"  {'admin':<16} Systemadministrator (/admin/)")
        self.stdout.write("")
        self.stdout.write("Two-step login: after the password, enter the one-time code.")
        self.stdout.write(f"  Every demo user has the TOTP secret {DEMO_TOTP_SECRET}:")
        self.stdout.write("  add it to an authenticator app, or read the current code on the")
        self.stdout.write("  code page, which shows it in demo mode only.")
