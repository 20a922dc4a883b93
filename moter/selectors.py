"""Reads of the meetings, scoped to a case opened through
:func:`cases.permissions.access_sak` (ROLE-02), each in a fixed number of queries; and the
set-based finders the nightly reminders pull (MOTE-04, MOTE-05, MOTE-06, FRIST-01)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Rolle, Rolletildeling, User
from cases.models import Overforing, Part, Sak
from core import batch
from journal.registry import Hit
from vedtak.models import Samtykke, Tiltak

from . import rules
from .actions import MOTER
from .models import Ansvarsgruppe, EksternDeltaker, Mote, Oppgave

HELD = (Mote.Status.AVHOLDT, Mote.Status.SIGNERT)


def parties_of(sak: Sak) -> QuerySet[Part]:
    return Part.objects.filter(sak=sak, aktiv=True)


def staff_of(sak: Sak) -> QuerySet[User]:
    """The service's staff with an active role: who may lead a meeting or take part."""
    return User.objects.filter(
        Exists(
            Rolletildeling.objects.filter(
                user=OuterRef("pk"), tjeneste_id=sak.tjeneste_id, avsluttet__isnull=True
            )
        ),
        is_active=True,
    ).order_by("first_name", "last_name", "username")


def team_staff_of(sak: Sak) -> QuerySet[User]:
    """The case's team (caseworkers and leaders): who may write the minutes and sign them."""
    return User.objects.filter(
        Exists(
            Rolletildeling.objects.filter(
                user=OuterRef("pk"),
                team_id=sak.team_id,
                rolle__in=(Rolle.SAKSBEHANDLER, Rolle.TEAMLEDER),
                avsluttet__isnull=True,
            )
        ),
        is_active=True,
    ).order_by("first_name", "last_name", "username")


def sharing_consents_of(sak: Sak) -> list[Samtykke]:
    """SAM-04: the case's consents to share information (MOTE-03 reads them)."""
    return list(
        Samtykke.objects.filter(sak=sak, formal_type=Samtykke.Formal.INFORMASJONSDELING).order_by(
            "-gitt_dato", "-pk"
        )
    )


def measures_of(sak: Sak) -> QuerySet[Tiltak]:
    return (
        Tiltak.objects.filter(vedtak__sak=sak, fra_dato__isnull=False)
        .select_related("type")
        .order_by("vedtak_id", "rekkefolge", "pk")
    )


def meetings_of(sak: Sak) -> list[Mote]:
    """The case's meetings, newest first, with their leader and referent (one query)."""
    moter = list(
        Mote.objects.filter(sak=sak)
        .select_related("leder", "referent")
        .order_by("-tidspunkt", "-pk")
    )
    for m in moter:
        m.sak = sak
    return moter


def mote_detail(sak: Sak, mote_id: int) -> Mote | None:
    mote = (
        Mote.objects.filter(sak=sak, pk=mote_id)
        .select_related("leder", "referent", "tiltak__type", "notat", "ansvarsgruppe")
        .prefetch_related(
            "parter",
            "ansatte",
            Prefetch("eksterne", EksternDeltaker.objects.filter(fjernet=False)),
            Prefetch("oppgaver", Oppgave.objects.select_related("ansvarlig", "utfort_av")),
        )
        .first()
    )
    if mote is not None:
        mote.sak = sak
    return mote


def oppgave_of(sak: Sak, mote_id: int, oppgave_id: int) -> Oppgave | None:
    oppgave = (
        Oppgave.objects.filter(pk=oppgave_id, mote_id=mote_id, mote__sak=sak)
        .select_related("mote")
        .first()
    )
    if oppgave is not None:
        oppgave.mote.sak = sak
    return oppgave


# --- The case page's panel ------------------------------------------------------------------


@dataclass
class Flag:
    rule: str
    message: str
    url: str = ""
    link: str = ""


@dataclass
class Panel:
    next_meeting: Mote | None
    open_oppgaver: list[Oppgave]
    flags: list[Flag] = field(default_factory=list)
    suggestions: list[Flag] = field(default_factory=list)
    actions: list = field(default_factory=list)


