"""The rules of the case journal (JOUR-01 … JOUR-04) as :class:`core.rules.Rule` objects.

Pure: each looks at a note (a :class:`journal.models.Journalnotat`, saved or not) and lists
what is missing. The note's parties are asked through ``notat.party_count()`` so that a rule
never queries by itself beyond what the note has loaded.

- JOUR-01: a signed note records its date (not in the future), its kind, who took part, what
  was said and the caseworker's assessment.
- JOUR-02: a signed note is locked; the state message of the action table says so
  (:mod:`journal.actions`).
- JOUR-03 (*should*): a conversation with the child records what the child was told, the
  child's own words and whether the child was told how it was written down. Signing without
  them is possible with a recorded reason.
- JOUR-04: a note marked as holding information from an outside source names the source.
"""

from __future__ import annotations

from datetime import date

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.exceptions import RuleBreach
from core.rules import SHOULD, Rule

#: The kind of note that is a conversation with the child (JOUR-03).
CHILD_CONVERSATION = "samtale_barn"


def _jour01(notat, on: date) -> list[RuleBreach]:
    found: list[RuleBreach] = []
    if notat.dato is None:
        found.append(RuleBreach("JOUR-01", _("Give the date of the note."), "dato"))
    elif notat.dato > on:
        found.append(
            RuleBreach("JOUR-01", _("The date of a note cannot be in the future."), "dato")
        )
    if not notat.type:
        found.append(RuleBreach("JOUR-01", _("Choose the kind of note."), "type"))
    if not (notat.deltakere or "").strip() and not notat.party_count():
        found.append(
            RuleBreach(
                "JOUR-01", _("Write who took part, or choose the parties who did."), "deltakere"
            )
        )
    if not (notat.hva_ble_sagt or "").strip():
        found.append(RuleBreach("JOUR-01", _("Write what was said."), "hva_ble_sagt"))
    if not (notat.vurdering or "").strip():
        found.append(RuleBreach("JOUR-01", _("Write your assessment."), "vurdering"))
    return found


JOUR_01 = Rule(
    "JOUR-01",
    gettext_lazy("A note records its date, kind, who took part, what was said and the assessment."),
    _jour01,
)


def _jour03(notat, on: date) -> list[RuleBreach]:
    if notat.type != CHILD_CONVERSATION:
        return []
    found: list[RuleBreach] = []
    if not (notat.barnet_fortalt or "").strip():
        found.append(RuleBreach("JOUR-03", _("Write what the child was told."), "barnet_fortalt"))
    if not (notat.barnets_ord or "").strip():
        found.append(
            RuleBreach(
                "JOUR-03", _("Write what the child said, in the child's own words."), "barnets_ord"
            )
        )
    if notat.barnet_informert_om_skriving is None:
        found.append(
            RuleBreach(
                "JOUR-03",
                _("Say whether the child was told how the conversation was written down."),
                "barnet_informert_om_skriving",
            )
        )
    return found


JOUR_03 = Rule(
    "JOUR-03",
    gettext_lazy(
        "A conversation with the child records what the child was told, the child's own words "
        "and whether the child was told how it was written down."
    ),
    _jour03,
    strength=SHOULD,
)


def _jour04(notat, on: date) -> list[RuleBreach]:
    if notat.ekstern_kilde and not (notat.kilde or "").strip():
        return [
            RuleBreach("JOUR-04", _("Name the outside source the information comes from."), "kilde")
        ]
    return []


JOUR_04 = Rule(
    "JOUR-04",
    gettext_lazy("Information from an outside source names the source."),
    _jour04,
)

#: What every save of a note checks (a draft too): the outside source is named.
SAVE = (JOUR_04,)
#: What signing checks (must), and what it only warns of (JOUR-03, should).
SIGN = (JOUR_01, JOUR_04)
SIGN_WARNINGS = (JOUR_03,)
