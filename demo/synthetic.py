"""A national-shaped synthetic dataset for the scale benchmarks (issue 8).

``generate(children=N, seed=S)`` writes N children's cases spread over many fictional
municipalities (services of realistic, Zipf-like size: one Oslo-sized service down to tiny
ones), with their teams and staff, parties, decisions in every state with their measures and
advance notices, plans with versions, goals and activities, evaluations every three months
over the years (some late), contractors with assignments and timesheets, the
django-simple-history rows of all of them, and the access log.

It bypasses the services on purpose: the rows are written with PostgreSQL ``COPY`` (psycopg 3)
in large batches, ids assigned here, so that 100 000 children take minutes. The rows obey the
database's constraints; the domain rules are followed in shape, not replayed.

Everything is fictional and deterministic from the seed (and ``today``). Identity numbers are
synthetic (month + 80) with valid check digits (SAK-01).

The *bench municipality* "Benchvik" has the same size at every N (the data grows by adding
municipalities), so that its users see the same team and page size whatever the total:

- ``bench-saksbehandler`` (caseworker, Benchvik team 1), ``bench-teamleder`` (leads team 1),
  ``bench-barnevernleder`` (head of Benchvik), ``bench-kontorfaglig`` (clerical officer);
- ``bench-big-saksbehandler``: caseworker in the largest municipality's first team;
- ``bench-nasjonal``: head of service of every *other* municipality (a bench-only user, so
  that the case list has thousands of pages for the deep-pagination figure).
"""

from __future__ import annotations

import math
import random
import time
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.db import connection
from django.db.models import Model
from django.db.models.fields import NOT_PROVIDED
from psycopg.types.json import Jsonb

from accounts.models import Rolletildeling, Team, Tjeneste, User
from cases.models import Barn, Part, Sak, Saksnummerserie, Undersokelse
from cases.rules import add_months, make_synthetic_id_number, synthetic_individual_numbers
from contractors.models import (
    Innlevering,
    Oppdrag,
    Oppdragstaker,
    Politiattest,
    Taushetserklaering,
)
from core.models import AccessLogEntry
from demo.data import ADULT_FIRST, FIRST_NAMES_BOYS, FIRST_NAMES_GIRLS, LAST_NAMES, STREETS
from evaluations.models import Evaluering, Maalvurdering, Tiltakskonklusjon
from journal.models import Journalnotat
from journal.services import search_vector
from moter.models import Mote
from plans.models import Aktivitet, Maal, PlanTiltak, Planversjon, Tiltaksplan
from vedtak.catalogue import seed_tiltakstyper
from vedtak.models import Forhandsvarsel, Tiltak, Tiltakstype, Vedtak

GENERATOR_VERSION = 5  # 4: journal notes; 5: oppstartsmøter (MOTE-06)
BENCH_KOMMUNENUMMER = "8000"
BENCH_CASES = 400
BENCH_TEAMS = 2
CASES_PER_CASEWORKER = 18
CASES_PER_TEAM = 200
CLOSED_SHARE = 0.13  # of each municipality's cases, closed
#: How many journal notes an ordinary case has (drawn from this list).
NOTES_PER_CASE = (0, 1, 1, 2, 2, 3, 4, 5)
#: Benchvik's journals of a fixed size (P8): the first active cases of bench-saksbehandler get
#: these numbers of notes, in this order; no other case has as many (``NOTES_PER_CASE``).
BENCH_JOURNALS = (2000, 1000, 20, 10)
#: The cases a generated list row of the access log shows (ROLE-03).
LISTED = 6
_NOTE_KINDS = ["samtale", "telefon", "hjemmebesok", "drofting", "mote", "epost_brev", "annet"]
_NOTE_SAID = [
    "Mor fortalte at gutten sover bedre etter at de fikk faste rutiner om kvelden.",
    "Far ringte og ville vite når neste møte i ansvarsgruppen blir.",
    "Skolen melder at fraværet har gått ned de siste ukene.",
    "Barnehagen forteller at jenta leker mer med de andre barna nå.",
    "Vi snakket om samværet i helgene og hvordan overleveringene går.",
    "Støttekontakten har vært på tur med barnet to ganger denne måneden.",
    "Foreldrene ønsker hjelp til å sette grenser uten å heve stemmen.",
    "Helsesykepleier har hatt samtaler med eleven om søvn og mat.",
    "Familien har flyttet til en større leilighet nær skolen.",
    "BUP har tatt imot henvisningen og kaller inn til første samtale.",
    "Læreren beskriver uro i timene og konflikter i friminuttene.",
    "Mor er bekymret for økonomien og har søkt om sosialhjelp.",
]
_NOTE_ASSESSMENT = [
    "Tiltaket ser ut til å virke; vi fortsetter som avtalt i planen.",
    "Det er behov for tettere oppfølging fram til evalueringen.",
    "Vi vurderer å utvide foreldreveiledningen med flere timer.",
    "Bekymringen er mindre enn ved forrige samtale.",
    "Saken drøftes med teamleder før neste hjemmebesøk.",
    "Barnets behov for stabilitet veier tyngst i vurderingen.",
]
_NOTE_PRESENT = [
    "Mor og saksbehandler",
    "Mor, far og saksbehandler",
    "Kontaktlærer og saksbehandler",
    "Barnehagen, mor og saksbehandler",
    "Helsesykepleier, mor og saksbehandler",
]
NORWAY_MUNICIPALITIES = 356
OSLO = ZoneInfo("Europe/Oslo")

_PREFIX = [
    "Fjord", "Dal", "Berg", "Strand", "Nes", "Sand", "Haug", "Lund", "Elv", "Sjø", "Bakke",
    "Li", "Skog", "Mo", "Vang", "Eng", "Holm", "Å", "Fjell", "Myr", "Tind", "Bø", "Stein",
]  # fmt: skip
_SUFFIX = [
    "vik", "dal", "nes", "berg", "sund", "stad", "haug", "fjord", "land", "øy", "bygd",
    "vang", "heim", "mo", "set", "rud",
]  # fmt: skip


