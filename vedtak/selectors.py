"""Reads of decisions: the vedtak page, the team leader's queue, the head of service's
dashboard, the caseworker's withdrawn-consent list and the letters' contents.

Every list starts from :func:`cases.permissions.visibility_filter` (ROLE-02) and runs a fixed
number of queries whatever its length.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.db.models import (
    Count,
    F,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
)
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Rolle, Team, User
from cases.models import Part, Sak
from cases.permissions import visibility_filter
from core import batch
from documents.letter import mottaker, underskriver
from documents.recipients import Recipient

from . import hooks, rules
from .actions import SAK, TILTAK
from .models import Forhandsvarsel, Kommentar, Samtykke, Tiltak, Vedtak


def vedtak_sak_queryset() -> QuerySet[Sak]:
    """The case of a decision's pages, as the access check reads it (ROLE-02), with what the
    pages and the decision's rules read of it: the decision is read without joining the case
    again (:func:`vedtak_queryset`): ten tables in one query took PostgreSQL several times
    longer to plan than the decision alone (bench P2; the figures are in the README)."""
    return Sak.objects.select_related("barn", "team", "tjeneste").prefetch_related(
        Prefetch("parter", queryset=Part.objects.order_by("-daglig_omsorg", "etternavn"))
    )


def vedtak_queryset() -> QuerySet[Vedtak]:
    """One decision with everything its page and its rules read, in a fixed number of queries
    (VED-09's "a plan exists" is read with the decision itself). Its case comes from the
    access check (:func:`vedtak_sak_queryset`, :func:`vedtak.permissions.access_vedtak`)."""
    return (
        Vedtak.objects.annotate(**hooks.plan_exists_annotation())
        .select_related(
            "opprettet_av",
            "tiltak_godkjent_av",
            "frigitt_av",
            "godkjent_av",
            "trukket_av",
            "program_vurdert_av",
        )
        .prefetch_related(
            Prefetch(
                "tiltak",
                queryset=Tiltak.objects.select_related(
                    "type", "endrer", "endrer__type", "program", "utforer"
                )
                .prefetch_related(
                    # The case's child too: a consent the youth gave from 18 says so (SAM-01).
                    Prefetch(
                        "samtykker", queryset=Samtykke.objects.select_related("part", "sak__barn")
                    )
                )
                .order_by("rekkefolge", "pk"),
            ),
            Prefetch("forhandsvarsler", queryset=Forhandsvarsel.objects.select_related("part")),
            Prefetch("kommentarer", queryset=Kommentar.objects.select_related("forfatter")),
        )
    )


def vedtak_for_sak(sak: Sak) -> list[Vedtak]:
    return list(
        sak.vedtak.select_related("opprettet_av", "godkjent_av")
        .annotate(antall_tiltak=Count("tiltak", filter=Q(tiltak__fjernet=False)))
        .order_by("-opprettet")
    )


def tiltak_for_sak(sak: Sak) -> list[Tiltak]:
    """The case's measures under approved decisions: running, planned and past."""
    return list(
        Tiltak.objects.filter(
            vedtak__sak=sak,
            vedtak__status__in=[Vedtak.Status.GODKJENT, Vedtak.Status.EKSPEDERT],
        )
        .exclude(vedtak__type=Vedtak.Type.AVSLUTNING)
        .select_related("type", "vedtak")
        .order_by("til_dato", "bortfalt_dato", "startdato", "pk")
    )


def running_tiltak_for_sak(sak: Sak) -> QuerySet[Tiltak]:
    return (
        Tiltak.objects.filter(
            vedtak__sak=sak,
            vedtak__status__in=[Vedtak.Status.GODKJENT, Vedtak.Status.EKSPEDERT],
            til_dato__isnull=True,
            bortfalt_dato__isnull=True,
        )
        .exclude(vedtak__type=Vedtak.Type.AVSLUTNING)
        .select_related("type")
    )


def samtykker_for_sak(sak: Sak) -> list[Samtykke]:
    found = list(
        sak.samtykker.select_related("part").prefetch_related(
            Prefetch("tiltak", queryset=Tiltak.objects.select_related("type"))
        )
    )
    for samtykke in found:
        samtykke.sak = sak  # the one case, its child read once (SAM-01: «the youth» from 18)
    return found


def samtykke_of_sak(sak: Sak, samtykke_id: int) -> Samtykke | None:
    """One consent of a case the user may see (the case from ``access_sak``)."""
    samtykke = sak.samtykker.filter(pk=samtykke_id).first()
    if samtykke is not None:
        samtykke.sak = sak
    return samtykke


def tiltak_of_sak(sak: Sak, tiltak_id: int) -> Tiltak | None:
    """One measure of a case the user may see, with its decision (the case from
    ``access_sak``)."""
    tiltak = (
        Tiltak.objects.filter(vedtak__sak=sak, pk=tiltak_id)
        .select_related("type", "vedtak")
        .first()
    )
    if tiltak is not None:
        tiltak.vedtak.sak = sak
    return tiltak


def vedtak_as_saved(vedtak_id: int) -> Vedtak:
    """VED-12: the decision as it is saved now, after someone else changed it."""
    return Vedtak.objects.get(pk=vedtak_id)


def consent_tiltak_choices(sak: Sak) -> QuerySet[Tiltak]:
    """The measures a new consent can cover: drafts and running ones, not ended ones."""
    return (
        Tiltak.objects.filter(vedtak__sak=sak, til_dato__isnull=True, bortfalt_dato__isnull=True)
        .exclude(vedtak__status=Vedtak.Status.TRUKKET)
        .exclude(vedtak__type=Vedtak.Type.AVSLUTNING)
        .select_related("type", "vedtak")
        .order_by("vedtak_id", "rekkefolge")
    )


# --- the queue and the dashboard -------------------------------------------------------------


@dataclass
class QueueFilter:
    status: str = ""
    team: int | None = None
    frist: str = ""  # "" | "snart" | "over"


@dataclass
class Queue:
    rows: list[Vedtak]
    counts: dict[str, int]
    total: int
    overdue: int


# Per row, as subqueries: joining the measures and the advance notices and grouping the rows
# took PostgreSQL longer to plan than the subqueries (bench P2).


def _count_of_measures() -> Coalesce:
    """The decision's measures that are not removed."""
    return Coalesce(
        Subquery(
            Tiltak.objects.filter(vedtak_id=OuterRef("pk"), fjernet=False)
            .order_by()
            .values("vedtak_id")
            .annotate(n=Count("pk"))
            .values("n")
        ),
        0,
    )


def _next_notice_deadline(today: date) -> Subquery:
    """The first advance notice deadline still open (no statement received, not passed)."""
    return Subquery(
        Forhandsvarsel.objects.filter(
            vedtak_id=OuterRef("pk"), uttalelse_mottatt__isnull=True, frist__gte=today
        )
        .order_by("frist")
        .values("frist")[:1]
    )


def _queue(
    user: User,
    scope: Q,
    statuses: tuple[str, ...],
    f: QueueFilter,
    order: tuple[str, ...],
    today: date,
    limit: int,
) -> Queue:
    # ROLE-02 on the case's own columns (no subquery: a semi-join on the visible cases made
    # PostgreSQL plan the rows' query much longer, bench P2).
    base = Vedtak.objects.filter(scope, visibility_filter(user, "sak__"), status__in=statuses)
    soon = today + timedelta(days=settings.FRIST_VARSEL_DAGER)
    agg = base.aggregate(
        total=Count("pk"),
        overdue=Count("pk", filter=Q(fristdato__lt=today)),
        **{f"s_{s}": Count("pk", filter=Q(status=s)) for s in statuses},
    )
    qs = base
    if f.status in statuses:
        qs = qs.filter(status=f.status)
    if f.team:
        qs = qs.filter(sak__team_id=f.team)
    if f.frist == "over":
        qs = qs.filter(fristdato__lt=today)
    elif f.frist == "snart":
        qs = qs.filter(fristdato__lte=soon)
    rows = list(
        qs.select_related("sak__barn", "sak__team", "opprettet_av")
        .annotate(
            antall_tiltak=_count_of_measures(),
            neste_varselfrist=_next_notice_deadline(today),
        )
        .order_by(*order)[:limit]
    )
    return Queue(
        rows=rows,
        counts={s: agg[f"s_{s}"] for s in statuses},
        total=agg["total"],
        overdue=agg["overdue"],
    )


QUEUE_LIMIT = 200


def teamleder_teams(user: User) -> list[Team]:
    """The teams a team leader's queue can be filtered by: the teams they lead."""
    return list(Team.objects.filter(pk__in=user.team_ids(Rolle.TEAMLEDER)).order_by("navn"))


def barnevernleder_teams(user: User) -> list[Team]:
    """The teams the head of service's dashboard can be filtered by: the service's teams."""
    return list(
        Team.objects.filter(tjeneste_id__in=user.tjeneste_ids(Rolle.BARNEVERNLEDER)).order_by(
            "navn"
        )
    )


def teamleder_queue(user: User, f: QueueFilter, today: date | None = None) -> Queue:
    """VED-03/VED-05: decisions sent for guidance to the teams this user leads, and those they
    released, waiting for the head of service."""
    today = today or timezone.localdate()
    scope = Q(sak__team_id__in=sorted(user.team_ids(Rolle.TEAMLEDER)))
    return _queue(
        user,
        scope,
        (Vedtak.Status.TIL_VEILEDNING, Vedtak.Status.KLAR_FOR_GODKJENNING),
        f,
        ("status", "fristdato", "sendt_til_veiledning", "pk"),
        today,
        QUEUE_LIMIT,
    )


def barnevernleder_dashboard(user: User, f: QueueFilter, today: date | None = None) -> Queue:
    """VED-08: the decisions waiting for the head of service's signature, by deadline; and the
    approved ones not yet sent to the parties."""
    today = today or timezone.localdate()
    scope = Q(sak__tjeneste_id__in=sorted(user.tjeneste_ids(Rolle.BARNEVERNLEDER)))
    return _queue(
        user,
        scope,
        (Vedtak.Status.KLAR_FOR_GODKJENNING, Vedtak.Status.GODKJENT),
        f,
        ("-status", F("fristdato").asc(nulls_last=True), "frigitt", "pk"),
        today,
        QUEUE_LIMIT,
    )


def withdrawn_consents_open() -> QuerySet[Tiltak]:
    """SAM-03: measures whose consent was withdrawn and that nothing has handled yet – the
    finder behind the start page, «Mine frister» and the nightly digest (one query).

    Handled means one of: a new decision that changes or ends the measure (or, for a measure
    of a draft, the decision itself, once VED-07 found the consents it needs) was approved
    (:func:`vedtak.services.vedtak_approve` records it); the caseworker marked it followed up;
    or the measure has ended or lapsed. The measures of a withdrawn decision are not listed."""
    return Tiltak.objects.filter(
        samtykke_trukket__isnull=False,
        samtykke_trukket_behandlet__isnull=True,
        til_dato__isnull=True,
        bortfalt_dato__isnull=True,
    ).exclude(vedtak__status=Vedtak.Status.TRUKKET)


WITHDRAWN_CONSENTS_LIMIT = 50


def withdrawn_consents_for(user: User) -> list[Tiltak]:
    """SAM-03: the start page's open withdrawn consents (:func:`withdrawn_consents_open`) of
    the active cases the user is responsible for and of the teams they lead, within what
    ROLE-02 lets them see. One query."""
    qs = (
        withdrawn_consents_open()
        .filter(visibility_filter(user, "vedtak__sak__"), vedtak__sak__status=Sak.Status.AKTIV)
        .filter(
            Q(vedtak__sak__saksbehandler=user)
            | Q(vedtak__sak__team_id__in=sorted(user.team_ids(Rolle.TEAMLEDER)))
        )
    )
    return list(
        qs.select_related("type", "vedtak__sak").order_by("samtykke_trukket", "pk")[
            :WITHDRAWN_CONSENTS_LIMIT
        ]
    )


# --- the letters ----------------------------------------------------------------------------


def _letter_base(sak: Sak) -> dict[str, Any]:
    return {
        "sak": sak,
        "barn": sak.barn,
        "tjeneste": sak.tjeneste,
        "saksbehandler": sak.saksbehandler,
        "klagefrist_uker": 3,
    }


def _letter_querysets(vedtak_id: int, sak_id: int | None) -> list[QuerySet]:
    """The decision, its case's parties, its measures and notices: one statement (core.batch).
    With ``sak_id`` (the case read already with its child, service and caseworker), the
    decision is read without them."""
    # What the letter prints, and no more: the page's queryset joins five more users and
    # prefetches the comments and consents, which a letter rendered in the worker pays for.
    # No team either (no letter prints it): PostgreSQL's search for a join order grows fast
    # with the tables joined, and one more made planning several times slower (bench P6a).
    joins = ["opprettet_av", "godkjent_av", "ettervern"]
    if sak_id is None:
        joins += ["sak__barn", "sak__tjeneste", "sak__saksbehandler"]
        parties = Part.objects.filter(sak__vedtak=vedtak_id)
    else:
        parties = Part.objects.filter(sak=sak_id)
    return [
        # One row: no ORDER BY to compile (Django's ordering is costly to build).
        Vedtak.objects.annotate(**hooks.plan_exists_annotation())
        .select_related(*joins)
        .filter(pk=vedtak_id)
        .order_by(),
        parties.order_by("-daglig_omsorg", "etternavn"),
        Tiltak.objects.filter(vedtak_id=vedtak_id)
        .select_related("type", "endrer__type")
        .order_by("rekkefolge", "pk"),
        Forhandsvarsel.objects.filter(vedtak_id=vedtak_id).select_related("part"),
    ]


#: The worker's letter, of the case its document row was read with: compiled once per process
#: (core.batch.Statement).
_LETTER = batch.Statement(_letter_querysets)


def vedtak_document_context(vedtak_id: int, *, sak: Sak | None = None) -> dict[str, Any]:
    """VED-02/VED-09/VED-10: everything the decision letter states.

    ``sak`` is the decision's case when the caller has read it already with its child, service
    and caseworker (the document row in the worker): the decision is then read without them
    (were it another case, the decision's own is read when the letter asks for it)."""
    if sak is None:
        found, parties, measures, notices = batch.fetch(_letter_querysets(vedtak_id, None))
    else:
        found, parties, measures, notices = _LETTER.fetch(vedtak_id=vedtak_id, sak_id=sak.pk)
    if not found:
        raise Vedtak.DoesNotExist
    vedtak = found[0]
    if sak is not None and vedtak.sak_id == sak.pk:
        vedtak.sak = sak
    elif sak is not None:  # not the decision's case: its own parties
        parties = list(vedtak.sak.parter.order_by("-daglig_omsorg", "etternavn"))
    parter = [p for p in parties if p.aktiv]
    for row in (*measures, *notices):
        row.vedtak = vedtak
    today = timezone.localdate()
    signers = [underskriver(vedtak.godkjent_av)] if vedtak.godkjent_av else []
    signers.append(underskriver(vedtak.opprettet_av))
    return {
        "underskrivere": signers,
        **_letter_base(vedtak.sak),
        "vedtak": vedtak,
        "tiltak": measures,
        "parter": parter,
        "barn_er_part": vedtak.sak.barn_er_part(today),
        # SAM-01 from 18: the letter says whose consent the measures rest on that day.
        "ungdom_voksen": rules.youth_is_adult(
            vedtak, timezone.localtime(vedtak.godkjent).date() if vedtak.godkjent else today
        ),
        "forhandsvarsler": notices,
        "tiltaksplan_finnes": hooks.plan_exists(vedtak),
        "godkjent_av": vedtak.godkjent_av,
        "godkjent_dato": timezone.localtime(vedtak.godkjent).date() if vedtak.godkjent else None,
    }


def forhandsvarsel_document_context(notice_id: int) -> dict[str, Any]:
    notice = Forhandsvarsel.objects.select_related(
        "part",
        "vedtak",
        "vedtak__sak__barn",
        "vedtak__sak__tjeneste",
        "vedtak__sak__saksbehandler",
    ).get(pk=notice_id)
    vedtak = notice.vedtak
    return {
        "mottakere": [mottaker(vedtak.sak.barn if notice.til_barnet else notice.part)],
        **_letter_base(vedtak.sak),
        "varsel": notice,
        "vedtak": vedtak,
        "mottaker": notice.part,
        "til_barnet": notice.til_barnet,
        "tiltak": list(vedtak.tiltak.select_related("type")),
    }


def samtykke_document_context(samtykke_id: int) -> dict[str, Any]:
    samtykke = Samtykke.objects.select_related(
        "part", "sak__barn", "sak__tjeneste", "sak__saksbehandler"
    ).get(pk=samtykke_id)
    return {
        "mottakere": [mottaker(samtykke.sak.barn if samtykke.gitt_av_barnet else samtykke.part)],
        **_letter_base(samtykke.sak),
        "samtykke": samtykke,
        "ungdom_voksen": samtykke.gitt_dato >= rules.adult_from(samtykke.sak.barn.fodselsdato),
        "mottaker": samtykke.part,
        "tiltak": list(samtykke.tiltak.select_related("type")),
    }


def notice_rows(vedtak: Vedtak, on: date | None = None) -> list[dict[str, Any]]:
    """VED-06 per party to notify: the notice sent (or none), its deadline and whether it is
    settled (answered, or the deadline passed)."""
    on = on or timezone.localdate()
    notices = list(vedtak.forhandsvarsler.all())
    rows = []
    for part, is_child in rules.parties_to_notify(vedtak, on):
        notice = next(
            (n for n in notices if (n.til_barnet if is_child else n.part_id == part.pk)), None
        )
        rows.append(
            {
                "key": Recipient.of(part, is_child).key,
                "name": str(_("The child")) if is_child else part.fullt_navn,
                "role": "" if is_child else part.get_relasjon_display(),
                "notice": notice,
                "done": notice is not None and notice.er_avklart(on),
            }
        )
    return rows


def statement_versions(notice: Forhandsvarsel) -> list[dict[str, Any]]:
    """Issue 20, LOG-01: the earlier versions of a party's statement, newest first, as
    ``{"mottatt", "uttalelse", "by", "at"}`` (when it was recorded and by whom); the one saved
    now is not among them. Read from the notice's history in one query."""
    records = (
        Forhandsvarsel.history.filter(id=notice.pk, uttalelse_mottatt__isnull=False)
        .select_related("history_user")
        .order_by("history_date", "history_id")
    )
    versions: list[dict[str, Any]] = []
    for record in records:
        if versions and (versions[-1]["mottatt"], versions[-1]["uttalelse"]) == (
            record.uttalelse_mottatt,
            record.uttalelse,
        ):
            continue
        versions.append(
            {
                "mottatt": record.uttalelse_mottatt,
                "uttalelse": record.uttalelse,
                "by": record.history_user,
                "at": record.history_date,
            }
        )
    return versions[-2::-1]


#: The rules of the vedtak page's panel, in its order.
PANEL_RULES = (rules.VED_01, rules.VED_02, rules.VED_05, rules.VED_06, rules.VED_07, rules.VED_09)


def approval_snapshot(vedtak: Vedtak, on: date | None = None) -> dict[str, Any]:
    """The vedtak page's rules panel, from the same rule objects.

    Before approval: every rule's state on ``on`` (``checks``, each with what is missing).
    Once approved (issue 20), what the approval rested on (``decided``): the rules it had to
    meet were met that day (the transition's ``conditions=``), and VED-09 was met or
    overridden with the reason recorded; nothing is «missing» any more. A withdrawn decision
    was never approved: no rule applies to it (``withdrawn``)."""
    if vedtak.status == Vedtak.Status.TRUKKET:
        return {"checks": [], "decided": False, "withdrawn": True}
    if vedtak.er_godkjent:
        checks = []
        for rule in PANEL_RULES:
            reason = vedtak.uten_tiltaksplan_begrunnelse if rule is rules.VED_09 else ""
            checks.append(
                {
                    "rule": rule,
                    "problems": [],
                    "reason": reason,
                    "color": "warning" if reason else "success",
                }
            )
        return {"checks": checks, "decided": True, "withdrawn": False}
    on = on or timezone.localdate()
    checks = []
    for rule in PANEL_RULES:
        problems = rule.problems(vedtak, on)
        # The tag's colour: met, only a warning (a *should* rule), or blocking.
        color = "success" if not problems else "warning" if rule.strength == "should" else "danger"
        checks.append({"rule": rule, "problems": problems, "color": color})
    return {"checks": checks, "decided": False, "withdrawn": False}


# --- the case page and the case history ------------------------------------------------------


def sak_panel(user: User, sak: Sak) -> dict[str, Any]:
    """The case page's decisions and measures, in two queries, with the kernel's offers: a new
    decision (:data:`vedtak.actions.SAK`), and per measure what happened to it (VED-11,
    SAM-03; :data:`vedtak.actions.TILTAK`)."""
    vedtak = list(
        sak.vedtak.select_related("opprettet_av")
        .annotate(antall_tiltak=Count("tiltak", filter=Q(tiltak__fjernet=False)))
        .order_by("-opprettet")
    )
    tiltak = tiltak_for_sak(sak)
    for t in tiltak:
        t.vedtak.sak = sak  # the one case: who may act is read from it, without a query
        t.actions = TILTAK.offers(t, user)
    return {
        "vedtak": vedtak,
        "tiltak": tiltak,
        "actions": SAK.offers(sak, user, names=("create_vedtak",)),
        "tiltak_actions": any(t.actions for t in tiltak),
    }


def history_sources(sak: Sak) -> list[tuple[type, QuerySet, str]]:
    """LOG-01: the decisions' records in the case history (one query per model)."""
    ids = Vedtak.objects.filter(sak_id=sak.pk).values("pk")
    return [
        (Vedtak, Vedtak.history.filter(sak_id=sak.pk), "vedtak"),
        (Tiltak, Tiltak.history.filter(vedtak_id__in=ids), "tiltak"),
        (Forhandsvarsel, Forhandsvarsel.history.filter(vedtak_id__in=ids), "forhandsvarsel"),
        (Samtykke, Samtykke.history.filter(sak_id=sak.pk), "samtykke"),
    ]


# --- BANK-04: the providers of the programmes ----------------------------------------------


def provider_load(user_ids: set[int], on: date) -> dict[int, int]:
    """BANK-04: the measures each user gives that are running on ``on`` (started, not ended,
    not lapsed), in one query."""
    rows = (
        Tiltak.objects.filter(utforer_id__in=user_ids, fra_dato__lte=on, bortfalt_dato__isnull=True)
        .filter(Q(til_dato__isnull=True) | Q(til_dato__gte=on))
        .values("utforer_id")
        .annotate(n=Count("pk"))
    )
    return {r["utforer_id"]: r["n"] for r in rows}
