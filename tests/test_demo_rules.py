"""The demo obeys the rules (issue 17, item 7): every object the demo loads is checked against
the rulebook, on several dates, because the demo is built from today's date.

- VED-03/VED-04: a decision's times are in order: written ≤ sent to the team leader ≤ measures
  approved ≤ released ≤ approved ≤ sent out; withdrawn after written; the times match the state.
- VED-06: each notice is sent before its deadline, answered after it was sent, and the decision
  approved only when every party answered or the deadline passed.
- VED-07/SAM-01: every consent is given on or before its decision's approval and its measures'
  start; SAM-03: withdrawn after given.
- VED-11: a measure starts after its decision's approval and ends after it starts.
- PLAN-03/PLAN-04: a plan's measures are granted by a decision of the case that is approved or
  sent and not ended before the plan applies; its approval follows its writing; a measure that
  starts is covered on its first day by an approved plan naming it; the plan names no measure
  (in its needs and activities) that its decisions do not grant, nor does a decision's text.
- EVAL-01/EVAL-05: a completed evaluation lies after its plan's first measure started, and
  before its next one.
- OPP-02/OPP-04/OPP-05: an assignment is written after its decision's approval; a started
  measure's contractor was ready on its first day; certificates are assessed after issue;
  timesheets and reports arrive after their month began.
- DOK-02: a letter is made after it was ordered and sent after it was made.
- Nothing that happened lies in the future.

The load runs with the clock frozen (time-machine) at the year's awkward dates — the end of
February with and without a leap day, the nights the clocks change in Europe/Oslo, New Year's
Eve and Day — and at the real now.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime
from io import StringIO
from itertools import pairwise
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command
from django.utils import timezone

from tests.documents.helpers import documents_storage  # noqa: F401  (a fixture)
from vedtak.models import Vedtak

pytestmark = pytest.mark.django_db

OSLO = ZoneInfo("Europe/Oslo")

#: Instants on Oslo's wall clock (None: the real now). Late evenings and early mornings catch a
#: clock that moves by whole 24-hour days across a change of summer time.
DATES = [
    None,
    "2027-02-28 12:00",
    "2028-02-29 12:00",
    "2027-03-29 00:30",  # the first midnight of summer time (the clocks changed on 28 March)
    "2027-10-31 23:30",  # the last evening of the day with 25 hours
    "2027-12-31 23:30",
    "2028-01-01 00:30",
]


@pytest.fixture(autouse=True)
def _documents_in_tmp(documents_storage):  # noqa: F811
    return documents_storage


def _day(moment: datetime | None) -> date | None:
    return timezone.localtime(moment).date() if moment is not None else None


def _in_order(label: str, steps: list[tuple[str, date | datetime | None]]) -> list[str]:
    present = [(name, value) for name, value in steps if value is not None]
    return [
        f"{label}: {a} {va} after {b} {vb}" for (a, va), (b, vb) in pairwise(present) if va > vb
    ]


def vedtak_problems(now: datetime) -> list[str]:
    from vedtak.models import Forhandsvarsel, Samtykke, Tiltak, Vedtak

    found = []
    today = timezone.localtime(now).date()
    for v in Vedtak.objects.all():
        label = f"vedtak {v.pk} ({v.status})"
        found += _in_order(
            label,
            [
                ("written", v.opprettet),
                ("sent to the team leader", v.sendt_til_veiledning),
                ("measures approved", v.tiltak_godkjent),
                ("released", v.frigitt),
                ("approved", v.godkjent),
                ("sent out", v.ekspedert),
                ("now", now),
            ],
        )
        if v.trukket is not None and v.trukket < v.opprettet:
            found.append(f"{label}: withdrawn before it was written")
        approved = v.status in (Vedtak.Status.GODKJENT, Vedtak.Status.EKSPEDERT)
        if approved != (v.godkjent is not None):
            found.append(f"{label}: approval time does not match the state")
        if (v.status == Vedtak.Status.EKSPEDERT) != (v.ekspedert is not None):
            found.append(f"{label}: sending time does not match the state")
        if v.godkjent is not None and v.godkjent_av_id == v.opprettet_av_id:
            found.append(f"{label}: approved by its author (VED-04)")
    for n in Forhandsvarsel.objects.select_related("vedtak"):
        label = f"notice {n.pk} of vedtak {n.vedtak_id}"
        found += _in_order(
            label,
            [("written", _day(n.vedtak.opprettet)), ("sent", n.sendt), ("today", today)],
        )
        found += _in_order(label, [("sent", n.sendt), ("deadline", n.frist)])
        found += _in_order(
            label, [("sent", n.sendt), ("answered", n.uttalelse_mottatt), ("today", today)]
        )
        approved = _day(n.vedtak.godkjent)
        if approved is not None and not (
            (n.uttalelse_mottatt is not None and n.uttalelse_mottatt <= approved)
            or n.frist < approved
        ):
            found.append(f"{label}: approved before an answer or the deadline (VED-06)")
    for t in Tiltak.objects.select_related("vedtak"):
        label = f"measure {t.pk} of vedtak {t.vedtak_id}"
        approved = _day(t.vedtak.godkjent)
        if t.fra_dato is not None and (approved is None or t.fra_dato < approved):
            found.append(f"{label}: started {t.fra_dato} before its approval {approved} (VED-11)")
        found += _in_order(
            label,
            [("started", t.fra_dato), ("ended", t.til_dato)],
        )
        for name, value in (("started", t.fra_dato), ("ended", t.til_dato)):
            if value is not None and value > today:
                found.append(f"{label}: {name} in the future")
    for s in Samtykke.objects.prefetch_related("tiltak__vedtak"):
        label = f"consent {s.pk}"
        found += _in_order(label, [("given", s.gitt_dato), ("today", today)])
        found += _in_order(label, [("given", s.gitt_dato), ("withdrawn", s.trukket_dato)])
        for t in s.tiltak.all():
            if t.fra_dato is not None and s.gitt_dato > t.fra_dato:
                found.append(f"{label}: given {s.gitt_dato} after measure {t.pk} started")
            approved = _day(t.vedtak.godkjent)
            if approved is not None and s.gitt_dato > approved:
                found.append(f"{label}: given after vedtak {t.vedtak_id} was approved (VED-07)")
    return found


def _named_measures(text: str, names: dict[str, str]) -> set[str]:
    text = text.lower()
    return {kode for kode, navn in names.items() if navn.lower() in text}


def plan_problems(now: datetime) -> list[str]:
    from evaluations.models import Evaluering
    from plans.models import Aktivitet, Planversjon
    from vedtak.models import Tiltak, Tiltakstype, Vedtak

    found = []
    today = timezone.localtime(now).date()
    names = dict(Tiltakstype.objects.values_list("kode", "navn"))
    granted = (Vedtak.Status.GODKJENT, Vedtak.Status.EKSPEDERT)
    versions = list(
        Planversjon.objects.select_related("plan").prefetch_related(
            "plantiltak__tiltak__vedtak", "plantiltak__tiltak__type"
        )
    )
    activities = defaultdict(list)
    for a in Aktivitet.objects.all():
        activities[a.versjon_id].append(a)
    for pv in versions:
        label = f"plan version {pv.pk} of case {pv.plan.sak_id} ({pv.status})"
        found += _in_order(
            label,
            [
                ("written", pv.opprettet),
                ("sent for approval", pv.sendt_til_godkjenning),
                ("approved", pv.godkjent),
                ("now", now),
            ],
        )
        found += _in_order(label, [("applies from", pv.gyldig_fra), ("until", pv.gyldig_til)])
        kinds = set()
        for pt in pv.plantiltak.all():
            t = pt.tiltak
            kinds.add(t.type.kode)
            if t.vedtak.sak_id != pv.plan.sak_id:
                found.append(f"{label}: names measure {t.pk} of another case")
            if t.vedtak.status not in granted:
                found.append(f"{label}: names measure {t.pk} of a decision not approved")
            start = pv.gyldig_fra
            if start is not None and t.til_dato is not None and t.til_dato < start:
                found.append(f"{label}: names measure {t.pk} that ended before it applies")
        texts = [pv.behov] + [f"{a.hva} {a.ansvarlig}" for a in activities[pv.pk]]
        extra = set().union(*(_named_measures(x, names) for x in texts)) - kinds
        if extra:
            found.append(f"{label}: names {sorted(extra)}, which no decision of it grants")
    # A decision's text names only what it grants.
    for v in Vedtak.objects.prefetch_related("tiltak__type"):
        kinds = {t.type.kode for t in v.tiltak.all()}
        extra = _named_measures(f"{v.bakgrunn} {v.vurdering}", names) - kinds
        if extra:
            found.append(f"vedtak {v.pk}: its text names {sorted(extra)}, which it does not grant")
    # PLAN-04 at the start: an approved plan naming the measure covers its first day.
    approved = [pv for pv in versions if pv.godkjent is not None]
    for t in Tiltak.objects.filter(fra_dato__isnull=False).select_related("vedtak"):
        covered = any(
            _day(pv.godkjent) <= t.fra_dato
            and (pv.gyldig_fra is None or pv.gyldig_fra <= t.fra_dato)
            and (pv.gyldig_til is None or t.fra_dato <= pv.gyldig_til)
            and any(pt.tiltak_id == t.pk for pt in pv.plantiltak.all())
            for pv in approved
        )
        if not covered:
            found.append(f"measure {t.pk}: no approved plan on its first day {t.fra_dato}")
    # EVAL-01/05: an evaluation after the start, before the next one, not in the future.
    starts = defaultdict(list)
    for pv in versions:
        for pt in pv.plantiltak.all():
            if pt.tiltak.fra_dato is not None:
                starts[pv.plan_id].append(pt.tiltak.fra_dato)
    for ev in Evaluering.objects.all():
        label = f"evaluation {ev.pk} ({ev.status})"
        found += _in_order(label, [("written", ev.opprettet), ("completed", ev.gjennomfort)])
        found += _in_order(label, [("held", ev.dato), ("today", today)])
        found += _in_order(label, [("held", ev.dato), ("next", ev.neste_evaluering)])
        first = min(starts[ev.plan_id], default=None)
        if ev.dato is not None and (first is None or ev.dato < first):
            found.append(f"{label}: held {ev.dato} before the first measure started {first}")
    return found


def contractor_problems(now: datetime) -> list[str]:
    from contractors import rules
    from contractors.models import Innlevering, Oppdrag, Politiattest, Taushetserklaering

    found = []
    today = timezone.localtime(now).date()
    for p in Politiattest.objects.all():
        found += _in_order(
            f"police certificate {p.pk}",
            [("issued", p.utstedt_dato), ("assessed", p.vurdert_dato), ("today", today)],
        )
    for d in Taushetserklaering.objects.all():
        found += _in_order(f"declaration {d.pk}", [("signed", d.signert_dato), ("today", today)])
    oppdrag = Oppdrag.objects.select_related("tiltak__vedtak", "oppdragstaker").prefetch_related(
        "oppdragstaker__politiattester", "oppdragstaker__taushetserklaeringer"
    )
    for o in oppdrag:
        label = f"assignment {o.pk}"
        found += _in_order(
            label, [("decision approved", o.tiltak.vedtak.godkjent), ("written", o.opprettet)]
        )
        found += _in_order(label, [("from", o.fra_dato), ("until", o.til_dato)])
        t = o.tiltak
        if t.fra_dato is not None and o.avsluttet_dato is None:
            day = max(t.fra_dato, o.fra_dato)
            for breach in rules.ready_problems(o.oppdragstaker, day):
                found.append(f"{label}: its contractor was not ready on {day}: {breach}")
    for i in Innlevering.objects.all():
        found += _in_order(f"submission {i.pk}", [("month", i.periode), ("received", i.mottatt)])
        found += _in_order(f"submission {i.pk}", [("received", i.mottatt), ("today", today)])
    return found


def letter_problems(now: datetime) -> list[str]:
    from documents.models import Dokument, Utsending

    found = []
    for d in Dokument.objects.all():
        found += _in_order(
            f"letter {d.pk} ({d.type})",
            [
                ("ordered", d.created_at),
                ("made", d.rendered_at),
                ("sent", d.sent_at),
                ("now", now),
            ],
        )
    for u in Utsending.objects.select_related("dokument"):
        found += _in_order(
            f"dispatch {u.pk} of letter {u.dokument_id}",
            [("ordered", u.dokument.created_at), ("sent", u.tidspunkt), ("now", now)],
        )
    return found


def demo_volume() -> dict[str, object]:
    """What the demo holds, so that the rules are not checked on an empty demo."""
    from contractors.models import Oppdrag
    from evaluations.models import Evaluering
    from plans.models import Planversjon
    from vedtak.models import Samtykke, Vedtak

    return {
        "vedtak states": set(Vedtak.objects.values_list("status", flat=True)),
        "plan states": set(Planversjon.objects.values_list("status", flat=True)),
        "evaluations completed": Evaluering.objects.filter(status="G").exists(),
        "consents": Samtykke.objects.exists(),
        "assignments": {o.status() for o in Oppdrag.objects.select_related("tiltak")},
    }


def demo_problems() -> list[str]:
    now = timezone.now()
    return (
        vedtak_problems(now) + plan_problems(now) + contractor_problems(now) + letter_problems(now)
    )


@pytest.mark.parametrize("when", DATES, ids=lambda w: w or "now")
def test_VED_03_SAM_01_PLAN_04_OPP_02_the_demo_obeys_the_rules(settings, when):
    settings.DEMO_MODE = True
    instant = datetime.fromisoformat(when).replace(tzinfo=OSLO) if when else timezone.now()
    with time_machine.travel(instant, tick=True):
        call_command("load_demo", stdout=StringIO())
        problems = demo_problems()
        volume = demo_volume()
    assert not problems, "\n".join(problems)
    assert volume == {
        "vedtak states": set(Vedtak.Status.values),
        "plan states": {"utkast", "til_godkjenning", "godkjent"},
        "evaluations completed": True,
        "consents": True,
        "assignments": {"planlagt", "aktiv"},
    }
