"""RUT-01 as a kernel rule any app's action table can require.

``checklist_complete("avslutning")`` is a :class:`core.rules.Rule` that blocks an action until
the record's case has the checklist with that code started and every item ticked. The record
is a case, or anything with its case (``sak``/``sak_id``). Pure but for one read of the case's
checklists (at most two queries: the checklist with its items, and the template's name when the
checklist is not started)."""

from __future__ import annotations

from functools import cache

from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cases.models import Sak
from core.exceptions import RuleBreach
from core.rules import MUST, Rule

from . import defaults
from .models import SakSjekkliste, Sjekkliste


def sak_of(obj) -> Sak | None:
    """The case of a record: the case itself, or the record's ``sak``."""
    if isinstance(obj, Sak):
        return obj
    return getattr(obj, "sak", None)


def _default_name(code: str) -> str:
    """The default's name, in the reader's written form (no query)."""
    checklists = defaults.checklists(translation.get_language())
    return next((c["navn"] for c in checklists if c["kode"] == code), code)


def checklist_name(sak: Sak, code: str) -> str:
    """The name of the service's checklist ``code`` (the default's when it has none)."""
    navn = (
        Sjekkliste.objects.filter(tjeneste_id=sak.tjeneste_id, kode=code)
        .values_list("navn", flat=True)
        .first()
    )
    return navn or _default_name(code)


def checklist_problems(sak: Sak, code: str) -> list[RuleBreach]:
    """RUT-01: what is missing for the case's checklist ``code`` to be complete."""
    started = SakSjekkliste.objects.filter(sak=sak, kode=code).prefetch_related("punkter").first()
    if started is None:
        return [
            RuleBreach(
                "RUT-01",
                _("The checklist «%(name)s» must be started and completed first.")
                % {"name": checklist_name(sak, code)},
            )
        ]
    open_items = started.open_items()
    if not open_items:
        return []
    return [
        RuleBreach(
            "RUT-01",
            _(
                "The checklist «%(name)s» is not complete: %(count)s of %(total)s items are "
                "not ticked."
            )
            % {
                "name": started.navn,
                "count": len(open_items),
                "total": len(started.punkter.all()),
            },
        )
    ]


@cache
def checklist_complete(code: str) -> Rule:
    """RUT-01: a rule that blocks an action until the case's checklist ``code`` is complete
    (e.g. ``checklist_complete("avslutning")`` before closing, AVS-01)."""

    def problems(obj, on):
        sak = sak_of(obj)
        return [] if sak is None else checklist_problems(sak, code)

    return Rule(
        "RUT-01",
        gettext_lazy("A checklist the service requires must be complete."),
        problems,
        MUST,
    )
