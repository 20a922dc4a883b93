"""The actions on incoming documents (INN-01), read by the pages, the services and the tests
(see :mod:`core.actions`).

- :data:`INNKOMMENDE`, the case's incoming documents: receive one.
- :data:`MACHINE`, one document: withdraw it (registered by mistake; nothing is deleted).
"""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.actions import Action, Machine
from core.exceptions import RuleBreach

from . import permissions
from .models import InnkommendeDokument

INNKOMMENDE = Machine(
    "innkommende",
    [
        Action(
            "receive",
            label=gettext_lazy("Register an incoming document"),
            done=gettext_lazy("The document was received and stored."),
            may=permissions.can_receive,
            transition=None,
            variant="secondary",
            service="innkommende.services.innkommende_receive",
        ),
    ],
    state_breach=lambda sak, stale: RuleBreach(
        "INN-01", _("Documents are received while the case is active.")
    ),
    url=lambda sak, name: reverse("innkommende:create", args=[sak.pk]),
)

MACHINE = Machine(
    "innkommende_dokument",
    [
        Action(
            "withdraw",
            label=gettext_lazy("Withdraw"),
            done=gettext_lazy("The document was withdrawn. It stays in the case's history."),
            may=permissions.can_withdraw,
            transition=None,
            applies=lambda d: d.status == InnkommendeDokument.Status.MOTTATT,
            form="innkommende.forms.WithdrawForm",
            service="innkommende.services.innkommende_withdraw",
            danger=True,
            variant="secondary",
            help=gettext_lazy(
                "For a document registered by mistake (on the wrong case, the wrong file). "
                "It is no longer shown as received, but nothing is deleted."
            ),
        ),
    ],
    state_breach=lambda d, stale: RuleBreach("INN-01", _("The document is already withdrawn.")),
    url=lambda d, name: reverse("innkommende:withdraw", args=[d.sak_id, d.pk]),
)
