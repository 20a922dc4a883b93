"""The actions on contractors and their assignments: the tables read by the pages, the
services and the tests (see :mod:`core.actions`).

- :data:`TJENESTE`: what the service's staff may do with its contractors as a whole (register
  one, the clerical officer's work list); no record of its own.
- :data:`OPPDRAGSTAKER`: the contractor's approval state machine (OPP-02, OPP-03) and what the
  contractor page offers besides (edit the details, register a police certificate or a
  confidentiality declaration). Each transition's ``may`` is the model's
  ``@transition(permission=…)``, its ``rules`` the tuple its ``conditions=`` read.
- :data:`OPPDRAG`: what is done with an assignment (OPP-04 … OPP-06). It has no states of its
  own: ``applies`` says when an action is open (an ended assignment is kept as it was).
- :data:`TILTAK`: assigning a contractor to a measure (OPP-04), offered on the case page.
- :data:`GODKJENNINGSDOKUMENT`: making a failed approval document again (OPP-03, DOK-01).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.actions import Action, Machine
from core.exceptions import RuleBreach
from documents.models import Dokument

from . import permissions, rules
from .models import Oppdrag, Oppdragstaker

CONFIRM = "core.forms.ConfirmActionForm"

# --- the service's contractors as a whole -----------------------------------------------------


def _tjeneste_state(_obj, stale: bool) -> RuleBreach:
    # Never asked: the service-level actions always apply (who may is their only condition).
    return RuleBreach("ROLE-01", _("This action is not possible."))


_TJENESTE_URLS = {"create": "contractors:create", "worklist": "contractors:worklist"}

#: The service-level actions take no record: ``obj`` is ``None``.
TJENESTE = Machine(
    "oppdragstakere",
    [
        Action(
            "worklist",
            label=gettext_lazy("Work list"),
            done="",
            may=lambda _obj, user: permissions.can_see_worklist(user),
            transition=None,
            variant="secondary",
        ),
        Action(
            "create",
            label=gettext_lazy("New contractor"),
            done=gettext_lazy("The contractor was registered."),
            may=lambda _obj, user: permissions.can_create_contractor(user),
            transition=None,
            form="contractors.forms.OppdragstakerForm",
            service="contractors.services.oppdragstaker_create",
        ),
    ],
    state_breach=_tjeneste_state,
    url=lambda _obj, name: reverse(_TJENESTE_URLS[name]),
)


# --- the contractor ---------------------------------------------------------------------------


def _oppdragstaker_state(o: Oppdragstaker, stale: bool) -> RuleBreach:
    if o.status == o.Status.AVSLUTTET:
        return RuleBreach("LOG-01", _("An ended contractor is kept as it was."))
    return RuleBreach(
        "OPP-02",
        _("This action is not possible while the contractor is «%(status)s».")
        % {"status": o.get_status_display()},
    )


_OPPDRAGSTAKER_URLS = {
    "edit": "contractors:edit",
    "register_politiattest": "contractors:politiattest",
    "register_taushetserklaering": "contractors:taushetserklaering",
}


def _oppdragstaker_url(o: Oppdragstaker, name: str) -> str:
    if name in _OPPDRAGSTAKER_URLS:
        return reverse(_OPPDRAGSTAKER_URLS[name], kwargs={"oppdragstaker_id": o.pk})
    return reverse("contractors:transition", kwargs={"oppdragstaker_id": o.pk, "action": name})


def _not_ended(o: Oppdragstaker) -> bool:
    return o.status != o.Status.AVSLUTTET


OPPDRAGSTAKER = Machine(
    "oppdragstaker",
    [
        Action(
            "receive_documentation",
            label=gettext_lazy("Register documentation received"),
            done=gettext_lazy("The documentation was registered as received."),
            may=permissions.can_manage_contractor,
            rules=rules.TRANSITION_RULES["receive_documentation"],
            form=CONFIRM,
            service="contractors.services.oppdragstaker_receive_documentation",
            one_click=True,
        ),
        Action(
            "approve",
            label=gettext_lazy("Approve"),
            done=gettext_lazy("The contractor was approved."),
            may=permissions.can_manage_contractor,
            rules=rules.TRANSITION_RULES["approve"],
            form=CONFIRM,
            service="contractors.services.oppdragstaker_approve",
            one_click=True,
        ),
        Action(
            "suspend",
            label=gettext_lazy("Suspend"),
            done=gettext_lazy("The contractor was suspended."),
            may=permissions.can_suspend_contractor,
            rules=rules.TRANSITION_RULES["suspend"],
            form="contractors.forms.ReasonForm",
            service="contractors.services.oppdragstaker_suspend",
            variant="secondary",
        ),
        Action(
            "resume",
            label=gettext_lazy("Lift the suspension"),
            done=gettext_lazy("The suspension was lifted."),
            may=permissions.can_suspend_contractor,
            rules=rules.TRANSITION_RULES["resume"],
            form=CONFIRM,
            service="contractors.services.oppdragstaker_resume",
            one_click=True,
        ),
        Action(
            "end",
            label=gettext_lazy("End as contractor"),
            done=gettext_lazy("The contractor was ended."),
            may=permissions.can_suspend_contractor,
            rules=rules.TRANSITION_RULES["end"],
            form="contractors.forms.ReasonForm",
            service="contractors.services.oppdragstaker_end",
            danger=True,
            variant="secondary",
        ),
        # What the contractor page offers besides the approval (no state of their own; an
        # ended contractor is kept as it was, LOG-01).
        Action(
            "edit",
            label=gettext_lazy("Edit details"),
            done=gettext_lazy("The contractor's details were saved."),
            may=permissions.can_manage_contractor,
            transition=None,
            applies=_not_ended,
            form="contractors.forms.OppdragstakerForm",
            service="contractors.services.oppdragstaker_update",
            variant="secondary",
        ),
        Action(
            "register_politiattest",
            label=gettext_lazy("Register police certificate"),
            done=gettext_lazy("The police certificate was registered."),
            may=permissions.can_manage_contractor,
            transition=None,
            applies=_not_ended,
            form="contractors.forms.PolitiattestForm",
            service="contractors.services.politiattest_register",
            variant="secondary",
        ),
        Action(
            "register_taushetserklaering",
            label=gettext_lazy("Register signed declaration"),
            done=gettext_lazy("The confidentiality declaration was registered."),
            may=permissions.can_manage_contractor,
            transition=None,
            applies=_not_ended,
            form="contractors.forms.TaushetserklaeringForm",
            service="contractors.services.taushetserklaering_register",
            variant="secondary",
        ),
    ],
    state_breach=_oppdragstaker_state,
    url=_oppdragstaker_url,
)

#: The approval's transitions (the contractor page's «Approval» section and its URL).
TRANSITIONS = OPPDRAGSTAKER.transitions


# --- the assignment ---------------------------------------------------------------------------


def _open(oppdrag: Oppdrag) -> bool:
    return oppdrag.status() != Oppdrag.Status.AVSLUTTET


def _briefing_applies(oppdrag: Oppdrag) -> bool:
    """OPP-06: a veileder/terapeut (or a guidance measure) is briefed before the start."""
    return _open(oppdrag) and oppdrag.trenger_orientering


def _oppdrag_state(oppdrag: Oppdrag, stale: bool) -> RuleBreach:
    # Every action that does not always apply needs an open assignment; the briefing also a
    # contractor OPP-06 asks it of.
    if _open(oppdrag):
        return RuleBreach(
            "OPP-06",
            _("Only a guidance counsellor or therapist is briefed on the case before the start."),
        )
    return RuleBreach("OPP-04", _("The assignment has ended and is kept as it was."))


_OPPDRAG_URLS = {
    "edit": "contractors:oppdrag_edit",
    "brief": "contractors:oppdrag_brief",
    "end": "contractors:oppdrag_end",
}


def _oppdrag_url(oppdrag: Oppdrag, name: str) -> str:
    if name in _OPPDRAG_URLS:
        return reverse(
            _OPPDRAG_URLS[name], kwargs={"sak_id": oppdrag.sak_id, "oppdrag_id": oppdrag.pk}
        )
    target = "contractors:contract" if name == "register_contract" else "contractors:submission"
    return reverse(target, kwargs={"oppdrag_id": oppdrag.pk})


OPPDRAG = Machine(
    "oppdrag",
    [
        Action(
            "edit",
            label=gettext_lazy("Change the agreement"),
            done=gettext_lazy(
                "The agreement was changed; a new version of the document is being made."
            ),
            may=permissions.can_edit_oppdrag,
            transition=None,
            applies=_open,
            form="contractors.forms.OppdragEditForm",
            service="contractors.services.oppdrag_update",
            variant="secondary",
        ),
        Action(
            "brief",
            label=gettext_lazy("Record the briefing"),
            done=gettext_lazy("The briefing was recorded."),
            may=permissions.can_edit_oppdrag,
            transition=None,
            applies=_briefing_applies,
            form="contractors.forms.OrienteringForm",
            service="contractors.services.oppdrag_brief",
            variant="secondary",
        ),
        Action(
            "end",
            label=gettext_lazy("End the assignment"),
            done=gettext_lazy("The assignment was ended."),
            may=permissions.can_edit_oppdrag,
            transition=None,
            applies=_open,
            form="contractors.forms.OppdragEndForm",
            service="contractors.services.oppdrag_end",
            danger=True,
            variant="secondary",
        ),
        Action(
            "register_contract",
            label=gettext_lazy("Register as made"),
            done=gettext_lazy("The work contract / pay notice was registered."),
            may=permissions.can_register_contract,
            transition=None,
            rules=(rules.OPP_04_CONTRACT,),
            form="contractors.forms.KontraktForm",
            service="contractors.services.oppdrag_register_contract",
        ),
        Action(
            "register_submission",
            label=gettext_lazy("Register received"),
            done=gettext_lazy("Registered as received."),
            may=permissions.can_register_submission,
            transition=None,
            form="contractors.forms.InnleveringForm",
            service="contractors.services.innlevering_register",
            variant="secondary",
        ),
    ],
    state_breach=_oppdrag_state,
    url=_oppdrag_url,
)


# --- the measure: assigning a contractor ------------------------------------------------------


def _assignable(tiltak) -> list[RuleBreach]:
    """Why the measure takes no contractor (OPP-04): the same facts the agreement's rules
    name first (:func:`contractors.rules.agreement_problems`)."""
    vedtak = tiltak.vedtak
    found = []
    if not vedtak.er_godkjent:
        found.append(_("A contractor is assigned under an approved decision only."))
    if vedtak.type == vedtak.Type.AVSLUTNING:
        found.append(_("A decision to end measures takes no contractor."))
    if tiltak.til_dato is not None or tiltak.bortfalt_dato is not None:
        found.append(_("The measure has ended."))
    return [RuleBreach("OPP-04", message) for message in found]


def _tiltak_state(tiltak, stale: bool) -> RuleBreach:
    found = _assignable(tiltak)
    return found[0] if found else RuleBreach("OPP-04", _("The measure has ended."))


TILTAK = Machine(
    "tiltak_oppdrag",
    [
        Action(
            "assign",
            label=gettext_lazy("Assign a contractor"),
            done=gettext_lazy("The contractor was assigned and the agreement written."),
            may=permissions.can_assign,
            transition=None,
            applies=lambda tiltak: not _assignable(tiltak),
            form="contractors.forms.OppdragForm",
            service="contractors.services.oppdrag_create",
            variant="secondary",
        ),
    ],
    state_breach=_tiltak_state,
    url=lambda tiltak, name: reverse(
        "contractors:oppdrag_create",
        kwargs={"sak_id": tiltak.vedtak.sak_id, "tiltak_id": tiltak.pk},
    ),
)


# --- the approval document: made again when it failed ------------------------------------------


@dataclass(frozen=True)
class Godkjenningsdokument:
    """A contractor's approval document (OPP-03) as its action sees it: whose it is, and the
    document (which belongs to no case)."""

    oppdragstaker: Oppdragstaker
    dokument: Dokument


GODKJENNINGSDOKUMENT = Machine(
    "godkjenningsdokument",
    [
        Action(
            "retry",
            label=gettext_lazy("Try again"),
            done=gettext_lazy("The document is being made again."),
            # Those who approve order it: the service's caseworkers and team leaders.
            may=lambda g, user: permissions.can_manage_contractor(g.oppdragstaker, user),
            transition=None,
            applies=lambda g: g.dokument.is_failed,
            form=CONFIRM,
            service="contractors.services.godkjenningsdokument_retry",
            variant="secondary",
            help=gettext_lazy(
                "The letter could not be made. Try again, or contact the system administrator "
                "if it fails again."
            ),
        ),
    ],
    state_breach=lambda g, stale: RuleBreach(
        "DOK-01", _("Only a document that could not be made can be tried again.")
    ),
    url=lambda g, name: reverse(
        "contractors:approval_retry",
        kwargs={"oppdragstaker_id": g.oppdragstaker.pk, "dokument_id": g.dokument.pk},
    ),
)
