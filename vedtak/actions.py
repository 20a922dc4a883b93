"""The actions on a decision and what hangs on it (VED, SAM): the tables read by the pages,
the services and the tests (see :mod:`core.actions`).

- :data:`MACHINE`, the decision: its state machine (VED-03) and what its page offers besides –
  editing the draft and adding a measure, advance notices (VED-06), consents (SAM-01) and the
  comments. For each transition ``may`` is the model's ``@transition(permission=…)`` and
  ``rules`` what its ``conditions=`` read (:data:`vedtak.rules.TRANSITION_RULES`); the actions
  that change no state say when they apply (``applies``).
- :data:`UTKAST_TILTAK`, a measure of a draft: change it, take it out (VED-01, VED-02).
- :data:`TILTAK`, a measure of an approved decision: what happened to it (VED-11), and the
  follow-up of a withdrawn consent (SAM-03).
- :data:`FORHANDSVARSEL`, an advance notice: the party's statement, recorded or changed (VED-06).
- :data:`SAMTYKKE`, a consent: its withdrawal (SAM-03).
- :data:`SAK`, the case's decisions and consents: a new decision (VED-01), a new consent (SAM-01).

Predicates are the role alone, from :mod:`vedtak.permissions`; the state is ``applies``.
"""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.actions import Action, Machine
from core.exceptions import RuleBreach

from . import permissions, rules
from .models import Forhandsvarsel, Samtykke, Tiltak, Vedtak

# --- the decision ---------------------------------------------------------------------------


def _state_breach(vedtak: Vedtak, stale: bool) -> RuleBreach:
    # The state moved on under the user (VED-12), or the action never applied here (VED-03).
    return RuleBreach(
        "VED-12" if stale else "VED-03",
        _("This action is not possible while the decision is «%(status)s».")
        % {"status": vedtak.get_status_display()},
    )


#: The page of each action that is not a transition (those share ``vedtak:transition``).
_PAGES = {
    "approve_measures": "vedtak:approve_measures",
    "edit": "vedtak:edit",
    "add_measure": "vedtak:tiltak_add",
    "notify": "vedtak:forhandsvarsel",
    "comment": "vedtak:comment",
}


def _url(vedtak: Vedtak, name: str) -> str:
    if name == "register_consent":
        # The case's consent page, with this decision's measures chosen.
        url = reverse("vedtak:samtykke_create", args=[vedtak.sak_id])
        return f"{url}?vedtak={vedtak.pk}"
    if name in _PAGES:
        return reverse(_PAGES[name], args=[vedtak.sak_id, vedtak.pk])
    return reverse("vedtak:transition", args=[vedtak.sak_id, vedtak.pk, name])


def _t(name: str) -> dict:
    """The rules of a transition, from the one place the model's ``conditions=`` read."""
    return {
        "rules": rules.TRANSITION_RULES[name],
        "warnings": rules.TRANSITION_WARNINGS.get(name, ()),
    }


def _is_draft(vedtak: Vedtak) -> bool:
    return vedtak.er_redigerbar


def _is_open(vedtak: Vedtak) -> bool:
    return vedtak.er_apen


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
            help=gettext_lazy(
                "By approving you sign the decision. It cannot be changed afterwards: a change "
                "needs a new decision (VED-03). The decision letter is made for the parties."
            ),
            **_t("approve"),
        ),
        Action(
            "send_out",
            label=gettext_lazy("Send to the parties"),
            done=gettext_lazy("The decision was sent to the parties and the dispatch recorded."),
            may=permissions.can_send_out,
            form="vedtak.forms.SendOutForm",
            service="vedtak.services.vedtak_send_out",
            help=gettext_lazy(
                "Every party gets the original decision with information on the right to "
                "complain and to see the documents (VED-10). Choose how each party gets it; the "
                "dispatch is recorded (DOK-02)."
            ),
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
        # What the decision's page offers besides its way through the states.
        Action(
            "edit",
            label=gettext_lazy("Edit the draft"),
            done=gettext_lazy("The draft was saved."),
            may=permissions.can_edit,
            transition=None,
            applies=_is_draft,  # VED-03: only a draft is changed
            form="vedtak.forms.VedtakForm",
            service="vedtak.services.vedtak_update",
        ),
        Action(
            "add_measure",
            label=gettext_lazy("Add measure"),
            done=gettext_lazy("The measure was saved."),
            may=permissions.can_edit,
            transition=None,
            applies=_is_draft,
            rules=(rules.VED_01_END,),
            variant="secondary",
            form="vedtak.forms.TiltakForm",
            service="vedtak.services.tiltak_add",
        ),
        Action(
            "notify",
            label=gettext_lazy("Send advance notice"),
            done=gettext_lazy("The advance notice was registered; the letters are being made."),
            may=permissions.can_notify,
            transition=None,
            applies=_is_open,
            rules=(rules.VED_06_SOMEONE_TO_NOTIFY,),
            variant="secondary",
            form="vedtak.forms.ForhandsvarselForm",
            service="vedtak.services.forhandsvarsel_send",
        ),
        Action(
            "register_consent",
            label=gettext_lazy("Register consent"),
            done=gettext_lazy("The consent was registered; the consent form is being made."),
            may=permissions.can_notify,
            transition=None,
            applies=_is_open,
            variant="secondary",
            # The case's page (SAK["register_consent"]), with this decision's measures chosen.
            service="vedtak.services.samtykke_create",
        ),
        Action(
            "comment",
            label=gettext_lazy("Write a comment"),
            done=gettext_lazy("The comment was saved."),
            may=permissions.can_comment,
            transition=None,
            variant="secondary",
            form="vedtak.forms.CommentForm",
            service="vedtak.services.vedtak_comment",
        ),
    ],
    state_breach=_state_breach,
    url=_url,
)

