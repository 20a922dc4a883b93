"""Reads of cases: lists, the start page and the case page, each a fixed number of queries.

Every selector starts from :func:`cases.permissions.saker_visible_to` (ROLE-02).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.db.models import Case, Count, DateField, ExpressionWrapper, F, Q, QuerySet, When
from django.utils import timezone
from django.utils.translation import gettext_lazy

from accounts.models import Rolle, Team, User

from . import rules
from .models import Barn, Overforing, Part, Sak, Undersokelse
from .permissions import saker_visible_to, teams_visible_to

# --- Investigation deadlines in SQL (SAK-03) -----------------------------------------------------


def investigation_due_q(due_by: date, prefix: str = "undersokelse__") -> Q:
    """Open investigations whose SAK-03 deadline falls on or before ``due_by``."""
    normal = rules.latest_start_for_deadline(due_by, settings.UNDERSOKELSE_FRIST_MANEDER)
    extended = rules.latest_start_for_deadline(
        due_by, settings.UNDERSOKELSE_FRIST_FORLENGET_MANEDER
    )
    return Q(**{f"{prefix}avsluttet__isnull": True}) & (
        Q(**{f"{prefix}forlenget": False, f"{prefix}melding_mottatt__lte": normal})
        | Q(**{f"{prefix}forlenget": True, f"{prefix}melding_mottatt__lte": extended})
    )


def _approximate_deadline():
    """The SAK-03 deadline to within a few days, for ordering in SQL (the exact date is
    computed in Python from the same rule)."""
    received = F("undersokelse__melding_mottatt")
    return Case(
        When(
            undersokelse__forlenget=True,
            then=ExpressionWrapper(
                received + timedelta(days=settings.UNDERSOKELSE_FRIST_FORLENGET_MANEDER * 31),
                output_field=DateField(),
            ),
        ),
        default=ExpressionWrapper(
            received + timedelta(days=settings.UNDERSOKELSE_FRIST_MANEDER * 31),
            output_field=DateField(),
        ),
    )


# --- The case list -------------------------------------------------------------------------------

SORTS = {
    "saksnummer": ("saksnummer",),
    "-saksnummer": ("-saksnummer",),
    "navn": ("barn__etternavn", "barn__fornavn", "pk"),
    "-navn": ("-barn__etternavn", "-barn__fornavn", "-pk"),
    "opprettet": ("opprettet", "pk"),
    "-opprettet": ("-opprettet", "-pk"),
}


@dataclass
class SakFilter:
    q: str = ""
    team: int | None = None
    status: str = Sak.Status.AKTIV
    mine: bool = False
    frist: str = ""  # "" | "snart" (due soon or overdue) | "over" (overdue)
    sort: str = "-opprettet"


def sak_list(user: User, f: SakFilter, today: date | None = None) -> QuerySet[Sak]:
    today = today or timezone.localdate()
    qs = saker_visible_to(user).with_list_data()
    if f.status:
        qs = qs.filter(status=f.status)
    if f.team:
        qs = qs.filter(team_id=f.team)
    if f.mine:
        qs = qs.filter(saksbehandler=user)
    if f.frist == "over":
        qs = qs.filter(investigation_due_q(today - timedelta(days=1)))
    elif f.frist == "snart":
        qs = qs.filter(investigation_due_q(today + timedelta(days=settings.FRIST_VARSEL_DAGER)))
    term = " ".join(f.q.split())
    if term:
        digits = term.replace(" ", "")
        if digits.isdigit() and len(digits) == 11:
            qs = qs.filter(barn__fodselsnummer=digits)
        else:
            # Every word must match the child's first or last name or the case number.
            for word in term.split():
                qs = qs.filter(
                    Q(barn__fornavn__icontains=word)
                    | Q(barn__etternavn__icontains=word)
                    | Q(saksnummer__icontains=word)
                )
    return qs.order_by(*SORTS.get(f.sort, SORTS["-opprettet"]))


# --- The start page ------------------------------------------------------------------------------


@dataclass
class TeamSummary:
    team: Team
    aktive: int
    undersokelser: int
    frist_over: int


@dataclass
class Dashboard:
    mine_saker: list[Sak]
    mine_antall: int
    synlige_antall: int
    frister: list[Sak]
    frister_antall: int
    team: list[TeamSummary] = field(default_factory=list)


def dashboard(user: User, today: date | None = None) -> Dashboard:
    today = today or timezone.localdate()
    visible = saker_visible_to(user).filter(status=Sak.Status.AKTIV)
    soon = today + timedelta(days=settings.FRIST_VARSEL_DAGER)
    counts = visible.aggregate(
        synlige=Count("pk"),
        mine=Count("pk", filter=Q(saksbehandler=user)),
        frister=Count("pk", filter=investigation_due_q(soon)),
    )
    mine = list(visible.filter(saksbehandler=user).with_list_data().order_by("-opprettet")[:10])
    frister = list(
        visible.filter(investigation_due_q(soon))
        .annotate(frist_omtrent=_approximate_deadline())
        .with_list_data()
        .order_by("frist_omtrent", "pk")[:10]
    )
    frister.sort(key=lambda s: s.undersokelse.frist)  # exact order within the page
    team_summaries: list[TeamSummary] = []
    if user.has_role(Rolle.TEAMLEDER) or user.has_role(Rolle.BARNEVERNLEDER):
        led = user.team_ids(Rolle.TEAMLEDER)
        service = user.tjeneste_ids(Rolle.BARNEVERNLEDER)
        aktiv = Q(saker__status=Sak.Status.AKTIV)
        overdue = investigation_due_q(today - timedelta(days=1), prefix="saker__undersokelse__")
        teams = (
            teams_visible_to(user)
            .filter(Q(pk__in=led) | Q(tjeneste_id__in=service))
            .annotate(
                n_aktive=Count("saker", filter=aktiv),
                n_undersokelser=Count(
                    "saker",
                    filter=aktiv
                    & Q(
                        saker__undersokelse__avsluttet__isnull=True,
                        saker__undersokelse__isnull=False,
                    ),
                ),
                n_over=Count("saker", filter=aktiv & overdue),
            )
            .order_by("navn")
        )
        team_summaries = [TeamSummary(t, t.n_aktive, t.n_undersokelser, t.n_over) for t in teams]
    return Dashboard(
        mine_saker=mine,
        mine_antall=counts["mine"],
        synlige_antall=counts["synlige"],
        frister=frister,
        frister_antall=counts["frister"],
        team=team_summaries,
    )


# --- The case page -------------------------------------------------------------------------------


def sak_detail_queryset() -> QuerySet[Sak]:
    return Sak.objects.select_related(
        "barn", "team", "team__tjeneste", "saksbehandler", "undersokelse"
    )


def parter_for(sak: Sak) -> list[Part]:
    return list(sak.parter.all())


def soskensaker_for(user: User, sak: Sak) -> list[Sak]:
    """Linked siblings' cases; only those the user may see are listed (ROLE-02)."""
    return list(
        saker_visible_to(user).filter(soskensaker=sak).select_related("barn").order_by("saksnummer")
    )


