"""FRIST-01: every kind of deadline the nightly job reminds about, in one registry.

Each :class:`Kind` wraps the set-based finder its own app owns (evaluations, plans,
contractors, cases, the withdrawn consents of SAM-03) or, for the decisions (VED-06, VED-08)
and the youths turning 18 (ettervern), one written here. :func:`due_items` runs every finder
once – one query per kind, whatever the number of cases – and returns plain :class:`Frist`
records. The nightly digest (:mod:`reminders.services`) and the «Mine frister» page
(:mod:`reminders.selectors`) both call it, and both pick a person's items with the same
:class:`Scope`, so they never disagree.

A :class:`Frist` carries the child's name only when asked for (``names=True``, the page); the
nightly job never reads it (FRIST-02).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any, NamedTuple

from django.conf import settings
from django.db.models import F, Q, QuerySet
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accounts.models import Rolle
from cases.models import Sak
from cases.rules import add_months, add_years, investigation_deadline
from cases.selectors import investigation_due_q
from contractors.rules import month_start
from contractors.selectors import due_politiattest, missing_reports
from core import batch
from ettervern.selectors import cases_with_dialogue
from evaluations import rules as evaluation_rules
from evaluations.selectors import due_evaluations
from henvisning.selectors import unanswered as referrals_unanswered
from innsyn.rules import answer_due
from innsyn.selectors import open_requests
from klage.selectors import waiting as complaints_waiting
from moter import rules as mote_rules
from moter.selectors import ansvarsgrupper_active, measures_without_oppstart, open_oppgaver
from plans.selectors import measures_without_plan
from vedtak.models import Forhandsvarsel, Vedtak
from vedtak.selectors import withdrawn_consents_open

OPEN_VEDTAK_EXCLUDED = ("godkjent", "ekspedert", "trukket")
ETTERVERN_AGE = 18


@dataclass(frozen=True)
class Frist:
    """One due deadline of one case. ``dato`` is the deadline itself (the page shows it; the
    e-mail never does: for ettervern it is the 18th birthday)."""

    kind: str
    rule: str
    sak_id: int
    saksnummer: str
    team_id: int
    tjeneste_id: int
    saksbehandler_id: int
    dato: date
    ref_id: int
    detail: str = ""
    vedtak_id: int | None = None
    # The page only (names=True):
    barn_navn: str = ""
    saksbehandler_navn: str = ""
    team_navn: str = ""

    def overdue(self, today: date) -> bool:
        return self.dato < today

    @property
    def label(self):
        return KINDS_BY_ID[self.kind].label

    @property
    def note(self) -> str:
        """A line about the item for the page (e.g. which measure), or nothing."""
        describe = KINDS_BY_ID[self.kind].note
        return describe(self) if describe is not None else ""


@dataclass(frozen=True)
class Kind:
    """A kind of deadline: its id, label, rule ID, warning window and finder.

    ``find(today, window_days)`` returns a queryset; ``sak`` is the path from its rows to the
    case; ``fields`` the extra values read; ``row(values, today)`` turns one row of values into
    ``(deadline, detail, vedtak_id)`` – or ``None`` to drop a row the SQL could only narrow.
    ``note(frist)``, when given, is the line the page shows about an item (never the e-mail).
    """

    id: str
    rule: str
    label: Any
    find: Callable[[date, int], QuerySet]
    sak: str
    fields: tuple[str, ...]
    row: Callable[[dict, date], tuple[date, str, int | None] | None]
    note: Callable[[Frist], str] | None = None
    #: The person reminded, when it is not the case's caseworker: the path from the rows to a
    #: user (an agreed action's ``ansvarlig``, MOTE-04). Empty: the case's caseworker.
    person: str = ""

    def window(self) -> int:
        overrides = getattr(settings, "FRIST_VINDU_DAGER", {}) or {}
        return int(overrides.get(self.id, settings.FRIST_VARSEL_DAGER))


# --- The finders written here -------------------------------------------------------------------


def advance_notices_open(today: date, window: int) -> QuerySet:
    """VED-06: advance notices not answered whose deadline falls within ``window`` days or has
    passed, on decisions not yet approved, sent out or withdrawn."""
    return Forhandsvarsel.objects.filter(
        uttalelse_mottatt__isnull=True,
        frist__lte=today + timedelta(days=window),
    ).exclude(vedtak__status__in=OPEN_VEDTAK_EXCLUDED)


def approval_deadlines(today: date, window: int) -> QuerySet:
    """VED-08: decisions with an approval deadline within ``window`` days or passed, not yet
    approved, sent out or withdrawn."""
    return Vedtak.objects.filter(
        fristdato__isnull=False, fristdato__lte=today + timedelta(days=window)
    ).exclude(status__in=OPEN_VEDTAK_EXCLUDED)


def investigations_due(today: date, window: int) -> QuerySet:
    """SAK-03 through :func:`cases.selectors.investigation_due_q`."""
    return Sak.objects.filter(investigation_due_q(today + timedelta(days=window)))


def ettervern_months() -> int:
    return int(getattr(settings, "FRIST_ETTERVERN_MANEDER", 6))


def turning_18(today: date, window: int = 0) -> QuerySet:
    """FRIST-01 ettervern: children whose 18th birthday falls from today to
    ``FRIST_ETTERVERN_MANEDER`` (6) months ahead. The SQL range is one day wider than the
    rule (29 February births); :func:`_ettervern_row` keeps the exact ones. A case whose
    dialogue with the youth is recorded (ETT-01) is no longer due."""
    first = add_years(today, -ETTERVERN_AGE) - timedelta(days=1)
    last = add_years(add_months(today, ettervern_months()), -ETTERVERN_AGE)
    return Sak.objects.filter(barn__fodselsdato__gte=first, barn__fodselsdato__lte=last).exclude(
        pk__in=cases_with_dialogue()
    )


def _due_evaluations(today: date, window: int) -> QuerySet:
    return due_evaluations(today, window)


def _measures_without_plan(today: date, window: int) -> QuerySet:
    return measures_without_plan(today)


def _due_politiattest(today: date, window: int) -> QuerySet:
    return due_politiattest(today, window)


def _missing_reports(today: date, window: int) -> QuerySet:
    return missing_reports(today)


def _open_oppgaver(today: date, window: int) -> QuerySet:
    return open_oppgaver(today, window)


def _without_oppstart(today: date, window: int) -> QuerySet:
    return measures_without_oppstart(today)


def _complaints_waiting(today: date, window: int) -> QuerySet:
    return complaints_waiting(today, window)


def _referrals_unanswered(today: date, window: int) -> QuerySet:
    return referrals_unanswered(today, window)


def _ansvarsgrupper(today: date, window: int) -> QuerySet:
    return ansvarsgrupper_active(today)


def _ansvarsgruppe_row(v: dict, today: date):
    """MOTE-05: due the day the rhythm (plus its grace) has passed without a held meeting."""
    last = v["sist_holdt"]
    due = mote_rules.ansvarsgruppe_due(
        v["startdato"], timezone.localtime(last).date() if last else None, v["rytme_uker"]
    )
    return None if due > today else (due, "", None)


def _open_requests(today: date, window: int) -> QuerySet:
    return open_requests(today, window)


def _withdrawn_consents(today: date, window: int) -> QuerySet:
    """SAM-03: every open withdrawn consent, whatever the window (it is due the day it is
    withdrawn) – :func:`vedtak.selectors.withdrawn_consents_open`."""
    return withdrawn_consents_open()


# --- Rows to deadlines ----------------------------------------------------------------------


def _evaluation_row(v: dict, today: date):
    s = evaluation_rules.schedule(
        first_start=v["forste_start"],
        last_completed=v["sist_gjennomfort"],
        planned=v["neste_evaluering"],
        months=v["intervall_maneder"],
    )
    return None if s is None else (s.due, "", None)


def _ettervern_row(v: dict, today: date):
    eighteen = add_years(v["barn__fodselsdato"], ETTERVERN_AGE)
    if not today <= eighteen <= add_months(today, ettervern_months()):
        return None
    return eighteen, "", None


def _investigation_row(v: dict, today: date):
    return (
        investigation_deadline(
            v["undersokelse__melding_mottatt"], extended=v["undersokelse__forlenget"]
        ),
        "",
        None,
    )


def _politiattest_row(v: dict, today: date):
    missing = [
        key for key in ("politiattest", "taushetserklaering", "godkjenning") if v[f"mangler_{key}"]
    ]
    return v["frist"], ",".join(missing), None


def _withdrawn_consent_row(v: dict, today: date):
    """The deadline is the day the consent was withdrawn: from then the measure has no consent
    to rest on (SAM-03, VED-07), so it is due at once and overdue from the next day until a
    decision handles it. The detail is the measure's name (the page's note; the nightly job
    drops it, FRIST-02). The link goes to the case page, where the measure and its «Mark as
    followed up» are."""
    return v["samtykke_trukket"], v["type__navn"], None


def _withdrawn_consent_note(f: Frist) -> str:
    return gettext("«%(measure)s»: consent withdrawn %(date)s") % {
        "measure": f.detail,
        "date": date_format(f.dato, "j. F Y"),
    }


def _reports_row(v: dict, today: date):
    missing = [key for key in ("timeliste", "rapport") if v[f"mangler_{key}"]]
    return month_start(today), ",".join(missing), None


KINDS: tuple[Kind, ...] = (
    Kind(
        id="evaluering",
        rule="EVAL-01",
        label=_("Evaluations due"),
        find=_due_evaluations,
        sak="sak__",
        fields=("forste_start", "sist_gjennomfort", "neste_evaluering", "intervall_maneder"),
        row=_evaluation_row,
    ),
    Kind(
        id="forhandsvarsel",
        rule="VED-06",
        label=_("Advance notices waiting for a statement"),
        find=advance_notices_open,
        sak="vedtak__sak__",
        fields=("frist", "vedtak_id"),
        row=lambda v, today: (v["frist"], "", v["vedtak_id"]),
    ),
    Kind(
        id="godkjenningsfrist",
        rule="VED-08",
        label=_("Decisions with an approval deadline"),
        find=approval_deadlines,
        sak="sak__",
        fields=("fristdato",),
        row=lambda v, today: (v["fristdato"], "", v["ref_id"]),
    ),
    Kind(
        id="undersokelse",
        rule="SAK-03",
        label=_("Investigations due"),
        find=investigations_due,
        sak="",
        fields=("undersokelse__melding_mottatt", "undersokelse__forlenget"),
        row=_investigation_row,
    ),
    Kind(
        id="politiattest",
        rule="OPP-02",
        label=_("Contractors without police certificate or declaration before a start"),
        find=_due_politiattest,
        sak="sak__",
        fields=(
            "frist",
            "mangler_politiattest",
            "mangler_taushetserklaering",
            "mangler_godkjenning",
        ),
        row=_politiattest_row,
    ),
    Kind(
        id="innlevering",
        rule="OPP-05",
        label=_("Missing reports or timesheets"),
        find=_missing_reports,
        sak="sak__",
        fields=("mangler_timeliste", "mangler_rapport"),
        row=_reports_row,
    ),
    Kind(
        id="uten_plan",
        rule="PLAN-04",
        label=_("Measures without an active plan"),
        find=_measures_without_plan,
        sak="vedtak__sak__",
        fields=("fra_dato", "vedtak_id"),
        row=lambda v, today: (today, "", v["vedtak_id"]),
    ),
    Kind(
        id="ettervern",
        rule="FRIST-01",
        label=_("Youths turning 18 soon (aftercare dialogue)"),
        find=turning_18,
        sak="",
        fields=("barn__fodselsdato",),
        row=_ettervern_row,
    ),
    Kind(
        id="samtykke_trukket",
        rule="SAM-03",
        label=_("Consent withdrawn"),
        find=_withdrawn_consents,
        sak="vedtak__sak__",
        fields=("samtykke_trukket", "type__navn"),
        row=_withdrawn_consent_row,
        note=_withdrawn_consent_note,
    ),
    Kind(
        id="moteoppgave",
        rule="MOTE-04",
        label=_("Agreed actions from meetings"),
        find=_open_oppgaver,
        sak="mote__sak__",
        fields=("frist",),
        row=lambda v, today: (v["frist"], "", None),
        person="ansvarlig",
    ),
    Kind(
        id="oppstartsmote",
        rule="MOTE-06",
        label=_("Measures without an oppstartsmøte"),
        find=_without_oppstart,
        sak="vedtak__sak__",
        fields=("fra_dato", "vedtak_id"),
        row=lambda v, today: (mote_rules.oppstart_due(v["fra_dato"]), "", v["vedtak_id"]),
    ),
    Kind(
        id="ansvarsgruppe",
        rule="MOTE-05",
        label=_("Responsibility groups that have not met"),
        find=_ansvarsgrupper,
        sak="sak__",
        fields=("startdato", "rytme_uker", "sist_holdt"),
        row=_ansvarsgruppe_row,
    ),
    Kind(
        id="innsyn",
        rule="INNSYN-01",
        label=_("Requests for access not answered"),
        find=_open_requests,
        sak="sak__",
        fields=("mottatt",),
        row=lambda v, today: (answer_due(v["mottatt"]), "", None),
    ),
    Kind(
        id="klage",
        rule="KLAGE-04",
        label=_("Complaints not yet reviewed or sent on"),
        find=_complaints_waiting,
        sak="sak__",
        fields=("frist", "mottatt", "vedtak_id"),
        # Due from the day it came in: the service reviews it without waiting.
        row=lambda v, today: (v["mottatt"], "", v["vedtak_id"]),
    ),
    Kind(
        id="henvisning",
        rule="HENV-02",
        label=_("Referrals not answered in their time"),
        find=_referrals_unanswered,
        sak="sak__",
        fields=("svarfrist",),
        # Due the day the answer was expected (the receiver's answer time after sending).
        row=lambda v, today: (v["svarfrist"], "", None),
    ),
)

KINDS_BY_ID = {k.id: k for k in KINDS}


def kind_queryset(
    kind: Kind,
    today: date,
    *,
    case_filter: Callable[[str], Q] | None = None,
    names: bool = False,
) -> QuerySet:
    """The one query of one kind on active cases, as rows of values (:func:`kind_rows` reads
    them). ``case_filter(prefix)`` narrows the cases (e.g.
    :func:`cases.permissions.visibility_filter` for one user)."""
    p = kind.sak
    qs = kind.find(today, kind.window()).filter(**{f"{p}status": Sak.Status.AKTIV})
    if case_filter is not None:
        qs = qs.filter(case_filter(p))
    common = {
        "ref_id": F("pk"),
        "r_sak_id": F(f"{p}pk" if p else "pk"),
        "r_saksnummer": F(f"{p}saksnummer"),
        "r_team_id": F(f"{p}team_id"),
        "r_tjeneste_id": F(f"{p}tjeneste_id"),
        "r_saksbehandler_id": F(f"{kind.person}_id" if kind.person else f"{p}saksbehandler_id"),
    }
    person = f"{kind.person}__" if kind.person else f"{p}saksbehandler__"
    if names:
        common.update(
            r_barn_fornavn=F(f"{p}barn__fornavn"),
            r_barn_etternavn=F(f"{p}barn__etternavn"),
            r_sb_fornavn=F(f"{person}first_name"),
            r_sb_etternavn=F(f"{person}last_name"),
            r_team_navn=F(f"{p}team__navn"),
        )
    return qs.select_related(None).values(*kind.fields, **common)


def _frist(kind: Kind, v: dict, today: date, names: bool) -> Frist | None:
    row = kind.row(v, today)
    if row is None:
        return None
    dato, detail, vedtak_id = row
    extra = {}
    if names:
        extra = {
            "barn_navn": f"{v['r_barn_fornavn']} {v['r_barn_etternavn']}",
            "saksbehandler_navn": f"{v['r_sb_fornavn']} {v['r_sb_etternavn']}".strip(),
            "team_navn": v["r_team_navn"],
        }
    return Frist(
        kind=kind.id,
        rule=kind.rule,
        sak_id=v["r_sak_id"],
        saksnummer=v["r_saksnummer"],
        team_id=v["r_team_id"],
        tjeneste_id=v["r_tjeneste_id"],
        saksbehandler_id=v["r_saksbehandler_id"],
        dato=dato,
        ref_id=v["ref_id"],
        detail=detail,
        vedtak_id=vedtak_id,
        **extra,
    )


def kind_rows(
    kind: Kind,
    today: date,
    *,
    case_filter: Callable[[str], Q] | None = None,
    names: bool = False,
) -> list[Frist]:
    """One kind's due items on active cases: one query."""
    return _frister(
        kind, kind_queryset(kind, today, case_filter=case_filter, names=names), today, names
    )


