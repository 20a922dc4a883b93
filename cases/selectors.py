"""Reads of cases: lists, the start page and the case page, each a fixed number of queries.

Every selector starts from :func:`cases.permissions.saker_visible_to` (ROLE-02).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.conf import settings
from django.db.models import (
    Case,
    Count,
    DateField,
    Exists,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    When,
)
from django.utils import timezone

from accounts.models import Rolle, Team, User

from . import rules
from .actions import DUPLIKAT
from .history import (  # noqa: F401  (LOG-01 lives in cases/history.py; the apps look here)
    HISTORY_SOURCES,
    SHIELDED,
    Change,
    HistoryEvent,
    HistoryPage,
    case_history,
    parse_record,
    record_name,
    register_history_source,
)
from .models import MuligDuplikat, Sak, Undersokelse
from .pagination import first_rows
from .permissions import (
    decides_any_duplicates,
    duplicate_scope,
    saker_visible_to,
    teams_visible_to,
)

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
    """An investigation's SAK-03 deadline to within a few days, for ordering in SQL (the exact
    date is computed in Python from the same rule)."""
    received = F("melding_mottatt")
    return Case(
        When(
            forlenget=True,
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


def _due_investigation(due_by: date) -> QuerySet[Undersokelse]:
    """The case's own investigation (``OuterRef``), if it is open and due by ``due_by``."""
    return Undersokelse.objects.filter(pk=OuterRef("undersokelse_id")).filter(
        investigation_due_q(due_by, prefix="")
    )


def investigation_due(due_by: date) -> Exists:
    """:func:`investigation_due_q` as a lookup of each case's own investigation by key.

    For counting a set of cases (``Count(filter=…)``): joined, PostgreSQL's default costs
    made it hash every investigation in the country to count one team's cases (bench P2 at
    100 000 children)."""
    return Exists(_due_investigation(due_by))


def investigation_deadline_if_due(due_by: date) -> Subquery:
    """The approximate deadline (:func:`_approximate_deadline`) of the case's investigation
    if it is open and due by ``due_by``, else NULL: looked up per case, by key (see
    :func:`investigation_due`)."""
    return Subquery(
        _due_investigation(due_by).annotate(frist=_approximate_deadline()).values("frist")[:1],
        output_field=DateField(),
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
    due_by = {
        "over": today - timedelta(days=1),
        "snart": today + timedelta(days=settings.FRIST_VARSEL_DAGER),
    }.get(f.frist)
    if due_by:
        # Looked up per case by key, not joined (see investigation_due).
        qs = qs.alias(frist_due=investigation_deadline_if_due(due_by)).filter(
            frist_due__isnull=False
        )
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
        frister=Count("pk", filter=Q(investigation_due(soon))),
    )
    # Each list's ten rows are chosen first and then joined (first_rows).
    mine = first_rows(
        visible.filter(saksbehandler=user).with_list_data(), ("-opprettet", "-pk"), 10
    )
    frister = first_rows(
        visible.annotate(frist_omtrent=investigation_deadline_if_due(soon))
        .filter(frist_omtrent__isnull=False)
        .with_list_data(),
        ("frist_omtrent", "pk"),
        10,
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


# --- SAK-01: the possible duplicates a team leader decides --------------------------------------

#: How many the start page lists (oldest first); more wait below them.
DUPLICATE_QUEUE_SIZE = 20


def duplicate_queue(user: User) -> list[MuligDuplikat]:
    """The open possible duplicates of the cases whose team the user leads (or whose service
    they head), oldest first, each with the user's offers (:data:`cases.actions.DUPLIKAT`).
    No query for anybody else; one for a leader."""
    if not decides_any_duplicates(user):
        return []
    queue = list(
        MuligDuplikat.objects.filter(duplicate_scope(user), status=MuligDuplikat.Status.APEN)
        .select_related(
            "sak__team", "sak__saksbehandler", "eksisterende__barn", "eksisterende__team"
        )
        .order_by("registrert", "pk")[:DUPLICATE_QUEUE_SIZE]
    )
    for duplikat in queue:
        duplikat.offers = DUPLIKAT.offers(duplikat, user)
    return queue


# --- The case page -------------------------------------------------------------------------------


def sak_detail_queryset() -> QuerySet[Sak]:
    return Sak.objects.select_related(
        "barn", "team", "team__tjeneste", "saksbehandler", "undersokelse"
    )


def case_page_batched(user: User, sak: Sak):
    """The case page's own lists – the parties, the linked siblings' cases the user may see
    (ROLE-02) and the latest transfer – as a panel of the page's one statement
    (:mod:`core.batch`)."""
    rows = yield {
        "parter": sak.parter.all(),
        "soskensaker": saker_visible_to(user)
        .filter(soskensaker=sak)
        .select_related("barn")
        .order_by("saksnummer"),
        "overforing": sak.overforinger.select_related(
            "fra_saksbehandler", "til_saksbehandler", "utfort_av"
        ).order_by("-tidspunkt", "-pk")[:1],
    }
    rows["overforing"] = rows["overforing"][0] if rows["overforing"] else None
    return rows


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
