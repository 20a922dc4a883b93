"""What ettervern gives the apps below (filled in :meth:`EttervernConfig.ready`).

- The case page: the dialogue (ETT-01) and the offers; the decision page: the outcome (ETT-02).
- The decision's steps (:mod:`vedtak.hooks`): a declined offer records the youth's reason
  before the decision goes on (ETT-02); it is signed from the 18th birthday (ETT-02, what
  counts is the day of the decision); the checklist «Ettervern» is complete before it is
  released for approval (RUT-01).
- The letters (:mod:`documents.recipients`): from 18 a parent gets them only with the youth's
  consent to share information with that parent (SAM-04).
"""

from __future__ import annotations

from datetime import date

from cases.history import register_history_source
from cases.pages import CASE_PAGE
from documents.recipients import register_shared_with
from rutiner.defaults import ETTERVERN
from rutiner.rules import checklist_complete
from vedtak.hooks import register_transition_guard
from vedtak.pages import DECISION_PAGE

from . import rules, selectors

# Imported by EttervernConfig.ready() only: the models are loaded by then.


def _declined(vedtak, on: date):
    if on < rules.dialogue_from(vedtak.sak.barn.fodselsdato):
        return []  # no ettervern decision is made before 17½: no read
    return rules.declined_problems(selectors.ettervern_of(vedtak))


def _at_18(vedtak, on: date):
    born = vedtak.sak.barn.fodselsdato
    if on >= rules.eighteenth(born) or on < rules.dialogue_from(born):
        return []
    if selectors.ettervern_of(vedtak) is None:
        return []
    return rules.at_18_problems(born, on)


def _checklist(vedtak, on: date):
    """RUT-01: the checklist «Ettervern» is complete before the ettervern decision is released
    for approval."""
    if on < rules.dialogue_from(vedtak.sak.barn.fodselsdato):
        return []
    if selectors.ettervern_of(vedtak) is None:
        return []
    return checklist_complete(ETTERVERN).unmet(vedtak, on)


def register() -> None:
    CASE_PAGE.register(
        "ettervern_panel", lambda user, sak, found: selectors.case_panel(user, sak), order=12
    )
    DECISION_PAGE.register("ettervern", selectors.decision_panel, order=5)
    register_history_source(selectors.history_sources)
    for transition in ("send_to_guidance", "release_for_approval", "approve"):
        register_transition_guard(transition, _declined)
    register_transition_guard("approve", _at_18)
    register_transition_guard("release_for_approval", _checklist)
    register_shared_with(selectors.shared_with)
