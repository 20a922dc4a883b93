"""The programmes a contractor is trained to give (BANK-01, BANK-04).

The relation is the contractors' own (:attr:`contractors.models.Oppdragstaker.programmer`),
kept on the contractor's page; the programme bank, below, lists the contractors trained in a
programme with the running assignments each has now, through
:data:`programbank.registry.TRAINED_CONTRACTORS` (filled in ``ContractorsConfig.ready()``).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from programbank.models import Program
from programbank.registry import Provider

from .models import Oppdragstaker


def programs_for_contractor(form, oppdragstaker: Oppdragstaker | None) -> None:
    """The contractor's form offers the programmes of its service in use (not assessment
    tools); a contractor being registered has them chosen afterwards, on its own page."""
    if "programmer" not in form.fields:
        return
    if oppdragstaker is None or oppdragstaker.pk is None:
        del form.fields["programmer"]
        return
    field = form.fields["programmer"]
    field.queryset = Program.objects.filter(
        tjeneste_id=oppdragstaker.tjeneste_id, aktiv=True, kartleggingsverktoy=False
    )
    field.required = False
    field.help_text = _("The programmes of the service's bank the contractor is trained to give.")


def set_programmer(o: Oppdragstaker, data: dict[str, Any], *, actor, reason: str) -> None:
    """Record the programmes trained in: only those of the contractor's own service."""
    if "programmer" not in data:
        return
    o._history_user = actor
    o._change_reason = reason
    o.programmer.set([p for p in data["programmer"] if p.tjeneste_id == o.tjeneste_id])


def _running(on: date) -> Q:
    """An assignment running on ``on``: its measure started and neither ended nor lapsed, and
    the assignment itself in force."""
    return (
        Q(oppdrag__avsluttet_dato__isnull=True)
        & Q(oppdrag__fra_dato__lte=on)
        & (Q(oppdrag__til_dato__isnull=True) | Q(oppdrag__til_dato__gte=on))
        & Q(oppdrag__tiltak__fra_dato__lte=on)
        & Q(oppdrag__tiltak__bortfalt_dato__isnull=True)
        & (Q(oppdrag__tiltak__til_dato__isnull=True) | Q(oppdrag__tiltak__til_dato__gte=on))
    )


def trained_contractors(programs: list, on: date, found=None) -> dict[int, list[Provider]]:
    """BANK-04: the contractors (not ended) trained in each programme, each with the
    assignments running now, in two queries."""
    through = Oppdragstaker.programmer.through
    pairs = list(
        through.objects.filter(program_id__in=[p.pk for p in programs])
        .exclude(oppdragstaker__status=Oppdragstaker.Status.AVSLUTTET)
        .values_list("program_id", "oppdragstaker_id")
    )
    if not pairs:
        return {}
    people = {
        o.pk: o
        for o in Oppdragstaker.objects.filter(pk__in={o for _p, o in pairs}).annotate(
            load=Count("oppdrag", filter=_running(on), distinct=True)
        )
    }
    result: dict[int, list[Provider]] = {}
    for program_id, o_id in pairs:
        o = people[o_id]
        result.setdefault(program_id, []).append(
            Provider("contractor", o.pk, o.navn, o.load, reverse("contractors:detail", args=[o.pk]))
        )
    return result
