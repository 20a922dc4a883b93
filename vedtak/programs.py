"""A measure that names a programme of the service's bank (BANK-02 … BANK-04).

- :data:`BANK_02` (should): a programme chosen for a child outside its age range, for a family
  that needs an interpreter when the programme cannot use one, or with recorded
  contra-indications, warns; the decision goes to the team leader only with a recorded
  assessment (the send-to-guidance action's ``override_reason``, kept on the decision with who
  and when).
- :func:`measure_problems` (BANK-03, BANK-04): what refuses a programme or a provider on a
  measure of a draft.
- :func:`vedtak.selectors.provider_load` (BANK-04) counts the running measures each staff
  member gives now; the programme bank reads it through
  :data:`programbank.registry.STAFF_LOAD`.

The measures and the case are read as the decision's page and services load them (the
measures with their programme, the case with its child and parties).
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cases.rules import age_on
from core.exceptions import RuleBreach
from core.rules import Rule
from programbank import rules as bank

if TYPE_CHECKING:
    from .models import Tiltak, Vedtak  # types only: models imports rules, which import this


def needs_interpreter(sak) -> bool:
    """The child or an active party of the case is recorded as needing an interpreter."""
    return sak.barn.tolk_behov or any(p.aktiv and p.tolk_behov for p in sak.parter.all())


def _bank02(vedtak: Vedtak, on: date) -> list[str]:
    measures = [t for t in vedtak.tiltak.all() if t.program_id is not None]
    if not measures or vedtak.type == vedtak.Type.AVSLUTNING:
        return []
    interpreter = needs_interpreter(vedtak.sak)
    found = []
    for t in measures:
        age = age_on(vedtak.sak.barn.fodselsdato, t.startdato or on)
        found.extend(bank.fit_problems(t.program, age=age, needs_interpreter=interpreter))
    return found


BANK_02 = Rule(
    "BANK-02",
    gettext_lazy(
        "A programme that may not fit the child or the family needs a recorded assessment "
        "before the decision goes to the team leader."
    ),
    _bank02,
    strength="should",
)


def measure_problems(tiltak: Tiltak, tjeneste_id: int) -> list[RuleBreach]:
    """BANK-03 and BANK-04 for a measure of a draft: a programme of the service that can be a
    measure, and a provider trained in it."""
    program = tiltak.program
    found = []
    if program is not None:
        if program.tjeneste_id != tjeneste_id or not program.aktiv:
            found.append(
                RuleBreach("BANK-01", _("Choose a programme the service has in use."), "program")
            )
        elif refusal := bank.measure_refusal(program):
            found.append(refusal)
    if tiltak.utforer_id is not None:
        if program is None:
            found.append(
                RuleBreach(
                    "BANK-04",
                    _("A provider is chosen for a programme: choose the programme first."),
                    "utforer",
                )
            )
        elif not program.utdannede.filter(pk=tiltak.utforer_id).exists():
            found.append(
                RuleBreach(
                    "BANK-04",
                    _("%(name)s is not trained in «%(program)s».")
                    % {"name": tiltak.utforer, "program": program.navn},
                    "utforer",
                )
            )
    return found
