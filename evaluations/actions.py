"""The evaluation's actions (EVAL-03 … EVAL-05): two tables, read by the pages, the services and
the tests (see :mod:`core.actions`).

- :data:`MACHINE`, an evaluation: ``utkast`` → ``G`` (completed, EVAL-05), with the actions
  that change no state – writing the draft, and registering the dispatch of the completed
  evaluation (DOK-02). For ``complete``, ``may`` is the model's ``@transition(permission=…)``
  and ``rules`` what its ``conditions=`` read (:data:`evaluations.rules.TRANSITION_RULES`).
- :data:`START`, the plan's evaluations: start one, on the plan's summary
  (:class:`plans.selectors.PlanSummary`), when a plan exists; EVAL-03 asks for an approved
  version in force.
"""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.actions import Action, Machine
from core.exceptions import RuleBreach

from . import permissions, rules
from .models import Evaluering


def _state_breach(evaluering: Evaluering, stale: bool) -> RuleBreach:
    # EVAL-05: a completed evaluation is not changed; a draft is completed before it is sent.
    if evaluering.er_gjennomfort:
        return RuleBreach("EVAL-05", _("A completed evaluation is not changed."))
    return RuleBreach("EVAL-05", _("Complete the evaluation before sending it."))


def _url(evaluering: Evaluering, name: str) -> str:
    args = [evaluering.sak_id, evaluering.pk]
    if name == "send_out":
        return reverse("evaluations:send_out", args=args)
    url = reverse("evaluations:edit", args=args)
    return f"{url}#complete" if name == "complete" else url


COMPLETED = gettext_lazy(
    "The evaluation is completed. Send it to the parties when the letter is ready."
)

MACHINE = Machine(
    "evaluering",
    [
        Action(
            "edit",
            label=gettext_lazy("Continue the evaluation"),
            done=gettext_lazy("The draft was saved."),
            may=permissions.can_edit,
            transition=None,
            applies=lambda e: e.status == Evaluering.Status.UTKAST,
            service="evaluations.services.evaluering_update",
        ),
        Action(
            "complete",
            label=gettext_lazy("Complete the evaluation"),
            done=COMPLETED,
            may=permissions.can_complete,
            rules=rules.TRANSITION_RULES["complete"],
            variant="secondary",
            service="evaluations.services.evaluering_complete",
        ),
        Action(
            "send_out",
            label=gettext_lazy("Register the dispatch to the parties"),
            done=gettext_lazy("The dispatch to the parties was registered."),
            may=permissions.can_send_out,
            transition=None,
            applies=lambda e: e.status == Evaluering.Status.GJENNOMFORT,
            service="evaluations.services.evaluering_send_out",
        ),
    ],
    state_breach=_state_breach,
    url=_url,
)

#: The actions that move an evaluation through its states.
TRANSITIONS = MACHINE.transitions


def _start_state_breach(summary, stale: bool) -> RuleBreach:
    return RuleBreach("EVAL-03", _("No plan of measures has been made for the case."))


START = Machine(
    "evaluering.plan",
    [
        Action(
            "create",
            label=gettext_lazy("Evaluate the plan"),
            done=gettext_lazy("The evaluation was started: fill it in with the family."),
            may=permissions.can_create,
            transition=None,
            applies=lambda summary: summary.plan is not None,
            rules=(rules.IN_FORCE,),
            form="core.forms.ConfirmActionForm",
            service="evaluations.services.evaluering_create",
        ),
    ],
    state_breach=_start_state_breach,
    url=lambda summary, name: reverse("evaluations:create", args=[summary.sak.pk]),
)