#: The actions that move the decision through its states.
TRANSITIONS = MACHINE.transitions
#: The page's «Next step»: the way through the states, with the measures' approval (VED-05).
NEXT_STEP = ("approve_measures", *TRANSITIONS)


# --- a measure of a draft -------------------------------------------------------------------


def _draft_state(tiltak: Tiltak, stale: bool) -> RuleBreach:
    return RuleBreach(
        "VED-12" if stale else "VED-03",
        _(
            "Only a draft can be changed. An approved decision is changed by a new "
            "decision of type change or end."
        ),
    )


def _draft_url(tiltak: Tiltak, name: str) -> str:
    page = "vedtak:tiltak_edit" if name == "change" else "vedtak:tiltak_remove"
    return reverse(page, args=[tiltak.vedtak.sak_id, tiltak.vedtak_id, tiltak.pk])


def _in_draft(tiltak: Tiltak) -> bool:
    return tiltak.vedtak.er_redigerbar


UTKAST_TILTAK = Machine(
    "utkast_tiltak",
    [
        Action(
            "change",
            label=gettext_lazy("Edit"),
            done=gettext_lazy("The measure was saved."),
            may=permissions.works_on_measure,
            transition=None,
            applies=_in_draft,
            variant="secondary",
            form="vedtak.forms.TiltakForm",
            service="vedtak.services.tiltak_update",
        ),
        Action(
            "remove",
            label=gettext_lazy("Remove"),
            done=gettext_lazy("The measure was removed from the draft."),
            may=permissions.works_on_measure,
            transition=None,
            applies=_in_draft,
            danger=True,
            variant="secondary",
            form="vedtak.forms.ConfirmForm",
            service="vedtak.services.tiltak_remove",
        ),
    ],
    state_breach=_draft_state,
    url=_draft_url,
)


# --- a measure of an approved decision (VED-11) -------------------------------------------------


def _tiltak_state(tiltak: Tiltak, stale: bool) -> RuleBreach:
    return RuleBreach(
        "VED-11",
        _("This is not possible while the measure is «%(status)s» (its decision: «%(decision)s»).")
        % {"status": tiltak.status_label, "decision": tiltak.vedtak.get_status_display()},
    )


#: The URL's word for each action (``vedtak:tiltak_dates``).
TILTAK_PAGES = {"start": "start", "lapse": "bortfall", "acknowledge_withdrawal": "fulgt-opp"}


def _tiltak_url(tiltak: Tiltak, name: str) -> str:
    return reverse(
        "vedtak:tiltak_dates", args=[tiltak.vedtak.sak_id, tiltak.pk, TILTAK_PAGES[name]]
    )


def _not_yet_started(tiltak: Tiltak) -> bool:
    """VED-11: a measure of an approved decision (not an end) that has neither started nor
    lapsed."""
    vedtak = tiltak.vedtak
    return (
        vedtak.er_godkjent
        and not vedtak.er_avslutning
        and tiltak.fra_dato is None
        and tiltak.bortfalt_dato is None
    )


def _consent_withdrawn(tiltak: Tiltak) -> bool:
    """SAM-03: a consent it rests on was withdrawn, and nobody has followed it up yet."""
    return tiltak.samtykke_trukket is not None and tiltak.samtykke_trukket_behandlet is None


