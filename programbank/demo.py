"""The demo's programme bank: the programmes of source 000 for each demo service, kept by its
head of service, with a trained provider or two (BANK-01, BANK-04).

Called from :func:`demo.data.load_demo` after the users exist; made through the real services,
so the history says who added and changed what.
"""

from __future__ import annotations

from accounts.models import User

from .models import Program
from .services import program_seed_defaults, program_update

#: Who of the demo users is trained in what (by the defaults' codes).
TRAINED = {
    "cos-p": ("saksbehandler", "teamleder"),
    "pmto": ("saksbehandler",),
    "tuning-into-kids": ("teamleder",),
}


def load_program_demo(*, users: dict[str, User]) -> int:
    """Seed the defaults for the head of service's service and record the trained staff;
    returns the number of programmes."""
    head = users["barnevernleder"]
    tjeneste_ids = head.tjeneste_ids("barnevernleder")
    for tjeneste_id in sorted(tjeneste_ids):
        if not Program.objects.filter(tjeneste_id=tjeneste_id).exclude(kode="").exists():
            program_seed_defaults(actor=head, tjeneste_id=tjeneste_id)
        for kode, names in TRAINED.items():
            program = Program.objects.filter(tjeneste_id=tjeneste_id, kode=kode).first()
            trained = [users[n] for n in names if n in users]
            if program is not None and trained:
                program_update(actor=head, program_id=program.pk, data={"utdannede": trained})
    return Program.objects.filter(tjeneste_id__in=tjeneste_ids).count()
