"""The complaint's actions (KLAGE-01 … KLAGE-03), read by the pages, the services and the
tests (see :mod:`core.actions`): ``mottatt`` → ``vurdert`` → ``omgjort`` | ``oversendt`` →
``avgjort``."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.actions import Action, Machine
from core.exceptions import RuleBreach

from . import permissions
from .models import Klage

S = Klage.Status


def _state_breach(klage: Klage, stale: bool) -> RuleBreach:
    messages = {
        S.MOTTATT: _("The service has not assessed the complaint yet."),
        S.OMGJORT: _("The service changed its decision after the complaint."),
        S.OVERSENDT: _("The complaint is with the statsforvalteren."),
        S.AVGJORT: _("The statsforvalteren's outcome is recorded."),
    }
    return RuleBreach("KLAGE-02", messages.get(klage.status, _("Not possible now.")))


def _url(klage: Klage, name: str) -> str:
    return reverse("klage:action", args=[klage.sak_id, klage.pk, name])


MACHINE = Machine(
    "klage",
    [
        Action(
            "assess",
            label=gettext_lazy("Write the service's assessment"),
            done=gettext_lazy("The assessment is saved. The team leader handles the complaint."),
            may=permissions.can_assess,
            form="klage.forms.AssessForm",
            service="klage.services.klage_assess",
        ),
        Action(
            "change",
            label=gettext_lazy("Change the decision"),
            done=gettext_lazy("A draft decision that changes the decision is opened."),
            may=permissions.can_handle,
            form="core.forms.ConfirmActionForm",
            service="klage.services.klage_change",
            help=gettext_lazy(
                "The service agrees with the complaint and makes a new decision (fvl § 33)."
            ),
        ),
        Action(
            "forward",
            label=gettext_lazy("Send to the statsforvalteren"),
            done=gettext_lazy(
                "The letter to the statsforvalteren with the service's comments is being made, "
                "and a copy for each party."
            ),
            may=permissions.can_handle,
            form="core.forms.ConfirmActionForm",
            service="klage.services.klage_forward",
            variant="secondary",
        ),
        Action(
            "record_outcome",
            label=gettext_lazy("Record the statsforvalteren's outcome"),
            done=gettext_lazy("The outcome is recorded."),
            may=permissions.can_assess,
            form="klage.forms.OutcomeForm",
            service="klage.services.klage_record_outcome",
        ),
    ],
    state_breach=_state_breach,
    url=_url,
)
