"""The journal's actions (JOUR-01 … JOUR-04): two tables, read by the pages, the services and
the tests (see :mod:`core.actions`).

- :data:`MACHINE`, a note: ``utkast`` → ``signert`` (JOUR-02), with the actions that change
  no state – editing the draft, and correcting a signed note by a new note. For ``sign``,
  ``may`` is the model's ``@transition(permission=…)`` and ``rules`` what its ``conditions=``
  read (:data:`journal.rules.SIGN`); JOUR-03 only warns (a recorded reason).
- :data:`JOURNAL`, the case's journal: write a new note.
"""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.actions import Action, Machine
from core.exceptions import RuleBreach

from . import permissions, rules
from .models import Journalnotat


def _state_breach(notat: Journalnotat, stale: bool) -> RuleBreach:
    # JOUR-02: a signed note is locked; it is corrected by a new note.
    if notat.er_signert:
        return RuleBreach(
            "JOUR-02", _("The note is signed and locked. Correct it by writing a new note.")
        )
    return RuleBreach("JOUR-02", _("Only a signed note is corrected by a new note."))


def _url(notat: Journalnotat, name: str) -> str:
    names = {"edit": "journal:edit", "sign": "journal:sign", "correct": "journal:correct"}
    return reverse(names[name], args=[notat.sak_id, notat.pk])


MACHINE = Machine(
    "journalnotat",
    [
        Action(
            "edit",
            label=gettext_lazy("Edit the draft"),
            done=gettext_lazy("The draft was saved."),
            may=permissions.can_edit,
            transition=None,
            applies=lambda n: n.status == Journalnotat.Status.UTKAST,
            variant="secondary",
            service="journal.services.notat_update",
        ),
        Action(
            "sign",
            label=gettext_lazy("Sign the note"),
            done=gettext_lazy("The note is signed and locked."),
            may=permissions.can_sign,
            rules=rules.SIGN,
            warnings=rules.SIGN_WARNINGS,
            help=gettext_lazy(
                "A signed note cannot be changed. A mistake is corrected by a new note that "
                "refers to this one."
            ),
            form="journal.forms.SignForm",
            service="journal.services.notat_sign",
        ),
        Action(
            "correct",
            label=gettext_lazy("Correct by a new note"),
            done=gettext_lazy("The correction was saved as a draft. Sign it when it is ready."),
            may=permissions.can_correct,
            transition=None,
            applies=lambda n: n.status == Journalnotat.Status.SIGNERT,
            variant="secondary",
            service="journal.services.notat_create",
        ),
    ],
    state_breach=_state_breach,
    url=_url,
)

#: The actions that move a note through its states.
TRANSITIONS = MACHINE.transitions


def _journal_state_breach(sak, stale: bool) -> RuleBreach:
    return RuleBreach("JOUR-01", _("Notes are written while the case is active."))


JOURNAL = Machine(
    "journal",
    [
        Action(
            "create",
            label=gettext_lazy("Write a journal note"),
            done=gettext_lazy("The note was saved as a draft. Sign it when it is ready."),
            may=permissions.can_write,
            transition=None,
            service="journal.services.notat_create",
        ),
    ],
    state_breach=_journal_state_breach,
    url=lambda sak, name: reverse("journal:create", args=[sak.pk]),
)