def siste_overforing(sak: Sak) -> Overforing | None:
    return (
        sak.overforinger.select_related("fra_saksbehandler", "til_saksbehandler", "utfort_av")
        .order_by("-tidspunkt")
        .first()
    )


# --- History timeline (LOG-01) -------------------------------------------------------------------


@dataclass
class Change:
    field: str
    old: Any
    new: Any


@dataclass
class HistoryEvent:
    when: Any
    who: User | None
    what: str
    kind: str  # "+" created, "~" changed
    reason: str
    changes: list[Change]
    record: str = ""  # "label:id", the key of the record's own history page


_SKIP = {"id", "sak", "barn", "tjeneste", "opprettet", "fodselsdato", "saksnummer"}


def _display(f, record):
    value = getattr(record, f.attname)
    if value in (None, ""):
        return ""
    if f.choices:
        return dict(f.flatchoices).get(value, value)
    if f.is_relation:
        return str(getattr(record, f.name))
    return value


#: Other apps add the history of their records of a case (vedtak, plans …) from their
#: ``AppConfig.ready()``: ``fn(sak) -> [(model, historical queryset, label), ...]``.
HISTORY_SOURCES: list = []


def register_history_source(fn) -> None:
    if fn not in HISTORY_SOURCES:
        HISTORY_SOURCES.append(fn)


def parse_record(key: str | None) -> tuple[str, int] | None:
    """A record key ``label:id`` (from a history link), or None when it is not one."""
    label, _, pk = (key or "").partition(":")
    if not label.isidentifier() or not pk.isdigit():
        return None
    return label, int(pk)


