"""The referral's actions (HENV-01 … HENV-03), read by the pages, the services and the tests
(see :mod:`core.actions`)::

    utkast → (til_godkjenning → godkjent when the service's setting asks) → sendt → besvart

``make_letter`` orders the letter (DOK-01) from the referral as it is; ``send`` records its
dispatch (DOK-02) and starts the expected answer time; ``record_answer`` is HENV-02 and
``take_up`` HENV-03. ``close`` ends an open referral that is no longer needed.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.actions import Action, Machine
from core.exceptions import RuleBreach

from . import permissions, registry, rules
from .models import Henvisning

S = Henvisning.Status


class _Chain(Sequence):
    """The rules of :mod:`henvisning.rules` followed by those the apps above register in
    :mod:`henvisning.registry` (read when asked, so a rule registered later is in it)."""

    def __init__(self, *parts: Sequence) -> None:
        self.parts = parts

    def _all(self) -> list:
        return [rule for part in self.parts for rule in part]

    def __getitem__(self, index):
        return self._all()[index]

    def __len__(self) -> int:
        return len(self._all())


def _state_breach(h: Henvisning, stale: bool) -> RuleBreach:
    messages = {
        S.UTKAST: _("The referral is a draft."),
        S.TIL_GODKJENNING: _("The referral is waiting for the team leader's approval."),
        S.GODKJENT: _("The referral is approved and not sent yet."),
        S.SENDT: _("The referral is sent and waits for the answer."),
        S.BESVART: _("The answer to the referral is recorded."),
        S.AVSLUTTET: _("The referral is closed."),
    }
    return RuleBreach("HENV-01", messages.get(h.status, _("Not possible now.")))


def _url(h: Henvisning, name: str) -> str:
    return reverse("henvisning:action", args=[h.sak_id, h.pk, name])


def _letter_possible(h: Henvisning) -> bool:
    """The letter is made from a referral ready to go: a draft (when no approval is asked, the
    selectors leave it out otherwise) or an approved one."""
    return h.status in (S.UTKAST, S.GODKJENT)


def _offer_open(h: Henvisning) -> bool:
    """HENV-03: an offer whose follow-up is not recorded yet."""
    return h.status == S.BESVART and h.utfall == Henvisning.Utfall.TILBUD and not h.oppfolging


MACHINE = Machine(
    "henvisning",
    [
        Action(
            "submit",
            label=gettext_lazy("Send to the team leader for approval"),
            done=gettext_lazy("The referral is sent to the team leader for approval."),
            may=permissions.can_edit,
            rules=rules.SUBMIT,
            form="core.forms.ConfirmActionForm",
            service="henvisning.services.henvisning_submit",
            help=gettext_lazy("The service's setting: the team leader approves referrals."),
        ),
        Action(
            "approve",
            label=gettext_lazy("Approve the referral"),
            done=gettext_lazy("The referral is approved. The caseworker makes and sends it."),
            may=permissions.can_approve,
            rules=rules.SUBMIT,
            form="core.forms.ConfirmActionForm",
            service="henvisning.services.henvisning_approve",
        ),
        Action(
            "send_back",
            label=gettext_lazy("Send back to the caseworker"),
            done=gettext_lazy("The referral is sent back to the caseworker."),
            may=permissions.can_approve,
            form="henvisning.forms.SendBackForm",
            service="henvisning.services.henvisning_send_back",
            variant="secondary",
        ),
        Action(
            "make_letter",
            label=gettext_lazy("Make the letter"),
            done=gettext_lazy("The letter is being made. Send it when it is ready."),
            may=permissions.can_edit,
            rules=(rules.HENV_01,),
            transition=None,
            applies=_letter_possible,
            form="core.forms.ConfirmActionForm",
            service="henvisning.services.henvisning_make_letter",
            variant="secondary",
        ),
        Action(
            "send",
            label=gettext_lazy("Record that the referral is sent"),
            done=gettext_lazy("The referral is sent. The answer is expected by its date."),
            may=permissions.can_edit,
            # The apps above add theirs (the centre course: SENTER-01, SENTER-02).
            rules=_Chain(rules.SEND, registry.SEND_RULES),
            warnings=registry.SEND_WARNINGS,
            form="henvisning.forms.SendForm",
            service="henvisning.services.henvisning_send",
        ),
        Action(
            "record_answer",
            label=gettext_lazy("Record the answer"),
            done=gettext_lazy("The answer is recorded."),
            may=permissions.can_edit,
            form="henvisning.forms.AnswerForm",
            service="henvisning.services.henvisning_record_answer",
        ),
        Action(
            "take_up",
            label=gettext_lazy("Take up the offer"),
            done=gettext_lazy("The follow-up of the offer is recorded."),
            may=permissions.can_edit,
            transition=None,
            applies=_offer_open,
            form="henvisning.forms.TakeUpForm",
            service="henvisning.services.henvisning_take_up",
        ),
        Action(
            "close",
            label=gettext_lazy("Close the referral"),
            done=gettext_lazy("The referral is closed."),
            may=permissions.can_edit,
            form="henvisning.forms.CloseForm",
            service="henvisning.services.henvisning_close",
            variant="secondary",
            danger=True,
        ),
    ],
    state_breach=_state_breach,
    url=_url,
)
