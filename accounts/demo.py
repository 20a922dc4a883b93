"""The demo users (demo mode only). Their password is printed by ``make run``/``make demo``
and shown on the login page when ``DEMO_MODE`` is on; production refuses demo mode.

Two-step login in the demo: every demo user has an authenticator device with the same, public
secret ``DEMO_TOTP_SECRET``. Add it to any authenticator app, or read the current code on the
code page, which shows it for a demo device while ``DEMO_MODE`` is on (never in production).
"""

from base64 import b32decode

from django.utils.translation import gettext_lazy as _

from .models import Rolle, User

DEMO_PASSWORD = "demo-passord-2026"
#: The demo users' TOTP secret (base32). Public: it is in the README and on the login page.
DEMO_TOTP_SECRET = "HJELPETILTAKDEMOHJELPETILTAKDEMO"
DEMO_TOTP_KEY = b32decode(DEMO_TOTP_SECRET).hex()

# (username, first name, last name, role, unit key, description)
DEMO_USERS = [
    (
        "saksbehandler",
        "Sara",
        "Lien",
        Rolle.SAKSBEHANDLER,
        "tiltak",
        _("Caseworker, measures team"),
    ),
    (
        "saksbehandler2",
        "Sindre",
        "Haugen",
        Rolle.SAKSBEHANDLER,
        "undersokelse",
        _("Caseworker, investigation team"),
    ),
    ("teamleder", "Tone", "Vik", Rolle.TEAMLEDER, "tiltak", _("Team leader, measures team")),
    (
        "teamleder2",
        "Tor",
        "Myhre",
        Rolle.TEAMLEDER,
        "undersokelse",
        _("Team leader, investigation team"),
    ),
    ("barnevernleder", "Berit", "Strand", Rolle.BARNEVERNLEDER, "tjeneste", _("Head of service")),
    ("kontorfaglig", "Kari", "Dahl", Rolle.KONTORFAGLIG, "tjeneste", _("Clerical officer")),
    ("nabo", "Nils", "Berg", Rolle.SAKSBEHANDLER, "nabo", _("Caseworker in another municipality")),
]


def demo_users() -> list[dict]:
    return [
        {"username": u, "description": d, "password": DEMO_PASSWORD}
        for u, _f, _l, _r, _k, d in DEMO_USERS
    ]


def is_demo_device(device) -> bool:
    return device.key == DEMO_TOTP_KEY


def demo_totp_devices_ensure(usernames) -> int:
    """Give each demo user a confirmed authenticator device with the demo secret (once)."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    made = 0
    for user in User.objects.filter(username__in=list(usernames)):
        if not TOTPDevice.objects.filter(user=user, confirmed=True).exists():
            TOTPDevice.objects.create(user=user, name="Demo", key=DEMO_TOTP_KEY, confirmed=True)
            made += 1
    return made
