"""The actions of ettervern (see :mod:`core.actions`).

- :data:`SAK`, on the case: record the dialogue with the youth (ETT-01), draft the decision at
  18 (ETT-02). The decision then goes the decision's own way (:data:`vedtak.actions.MACHINE`).
- :data:`VEDTAK`, on the outcome of a draft decision: change it, or the youth's reason for
  declining (ETT-02).
"""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.actions import Action, Machine
from core.exceptions import RuleBreach

from . import permissions, rules


def _under_25(sak) -> bool:
    return timezone.localdate() < rules.twenty_fifth(sak.barn.fodselsdato)


SAK = Machine(
    "ettervern",
    [
        Action(
            "record_dialogue",
            label=gettext_lazy("Record the ettervern dialogue"),
            done=gettext_lazy("The ettervern dialogue is recorded."),
            may=permissions.works_on_sak,
            transition=None,
            applies=_under_25,
            variant="secondary",
            help=gettext_lazy(
                "Choose the signed journal note or the held meeting where the dialogue with the "
                "youth about ettervern took place (ETT-01)."
            ),
            form="ettervern.forms.DialogueForm",
            service="ettervern.services.ettervernsamtale_register",
        ),
        Action(
            "create_decision",
            label=gettext_lazy("Draft the ettervern decision"),
            done=gettext_lazy(
                "A draft ettervern decision was created. Write its reasons and send it on as "
                "any decision."
            ),
            may=permissions.works_on_sak,
            transition=None,
            applies=_under_25,
            rules=(rules.ETT_02_WINDOW,),
            variant="secondary",
            help=gettext_lazy(
                "At 18 the measures continue, change or end by a decision, or the youth declines "
                "the offer (ETT-02). The decision is signed from the 18th birthday; only the "
                "youth's own consent counts then (SAM-01)."
            ),
            form="ettervern.forms.DecisionCreateForm",
            service="ettervern.services.ettervernvedtak_create",
        ),
    ],
    state_breach=lambda sak, stale: RuleBreach(
        "ETT-03", _("The youth has turned 25: ettervern has ended.")
    ),
    url=lambda sak, name: reverse("ettervern:sak_action", args=[sak.pk, name]),
)


VEDTAK = Machine(
    "ettervern_vedtak",
    [
        Action(
            "change_outcome",
            label=gettext_lazy("Change the outcome"),
            done=gettext_lazy("The outcome was saved."),
            may=permissions.works_on_decision,
            transition=None,
            applies=lambda e: e.vedtak.er_redigerbar,
            variant="secondary",
            form="ettervern.forms.OutcomeForm",
            service="ettervern.services.ettervernvedtak_update",
        ),
    ],
    state_breach=lambda e, stale: RuleBreach("VED-03", _("Only a draft decision is changed.")),
    url=lambda e, name: reverse(
        "ettervern:vedtak_action", args=[e.vedtak.sak_id, e.vedtak_id, name]
    ),
)
