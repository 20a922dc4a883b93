"""The extract's actions (RAPP-04): the head of service releases it (RAPP-03: not with a FATAL
or ERROR result), and sends it through the configured transport; without one, the download
of the released file is the sending (:mod:`rapportering.transport`)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.actions import Action, Machine
from core.exceptions import RuleBreach

from . import permissions, rules, transport
from .models import Uttrekk

S = Uttrekk.Status


def _state_breach(uttrekk: Uttrekk, stale: bool) -> RuleBreach:
    messages = {
        S.FEILET: _("The extract could not be built."),
        S.STOPPET: _("The controls stopped the extract."),
        S.FRIGITT: _("The extract is already released."),
        S.SENDT: _("The extract is already sent."),
    }
    return RuleBreach("RAPP-04", messages.get(uttrekk.status, _("Not possible now.")))


def _url(uttrekk: Uttrekk, name: str) -> str:
    return reverse("rapportering:action", args=[uttrekk.pk, name])


MACHINE = Machine(
    "rapportering",
    [
        Action(
            "release",
            label=gettext_lazy("Release the extract"),
            done=gettext_lazy("The extract is released."),
            may=permissions.can_release,
            rules=(rules.RAPP_03,),
            form="core.forms.ConfirmActionForm",
            service="rapportering.services.uttrekk_release",
            help=gettext_lazy(
                "Released, the extract can be sent to Barnevernsregisteret. Its warnings go "
                "with it."
            ),
        ),
        Action(
            "send",
            label=gettext_lazy("Send to Barnevernsregisteret"),
            done=gettext_lazy("The extract is sent."),
            may=permissions.can_send,
            transition=None,
            applies=lambda u: u.status == S.FRIGITT and transport.configured() is not None,
            form="core.forms.ConfirmActionForm",
            service="rapportering.services.uttrekk_send",
        ),
    ],
    state_breach=_state_breach,
    url=_url,
)
