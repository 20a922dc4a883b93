"""The demo users (demo mode only). Their password is printed by ``make run``/``make demo``
and shown on the login page when ``DEMO_MODE`` is on; production refuses demo mode."""

from django.utils.translation import gettext_lazy as _

from .models import Rolle

DEMO_PASSWORD = "demo-passord-2026"

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