def _frister(kind: Kind, rows, today: date, names: bool) -> list[Frist]:
    """The due items of one kind's rows (a row the kind's rule does not find due: none)."""
    found = (_frist(kind, v, today, names) for v in rows)
    return [f for f in found if f is not None]


def due_items(
    today: date,
    *,
    case_filter: Callable[[str], Q] | None = None,
    names: bool = False,
    kinds: Iterable[Kind] = KINDS,
) -> list[Frist]:
    """Every due item of every kind (FRIST-01), sorted by deadline: one query per kind, the
    kinds in one statement (:func:`core.batch.fetch`). For a person's or a case's items; the
    night streams the country's (:func:`iter_due_rows`)."""
    kinds = list(kinds)
    querysets = [kind_queryset(k, today, case_filter=case_filter, names=names) for k in kinds]
    items: list[Frist] = []
    for kind, rows in zip(kinds, batch.fetch(querysets), strict=True):
        items.extend(_frister(kind, rows, today, names))
    items.sort(key=lambda f: (f.dato, f.saksnummer, f.kind, f.ref_id))
    return items


class DueRow(NamedTuple):
    """What the nightly digest needs of a :class:`Frist` (FRIST-02: no names, no dates)."""

    kind: str
    sak_id: int
    saksnummer: str
    team_id: int
    tjeneste_id: int
    saksbehandler_id: int


