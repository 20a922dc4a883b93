"""The meetings' actions (MOTE-01 … MOTE-04): two tables, read by the pages, the services and
the tests (see :mod:`core.actions`).

- :data:`MACHINE`, a meeting: ``planlagt`` → ``avholdt`` → ``signert`` (the minutes signed as
  a journal note, MOTE-01/JOUR-02), or ``planlagt`` → ``avlyst``; with the actions that change
  no state – editing the plan, writing the minutes, recording an agreed action (MOTE-04).
- :data:`MOTER`, the case's meetings: plan one, set up an ansvarsgruppe (MOTE-05).
"""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.actions import Action, Machine
from core.exceptions import RuleBreach

from . import permissions, rules
from .models import Mote

S = Mote.Status


def _state_breach(mote: Mote, stale: bool) -> RuleBreach:
    messages = {
        S.PLANLAGT: _("The meeting has not been held yet."),
        S.AVHOLDT: _("The meeting has been held."),
        S.SIGNERT: _("The minutes are signed and locked (JOUR-02)."),
        S.AVLYST: _("The meeting was cancelled."),
    }
    return RuleBreach("MOTE-01", messages.get(mote.status, _("Not possible now.")))


#: The actions with a page of their own; the others are ``moter:action`` pages.
_PAGES = {"edit": "moter:edit", "minutes": "moter:minutes", "oppgave": "moter:oppgave"}


def _url(mote: Mote, name: str) -> str:
    if name in _PAGES:
        return reverse(_PAGES[name], args=[mote.sak_id, mote.pk])
    return reverse("moter:action", args=[mote.sak_id, mote.pk, name])


MACHINE = Machine(
    "mote",
    [
        Action(
            "edit",
            label=gettext_lazy("Change the plan"),
            done=gettext_lazy("The meeting was saved."),
            may=permissions.can_plan,
            transition=None,
            applies=lambda m: m.status == S.PLANLAGT,
            variant="secondary",
            service="moter.services.mote_update",
        ),
        Action(
            "hold",
            label=gettext_lazy("Mark as held"),
            done=gettext_lazy("The meeting is marked as held. The referent writes the minutes."),
            may=permissions.can_hold,
            rules=rules.HOLD,
            form="core.forms.ConfirmActionForm",
            service="moter.services.mote_hold",
            one_click=True,
        ),
        Action(
            "minutes",
            label=gettext_lazy("Write the minutes"),
            done=gettext_lazy("The minutes were saved as a draft."),
            may=permissions.can_write_minutes,
            transition=None,
            applies=lambda m: m.status == S.AVHOLDT,
            service="moter.services.mote_write_minutes",
        ),
        Action(
            "sign",
            label=gettext_lazy("Sign the minutes"),
            done=gettext_lazy("The minutes are signed and written in the journal."),
            may=permissions.can_sign,
            rules=rules.SIGN,
            help=gettext_lazy(
                "The signed minutes become a signed note in the case's journal and cannot be "
                "changed (MOTE-01, JOUR-02)."
            ),
            form="core.forms.ConfirmActionForm",
            service="moter.services.mote_sign",
        ),
        Action(
            "oppgave",
            label=gettext_lazy("Record an agreed action"),
            done=gettext_lazy("The agreed action was recorded."),
            may=permissions.can_plan,
            transition=None,
            applies=lambda m: m.status in (S.AVHOLDT, S.SIGNERT),
            variant="secondary",
            service="moter.services.oppgave_create",
        ),
        Action(
            "invitation",
            label=gettext_lazy("Make the invitation letters"),
            done=gettext_lazy("The invitation letters are being made, one for each party."),
            may=permissions.can_plan,
            rules=rules.LETTERS,
            transition=None,
            applies=lambda m: m.status == S.PLANLAGT,
            variant="secondary",
            form="core.forms.ConfirmActionForm",
            service="moter.services.mote_order_invitation",
            one_click=True,
        ),
        Action(
            "minutes_letter",
            label=gettext_lazy("Make the minutes as letters"),
            done=gettext_lazy("The minutes are being made as letters, one for each party."),
            may=permissions.can_plan,
            rules=rules.LETTERS,
            transition=None,
            applies=lambda m: m.status == S.SIGNERT,
            variant="secondary",
            form="core.forms.ConfirmActionForm",
            service="moter.services.mote_order_minutes_letter",
            one_click=True,
        ),
        Action(
            "cancel",
            label=gettext_lazy("Cancel the meeting"),
            done=gettext_lazy("The meeting was cancelled."),
            may=permissions.can_plan,
            danger=True,
            variant="secondary",
            form="moter.forms.CancelForm",
            service="moter.services.mote_cancel",
        ),
    ],
    state_breach=_state_breach,
    url=_url,
)

#: The actions that move a meeting through its states.
TRANSITIONS = MACHINE.transitions


def _moter_state_breach(sak, stale: bool) -> RuleBreach:
    return RuleBreach("MOTE-01", _("Meetings are planned while the case is active."))


MOTER = Machine(
    "moter",
    [
        Action(
            "plan",
            label=gettext_lazy("Plan a meeting"),
            done=gettext_lazy("The meeting was planned."),
            may=permissions.can_plan_on,
            transition=None,
            service="moter.services.mote_plan",
        ),
        Action(
            "ansvarsgruppe",
            label=gettext_lazy("Set up a responsibility group"),
            done=gettext_lazy("The responsibility group was set up."),
            may=permissions.can_plan_on,
            transition=None,
            variant="secondary",
            service="moter.services.ansvarsgruppe_create",
        ),
    ],
    state_breach=_moter_state_breach,
    url=lambda sak, name: reverse(
        "moter:plan" if name == "plan" else "moter:ansvarsgruppe", args=[sak.pk]
    ),
)