def municipality_names(rng: random.Random, n: int) -> list[str]:
    names = [p + s for p in _PREFIX for s in _SUFFIX if p.lower() != s]
    rng.shuffle(names)
    names = [n for n in names if n != "Benchvik"]
    if n > len(names):
        names += [f"{name} {i}" for i, name in enumerate(names * (n // len(names)), start=2)]
    return names[:n]


def municipality_sizes(children: int) -> tuple[int, list[int]]:
    """The bench municipality's size and the other municipalities' sizes, largest first.

    The number of municipalities grows with N (about 280 children in measures each, at most
    Norway's 356), their sizes follow Zipf's law (s = 1): at 100 000 children the largest
    holds some 15 000, the smallest a few dozen.
    """
    bench = min(BENCH_CASES, children // 2)
    rest = children - bench
    m = max(1, min(NORWAY_MUNICIPALITIES, round(rest / 280)))
    weights = [1 / (i + 1) for i in range(m)]
    total = sum(weights)
    sizes = [int(rest * w / total) for w in weights]
    sizes[0] += rest - sum(sizes)
    return bench, [s for s in sizes if s > 0]


# --- Rows and COPY ------------------------------------------------------------------------------


class _Table:
    def __init__(self, model: type[Model]):
        self.model = model
        self.table = model._meta.db_table
        self.fields = list(model._meta.concrete_fields)
        self.columns = [f.column for f in self.fields]
        self.defaults: list[Any] = []
        for f in self.fields:
            if f.primary_key:
                self.defaults.append(None)
            elif getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
                self.defaults.append(_AUTO_NOW)
            elif f.default is not NOT_PROVIDED:
                self.defaults.append(_CALL if callable(f.default) else f.default)
            elif f.null:
                self.defaults.append(None)
            elif f.blank or f.get_internal_type() in ("CharField", "TextField"):
                self.defaults.append("")
            else:
                self.defaults.append(_REQUIRED)
        self.pk_index = next(i for i, f in enumerate(self.fields) if f.primary_key)
        self.pk_column = self.columns[self.pk_index]
        self.index = {f.attname: i for i, f in enumerate(self.fields)}
        self.index.update({f.name: i for i, f in enumerate(self.fields)})
        self.rows: list[tuple] = []
        self.history_model: type[Model] | None = None


def _depth(model: type[Model], _seen: frozenset = frozenset()) -> int:
    """How far a table is from the root of the foreign keys: parents are written first."""
    parents = [
        f.related_model
        for f in model._meta.concrete_fields
        if f.is_relation
        and f.db_constraint
        and f.related_model is not model
        and f.related_model not in _seen
    ]
    return 1 + max((_depth(p, _seen | {model}) for p in parents), default=0)


_AUTO_NOW = object()
_CALL = object()
_REQUIRED = object()


class Writer:
    """Collects rows per table and COPYs them in batches; assigns the ids."""

    BATCH = 200_000  # rows queued over all tables before they are written, parents first

    def __init__(self, now: datetime):
        self.now = now
        self.tables: dict[type[Model], _Table] = {}
        self.next_id: dict[str, int] = {}
        self.counts: dict[str, int] = defaultdict(int)
        self.order: list[type[Model]] = []
        self.pending = 0

    def _table(self, model: type[Model]) -> _Table:
        t = self.tables.get(model)
        if t is None:
            t = self.tables[model] = _Table(model)
            self.order.append(model)
            if t.table not in self.next_id:
                with connection.cursor() as c:
                    c.execute(f'SELECT coalesce(max("{t.pk_column}"), 0) FROM "{t.table}"')  # noqa: S608
                    self.next_id[t.table] = c.fetchone()[0] + 1
        return t

    def add(self, model: type[Model], values: dict[str, Any], history=()) -> int:
        """Queue one row (``values`` by field name or attname); returns its id.

        ``history``: ``(when, type, user_id, reason, changes)`` tuples, one historical row
        each, the row's values overridden by ``changes`` (a dict or None)."""
        t = self._table(model)
        pk = self.next_id[t.table]
        self.next_id[t.table] = pk + 1
        row = list(t.defaults)
        row[t.pk_index] = pk
        for key, value in values.items():
            row[t.index[key]] = value
        for i, v in enumerate(row):
            if v is _AUTO_NOW:
                row[i] = self.now
            elif v is _CALL:
                row[i] = t.fields[i].get_default()
            elif v is _REQUIRED:
                raise ValueError(f"{t.table}.{t.columns[i]} is required")
        t.rows.append(tuple(row))
        self.pending += 1
        if history:
            self._history(model, t, row, history)
        if self.pending >= self.BATCH:
            self.flush()
        return pk

    def _history(self, model, t: _Table, row: list, history) -> None:
        hmodel = t.history_model
        if hmodel is None:
            hmodel = t.history_model = model.history.model  # the descriptor is slow: once
        h = self._table(hmodel)
        base = {t.columns[i]: row[i] for i in range(len(row))}
        for when, kind, user_id, reason, changes in history:
            values = dict(base)
            if changes:
                for key, value in changes.items():
                    values[t.fields[t.index[key]].column] = value
            hrow = []
            for f, default in zip(h.fields, h.defaults, strict=True):
                col = f.column
                if col == "history_id":
                    hid = self.next_id[h.table]
                    self.next_id[h.table] = hid + 1
                    hrow.append(hid)
                elif col == "history_date":
                    hrow.append(when)
                elif col == "history_type":
                    hrow.append(kind)
                elif col == "history_user_id":
                    hrow.append(user_id)
                elif col == "history_change_reason":
                    hrow.append(reason)
                elif col in values:
                    hrow.append(values[col])
                else:
                    hrow.append(None if default in (_REQUIRED, _AUTO_NOW, _CALL) else default)
            h.rows.append(tuple(hrow))
            self.pending += 1

    def flush(self) -> None:
        """Write every queued row, tables in the order first seen: a row's parents were
        always queued before it, so every foreign key holds at the end of each COPY."""
        self.pending = 0
        for m in sorted(self.order, key=_depth):
            t = self.tables[m]
            if not t.rows:
                continue
            # Only the columns the database has (a model field whose migration is still being
            # written elsewhere is left out).
            with connection.cursor() as c:
                existing = {
                    col.name for col in connection.introspection.get_table_description(c, t.table)
                }
            keep = [i for i, col in enumerate(t.columns) if col in existing]
            cols = ", ".join(f'"{t.columns[i]}"' for i in keep)
            whole = len(keep) == len(t.columns)
            with connection.cursor() as c, c.copy(f'COPY "{t.table}" ({cols}) FROM STDIN') as cp:
                for row in t.rows:
                    cp.write_row(row if whole else [row[i] for i in keep])
            self.counts[t.table] += len(t.rows)
            t.rows.clear()

    def finish(self) -> None:
        self.flush()
        with connection.cursor() as c:
            for t in self.tables.values():
                pk = t.pk_column
                c.execute(
                    f"SELECT setval(pg_get_serial_sequence('\"{t.table}\"', '{pk}'), "  # noqa: S608
                    f'coalesce((SELECT max("{pk}") FROM "{t.table}"), 1))'
                )
            for t in self.tables.values():
                c.execute(f'ANALYZE "{t.table}"')


# --- The generator ------------------------------------------------------------------------------


@dataclass
class _Staff:
    tjeneste_id: int
    leder: int
    kontor: int
    teams: list[tuple[int, int, list[int]]] = field(default_factory=list)  # team, tl, [sb]


class _Gen:
    def __init__(self, seed: int, today: date):
        self.seed = seed
        self.rng = random.Random(seed)
        self.today = today
        self.now = datetime.combine(today, datetime.min.time().replace(hour=8), tzinfo=OSLO)
        self.w = Writer(self.now)
        self.fnr_used: set[str] = set()
        self.serial: dict[tuple[int, int], int] = defaultdict(int)
        self.tiltakstyper = dict(Tiltakstype.objects.values_list("kode", "pk"))
        if not self.tiltakstyper:
            seed_tiltakstyper()
            self.tiltakstyper = dict(Tiltakstype.objects.values_list("kode", "pk"))
        self.contractor_types = {"stottekontakt", "besokshjem", "stottefamilie", "tilsynsforer"}
        self.users_made = 0
        self.jrng = random.Random(f"{seed}:journal")
        #: Each caseworker's latest cases, as their case list showed them (ROLE-03).
        self.listed: dict[int, list[int]] = defaultdict(list)

    # -- helpers ---------------------------------------------------------------------------------
    def dt(self, d: date, hour: int | None = None) -> datetime:
        h = hour if hour is not None else self.rng.randint(8, 15)
        return datetime(d.year, d.month, d.day, h, self.rng.randint(0, 59), tzinfo=OSLO)

    def days_ago(self, lo: int, hi: int) -> date:
        return self.today - timedelta(days=self.rng.randint(lo, hi))

    def fnr(self, birth: date) -> str:
        numbers = synthetic_individual_numbers(birth)
        while True:
            n = make_synthetic_id_number(birth, self.rng.choice(numbers))
            if n and n not in self.fnr_used:
                self.fnr_used.add(n)
                return n

    def user(self, username: str, first: str, last: str, tittel: str) -> int:
        joined = self.dt(self.days_ago(400, 3000))
        uid = self.w.add(
            User,
            {
                "username": username,
                "password": "!bench-no-login",  # unusable: the bench logs in with force_login
                "first_name": first,
                "last_name": last,
                "email": f"{username}@example.invalid",
                "tittel": tittel,
                "date_joined": joined,
            },
            history=[(joined, "+", None, "", None)],
        )
        self.users_made += 1
        return uid

    def rolle(self, user_id: int, rolle: str, tjeneste_id: int, team_id: int | None) -> None:
        when = self.dt(self.days_ago(300, 2000))
        self.w.add(
            Rolletildeling,
            {
                "user_id": user_id,
                "rolle": rolle,
                "tjeneste_id": tjeneste_id,
                "team_id": team_id,
                "opprettet": when,
            },
            history=[(when, "+", None, "", None)],
        )

    def person(self) -> tuple[str, str]:
        return self.rng.choice(ADULT_FIRST), self.rng.choice(LAST_NAMES)

    # -- organisation ----------------------------------------------------------------------------
    def municipality(
        self, navn: str, nummer: str, cases: int, *, teams: int | None = None, bench: bool = False
    ) -> _Staff:
        created = self.dt(self.days_ago(2500, 3000))
        tid = self.w.add(
            Tjeneste,
            {
                "navn": f"Barnevernstjenesten i {navn}",
                "kommune": f"{navn} kommune",
                "kommunenummer": nummer,
                "adresse": f"Postboks {self.rng.randint(1, 999)}, {navn}",
                "telefon": f"9{self.rng.randint(1000000, 9999999)}",
            },
            history=[(created, "+", None, "", None)],
        )
        prefix = "bench" if bench else f"k{nummer}"
        first, last = self.person()
        leder = self.user(f"{prefix}-barnevernleder", first, last, "Barnevernleder")
        self.rolle(leder, "barnevernleder", tid, None)
        first, last = self.person()
        kontor = self.user(f"{prefix}-kontorfaglig", first, last, "Konsulent")
        self.rolle(kontor, "kontorfaglig", tid, None)
        staff = _Staff(tid, leder, kontor)
        n_teams = teams or max(1, round(cases / CASES_PER_TEAM))
        per_team = math.ceil(cases / n_teams) if cases else 0
        for i in range(n_teams):
            team_id = self.w.add(
                Team,
                {"tjeneste_id": tid, "navn": f"Team {i + 1}"},
                history=[(created, "+", None, "", None)],
            )
            first, last = self.person()
            if bench and i == 0:
                tl = self.user("bench-teamleder", first, last, "Teamleder")
            else:
                tl = self.user(f"{prefix}-t{i + 1}-leder", first, last, "Teamleder")
            self.rolle(tl, "teamleder", tid, team_id)
            sbs = []
            for j in range(max(1, math.ceil(per_team / CASES_PER_CASEWORKER))):
                first, last = self.person()
                name = f"{prefix}-t{i + 1}-sb{j + 1}"
                if bench and i == 0 and j == 0:
                    name = "bench-saksbehandler"
                sb = self.user(name, first, last, "Saksbehandler")
                self.rolle(sb, "saksbehandler", tid, team_id)
                sbs.append(sb)
            staff.teams.append((team_id, tl, sbs))
        return staff

    # -- one child's case ------------------------------------------------------------------------
    def closed_cases(self, nummer: str, cases: int) -> set[int]:
        """Which of a municipality's cases are closed: a fixed share, picked from the seed and
        the municipality alone. Drawn case by case from the shared stream, the number of active
        cases moved with the date the data was made for (the stream's other draws depend on
        it), and at the smoke test's 60 children ``bench-nasjonal`` saw less than the two pages
        P3 needs on some days."""
        pick = random.Random(f"{self.seed}:{nummer}:closed")
        return set(pick.sample(range(cases), round(cases * CLOSED_SHARE)))

    def case(
        self,
        staff: _Staff,
        team: tuple[int, int, list[int]],
        sb: int,
        contractors,
        *,
        active: bool = True,
        notes: int | None = None,
    ) -> int:
        rng, w, today = self.rng, self.w, self.today
        team_id, tl, _sbs = team
        age_days = (
            rng.randint(30, 18 * 365 - 1)
            if rng.random() > 0.04
            else rng.randint(18 * 365, 22 * 365)
        )
        birth = today - timedelta(days=age_days)
        opened = max(birth + timedelta(days=14), self.days_ago(5, 6 * 365))
        opened_at = self.dt(opened)
        girl = rng.random() < 0.48
        sprak, tolk = rng.choice(
            [("norsk", False)] * 8 + [("arabisk", True), ("polsk", True), ("somali", True)]
        )
        etternavn = rng.choice(LAST_NAMES)
        barn_id = w.add(
            Barn,
            {
                "tjeneste_id": staff.tjeneste_id,  # SAK-01: the number is unique per service
                "fornavn": rng.choice(FIRST_NAMES_GIRLS if girl else FIRST_NAMES_BOYS),
                "etternavn": etternavn,
                "fodselsnummer": self.fnr(birth),
                "fodselsdato": birth,
                "sprak": sprak,
                "tolk_behov": tolk,
                "adresse": f"{rng.choice(STREETS)} {rng.randint(1, 120)}",
                "adressebeskyttelse": "fortrolig" if rng.random() < 0.01 else "ingen",
            },
            history=[(opened_at, "+", sb, "", None)]
            + (
                [(self.dt(self.days_ago(0, (today - opened).days)), "~", sb, "", None)]
                if rng.random() < 0.3
                else []
            ),
        )
        und_id = None
        if rng.random() < 0.35 or (today - opened).days < 120:
            open_inv = active and (today - opened).days < 200 and rng.random() < 0.6
            received = opened - timedelta(days=rng.randint(0, 10))
            forlenget = open_inv and rng.random() < 0.15
            und_id = w.add(
                Undersokelse,
                {
                    "barn_id": barn_id,
                    "team_id": team_id,
                    "melding_mottatt": received,
                    "forlenget": forlenget,
                    "forlengelse_begrunnelse": "Behov for mer tid til samtaler."
                    if forlenget
                    else "",
                    "avsluttet": None
                    if open_inv
                    else min(today, received + timedelta(days=rng.randint(40, 95))),
                    "konklusjon": "" if open_inv else "tiltak",
                },
                history=[(opened_at, "+", sb, "", None)],
            )
        year = opened.year
        self.serial[(staff.tjeneste_id, year)] += 1
        sak_id = w.add(
            Sak,
            {
                "saksnummer": f"{year}/{self.serial[(staff.tjeneste_id, year)]:05d}",
                "tjeneste_id": staff.tjeneste_id,
                "barn_id": barn_id,
                "team_id": team_id,
                "saksbehandler_id": sb,
                "status": "aktiv" if active else "avsluttet",
                "opprettet": opened_at,
                "undersokelse_id": und_id,
            },
            history=[(opened_at, "+", sb, "", {"status": "aktiv"})]
            + (
                []
                if active
                else [(self.dt(self.days_ago(0, 30)), "~", sb, "Saken er avsluttet.", None)]
            ),
        )
        # Parties: the mother nearly always, the father often.
        parter = []
        for relasjon, p in (("mor", 0.95), ("far", 0.7)):
            if rng.random() < p:
                pbirth = birth - timedelta(days=rng.randint(20 * 365, 45 * 365))
                parter.append(
                    w.add(
                        Part,
                        {
                            "sak_id": sak_id,
                            "relasjon": relasjon,
                            "fornavn": rng.choice(ADULT_FIRST),
                            "etternavn": etternavn
                            if rng.random() < 0.6
                            else rng.choice(LAST_NAMES),
                            "fodselsnummer": self.fnr(pbirth),
                            "foreldreansvar": True,
                            "daglig_omsorg": relasjon == "mor" or rng.random() < 0.3,
                            "adresse": f"{rng.choice(STREETS)} {rng.randint(1, 120)}",
                            "telefon": f"4{rng.randint(1000000, 9999999)}",
                            "sprak": sprak,
                            "tolk_behov": tolk,
                        },
                        history=[(opened_at, "+", sb, "", None)],
                    )
                )
        # Decisions over the years: earlier ones sent out, the last one in any state.
        years_open = (today - opened).days / 365
        n_vedtak = (
            0 if (und_id and (today - opened).days < 60) else min(4, 1 + int(years_open / 1.5))
        )
        sent_tiltak: list[tuple[int, str, date]] = []
        first_sent: date | None = None
        for k in range(n_vedtak):
            last = k == n_vedtak - 1
            start = opened + timedelta(days=int((today - opened).days * k / max(1, n_vedtak)) + 20)
            start = min(start, today)
            if not last or not active:
                status = "ekspedert"
            else:
                status = rng.choices(
                    [
                        "ekspedert",
                        "utkast",
                        "til_veiledning",
                        "klar_for_godkjenning",
                        "godkjent",
                        "trukket",
                    ],
                    [70, 9, 6, 6, 5, 4],
                )[0]
            vtype = "nytt" if k == 0 else ("avslutning" if last and not active else "endring")
            tids = self.vedtak(sak_id, sb, tl, staff.leder, status, vtype, start, parter)
            for tiltak_id, _kode, fra in tids:
                self.oppstartsmote(sak_id, sb, tiltak_id, fra)
            if status == "ekspedert":
                sent_tiltak = tids
                first_sent = first_sent or start
        if sent_tiltak and active and first_sent:
            self.plan(sak_id, sb, tl, first_sent, [t for t, _k, _s in sent_tiltak])
            for tiltak_id, kode, startdato in sent_tiltak:
                if kode in self.contractor_types and rng.random() < 0.75:
                    self.oppdrag(sak_id, sb, staff, tiltak_id, startdato, contractors)
        self.journal(sak_id, sb, tl, opened, notes)
        # The access log: every read of the case by the team.
        n_log = min(120, int(rng.expovariate(1 / 22)))
        readers = (sb, sb, sb, tl, staff.leder)
        span = max(1, (today - opened).days)
        rows = []
        for _ in range(n_log):
            when = opened_at + timedelta(minutes=rng.randint(0, span * 24 * 60))
            rows.append(when)
        rows.sort()
        for when in rows:
            action = "view" if rng.random() < 0.85 else "history"
            w.add(
                AccessLogEntry,
                {
                    "tidspunkt": when,
                    "user_id": rng.choice(readers),
                    "sak_id": sak_id,
                    "tjeneste_id": staff.tjeneste_id,
                    "action": action,
                    "path": f"/saker/{sak_id}/" + ("historikk/" if action == "history" else ""),
                    "ip_address": f"10.20.{rng.randint(0, 255)}.{rng.randint(1, 254)}",
                },
            )
        self.list_row(sb, staff.tjeneste_id, team_id, sak_id, opened_at)
        return sak_id

    def list_row(self, sb: int, tjeneste_id: int, team_id: int, sak_id: int, when) -> None:
        """ROLE-03: a list's row of the access log – the caseworker's case list showing their
        newest cases, this one among them – so that a case's log holds reads of lists as well
        as of the case. No draw from the random stream: the rest of the data stays as it was."""
        shown = self.listed[sb]
        shown.append(sak_id)
        del shown[:-LISTED]
        self.w.add(
            AccessLogEntry,
            {
                "tidspunkt": when,
                "user_id": sb,
                "tjeneste_id": tjeneste_id,
                "action": AccessLogEntry.Action.LIST,
                "liste": AccessLogEntry.Liste.SAKER,
                "saker": Jsonb(list(reversed(shown))),
                "teams": Jsonb([team_id]),
                "path": "/saker/",
                "ip_address": "10.20.0.1",
            },
        )

    def oppstartsmote(self, sak_id: int, sb: int, tiltak_id: int, fra: date) -> None:
        """MOTE-06: nine measures in ten had their oppstartsmøte held in their first week; the
        tenth is flagged. Chosen by the measure's id, not the random stream, so that adding
        meetings left every other row of the dataset as it was."""
        if tiltak_id % 10 == 0:
            return
        day = min(self.today, fra + timedelta(days=tiltak_id % 7))
        when = datetime(day.year, day.month, day.day, 10, 0, tzinfo=OSLO)
        w = self.w
        w.add(
            Mote,
            {
                "sak_id": sak_id,
                "type": "oppstartsmote",
                "tidspunkt": when,
                "sted": "Barneverntjenesten",
                "agenda": "Tiltaket forklares og avtales med familien.",
                "leder_id": sb,
                "referent_id": sb,
                "tiltak_id": tiltak_id,
                "referat": "Familien og tiltaket ble enige om mål og oppstart.",
                "status": "avholdt",
                "opprettet_av_id": sb,
                "opprettet": when,
            },
            history=[(when, "+", sb, "", {"status": "planlagt"}), (when, "~", sb, "", None)],
        )

    def journal(self, sak_id: int, sb: int, tl: int, opened: date, count: int | None) -> None:
        """The case's journal notes (JOUR-01), most signed (JOUR-02), from a stream of their
        own (``self.jrng``): the rest of the data is the same as without them. The search
        vector is filled in one UPDATE at the end (:meth:`index_journal`)."""
        rng, today = self.jrng, self.today
        if count is None:
            count = rng.choice(NOTES_PER_CASE)
        span = max(0, (today - opened).days)
        for _ in range(count):
            dato = opened + timedelta(days=rng.randint(0, span))
            created = datetime(
                dato.year, dato.month, dato.day, rng.randint(8, 15), rng.randint(0, 59), tzinfo=OSLO
            )
            author = sb if rng.random() < 0.9 else tl
            signed = rng.random() < 0.85
            values = {
                "sak_id": sak_id,
                "type": rng.choice(_NOTE_KINDS),
                "dato": dato,
                "deltakere": rng.choice(_NOTE_PRESENT),
                "hva_ble_sagt": " ".join(rng.sample(_NOTE_SAID, 2)),
                "vurdering": rng.choice(_NOTE_ASSESSMENT),
                "forfatter_id": author,
                "opprettet": created,
                "status": "signert" if signed else "utkast",
                "signert_av_id": author if signed else None,
                "signert": created + timedelta(hours=1) if signed else None,
            }
            if rng.random() < 0.1:  # JOUR-04: a named outside source
                role = rng.choice(("kontaktlærer", "helsesykepleier", "fastlege", "trener"))
                name = f"{rng.choice(ADULT_FIRST)} {rng.choice(LAST_NAMES)}"
                values.update(ekstern_kilde=True, kilde=f"{name}, {role}")
            self.w.add(Journalnotat, values, history=[(created, "+", author, "", None)])

    def index_journal(self) -> None:
        """Every note's search vector, as the journal's services make it (one UPDATE)."""
        Journalnotat.objects.filter(sok__isnull=True).update(sok=search_vector())

    def vedtak(
        self, sak_id, sb, tl, leder, status, vtype, start, parter
    ) -> list[tuple[int, str, date]]:
        rng, w, today = self.rng, self.w, self.today
        created = self.dt(start)
        steps = ["utkast", "til_veiledning", "klar_for_godkjenning", "godkjent", "ekspedert"]
        reached = steps.index(status) if status in steps else 1
        d = start

        def later(days: int) -> datetime:
            nonlocal d
            d = min(today, d + timedelta(days=rng.randint(1, days)))
            return self.dt(d)

        values: dict[str, Any] = {
            "sak_id": sak_id,
            "type": vtype,
            "status": status,
            "bakgrunn": "Familien har bedt om hjelp i hverdagen.",
            "vurdering": "Tjenesten vurderer at tiltakene er til barnets beste.",
            "barnets_mening": "Barnet ønsker hjelp med skole og fritid.",
            "barnets_beste": "Barnet trenger stabile voksne.",
            "opprettet_av_id": sb,
            "opprettet": created,
            "endret": created,
            "fristdato": start + timedelta(days=rng.randint(-20, 40))
            if status != "ekspedert"
            else None,
        }
        history = [(created, "+", sb, "", {"status": "utkast"})]
        if reached >= 1:
            values["sendt_til_veiledning"] = later(5)
            history.append(
                (values["sendt_til_veiledning"], "~", sb, "", {"status": "til_veiledning"})
            )
        if reached >= 2:
            values.update(tiltak_godkjent_av_id=tl, tiltak_godkjent=later(5), frigitt_av_id=tl)
            values["frigitt"] = values["tiltak_godkjent"]
            history.append((values["frigitt"], "~", tl, "", {"status": "klar_for_godkjenning"}))
        if reached >= 3:
            values.update(godkjent_av_id=leder, godkjent=later(5))
            history.append((values["godkjent"], "~", leder, "", {"status": "godkjent"}))
        if reached >= 4:
            values["ekspedert"] = later(3)
            history.append((values["ekspedert"], "~", sb, "", {"status": "ekspedert"}))
        if status == "trukket":
            values.update(
                trukket_av_id=sb, trukket=later(10), trukket_begrunnelse="Familien takket nei."
            )
            history.append((values["trukket"], "~", sb, "", {"status": "trukket"}))
        values["endret"] = history[-1][0]
        vid = w.add(Vedtak, values, history=history)
        tids = []
        for r in range(rng.choice((1, 1, 2, 2, 3))):
            kode = rng.choice(list(self.tiltakstyper))
            started = status == "ekspedert"
            fra = min(today, d + timedelta(days=rng.randint(0, 20))) if started else None
            til = (
                fra + timedelta(days=rng.randint(180, 900)) if fra and rng.random() < 0.3 else None
            )
            tid = w.add(
                Tiltak,
                {
                    "vedtak_id": vid,
                    "type_id": self.tiltakstyper[kode],
                    "beskrivelse": "Tiltaket skal gi barnet og familien støtte i hverdagen.",
                    "omfang": f"{rng.randint(2, 8)} timer per uke",
                    "startdato": start + timedelta(days=30),
                    "fra_dato": fra,
                    "til_dato": til,
                    "rekkefolge": r + 1,
                },
                history=[(created, "+", sb, "", None)],
            )
            if started:
                tids.append((tid, kode, fra))
        if reached >= 1:
            sendt = start + timedelta(days=1)
            for part_id in parter:
                answered = rng.random() < 0.6
                w.add(
                    Forhandsvarsel,
                    {
                        "vedtak_id": vid,
                        "part_id": part_id,
                        "sendt": sendt,
                        "frist": sendt + timedelta(days=14),
                        "uttalelse_mottatt": sendt + timedelta(days=rng.randint(2, 14))
                        if answered
                        else None,
                        "uttalelse": "Ingen merknader." if answered else "",
                        "registrert_av_id": sb,
                    },
                    history=[(self.dt(sendt), "+", sb, "", None)],
                )
        return tids

    def plan(self, sak_id, sb, tl, first_sent: date, tiltak_ids: list[int]) -> None:
        rng, w, today = self.rng, self.w, self.today
        start = min(today, first_sent + timedelta(days=rng.randint(5, 40)))
        created = self.dt(start)
        months = max(0, (today - start).days // 30)
        n_versions = min(4, 1 + months // 14)
        last_status = rng.choices(["godkjent", "utkast", "til_godkjenning"], [85, 10, 5])[0]
        if n_versions == 1 and last_status != "godkjent":
            n_versions = 2 if months >= 3 else 1
        plan_id = w.add(
            Tiltaksplan,
            {"sak_id": sak_id, "opprettet_av_id": sb, "opprettet": created},
            history=[(created, "+", sb, "", None)],
        )
        version_starts = [
            start + timedelta(days=int((today - start).days * v / n_versions))
            for v in range(n_versions)
        ]
        current = None  # (versjon id, goal ids, gyldig_fra)
        approved_versions = []
        for v, vstart in enumerate(version_starts):
            last = v == n_versions - 1
            status = last_status if last else "godkjent"
            if n_versions == 1:
                status = "godkjent"
            approved = status == "godkjent"
            next_start = version_starts[v + 1] if not last else None
            vals = {
                "plan_id": plan_id,
                "nummer": v + 1,
                "status": status,
                "utfordringer": "Utfordringer i skole og hjem.",
                "ressurser": "Barnet har gode venner.",
                "behov": "Forutsigbare rutiner.",
                "ansvar": "Tjenesten følger opp tiltakene.",
                "barnets_onsker": "Barnet ønsker å spille fotball.",
                "opprettet_av_id": sb,
                "opprettet": self.dt(vstart),
                "endret": self.dt(vstart),
            }
            if approved:
                nxt = vstart + timedelta(days=rng.randint(30, 42))
                gyldig_til = None
                if next_start and (last_status == "godkjent" or v < n_versions - 2):
                    gyldig_til = max(vstart, next_start)
                vals.update(
                    godkjent_av_id=tl,
                    godkjent=self.dt(vstart + timedelta(days=3)),
                    gyldig_fra=vstart,
                    gyldig_til=gyldig_til,
                    neste_evaluering=nxt,
                    sendt_til_godkjenning=self.dt(vstart + timedelta(days=1)),
                    sendt_til_godkjenning_av_id=sb,
                )
            elif status == "til_godkjenning":
                vals.update(sendt_til_godkjenning=self.dt(vstart), sendt_til_godkjenning_av_id=sb)
            hist = [(self.dt(vstart), "+", sb, "", {"status": "utkast"})]
            if approved:
                hist.append((vals["godkjent"], "~", tl, "", None))
            vid = w.add(Planversjon, vals, history=hist)
            when = self.dt(vstart)
            for tiltak_id in tiltak_ids:
                w.add(
                    PlanTiltak,
                    {"versjon_id": vid, "tiltak_id": tiltak_id},
                    history=[(when, "+", sb, "", None)],
                )
            goals = []
            for g in range(rng.randint(2, 3)):
                gid = w.add(
                    Maal,
                    {
                        "versjon_id": vid,
                        "rekkefolge": g + 1,
                        "beskrivelse": rng.choice(
                            [
                                "Barnet møter på skolen hver dag.",
                                "Familien har faste rutiner.",
                                "Barnet deltar i en fritidsaktivitet.",
                                "Foreldrene bruker ros og grenser.",
                            ]
                        ),
                        "indikator": "Fravær per måned",
                        "niva_na": "3 av 5",
                        "malniva": "5 av 5",
                        "frist": vstart + timedelta(days=180),
                    },
                    history=[(when, "+", sb, "", None)],
                )
                goals.append(gid)
                if g == 0:
                    w.add(
                        Maal,
                        {
                            "versjon_id": vid,
                            "overordnet_id": gid,
                            "rekkefolge": 1,
                            "beskrivelse": "Barnet står opp selv om morgenen.",
                        },
                        history=[(when, "+", sb, "", None)],
                    )
            for a in range(2):
                w.add(
                    Aktivitet,
                    {
                        "versjon_id": vid,
                        "rekkefolge": a + 1,
                        "hva": "Samtale med barnet",
                        "hvor": "Hjemme",
                        "hvor_ofte": "Hver uke",
                        "ansvarlig": "Saksbehandler",
                    },
                    history=[(when, "+", sb, "", None)],
                )
            if approved:
                approved_versions.append((vid, goals, vstart, vals.get("gyldig_til")))
                current = approved_versions[-1]
        if current is None:
            return
        # Evaluations every three months since the first approval; some late (EVAL-01/02).
        first_from = approved_versions[0][2]
        d = first_from + timedelta(days=rng.randint(30, 42))
        evals = []
        while d < today - timedelta(days=7):
            evals.append(d)
            d = d + timedelta(days=rng.choice((85, 88, 90, 91, 92, 95, 120, 150)))
        plan_next = d if d >= today - timedelta(days=7) else None
        evals = evals[-12:]
        last_eval = None
        for e in evals:
            ver = next(
                (av for av in reversed(approved_versions) if av[2] <= e),
                approved_versions[0],
            )
            when = self.dt(e)
            eid = w.add(
                Evaluering,
                {
                    "plan_id": plan_id,
                    "versjon_id": ver[0],
                    "status": "G",
                    "dato": e,
                    "deltakere": "Barnet, mor, saksbehandler",
                    "fra_tjenesten": "Tiltakene virker.",
                    "fra_foreldre": "Det går bedre hjemme.",
                    "fra_barnet": "Jeg liker støttekontakten.",
                    "oppsummering": "Tiltakene fortsetter.",
                    "neste_evaluering": add_months(e, 3),
                    "opprettet_av_id": sb,
                    "opprettet": when,
                    "gjennomfort_av_id": sb,
                    "gjennomfort": when,
                },
                history=[(when, "+", sb, "", {"status": "utkast"}), (when, "~", sb, "", None)],
            )
            for gid in ver[1]:
                w.add(
                    Maalvurdering,
                    {
                        "evaluering_id": eid,
                        "maal_id": gid,
                        "fremgang": rng.choice(["nadd", "god", "noe", "ingen", "tilbake"]),
                        "niva_na": "4 av 5",
                    },
                    history=[(when, "+", sb, "", None)],
                )
            last_eval = eid
        if last_eval:
            for tiltak_id in tiltak_ids:
                w.add(
                    Tiltakskonklusjon,
                    {
                        "evaluering_id": last_eval,
                        "tiltak_id": tiltak_id,
                        "konklusjon": "fortsette",
                        "begrunnelse": "Tiltaket virker.",
                    },
                    history=[(self.dt(evals[-1]), "+", sb, "", None)],
                )
        # Plan-level next evaluation: mostly ahead, some overdue (late evaluations).
        nxt = plan_next or today + timedelta(days=rng.randint(5, 80))
        if rng.random() < 0.12:
            nxt = today - timedelta(days=rng.randint(1, 60))
        with_plan_next = {"neste_evaluering": nxt}
        # patch the queued plan row (it is still in the buffer or already written)
        self._set_plan_next(plan_id, with_plan_next["neste_evaluering"])

    def _set_plan_next(self, plan_id: int, nxt: date) -> None:
        t = self.w.tables[Tiltaksplan]
        idx = t.index["neste_evaluering"]
        for i in range(len(t.rows) - 1, -1, -1):
            if t.rows[i][0] == plan_id:
                row = list(t.rows[i])
                row[idx] = nxt
                t.rows[i] = tuple(row)
                return
        self.late_updates.append((plan_id, nxt))

    late_updates: list

    def contractors(self, staff: _Staff, cases: int) -> list[int]:
        rng, w = self.rng, self.w
        ids = []
        for _ in range(max(2, cases // 8)):
            first, last = self.person()
            reg = self.days_ago(100, 2500)
            assessed = reg + timedelta(days=rng.randint(3, 20))
            ctype = rng.choice(
                [
                    "stottekontakt",
                    "stottekontakt",
                    "besokshjem",
                    "stottefamilie",
                    "tilsynsforer",
                    "fritidskontakt",
                ]
            )
            oid = w.add(
                Oppdragstaker,
                {
                    "tjeneste_id": staff.tjeneste_id,
                    "type": ctype,
                    "tilknytning": "oppdragstaker",
                    "fornavn": first,
                    "etternavn": last,
                    "arbeider_med_barnet": True,
                    "adresse": f"{rng.choice(STREETS)} {rng.randint(1, 120)}",
                    "telefon": f"9{rng.randint(1000000, 9999999)}",
                    "status": "godkjent",
                    "godkjent_av_id": staff.leder,
                    "godkjent_dato": assessed,
                    "opprettet_av_id": staff.kontor,
                    "opprettet": self.dt(reg),
                },
                history=[
                    (self.dt(reg), "+", staff.kontor, "", {"status": "registrert"}),
                    (self.dt(assessed), "~", staff.leder, "", None),
                ],
            )
            w.add(
                Politiattest,
                {
                    "oppdragstaker_id": oid,
                    "utstedt_dato": reg,
                    "vurdert_dato": assessed,
                    "vurdert_av_id": staff.leder,
                    "resultat": "ingen_merknader",
                },
                history=[(self.dt(assessed), "+", staff.leder, "", None)],
            )
            w.add(
                Taushetserklaering,
                {
                    "oppdragstaker_id": oid,
                    "signert_dato": reg,
                    "registrert_av_id": staff.kontor,
                    "registrert": self.dt(reg),
                },
                history=[(self.dt(reg), "+", staff.kontor, "", None)],
            )
            ids.append(oid)
        return ids

    def oppdrag(self, sak_id, sb, staff: _Staff, tiltak_id, fra: date, contractors) -> None:
        rng, w, today = self.rng, self.w, self.today
        ended = rng.random() < 0.2
        til = min(today, fra + timedelta(days=rng.randint(60, 700))) if ended else None
        when = self.dt(fra)
        oid = w.add(
            Oppdrag,
            {
                "oppdragstaker_id": rng.choice(contractors),
                "tiltak_id": tiltak_id,
                "sak_id": sak_id,
                "fra_dato": fra,
                "til_dato": til,
                "timer": rng.choice((4, 6, 8, 10)),
                "timer_per": "uke",
                "godtgjoring": "timesats",
                "sats": "250 kr",
                "veiledningsplan": "Månedlig veiledning med saksbehandler.",
                "rapportering": "manedlig",
                "orientert_dato": fra,
                "orientert_av_id": sb,
                "arbeidskontrakt_dato": fra if rng.random() < 0.9 else None,
                "arbeidskontrakt_av_id": staff.kontor,
                "avsluttet_dato": til,
                "avsluttet_begrunnelse": "Tiltaket er avsluttet." if ended else "",
                "opprettet_av_id": sb,
                "opprettet": when,
            },
            history=[(when, "+", sb, "", None)],
        )
        # Monthly timesheets, the last month or two often missing.
        month = date(fra.year, fra.month, 1)
        stop = til or today
        months = []
        while month < date(stop.year, stop.month, 1):
            months.append(month)
            month = add_months(month, 1)
        months = months[-24:]
        missing = rng.choice((0, 0, 1, 2))
        for m in months[: len(months) - missing]:
            got = add_months(m, 1) + timedelta(days=rng.randint(0, 12))
            w.add(
                Innlevering,
                {
                    "oppdrag_id": oid,
                    "type": "timeliste",
                    "periode": m,
                    "mottatt": min(got, today),
                    "registrert_av_id": staff.kontor,
                    "registrert": self.dt(min(got, today)),
                },
                history=[(self.dt(min(got, today)), "+", staff.kontor, "", None)],
            )

    # -- the whole country -----------------------------------------------------------------------
    def run(self, children: int, log) -> dict[str, Any]:
        self.late_updates = []
        bench_n, sizes = municipality_sizes(children)
        names = municipality_names(self.rng, len(sizes))
        plan = [("Benchvik", BENCH_KOMMUNENUMMER, bench_n, True)] + [
            (names[i], f"{9000 + i:04d}" if i < 1000 else f"{i:04d}", n, False)
            for i, n in enumerate(sizes)
        ]
        made = 0
        started = time.monotonic()
        others: list[int] = []
        for i, (navn, nummer, n, bench) in enumerate(plan):
            # Each municipality its own stream from the seed and its number: Benchvik (written
            # first, so with the same ids too) is the same at every dataset size.
            self.rng, outer = random.Random(f"{self.seed}:{nummer}"), self.rng
            self.jrng = random.Random(f"{self.seed}:{nummer}:journal")
            staff = self.municipality(
                navn, nummer, n, teams=BENCH_TEAMS if bench else None, bench=bench
            )
            if not bench:
                others.append(staff.tjeneste_id)
            if i == 1:
                first, last = self.person()
                big = self.user("bench-big-saksbehandler", first, last, "Saksbehandler")
                self.rolle(big, "saksbehandler", staff.tjeneste_id, staff.teams[0][0])
            contractors = self.contractors(staff, n)
            closed = self.closed_cases(nummer, n)
            # cases round-robin over the teams, each team's caseworkers in turn
            fixed = list(BENCH_JOURNALS) if bench else []
            for c in range(n):
                team = staff.teams[c % len(staff.teams)]
                sbs = team[2]
                sb = sbs[(c // len(staff.teams)) % len(sbs)]
                active = c not in closed
                notes = None
                if fixed and active and sb == staff.teams[0][2][0]:  # bench-saksbehandler
                    notes = fixed.pop(0)
                self.case(staff, team, sb, contractors, active=active, notes=notes)
            made += n
            self.rng = outer
            if log and (i % 25 == 0 or i == len(plan) - 1):
                log(
                    f"  {made}/{children} children, {i + 1}/{len(plan)} services, "
                    f"{time.monotonic() - started:.0f} s"
                )
        # A bench-only head of every other service, for the deep pagination figure (P3).
        first, last = self.person()
        nasjonal = self.user("bench-nasjonal", first, last, "Barnevernleder")
        for tid in others:
            self.rolle(nasjonal, "barnevernleder", tid, None)
        for (tid, year), siste in self.serial.items():
            self.w.add(Saksnummerserie, {"tjeneste_id": tid, "ar": year, "siste": siste})
        self.w.finish()
        self.index_journal()
        if self.late_updates:
            with connection.cursor() as c:
                table = Tiltaksplan._meta.db_table
                c.executemany(
                    f'UPDATE "{table}" SET neste_evaluering = %s WHERE id = %s',  # noqa: S608
                    [(nxt, pid) for pid, nxt in self.late_updates],
                )
        return {
            "children": children,
            "services": len(plan),
            "users": self.users_made,
            "rows": dict(sorted(self.w.counts.items())),
            "seconds": round(time.monotonic() - started, 1),
        }


def generate(*, children: int, seed: int, today: date | None = None, log=None) -> dict[str, Any]:
    """Write the dataset (PostgreSQL only); returns the row counts and the time taken."""
    if connection.vendor != "postgresql":
        raise RuntimeError("generate_synthetic writes with COPY: it needs PostgreSQL.")
    from django.utils import timezone

    gen = _Gen(seed, today or timezone.localdate())
    with connection.cursor() as c:
        # The rows are written parents first and obey every constraint; skipping the
        # per-row foreign-key triggers (superuser only) makes the load several times faster.
        c.execute("SET synchronous_commit = off")
        try:
            c.execute("SET session_replication_role = replica")
            replica = True
        except Exception:  # not a superuser: keep the checks
            replica = False
    try:
        return gen.run(children, log)
    finally:
        with connection.cursor() as c:
            if replica:
                c.execute("SET session_replication_role = DEFAULT")
            c.execute("SET synchronous_commit = DEFAULT")