#: Rows fetched at a time by :func:`iter_due_rows` (a server-side cursor on PostgreSQL).
CHUNK_SIZE = 2000


def iter_due_rows(
    today: date, *, kinds: Iterable[Kind] = KINDS, chunk_size: int = CHUNK_SIZE
) -> Iterator[DueRow]:
    """The nightly job's :func:`due_items`: the same items (each kind's row filter applied),
    unsorted and reduced to :class:`DueRow`, one kind after the other, read ``chunk_size`` rows
    at a time. Nothing holds the whole country's deadlines at once, so the worker's memory
    does not grow with them (issue 8, P5). On PostgreSQL the rows come through a server-side
    cursor: call it inside a transaction (the planning's own)."""
    for kind in kinds:
        for v in kind_queryset(kind, today).iterator(chunk_size=chunk_size):
            if kind.row(v, today) is not None:
                yield DueRow(
                    kind.id,
                    v["r_sak_id"],
                    v["r_saksnummer"],
                    v["r_team_id"],
                    v["r_tjeneste_id"],
                    v["r_saksbehandler_id"],
                )


# --- Who is reminded of what (FRIST-02, ROLE-02) ------------------------------------------------


@dataclass(frozen=True)
class Scope:
    """Whose deadlines a person gets: the responsible caseworker their own cases', a team
    leader the teams they lead, the head of service the service's – always within what
    ROLE-02 lets them see."""

    user_id: int
    visible_team_ids: frozenset[int]
    led_team_ids: frozenset[int]
    headed_tjeneste_ids: frozenset[int]

    @classmethod
    def from_roles(cls, user_id: int, roles: Iterable[tuple[str, int | None, int]]) -> Scope:
        """``roles``: the active (rolle, team_id, tjeneste_id) memberships, as
        :func:`cases.permissions.visibility_filter` reads them."""
        roles = list(roles)
        return cls(
            user_id=user_id,
            visible_team_ids=frozenset(
                t for r, t, _s in roles if t and r in (Rolle.SAKSBEHANDLER, Rolle.TEAMLEDER)
            ),
            led_team_ids=frozenset(t for r, t, _s in roles if t and r == Rolle.TEAMLEDER),
            headed_tjeneste_ids=frozenset(s for r, _t, s in roles if r == Rolle.BARNEVERNLEDER),
        )

    @classmethod
    def of_user(cls, user) -> Scope:
        return cls.from_roles(
            user.pk, [(r.rolle, r.team_id, r.tjeneste_id) for r in user.active_roles()]
        )

    def sees(self, item: Frist) -> bool:
        return item.team_id in self.visible_team_ids or item.tjeneste_id in self.headed_tjeneste_ids

    def wants(self, item: Frist) -> bool:
        return self.sees(item) and (
            item.saksbehandler_id == self.user_id
            or item.team_id in self.led_team_ids
            or item.tjeneste_id in self.headed_tjeneste_ids
        )
