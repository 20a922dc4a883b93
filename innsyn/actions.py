"""The actions on requests for access (INNSYN-01), read by the pages, the services and the tests
(see :mod:`core.actions`).

- :data:`INNSYN`, the case's requests: register one.
- :data:`MACHINE`, one request: go through the documents, answer it.
"""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.actions import Action, Machine
from core.exceptions import RuleBreach

from . import permissions
from .models import Innsynskrav

INNSYN = Machine(
    "innsyn",
    [
        Action(
            "register",
            label=gettext_lazy("Register a request for access"),
            done=gettext_lazy("The request for access was registered."),
            may=permissions.can_register,
            transition=None,
            variant="secondary",
            service="innsyn.services.innsynskrav_register",
        ),
    ],
    state_breach=lambda sak, stale: RuleBreach(
        "INNSYN-01", _("Requests for access are registered while the case is active.")
    ),
    url=lambda sak, name: reverse("innsyn:create", args=[sak.pk]),
)


def _open(krav: Innsynskrav) -> bool:
    return krav.status == Innsynskrav.Status.MOTTATT


_URLS = {"review": "innsyn:review", "answer": "innsyn:answer"}

MACHINE = Machine(
    "innsynskrav",
    [
        Action(
            "review",
            label=gettext_lazy("Go through the documents"),
            done=gettext_lazy("The decisions on the documents were saved."),
            may=permissions.can_handle,
            transition=None,
            applies=_open,
            variant="secondary",
            service="innsyn.services.innsynskrav_review",
        ),
        Action(
            "answer",
            label=gettext_lazy("Answer the request"),
            done=gettext_lazy("The request is answered. The letter is being made."),
            may=permissions.can_handle,
            transition=None,
            applies=_open,
            service="innsyn.services.innsynskrav_answer",
        ),
    ],
    state_breach=lambda k, stale: RuleBreach("INNSYN-01", _("The request is already answered.")),
    url=lambda k, name: reverse(_URLS[name], args=[k.sak_id, k.pk]),
)
