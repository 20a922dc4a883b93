"""The plan's actions (PLAN-01, PLAN-03, EVAL-01): two tables, read by the pages, the services
and the tests (see :mod:`core.actions`).

- :data:`MACHINE`, the plan version: ``utkast`` → ``til_godkjenning`` → ``godkjent`` (or back
  to ``utkast`` with a comment; a draft nobody wants is ``forkastet``), and the actions that
  change no state – writing the draft and registering the dispatch of the approved plan.
  For each transition, ``may`` is the model's ``@transition(permission=…)`` and ``rules``
  what its ``conditions=`` read (:data:`plans.rules.TRANSITION_RULES`).
- :data:`PLAN`, the case's plan as a whole (:class:`PlanOfCase`): start it, make a new version,
  set a longer evaluation interval. These change no state; ``applies`` says when they can be
  taken.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cases.models import Sak
from core.actions import Action, Machine
from core.exceptions import RuleBreach

from . import permissions, rules
from .models import Planversjon, Tiltaksplan

# --- The plan version -----------------------------------------------------------------------


def _state_breach(versjon: Planversjon, stale: bool) -> RuleBreach:
    # The state moved on under the user, or the action never applied here (PLAN-03).
    return RuleBreach(
        "PLAN-03",
        _("This action is not possible while the plan version is «%(status)s».")
        % {"status": versjon.get_status_display()},
    )


#: The page of each action (approving and returning share one).
_PAGES = {
    "edit": "plans:edit",
    "send_for_approval": "plans:submit",
    "approve": "plans:approve",
    "return_to_draft": "plans:approve",
    "discard": "plans:discard",
    "send_out": "plans:send_out",
}


def _url(versjon: Planversjon, name: str) -> str:
    url = reverse(_PAGES[name], args=[versjon.sak_id, versjon.pk])
    return f"{url}#return" if name == "return_to_draft" else url


def _t(name: str) -> dict:
    """The rules of a transition, from the one place the model's ``conditions=`` read."""
    return {"rules": rules.TRANSITION_RULES[name]}


MACHINE = Machine(
    "planversjon",
    [
        Action(
            "edit",
            label=gettext_lazy("Edit the draft"),
            done=gettext_lazy("The draft was saved."),
            may=permissions.can_edit,
            transition=None,
            applies=lambda v: v.status == Planversjon.Status.UTKAST,
            service="plans.services.planversjon_update",
        ),
        Action(
            "send_for_approval",
            label=gettext_lazy("Send for approval"),
            done=gettext_lazy("The plan was sent to a leader for approval."),
            may=permissions.can_send_for_approval,
            variant="secondary",
            form="core.forms.ConfirmActionForm",
            service="plans.services.planversjon_send_for_approval",
            **_t("send_for_approval"),
        ),
        Action(
            "approve",
            label=gettext_lazy("Approve the plan"),
            done=gettext_lazy(
                "The plan was approved. Send it to the parties when the letter is ready."
            ),
            may=permissions.can_approve,
            form="core.forms.ConfirmActionForm",
            service="plans.services.planversjon_approve",
            **_t("approve"),
        ),
        Action(
            "return_to_draft",
            label=gettext_lazy("Return to the caseworker"),
            done=gettext_lazy("The plan was returned to the caseworker."),
            may=permissions.can_return_to_draft,
            variant="secondary",
            form="plans.forms.ReturnForm",
            service="plans.services.planversjon_return_to_draft",
            **_t("return_to_draft"),
        ),
        Action(
            "discard",
            label=gettext_lazy("Discard the draft"),
            done=gettext_lazy("The draft was discarded. It stays in the history."),
            may=permissions.can_discard,
            danger=True,
            variant="secondary",
            form="core.forms.ConfirmActionForm",
            service="plans.services.planversjon_discard",
            **_t("discard"),
        ),
        Action(
            "send_out",
            label=gettext_lazy("Register the dispatch to the parties"),
            done=gettext_lazy("The dispatch to the parties was registered."),
            may=permissions.can_send_out,
            transition=None,
            applies=lambda v: v.status == Planversjon.Status.GODKJENT,
            service="plans.services.planversjon_send_out",
        ),
    ],
    state_breach=_state_breach,
    url=_url,
)

#: The actions that move the version through its states.
TRANSITIONS = MACHINE.transitions


# --- The case's plan ------------------------------------------------------------------------


@dataclass(frozen=True)
class PlanOfCase:
    """A case's plan as its actions see it: the case, its plan (``None`` before it is
    started) and the version being written or waiting for approval (``None`` if none is)."""

    sak: Sak
    plan: Tiltaksplan | None
    open_version: Planversjon | None = None


def _plan_state_breach(state: PlanOfCase, stale: bool) -> RuleBreach:
    if state.plan is None:
        message = _("No plan of measures has been made for the case.")
    elif state.open_version is not None:
        message = _("A version is already being written or waits for approval: finish it first.")
    else:
        message = _("The case already has a plan. Make a new version of it instead.")
    return RuleBreach("PLAN-03", message)


_PLAN_PAGES = {
    "create": "plans:create",
    "new_version": "plans:new_version",
    "set_interval": "plans:interval",
}


def _plan_url(state: PlanOfCase, name: str) -> str:
    return reverse(_PLAN_PAGES[name], args=[state.sak.pk])


PLAN = Machine(
    "tiltaksplan",
    [
        Action(
            "create",
            label=gettext_lazy("Make a plan of measures"),
            done=gettext_lazy("The plan was started. Fill it in together with the family."),
            may=permissions.can_create_plan,
            transition=None,
            applies=lambda s: s.plan is None,
            form="core.forms.ConfirmActionForm",
            service="plans.services.tiltaksplan_create",
        ),
        Action(
            "new_version",
            label=gettext_lazy("Change the plan (new version)"),
            done=gettext_lazy("A new version was made from the latest one."),
            may=permissions.can_make_version,
            transition=None,
            applies=lambda s: s.plan is not None and s.open_version is None,
            variant="secondary",
            form="core.forms.ConfirmActionForm",
            service="plans.services.planversjon_create",
        ),
        Action(
            "set_interval",
            label=gettext_lazy("Change the evaluation interval"),
            done=gettext_lazy("The evaluation interval was saved."),
            may=permissions.can_set_interval,
            transition=None,
            applies=lambda s: s.plan is not None,
            variant="secondary",
            form="plans.forms.IntervalForm",
            service="plans.services.tiltaksplan_set_interval",
        ),
    ],
    state_breach=_plan_state_breach,
    url=_plan_url,
)
