"""Closing a case (AVS-01) and reopening it (AVS-02), read by the pages, the services and the
tests (see :mod:`core.actions`).

- :data:`SAK`: «Avslutt sak» on an active case, blocked by everything that stands in the way
  (:data:`avslutning.rules.CLOSE`);
- :data:`MACHINE`: the proposed closing, approved or returned by the team leader; the closed
  case reopened by a team leader with a reason (the one action the closed-case guard lets
  through)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cases.models import Sak
from core.actions import Action, Machine
from core.exceptions import RuleBreach

from . import permissions, rules
from .models import Avslutning

S = Avslutning.Status


def _open_closing(sak: Sak) -> bool:
    """An active case with no closing awaiting the team leader."""
    return (
        sak.status == Sak.Status.AKTIV
        and not Avslutning.objects.filter(sak=sak, status=S.FORESLATT).exists()
    )


def _sak_state(sak: Sak, stale: bool) -> RuleBreach:
    if sak.status != Sak.Status.AKTIV:
        return RuleBreach("AVS-02", _("The case is closed."))
    return RuleBreach("AVS-01", _("The closing of the case awaits the team leader's approval."))


SAK = Machine(
    "avslutning_sak",
    [
        Action(
            "propose",
            label=gettext_lazy("Close the case"),
            done=gettext_lazy("The closing is sent to the team leader for approval."),
            may=permissions.may_propose,
            rules=rules.CLOSE,
            form="avslutning.forms.ProposeForm",
            service="avslutning.services.avslutning_propose",
            transition=None,
            applies=_open_closing,
            help=gettext_lazy(
                "Write a short summary of how the case ends. The team leader approves the "
                "closing; the case is then read-only."
            ),
        ),
    ],
    state_breach=_sak_state,
    url=lambda sak, name: reverse("avslutning:page", args=[sak.pk]),
)


def _state(avslutning: Avslutning, stale: bool) -> RuleBreach:
    messages = {
        S.FORESLATT: _("The closing awaits the team leader's approval."),
        S.GODKJENT: _("The case is closed."),
        S.AVVIST: _("The team leader returned the closing."),
        S.GJENAPNET: _("The case was reopened."),
    }
    rule = "AVS-02" if avslutning.status in (S.GODKJENT, S.GJENAPNET) else "AVS-01"
    return RuleBreach(rule, messages.get(avslutning.status, _("Not possible now.")))


def _url(avslutning: Avslutning, name: str) -> str:
    if name == "reopen":
        return reverse("avslutning:reopen", args=[avslutning.sak_id, avslutning.pk])
    return reverse("avslutning:action", args=[avslutning.sak_id, avslutning.pk, name])


MACHINE = Machine(
    "avslutning",
    [
        Action(
            "approve",
            label=gettext_lazy("Approve the closing"),
            done=gettext_lazy("The case is closed. It is now read-only."),
            may=permissions.may_approve,
            rules=rules.CLOSE,
            form="core.forms.ConfirmActionForm",
            service="avslutning.services.avslutning_approve",
            help=gettext_lazy(
                "The case is closed and becomes read-only for everyone (AVS-02). A team leader "
                "may reopen it with a reason."
            ),
        ),
        Action(
            "reject",
            label=gettext_lazy("Return the closing"),
            done=gettext_lazy("The closing is returned to the caseworker."),
            may=permissions.may_approve,
            form="avslutning.forms.ReasonForm",
            service="avslutning.services.avslutning_reject",
            variant="secondary",
        ),
        Action(
            "reopen",
            label=gettext_lazy("Reopen the case"),
            done=gettext_lazy("The case is reopened."),
            may=permissions.may_reopen,
            form="avslutning.forms.ReasonForm",
            service="avslutning.services.avslutning_reopen",
            unguarded=True,
            help=gettext_lazy("Give the reason for reopening the case; it is recorded (AVS-02)."),
        ),
    ],
    state_breach=_state,
    url=_url,
)