@dataclass(frozen=True)
class NextMeeting:
    pk: int
    type: str
    tidspunkt: datetime

    def get_type_display(self) -> str:
        return str(Mote.Type(self.type).label)


def _case_facts(sak: Sak):
    """One row (``values()``): the next planned meeting, the latest transfer without its
    overgangsmøte (MOTE-02), the active ansvarsgruppe with its rhythm and the last held
    group meeting (MOTE-05)."""
    moter = Mote.objects.filter(sak=OuterRef("pk"))
    nxt = moter.filter(status=Mote.Status.PLANLAGT, tidspunkt__gte=timezone.now()).order_by(
        "tidspunkt", "pk"
    )
    group = Ansvarsgruppe.objects.filter(sak=OuterRef("pk"), aktiv=True).order_by(
        "-startdato", "-pk"
    )
    held = moter.filter(type=rules.ANSVARSGRUPPEMOTE, status__in=HELD).order_by("-tidspunkt")
    transfer = (
        Overforing.objects.filter(sak=OuterRef("pk"))
        .exclude(moter__type=rules.OVERGANGSMOTE)
        .order_by("-tidspunkt", "-pk")
    )
    return (
        Sak.objects.filter(pk=sak.pk)
        .annotate(
            next_pk=Subquery(nxt.values("pk")[:1]),
            next_type=Subquery(nxt.values("type")[:1]),
            next_time=Subquery(nxt.values("tidspunkt")[:1]),
            transfer_pk=Subquery(transfer.values("pk")[:1]),
            group_pk=Subquery(group.values("pk")[:1]),
            group_start=Subquery(group.values("startdato")[:1]),
            group_weeks=Subquery(group.values("rytme_uker")[:1]),
            group_last_held=Subquery(held.values("tidspunkt")[:1]),
        )
        .values(
            "next_pk",
            "next_type",
            "next_time",
            "transfer_pk",
            "group_pk",
            "group_start",
            "group_weeks",
            "group_last_held",
        )
    )


def case_panel(user: User, sak: Sak, today: date | None = None) -> Panel:
    """The next meeting, the open agreed actions (MOTE-04), a missed ansvarsgruppe meeting
    (MOTE-05), measures without their oppstartsmøte (MOTE-06) and the transfer's overgangsmøte
    to plan (MOTE-02). Three queries, in one statement."""
    return batch.resolve(case_panel_batched(user, sak, today))


def case_panel_batched(user: User, sak: Sak, today: date | None = None):
    """:func:`case_panel` as a panel of the case page's one statement (:mod:`core.batch`)."""
    today = today or timezone.localdate()
    rows = yield {
        "facts": _case_facts(sak),
        "oppgaver": Oppgave.objects.filter(mote__sak=sak, utfort__isnull=True)
        .select_related("ansvarlig")
        .order_by("frist", "pk"),
        "oppstart": measures_without_oppstart(today, due_only=False).filter(vedtak__sak=sak),
    }
    facts = rows["facts"][0]
    next_meeting = None
    if facts["next_pk"]:
        next_meeting = NextMeeting(facts["next_pk"], facts["next_type"], facts["next_time"])
    open_oppgaver = rows["oppgaver"]
    panel = Panel(next_meeting, open_oppgaver, actions=MOTER.offers(sak, user))
    # The links to plan a meeting only for those who may plan one (the head reads the flags).
    may_plan = MOTER.may(sak, user, "plan")
    plan_url = reverse("moter:plan", args=[sak.pk]) if may_plan else ""
    # MOTE-05
    if group := facts["group_pk"]:
        last = facts["group_last_held"]
        due = rules.ansvarsgruppe_due(
            facts["group_start"],
            timezone.localtime(last).date() if last else None,
            facts["group_weeks"],
        )
        if due < today:
            panel.flags.append(
                Flag(
                    "MOTE-05",
                    _("The responsibility group has not met within its rhythm of %(weeks)s weeks.")
                    % {"weeks": facts["group_weeks"]},
                    plan_url and f"{plan_url}?type={rules.ANSVARSGRUPPEMOTE}&ansvarsgruppe={group}",
                    _("Plan the responsibility group meeting"),
                )
            )
    # MOTE-06
    for tiltak in rows["oppstart"]:
        url = plan_url and f"{plan_url}?type={rules.OPPSTARTSMOTE}&tiltak={tiltak.pk}"
        if rules.oppstart_due(tiltak.fra_dato) <= today:
            panel.flags.append(
                Flag(
                    "MOTE-06",
                    _("«%(measure)s» has run %(days)s days or more without an oppstartsmøte.")
                    % {"measure": tiltak.type.navn, "days": rules.OPPSTART_DAYS},
                    url,
                    _("Plan the oppstartsmøte"),
                )
            )
        elif not tiltak.planned_oppstart:
            panel.suggestions.append(
                Flag(
                    "MOTE-06",
                    _("«%(measure)s» has started: plan its oppstartsmøte.")
                    % {"measure": tiltak.type.navn},
                    url,
                    _("Plan the oppstartsmøte"),
                )
            )
    # MOTE-02
    if facts["transfer_pk"] and may_plan:
        panel.suggestions.append(
            Flag(
                "MOTE-02",
                _("The case was transferred: plan the overgangsmøte with the roles filled in."),
                f"{plan_url}?overforing={facts['transfer_pk']}",
                _("Plan the overgangsmøte"),
            )
        )
    return panel