TILTAK = Machine(
    "tiltak",
    [
        Action(
            "start",
            label=gettext_lazy("Register start"),
            done=gettext_lazy("The measure was updated."),
            may=permissions.works_on_measure,
            transition=None,
            applies=_not_yet_started,
            variant="secondary",
            form="vedtak.forms.TiltakStartForm",
            service="vedtak.services.tiltak_start",
        ),
        Action(
            "lapse",
            label=gettext_lazy("Lapsed"),
            done=gettext_lazy("The measure was updated."),
            may=permissions.works_on_measure,
            transition=None,
            applies=_not_yet_started,
            variant="secondary",
            form="vedtak.forms.TiltakLapseForm",
            service="vedtak.services.tiltak_lapse",
        ),
        Action(
            "acknowledge_withdrawal",
            label=gettext_lazy("Mark as followed up"),
            done=gettext_lazy("The measure was updated."),
            may=permissions.works_on_measure,
            transition=None,
            applies=_consent_withdrawn,
            variant="secondary",
            form="core.forms.ConfirmActionForm",
            service="vedtak.services.tiltak_acknowledge_withdrawal",
        ),
    ],
    state_breach=_tiltak_state,
    url=_tiltak_url,
)


# --- an advance notice (VED-06) ---------------------------------------------------------------


def _notice_url(notice: Forhandsvarsel, name: str) -> str:
    return reverse("vedtak:statement", args=[notice.vedtak.sak_id, notice.vedtak_id, notice.pk])


FORHANDSVARSEL = Machine(
    "forhandsvarsel",
    [
        Action(
            "record_statement",
            label=gettext_lazy("Record statement"),
            done=gettext_lazy("The statement was recorded."),
            may=permissions.works_on_notice,
            transition=None,
            # Until the decision is approved or withdrawn, as the notices themselves.
            applies=lambda n: n.vedtak.er_apen and n.uttalelse_mottatt is None,
            variant="secondary",
            form="vedtak.forms.UttalelseForm",
            service="vedtak.services.forhandsvarsel_register_statement",
        ),
        # Issue 20: a recorded statement is changed, not silently replaced; its earlier
        # versions stay in the history (LOG-01) and its page shows them.
        Action(
            "change_statement",
            label=gettext_lazy("Change statement"),
            done=gettext_lazy("The statement was changed. The earlier version is kept."),
            may=permissions.works_on_notice,
            transition=None,
            applies=lambda n: n.vedtak.er_apen and n.uttalelse_mottatt is not None,
            variant="secondary",
            form="vedtak.forms.UttalelseForm",
            service="vedtak.services.forhandsvarsel_register_statement",
        ),
    ],
    state_breach=lambda notice, stale: _state_breach(notice.vedtak, stale),
    url=_notice_url,
)


# --- a consent (SAM-03) -------------------------------------------------------------------------


def _consent_state(samtykke: Samtykke, stale: bool) -> RuleBreach:
    if samtykke.trukket_dato is not None:
        return RuleBreach("SAM-03", _("The consent has already been withdrawn."))
    return RuleBreach("SAM-03", _("The consent has expired."))


SAMTYKKE = Machine(
    "samtykke",
    [
        Action(
            "withdraw",
            label=gettext_lazy("Record withdrawal"),
            done=gettext_lazy(
                "The withdrawal was recorded. The measures resting on the consent are marked "
                "(SAM-03)."
            ),
            may=permissions.works_on_consent,
            transition=None,
            applies=lambda s: s.status == Samtykke.Status.GYLDIG,
            variant="secondary",
            form="vedtak.forms.SamtykkeWithdrawForm",
            service="vedtak.services.samtykke_withdraw",
        ),
    ],
    state_breach=_consent_state,
    url=lambda s, name: reverse("vedtak:samtykke_withdraw", args=[s.sak_id, s.pk]),
)


# --- the case's decisions and consents ----------------------------------------------------------

_SAK_PAGES = {"create_vedtak": "vedtak:create", "register_consent": "vedtak:samtykke_create"}

SAK = Machine(
    "sak_vedtak",
    [
        Action(
            "create_vedtak",
            label=gettext_lazy("New decision"),
            done=gettext_lazy("A draft decision was created."),
            may=permissions.works_on_sak,
            transition=None,
            variant="secondary",
            form="vedtak.forms.VedtakCreateForm",
            service="vedtak.services.vedtak_create",
        ),
        Action(
            "register_consent",
            label=gettext_lazy("Register consent"),
            done=gettext_lazy("The consent was registered; the consent form is being made."),
            may=permissions.works_on_sak,
            transition=None,
            form="vedtak.forms.SamtykkeForm",
            service="vedtak.services.samtykke_create",
        ),
    ],
    # Both apply to every case the user works on (an inactive case is nobody's: ``may``).
    state_breach=lambda sak, stale: RuleBreach("ROLE-02", _("Not possible on this case.")),
    url=lambda sak, name: reverse(_SAK_PAGES[name], args=[sak.pk]),
)
