"""The actions on a case, its parties and its investigation: the tables the case pages, the
services and the tests read (see :mod:`core.actions`).

A case has no state machine of its own: each action here changes no state
(``transition=None``); who may is a predicate of :mod:`cases.permissions` (a closed case is
nobody's to change), and what blocks an action is a rule of :mod:`cases.rules`.

- :data:`SAK`: what is done with the case itself (SAK-02, SAK-04): transfer it, edit the
  child's details, add a party, record a decision on the child's party status.
- :data:`PART`: what is done with one party (SAK-02), offered per row of the parties' table.
- :data:`UNDERSOKELSE`: the case's investigation (SAK-03): mark it completed, extend its
  deadline (once, before it runs out). The record is the case (its ``undersokelse``).
- :data:`SAKER`: the case list's «New case». The record is the user's own work (the user):
  a case is opened in one of the user's teams (SAK-01, ROLE-02).
- :data:`DUPLIKAT`: a possible duplicate (SAK-01 within a service): the existing case's team
  leaders link the new case to it, transfer the existing case to the new case's caseworker, or
  find it is not the same child. Each applies while the duplicate is open.
"""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.actions import Action, Machine
from core.exceptions import RuleBreach

from . import permissions, rules


def _closed(sak, stale: bool) -> RuleBreach:
    # Never shown in practice: who may act on a case requires it to be active.
    return RuleBreach("SAK-04", _("The case is closed."))


_SAK_URLS = {
    "transfer": "cases:transfer",
    "edit_child": "cases:barn_edit",
    "add_party": "cases:part_create",
    "grant_party_status": "cases:party_status",
}

SAK = Machine(
    "sak",
    [
        Action(
            "transfer",
            label=gettext_lazy("Transfer case"),
            done=gettext_lazy("The case was transferred."),
            may=permissions.may_transfer,
            transition=None,
            form="cases.forms.OverforingForm",
            service="cases.services.sak_transfer",
            variant="secondary",
        ),
        Action(
            "edit_child",
            label=gettext_lazy("Edit the child's details"),
            done=gettext_lazy("The child's details were saved."),
            may=permissions.may_edit,
            transition=None,
            form="cases.forms.BarnForm",
            service="cases.services.barn_update",
            variant="secondary",
        ),
        Action(
            "add_party",
            label=gettext_lazy("Add party"),
            done=gettext_lazy("The party was saved."),
            may=permissions.may_edit,
            transition=None,
            form="cases.forms.PartForm",
            service="cases.services.part_create",
            variant="secondary",
        ),
        Action(
            "grant_party_status",
            label=gettext_lazy("Record a decision on party status"),
            done=gettext_lazy("The child's party status was recorded."),
            may=permissions.may_transfer,
            transition=None,
            form="cases.forms.PartsstatusForm",
            service="cases.services.sak_grant_child_party_status",
            variant="secondary",
        ),
    ],
    state_breach=_closed,
    url=lambda sak, name: reverse(_SAK_URLS[name], kwargs={"sak_id": sak.pk}),
)


PART = Machine(
    "part",
    [
        Action(
            "edit",
            label=gettext_lazy("Edit party"),
            done=gettext_lazy("The party was saved."),
            may=permissions.may_edit_part,
            transition=None,
            form="cases.forms.PartForm",
            service="cases.services.part_update",
            variant="secondary",
        ),
    ],
    state_breach=lambda part, stale: _closed(part.sak, stale),
    url=lambda part, name: reverse(
        "cases:part_edit", kwargs={"sak_id": part.sak_id, "part_id": part.pk}
    ),
)


def _open(sak) -> bool:
    """The case has an investigation that is not completed."""
    return sak.undersokelse is not None and sak.undersokelse.avsluttet is None


def _investigation_state(sak, stale: bool) -> RuleBreach:
    if sak.undersokelse is None:
        return RuleBreach("SAK-03", _("The case is not linked to an investigation."))
    return RuleBreach("SAK-03", _("The investigation is completed."))


_UNDERSOKELSE_URLS = {"complete": "cases:complete", "extend": "cases:extend"}

UNDERSOKELSE = Machine(
    "undersokelse",
    [
        Action(
            "complete",
            label=gettext_lazy("Mark as completed"),
            done=gettext_lazy("The investigation was marked as completed."),
            may=permissions.may_complete_investigation,
            transition=None,
            applies=_open,
            form="cases.forms.UndersokelseAvsluttForm",
            service="cases.services.undersokelse_complete",
            variant="secondary",
        ),
        Action(
            "extend",
            label=gettext_lazy("Extend the deadline"),
            done=gettext_lazy("The investigation deadline was extended to 6 months."),
            may=permissions.may_extend_investigation,
            rules=rules.EXTEND_INVESTIGATION,
            transition=None,
            applies=_open,
            form="cases.forms.ForlengelseForm",
            service="cases.services.undersokelse_extend",
            variant="secondary",
        ),
    ],
    state_breach=_investigation_state,
    url=lambda sak, name: reverse(_UNDERSOKELSE_URLS[name], kwargs={"sak_id": sak.pk}),
)


SAKER = Machine(
    "saker",
    [
        Action(
            "create",
            label=gettext_lazy("New case"),
            done=gettext_lazy("The case %(number)s was opened."),
            may=permissions.may_open_case,
            transition=None,
            form="cases.forms.SakCreateForm",
            service="cases.services.sak_create",
        ),
    ],
    # Opening a case depends on nobody's state: only on the user's teams (``may``).
    state_breach=lambda user, stale: RuleBreach(
        "ROLE-01", _("Only caseworkers and team leaders open cases.")
    ),
    url=lambda user, name: reverse("cases:create"),
)


def _undecided(duplikat) -> bool:
    return duplikat.is_open


def _decided(duplikat, stale: bool) -> RuleBreach:
    return RuleBreach("SAK-01", _("The possible duplicate has already been decided."))


DUPLIKAT = Machine(
    "duplikat",
    [
        Action(
            "link",
            label=gettext_lazy("Link to the existing case"),
            done=gettext_lazy("The new case was linked to the existing case and closed."),
            may=permissions.may_decide_duplicate,
            transition=None,
            applies=_undecided,
            form="core.forms.ConfirmActionForm",
            service="cases.services.mulig_duplikat_link",
            help=gettext_lazy(
                "The new case concerns the child of the existing case. It is closed, and the "
                "existing case goes on as before."
            ),
        ),
        Action(
            "transfer",
            label=gettext_lazy("Transfer"),
            done=gettext_lazy(
                "The existing case was transferred to the new case's caseworker, and the new "
                "case was closed."
            ),
            may=permissions.may_transfer_to_duplicate,
            transition=None,
            applies=_undecided,
            form="cases.forms.DuplikatOverforingForm",
            service="cases.services.mulig_duplikat_transfer",
            variant="secondary",
            help=gettext_lazy(
                "The existing case goes to the caseworker and team who opened the new case "
                "(SAK-04), and the new case is closed."
            ),
        ),
        Action(
            "dismiss",
            label=gettext_lazy("Not a duplicate"),
            done=gettext_lazy("The new case stays as it is: not a duplicate."),
            may=permissions.may_decide_duplicate,
            transition=None,
            applies=_undecided,
            form="core.forms.ConfirmActionForm",
            service="cases.services.mulig_duplikat_dismiss",
            variant="secondary",
            help=gettext_lazy("The two cases concern different children; both go on."),
        ),
    ],
    state_breach=_decided,
    url=lambda duplikat, name: reverse(
        "cases:duplicate", kwargs={"duplikat_id": duplikat.pk, "name": name}
    ),
)