def _for_record(sources: list, record: tuple[str, int]) -> list:
    """LOG-01 per record: the record's own rows, and those of its parts (rows with a foreign key
    named after the record's label, e.g. a decision's measures and notices)."""
    label, pk = record
    kept = []
    for model, qs, source_label in sources:
        if source_label == label:
            kept.append((model, qs.filter(id=pk), source_label))
            continue
        fk = next(
            (
                f
                for f in model._meta.concrete_fields
                if f.is_relation and f.name == label and f.name not in _SKIP
            ),
            None,
        )
        if fk is not None:
            kept.append((model, qs.filter(**{fk.attname: pk}), source_label))
    return kept


def case_history(
    sak: Sak, limit: int | None = None, record: tuple[str, int] | None = None
) -> list[HistoryEvent]:
    """Every change to the case, the child, the parties, the investigation, transfers and what
    other apps register (decisions, measures, consents, plans, evaluations, assignments …),
    newest first, with old and new values side by side (LOG-01). One query per model.

    ``record`` (``(label, id)``) narrows it to one record and its parts: the record's own
    history page."""
    sources: list[tuple[type, QuerySet, str]] = [
        (Sak, Sak.history.filter(id=sak.pk), "sak"),
        (Barn, Barn.history.filter(id=sak.barn_id), "barn"),
        (Part, Part.history.filter(sak_id=sak.pk), "part"),
        (Overforing, Overforing.history.filter(sak_id=sak.pk), "overforing"),
    ]
    if sak.undersokelse_id:
        sources.append(
            (Undersokelse, Undersokelse.history.filter(id=sak.undersokelse_id), "undersokelse")
        )
    for source in HISTORY_SOURCES:
        sources.extend(source(sak))
    if record is not None:
        sources = _for_record(sources, record)
    raw: list[tuple[type, list, list, str]] = []
    for model, qs, label in sources:
        # Only the fields the history keeps (``excluded_fields`` are not on the historical
        # model). Historical rows keep their foreign keys (without constraints): the names of
        # the people and teams they point to come in the same query.
        kept = {f.attname for f in qs.model._meta.concrete_fields}
        fields = [
            f for f in model._meta.concrete_fields if f.name not in _SKIP and f.attname in kept
        ]
        related = [f.name for f in fields if f.is_relation]
        records = list(qs.select_related("history_user", *related).order_by("id", "history_date"))
        raw.append((model, fields, records, label))
    events: list[HistoryEvent] = []
    for model, fields, records, label in raw:
        previous: dict[int, Any] = {}
        for r in records:
            prev = previous.get(r.id)
            changes = []
            for f in fields:
                new = getattr(r, f.attname)
                old = getattr(prev, f.attname) if prev is not None else None
                if prev is None and new in (None, "", False):
                    continue
                if prev is None or old != new:
                    if f.name == "adresse" and _shielded(r, prev):
                        changes.append(Change(str(f.verbose_name), SHIELDED, SHIELDED))
                        continue
                    changes.append(
                        Change(
                            str(f.verbose_name),
                            _display(f, prev) if prev is not None else "",
                            _display(f, r),
                        )
                    )
            previous[r.id] = r
            if prev is not None and not changes:
                continue
            events.append(
                HistoryEvent(
                    when=r.history_date,
                    who=r.history_user,
                    what=_describe(model, label, r),
                    kind=r.history_type,
                    reason=r.history_change_reason or "",
                    changes=changes,
                    record=f"{label}:{r.id}",
                )
            )
    events.sort(key=lambda e: e.when, reverse=True)
    return events[:limit] if limit else events


SHIELDED = gettext_lazy("[shielded]")


def _shielded(*records) -> bool:
    """SAK-05: a shielded address never shows in the history, before or after."""
    return any(
        r is not None and getattr(r, "adressebeskyttelse", "ingen") != "ingen" for r in records
    )


def _describe(model, label: str, record) -> str:
    if label == "part":
        return f"{model._meta.verbose_name.capitalize()}: {record.fornavn} {record.etternavn}"
    describe = getattr(model, "history_label", None)
    if describe is not None:
        return describe(record)
    return str(model._meta.verbose_name).capitalize()


def caseworkers_for_transfer(user: User, sak: Sak) -> QuerySet[User]:
    """Caseworkers of the service that the case may be handed to (SAK-04)."""
    return (
        User.objects.filter(
            is_active=True,
            rolletildelinger__avsluttet__isnull=True,
            rolletildelinger__rolle__in=[Rolle.SAKSBEHANDLER, Rolle.TEAMLEDER],
            rolletildelinger__tjeneste_id=sak.tjeneste_id,
        )
        .distinct()
        .order_by("first_name", "last_name")
    )
