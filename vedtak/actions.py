"""The decision's actions (VED-03): one table, read by the page, the services and the tests.

Each row says what the action is called, what the user is told when it is done, who may take
it (the same predicate as the model's ``@transition(permission=…)``), the rules that block it
and those that only warn (:data:`vedtak.rules.TRANSITION_RULES`), the person rule (VED-04), the
form and the service. See :mod:`core.actions`.
"""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.actions import Action, Machine
from core.exceptions import RuleBreach

from . import permissions, rules
from .models import Vedtak


def _state_breach(vedtak: Vedtak, stale: bool) -> RuleBreach:
    # The state moved on under the user (VED-12), or the action never applied here (VED-03).
    return RuleBreach(
        "VED-12" if stale else "VED-03",
        _("This action is not possible while the decision is «%(status)s».")
        % {"status": vedtak.get_status_display()},
    )


def _url(vedtak: Vedtak, name: str) -> str:
    if name == "approve_measures":
        return reverse("vedtak:approve_measures", args=[vedtak.sak_id, vedtak.pk])
    return reverse("vedtak:transition", args=[vedtak.sak_id, vedtak.pk, name])


def _t(name: str) -> dict:
    """The rules of a transition, from the one place the model's ``conditions=`` read."""
    return {
        "rules": rules.TRANSITION_RULES[name],
        "warnings": rules.TRANSITION_WARNINGS.get(name, ()),
    }


MACHINE = Machine(
    "vedtak",
    [
        Action(
            "approve_measures",
            label=gettext_lazy("Approve the measures"),
            done=gettext_lazy("You approved the proposed measures."),
            may=permissions.can_approve_measures,
            transition=None,
            # Once approved, the page says so; a changed measure takes the approval away.
            applies=lambda v: (
                v.status == Vedtak.Status.TIL_VEILEDNING and v.tiltak_godkjent_av_id is None
            ),
            variant="secondary",
            form="vedtak.forms.MeasuresApprovalForm",
            service="vedtak.services.vedtak_approve_measures",
        ),
        Action(
            "send_to_guidance",
            label=gettext_lazy("Send to the team leader"),
            done=gettext_lazy("The decision was sent to the team leader for guidance."),
            may=permissions.can_send_to_guidance,
            form="vedtak.forms.GuidanceForm",
            service="vedtak.services.vedtak_send_to_guidance",
            **_t("send_to_guidance"),
        ),
        Action(
            "release_for_approval",
            label=gettext_lazy("Release for approval"),
            done=gettext_lazy("The decision was released; the head of service can approve it."),
            may=permissions.can_release_for_approval,
            person_rules=(permissions.FOUR_EYES,),
            form="vedtak.forms.GuidanceForm",
            service="vedtak.services.vedtak_release_for_approval",
            **_t("release_for_approval"),
        ),
        Action(
            "return_to_draft",
            label=gettext_lazy("Return to the caseworker"),
            done=gettext_lazy("The decision was returned to the caseworker."),
            may=permissions.can_return_to_draft,
            form="vedtak.forms.ReturnForm",
            variant="secondary",
            service="vedtak.services.vedtak_return_to_draft",
            **_t("return_to_draft"),
        ),
        Action(
            "approve",
            label=gettext_lazy("Approve and sign"),
            done=gettext_lazy("The decision was approved. The decision letter is being made."),
            may=permissions.can_approve,
            person_rules=(permissions.FOUR_EYES,),
            form="vedtak.forms.ApproveForm",
            service="vedtak.services.vedtak_approve",
            **_t("approve"),
        ),
        Action(
            "send_out",
            label=gettext_lazy("Send to the parties"),
            done=gettext_lazy("The decision was sent to the parties and the dispatch recorded."),
            may=permissions.can_send_out,
            form="vedtak.forms.SendOutForm",
            service="vedtak.services.vedtak_send_out",
            **_t("send_out"),
        ),
        Action(
            "withdraw",
            label=gettext_lazy("Withdraw the decision"),
            done=gettext_lazy("The decision was withdrawn."),
            may=permissions.can_withdraw,
            form="vedtak.forms.WithdrawForm",
            service="vedtak.services.vedtak_withdraw",
            danger=True,
            variant="secondary",
            **_t("withdraw"),
        ),
    ],
    state_breach=_state_breach,
    url=_url,
)

#: The actions that move the decision through its states (the page's «Next step»).
TRANSITIONS = MACHINE.transitions
