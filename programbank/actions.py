"""The actions on the programme bank (BANK-01), as tables of the kernel (:mod:`core.actions`).

- :data:`PROGRAM`, one programme: change it (the head of service).
- :data:`BANK`, a service's bank: add a programme, add the defaults of source 000 it lacks.
"""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.actions import Action, Machine
from core.exceptions import RuleBreach

from . import permissions

PROGRAM = Machine(
    "program",
    [
        Action(
            "edit",
            label=gettext_lazy("Edit"),
            done=gettext_lazy("The programme was saved."),
            may=permissions.can_keep,
            transition=None,
            variant="secondary",
            form="programbank.forms.ProgramForm",
            service="programbank.services.program_update",
        ),
    ],
    state_breach=lambda p, stale: RuleBreach("BANK-01", _("Not possible on this programme.")),
    url=lambda p, name: reverse("programbank:edit", args=[p.pk]),
)


def _lacks_defaults(tjeneste) -> bool:
    return bool(getattr(tjeneste, "mangler_standard", False))


BANK = Machine(
    "programbank",
    [
        Action(
            "create",
            label=gettext_lazy("New programme"),
            done=gettext_lazy("The programme was saved."),
            may=permissions.can_keep_service,
            transition=None,
            form="programbank.forms.ProgramForm",
            service="programbank.services.program_create",
        ),
        Action(
            "seed_defaults",
            label=gettext_lazy("Add the programmes of the procedure"),
            done=gettext_lazy("The programmes of the procedure were added."),
            may=permissions.can_keep_service,
            transition=None,
            # The list reads which defaults the service lacks (``mangler_standard``).
            applies=_lacks_defaults,
            variant="secondary",
            one_click=True,
            service="programbank.services.program_seed_defaults",
        ),
    ],
    state_breach=lambda t, stale: RuleBreach(
        "BANK-01", _("The service has every programme of the procedure already.")
    ),
    url=lambda t, name: reverse(
        "programbank:create" if name == "create" else "programbank:seed", args=[t.pk]
    ),
)