# --- The finders the nightly reminders pull (FRIST-01) ----------------------------------------


def open_oppgaver(today: date, window: int) -> QuerySet[Oppgave]:
    """MOTE-04: agreed actions not done whose deadline falls within ``window`` days or has
    passed."""
    return Oppgave.objects.filter(utfort__isnull=True, frist__lte=today + timedelta(days=window))


def measures_without_oppstart(today: date, *, due_only: bool = True) -> QuerySet[Tiltak]:
    """MOTE-06: running measures without a held oppstartsmøte; with ``due_only`` only those
    that have run :data:`rules.OPPSTART_DAYS` days. ``planned_oppstart`` says whether one is
    planned."""
    held = Mote.objects.filter(tiltak=OuterRef("pk"), type=rules.OPPSTARTSMOTE, status__in=HELD)
    planned = Mote.objects.filter(
        tiltak=OuterRef("pk"), type=rules.OPPSTARTSMOTE, status=Mote.Status.PLANLAGT
    )
    qs = Tiltak.objects.filter(
        Q(til_dato__isnull=True) | Q(til_dato__gte=today),
        fra_dato__isnull=False,
        fra_dato__lte=today,
        bortfalt_dato__isnull=True,
    ).filter(~Exists(held))
    if due_only:
        qs = qs.filter(fra_dato__lte=today - timedelta(days=rules.OPPSTART_DAYS))
    return qs.annotate(planned_oppstart=Exists(planned)).select_related("type")


def ansvarsgrupper_active(today: date) -> QuerySet[Ansvarsgruppe]:
    """MOTE-05: the active groups with the time of their case's last held group meeting
    (``sist_holdt``); the rhythm is applied per row (:func:`rules.ansvarsgruppe_due`)."""
    last = (
        Mote.objects.filter(sak=OuterRef("sak"), type=rules.ANSVARSGRUPPEMOTE, status__in=HELD)
        .order_by("-tidspunkt")
        .values("tidspunkt")[:1]
    )
    return Ansvarsgruppe.objects.filter(aktiv=True, startdato__lte=today).annotate(
        sist_holdt=Subquery(last)
    )


def history_sources(sak: Sak) -> list[tuple[type, QuerySet, str]]:
    """LOG-01: the meetings in the case history (one query)."""
    return [(Mote, Mote.history.filter(sak_id=sak.pk), "mote")]


def timeline(user: User, sak: Sak, found=None) -> list:
    """The journal's other entries: the case's meetings not yet signed (a signed meeting's
    minutes are a note already). One query."""
    return [
        Hit(
            m.get_type_display(),
            str(m.get_status_display()),
            m.dato,
            reverse("moter:detail", args=[sak.pk, m.pk]),
        )
        for m in Mote.objects.filter(sak=sak)
        .exclude(status=Mote.Status.SIGNERT)
        .order_by("-tidspunkt")[:20]
    ]
