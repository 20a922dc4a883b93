"""Reads of contractors and assignments: lists, the contractor page, the clerical officer's
work list, the case panel, the letters' contents and the nightly deadline finders.

Every user-facing list starts from :mod:`contractors.permissions` (the service's staff) and
runs a fixed number of queries whatever its length. The deadline finders (FRIST-01) are
set-based querysets, filtered in SQL, each row reaching its case's responsible caseworker
through ``sak__saksbehandler``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.db.models import (
    BooleanField,
    Count,
    Exists,
    ExpressionWrapper,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
)
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from cases.models import Sak
from cases.permissions import visibility_filter
from core.actions import Offer
from core.dates import format_dato
from documents import letter
from documents.models import Dokument
from evaluations.registry import Entry
from vedtak.models import Tiltak
from vedtak.selectors import running_tiltak_for_sak

from . import permissions, rules
from .actions import GODKJENNINGSDOKUMENT, OPPDRAG, TILTAK, Godkjenningsdokument
from .models import Innlevering, Oppdrag, Oppdragstaker, Politiattest, Taushetserklaering

# --- shared SQL pieces -----------------------------------------------------------------------


def _latest_politiattest(outer: str = "pk") -> Subquery:
    return Subquery(
        Politiattest.objects.filter(oppdragstaker_id=OuterRef(outer))
        .order_by("-utstedt_dato", "-vurdert_dato", "-pk")
        .values("resultat")[:1]
    )


def _latest_politiattest_dato(outer: str = "pk") -> Subquery:
    return Subquery(
        Politiattest.objects.filter(oppdragstaker_id=OuterRef(outer))
        .order_by("-utstedt_dato", "-vurdert_dato", "-pk")
        .values("utstedt_dato")[:1]
    )


def _assessed_politiattest(outer: str, on: date) -> Subquery:
    """The result of the latest certificate assessed by ``on`` (as ``rules.siste_politiattest``)."""
    return Subquery(
        Politiattest.objects.filter(oppdragstaker_id=OuterRef(outer), vurdert_dato__lte=on)
        .order_by("-utstedt_dato", "-vurdert_dato", "-pk")
        .values("resultat")[:1]
    )


def _has_declaration(outer: str, on: date) -> Exists:
    return Exists(
        Taushetserklaering.objects.filter(oppdragstaker_id=OuterRef(outer), signert_dato__lte=on)
    )


def _received(kind: str, periode: date) -> Exists:
    return Exists(Innlevering.objects.filter(oppdrag_id=OuterRef("pk"), type=kind, periode=periode))


def _running_in(first: date, last: date) -> Q:
    """An assignment that ran on at least one day of [first, last]: its measure started by
    ``last``, its agreement began by ``last``, and nothing ended it before ``first``."""
    return (
        Q(tiltak__fra_dato__isnull=False, tiltak__fra_dato__lte=last, fra_dato__lte=last)
        & (Q(avsluttet_dato__isnull=True) | Q(avsluttet_dato__gte=first))
        & (Q(til_dato__isnull=True) | Q(til_dato__gte=first))
        & (Q(tiltak__til_dato__isnull=True) | Q(tiltak__til_dato__gte=first))
    )


def _bool(q: Q) -> ExpressionWrapper:
    return ExpressionWrapper(q, output_field=BooleanField())


# --- OPP-02 on an assignment (the case page, the measures, the assignment, the work list) ----


def with_opp02_facts(qs: QuerySet, on: date) -> QuerySet:
    """Assignments annotated with their contractor's OPP-02 facts on ``on``, in the same
    query: ``opp02_politiattest`` (the latest assessed certificate's result) and
    ``opp02_taushetserklaering``."""
    return qs.annotate(
        opp02_politiattest=_assessed_politiattest("oppdragstaker_id", on),
        opp02_taushetserklaering=_has_declaration("oppdragstaker_id", on),
    )


def start_block(oppdrag: Oppdrag, on: date) -> rules.StartBlock | None:
    """What keeps the assignment's contractor from acting on ``on`` (OPP-02), for an
    assignment not ended; from the annotations of :func:`with_opp02_facts` when the row has
    them, else from the contractor's prefetched records. Needs ``tiltak`` and
    ``oppdragstaker`` joined."""
    status = oppdrag.status(on)
    if status == Oppdrag.Status.AVSLUTTET:
        return None
    if hasattr(oppdrag, "opp02_politiattest"):
        facts = (oppdrag.opp02_politiattest, oppdrag.opp02_taushetserklaering)
    else:
        facts = rules.opp02_facts(oppdrag.oppdragstaker, on)
    return rules.start_block(
        oppdrag.oppdragstaker,
        politiattest=facts[0],
        taushetserklaering=facts[1],
        started=status == Oppdrag.Status.AKTIV,
    )


def _with_start_blocks(oppdrag: list[Oppdrag], on: date) -> list[Oppdrag]:
    for o in oppdrag:
        o.start_block = start_block(o, on)
    return oppdrag


# --- the contractor list ------------------------------------------------------------------------


@dataclass(frozen=True)
class OppdragstakerFilter:
    type: str = ""
    status: str = ""


def oppdragstaker_list(user: User, f: OppdragstakerFilter | None = None) -> QuerySet:
    """The service's contractors with what the list shows, in one query."""
    f = f or OppdragstakerFilter()
    today = timezone.localdate()
    qs = permissions.oppdragstakere_visible_to(user).annotate(
        siste_politiattest=_latest_politiattest(),
        siste_politiattest_dato=_latest_politiattest_dato(),
        har_taushetserklaering=_has_declaration("pk", today),
        aktive_oppdrag=Count(
            "oppdrag",
            filter=Q(
                oppdrag__avsluttet_dato__isnull=True,
                oppdrag__tiltak__til_dato__isnull=True,
                oppdrag__tiltak__bortfalt_dato__isnull=True,
            ),
            distinct=True,
        ),
    )
    if f.type:
        qs = qs.filter(type=f.type)
    if f.status:
        qs = qs.filter(status=f.status)
    return qs.order_by("etternavn", "fornavn", "pk")


def flags_for_row(o: Oppdragstaker, today: date) -> list[dict[str, str]]:
    """What the list marks on an annotated row: OPP-02 gaps and an old certificate."""
    flags = []
    if o.omfattes_av_opp02 and o.status != o.Status.AVSLUTTET:
        if o.siste_politiattest is None:
            flags.append({"rule": "OPP-02", "kind": "danger", "key": "no_certificate"})
        elif o.siste_politiattest not in Politiattest.GODTATT:
            flags.append({"rule": "OPP-02", "kind": "danger", "key": "certificate_rejected"})
        elif rules.politiattest_for_gammel(o.siste_politiattest_dato, today):
            flags.append({"rule": "OPP-02", "kind": "warning", "key": "certificate_old"})
        if not o.har_taushetserklaering:
            flags.append({"rule": "OPP-02", "kind": "danger", "key": "no_declaration"})
    return flags


# --- the contractor page ---------------------------------------------------------------------


def oppdragstaker_detail_queryset() -> QuerySet:
    return Oppdragstaker.objects.select_related(
        "tjeneste", "godkjent_av", "opprettet_av"
    ).prefetch_related(
        Prefetch("politiattester", queryset=Politiattest.objects.select_related("vurdert_av")),
        Prefetch(
            "taushetserklaeringer",
            queryset=Taushetserklaering.objects.select_related("registrert_av"),
        ),
        Prefetch(
            "oppdrag",
            queryset=Oppdrag.objects.select_related(
                "tiltak", "tiltak__type", "tiltak__vedtak", "sak", "sak__barn", "sak__saksbehandler"
            )
            .prefetch_related("innleveringer")
            .order_by("-fra_dato", "-pk"),
        ),
    )


def oppdragstaker_action_queryset() -> QuerySet:
    """What an action's page and its rules read (OPP-02's records, OPP-04's assignments)."""
    return Oppdragstaker.objects.prefetch_related(
        "politiattester",
        "taushetserklaeringer",
        Prefetch("oppdrag", queryset=Oppdrag.objects.select_related("tiltak")),
    )


@dataclass(frozen=True)
class DokumentRow:
    """A document on a contractor's or an assignment's page: its download address when it is
    made (empty while it is not), and the user's offer to make it again when it failed
    (DOK-01; the approval document's, OPP-03)."""

    dokument: Dokument
    download_url: str
    retry: Offer | None = None


def oppdragsavtale_rows(oppdrag: Oppdrag) -> list[DokumentRow]:
    """The assignment's agreement documents (OPP-04), the latest first: documents of its case,
    downloaded (and made again) through the documents app's case pages."""
    return [
        DokumentRow(
            d,
            reverse("documents:download", args=[oppdrag.sak_id, d.pk]) if d.is_downloadable else "",
        )
        for d in Dokument.objects.for_source(oppdrag)
        .filter(type=Dokument.Type.OPPDRAGSAVTALE)
        .order_by("-versjon")
    ]


def godkjenningsdokument(oppdragstaker: Oppdragstaker, dokument_id: int) -> Dokument | None:
    """One of the contractor's approval documents (they belong to no case), or ``None``."""
    return (
        Dokument.objects.for_source(oppdragstaker)
        .filter(pk=dokument_id, type=Dokument.Type.GODKJENNINGSDOKUMENT, sak__isnull=True)
        .first()
    )


def godkjenningsdokument_rows(user: User, oppdragstaker: Oppdragstaker) -> list[DokumentRow]:
    """The contractor's approval documents, the latest first (one query)."""
    rows = []
    for d in (
        Dokument.objects.for_source(oppdragstaker)
        .filter(type=Dokument.Type.GODKJENNINGSDOKUMENT)
        .order_by("-versjon")
    ):
        download = (
            reverse(
                "contractors:approval_download",
                kwargs={"oppdragstaker_id": oppdragstaker.pk, "dokument_id": d.pk},
            )
            if d.is_downloadable
            else ""
        )
        retry = GODKJENNINGSDOKUMENT.offer(Godkjenningsdokument(oppdragstaker, d), user, "retry")
        rows.append(DokumentRow(d, download, retry))
    return rows


@dataclass
class OppdragRow:
    oppdrag: Oppdrag
    status: str
    sees_case: bool
    sees_reference: bool
    missing: list[dict[str, Any]] = field(default_factory=list)
    start_block: rules.StartBlock | None = None


def missing_for_oppdrag(oppdrag: Oppdrag, today: date) -> list[dict[str, Any]]:
    """What is outstanding on one assignment, from its prefetched rows (OPP-04/05/06)."""
    found: list[dict[str, Any]] = []
    status = oppdrag.status(today)
    if status != Oppdrag.Status.AVSLUTTET:
        if oppdrag.trenger_arbeidskontrakt and oppdrag.arbeidskontrakt_dato is None:
            found.append({"rule": "OPP-04", "key": "contract"})
        if oppdrag.trenger_orientering and oppdrag.orientert_dato is None:
            found.append({"rule": "OPP-06", "key": "briefing"})
    received = {(i.type, i.periode) for i in oppdrag.innleveringer.all()}
    month = rules.last_month(today)
    month_end = rules.month_start(today) - timedelta(days=1)
    if _ran_in(oppdrag, month, month_end):
        if oppdrag.trenger_arbeidskontrakt and (Innlevering.Type.TIMELISTE, month) not in received:
            found.append({"rule": "OPP-05", "key": "timesheet", "month": month})
        due = rules.report_due_in(oppdrag.rapportering, month)
        if due and (Innlevering.Type.RAPPORT, month) not in received:
            found.append({"rule": "OPP-05", "key": "report", "month": month})
    return found


def _ran_in(oppdrag: Oppdrag, first: date, last: date) -> bool:
    t = oppdrag.tiltak
    if t.fra_dato is None or t.fra_dato > last or oppdrag.fra_dato > last:
        return False
    return all(
        end is None or end >= first
        for end in (oppdrag.avsluttet_dato, oppdrag.til_dato, t.til_dato)
    )


def oppdrag_rows(user: User, oppdragstaker: Oppdragstaker) -> list[OppdragRow]:
    """Every assignment of the contractor, past and present, with what is missing and what
    this user may see of its case (need-to-know: the child's name only for the case's
    readers; the case number also for the clerical officer)."""
    today = timezone.localdate()
    oppdrag = list(oppdragstaker.oppdrag.all())
    visible = (
        set(
            Sak.objects.filter(
                visibility_filter(user), pk__in={o.sak_id for o in oppdrag}
            ).values_list("pk", flat=True)
        )
        if oppdrag
        else set()
    )
    reference = permissions.sees_case_reference(user, oppdragstaker.tjeneste_id)
    rows = []
    for o in oppdrag:
        o.oppdragstaker = oppdragstaker
        rows.append(
            OppdragRow(
                oppdrag=o,
                status=o.status(today),
                sees_case=o.sak_id in visible,
                sees_reference=reference or o.sak_id in visible,
                missing=missing_for_oppdrag(o, today),
                start_block=start_block(o, today),
            )
        )
    return rows


# --- the case panel --------------------------------------------------------------------------


@dataclass(frozen=True)
class AssignOffer:
    """A measure that can take a contractor, with the user's offer to assign one (OPP-04)."""

    tiltak: Any
    offer: Offer


@dataclass
class SakPanel:
    oppdrag: list[Oppdrag]
    #: The kernel's offers to assign a contractor, one per measure that can take one.
    assign: list[AssignOffer]
    #: OPP-02: the assignments whose contractor may not act yet, by measure id.
    blocked: dict[int, list[Oppdrag]] = field(default_factory=dict)


def sak_panel(user: User, sak: Sak, *, approved_tiltak: list | None = None):
    """The case page's contractors: its assignments, and the measures of approved decisions
    that can take one. Two queries, whatever their number; one when the caller has read the
    case's measures under approved decisions already (``approved_tiltak``, as
    ``vedtak.selectors.tiltak_for_sak`` reads them for the same page).
    A panel of the case page's one statement (:mod:`core.batch`): it yields its querysets."""
    today = timezone.localdate()
    oppdrag = yield (
        with_opp02_facts(Oppdrag.objects.filter(sak=sak), today)
        .select_related("oppdragstaker", "tiltak", "tiltak__type")
        .order_by("-fra_dato", "-pk")
    )
    blocked: dict[int, list[Oppdrag]] = {}
    for o in _with_start_blocks(oppdrag, today):
        if o.start_block is not None:
            blocked.setdefault(o.tiltak_id, []).append(o)
    if approved_tiltak is not None:
        # The same rows as the query below: not ended, in the same order.
        tiltak = sorted(
            (t for t in approved_tiltak if t.til_dato is None and t.bortfalt_dato is None),
            key=lambda t: (
                t.vedtak.godkjent is None,  # NULLS LAST, as PostgreSQL orders ascending
                t.vedtak.godkjent or 0,
                t.rekkefolge,
                t.pk,
            ),
        )
    else:
        tiltak = yield (
            running_tiltak_for_sak(sak)
            .select_related("vedtak")
            .order_by("vedtak__godkjent", "rekkefolge", "pk")
        )
    assign = []
    for t in tiltak:
        t.vedtak.sak = sak  # the case the page read: the offer's predicate asks it
        offer = TILTAK.offer(t, user, "assign")
        if offer is not None:
            assign.append(AssignOffer(t, offer))
    return SakPanel(oppdrag=oppdrag, assign=assign, blocked=blocked)


def tiltak_for_assignment(sak: Sak, tiltak_id: int):
    """A measure of the case that can take a contractor (an approved decision, not ended)."""
    return (
        Tiltak.objects.filter(pk=tiltak_id, vedtak__sak=sak)
        .select_related("type", "vedtak")
        .first()
    )


def oppdragstakere_for_assignment(user: User, sak: Sak) -> QuerySet:
    """The contractors of the case's service who are not ended, for the assignment form."""
    return (
        Oppdragstaker.objects.filter(tjeneste_id=sak.tjeneste_id)
        .exclude(status=Oppdragstaker.Status.AVSLUTTET)
        .order_by("etternavn", "fornavn", "pk")
    )


def oppdrag_detail_queryset() -> QuerySet:
    return Oppdrag.objects.select_related(
        "oppdragstaker",
        "tiltak",
        "tiltak__type",
        "tiltak__vedtak",
        "sak",
        "sak__barn",
        "orientert_av",
        "arbeidskontrakt_av",
        "opprettet_av",
    ).prefetch_related(
        Prefetch("innleveringer", queryset=Innlevering.objects.select_related("registrert_av")),
        "oppdragstaker__politiattester",
        "oppdragstaker__taushetserklaeringer",
    )


# --- the clerical officer's work list (OPP-04, OPP-05) ---------------------------------------


@dataclass
class Arbeidsliste:
    """The rows carry the user's offers: ``contract_offer`` on :attr:`kontrakter` (OPP-04),
    ``submission_offer`` on :attr:`mangler` (OPP-05); ``None`` where the user has none."""

    month: date
    kontrakter: list[Oppdrag]
    mangler: list[Oppdrag]

    @property
    def registers_contracts(self) -> bool:
        return any(op.contract_offer for op in self.kontrakter)


def _worklist_base(user: User) -> QuerySet:
    return Oppdrag.objects.filter(
        oppdragstaker__tjeneste_id__in=sorted(permissions.worklist_tjeneste_ids(user))
    ).select_related("oppdragstaker", "tiltak", "tiltak__type", "sak")


def contracts_needed(qs: QuerySet) -> QuerySet:
    """OPP-04: agreements in force that have no work contract / pay notice yet."""
    return (
        qs.ikke_avsluttet()
        .filter(arbeidskontrakt_dato__isnull=True)
        .exclude(godtgjoring=Oppdrag.Godtgjoring.FAKTURA)
        .order_by("fra_dato", "pk")
    )


def with_missing_submissions(qs: QuerySet, today: date) -> QuerySet:
    """OPP-05: assignments that ran last month and lack its timesheet or report.

    Annotates ``mangler_timeliste`` and ``mangler_rapport``; one SQL query.
    """
    month = rules.last_month(today)
    month_end = rules.month_start(today) - timedelta(days=1)
    report_q = Q(rapportering=Oppdrag.Rapportering.MANEDLIG)
    if rules.report_due_in(Oppdrag.Rapportering.KVARTALSVIS, month):
        report_q |= Q(rapportering=Oppdrag.Rapportering.KVARTALSVIS)
    return (
        qs.filter(_running_in(month, month_end))
        .annotate(
            mangler_timeliste=_bool(
                ~Q(godtgjoring=Oppdrag.Godtgjoring.FAKTURA)
                & ~_received(Innlevering.Type.TIMELISTE, month)
            ),
            mangler_rapport=_bool(report_q & ~_received(Innlevering.Type.RAPPORT, month)),
        )
        .filter(Q(mangler_timeliste=True) | Q(mangler_rapport=True))
        .order_by("oppdragstaker__etternavn", "oppdragstaker__fornavn", "pk")
    )


def arbeidsliste(user: User, today: date | None = None) -> Arbeidsliste:
    """The kontorfaglig's work list: two queries, whatever the number of contractors."""
    today = today or timezone.localdate()
    base = with_opp02_facts(_worklist_base(user), today)
    kontrakter = _with_start_blocks(list(contracts_needed(base)), today)
    for op in kontrakter:
        op.contract_offer = OPPDRAG.offer(op, user, "register_contract")
    mangler = _with_start_blocks(list(with_missing_submissions(base, today)), today)
    for op in mangler:
        op.submission_offer = OPPDRAG.offer(op, user, "register_submission")
    return Arbeidsliste(month=rules.last_month(today), kontrakter=kontrakter, mangler=mangler)


# --- the nightly deadline finders (FRIST-01; issue 6 calls them) ------------------------------


def missing_reports(today: date) -> QuerySet:
    """OPP-05: every assignment, in every service, that ran last month and lacks its timesheet
    or report. Rows carry ``mangler_timeliste``/``mangler_rapport``; the responsible caseworker
    is ``row.sak.saksbehandler``."""
    return with_missing_submissions(
        Oppdrag.objects.select_related("sak", "sak__saksbehandler", "oppdragstaker", "tiltak"),
        today,
    )


def due_politiattest(today: date, window: int | timedelta) -> QuerySet:
    """OPP-02 (FRIST-01): assignments whose measure has not started, starting within ``window``
    (days) or overdue, whose contractor may not act yet: no accepted police certificate, no
    signed confidentiality declaration, or no approval where OPP-03 asks for one.

    Rows carry ``mangler_politiattest``, ``mangler_taushetserklaering``,
    ``mangler_godkjenning`` and ``frist`` (the agreement's or the measure's planned start); the
    responsible caseworker is ``row.sak.saksbehandler``.
    """
    if isinstance(window, int):
        window = timedelta(days=window)
    status, tilknytning = Oppdragstaker.Status, Oppdragstaker.Tilknytning
    applies = ~Q(oppdragstaker__tilknytning=tilknytning.FIRMA) | Q(
        oppdragstaker__arbeider_med_barnet=True
    )
    return (
        Oppdrag.objects.filter(
            avsluttet_dato__isnull=True,
            tiltak__fra_dato__isnull=True,
            tiltak__til_dato__isnull=True,
            tiltak__bortfalt_dato__isnull=True,
        )
        .annotate(
            frist=Coalesce("fra_dato", "tiltak__startdato"),
            siste_politiattest=_latest_politiattest("oppdragstaker_id"),
            har_taushetserklaering=_has_declaration("oppdragstaker_id", today),
        )
        .filter(frist__lte=today + window)
        .annotate(
            mangler_politiattest=_bool(
                applies
                & (
                    Q(siste_politiattest__isnull=True)
                    | ~Q(siste_politiattest__in=Politiattest.GODTATT)
                )
            ),
            mangler_taushetserklaering=_bool(applies & Q(har_taushetserklaering=False)),
            mangler_godkjenning=_bool(
                (
                    Q(oppdragstaker__tilknytning=tilknytning.OPPDRAGSTAKER)
                    & ~Q(oppdragstaker__status=status.GODKJENT)
                )
                | Q(
                    oppdragstaker__status__in=[
                        status.REGISTRERT,
                        status.SUSPENDERT,
                        status.AVSLUTTET,
                    ]
                )
            ),
        )
        .filter(
            Q(mangler_politiattest=True)
            | Q(mangler_taushetserklaering=True)
            | Q(mangler_godkjenning=True)
        )
        .select_related("sak", "sak__saksbehandler", "oppdragstaker", "tiltak", "tiltak__type")
        .order_by("frist", "pk")
    )


def stale_politiattest(today: date) -> QuerySet:
    """Contractors with an assignment in force whose latest police certificate is older than
    the service's limit (``POLITIATTEST_MAKS_ALDER_MANEDER``): flagged, for renewal."""
    oldest = rules.politiattest_oldest_allowed(today)
    return (
        Oppdragstaker.objects.exclude(status=Oppdragstaker.Status.AVSLUTTET)
        .annotate(siste_politiattest_dato=_latest_politiattest_dato())
        .filter(siste_politiattest_dato__lt=oldest)
        .filter(Exists(Oppdrag.objects.ikke_avsluttet().filter(oppdragstaker_id=OuterRef("pk"))))
        .order_by("siste_politiattest_dato", "pk")
    )


# --- the letters ---------------------------------------------------------------------------------


def oppdragsavtale_document_context(oppdrag_id: int) -> dict[str, Any]:
    oppdrag = Oppdrag.objects.select_related(
        "oppdragstaker",
        "tiltak",
        "tiltak__type",
        "tiltak__vedtak",
        "sak",
        "sak__barn",
        "sak__saksbehandler",
        "sak__tjeneste",
    ).get(pk=oppdrag_id)
    o = oppdrag.oppdragstaker
    return {
        "oppdrag": oppdrag,
        "oppdragstaker": o,
        "tiltak": oppdrag.tiltak,
        "vedtak": oppdrag.tiltak.vedtak,
        "barn": oppdrag.sak.barn,
        "tittel": "Oppdragsavtale",
        "mottakere": [letter.Mottaker(navn=o.navn, adresselinjer=letter.adresselinjer(o))],
    }


def godkjenningsdokument_context(oppdragstaker_id: int) -> dict[str, Any]:
    o = (
        Oppdragstaker.objects.select_related("tjeneste", "godkjent_av")
        .prefetch_related(
            Prefetch("politiattester", queryset=Politiattest.objects.select_related("vurdert_av")),
            "taushetserklaeringer",
        )
        .get(pk=oppdragstaker_id)
    )
    approver = o.godkjent_av
    return {
        "oppdragstaker": o,
        "tjeneste": o.tjeneste,
        "politiattest": rules.siste_politiattest(o),
        "taushetserklaering": max(
            o.taushetserklaeringer.all(), key=lambda t: (t.signert_dato, t.pk), default=None
        ),
        "tittel": "Godkjenning av oppdragstaker",
        "mottakere": [letter.Mottaker(navn=o.navn, adresselinjer=letter.adresselinjer(o))],
        "underskrivere": [letter.underskriver(approver)] if approver else [],
        "saksbehandler": approver,
    }


def history_sources(sak: Sak) -> list[tuple[type, QuerySet, str]]:
    """LOG-01: the assignments of the case and what was handed in for them (one query per
    model). The contractor's own records have their history on the contractor's page."""
    assignments = Oppdrag.objects.filter(sak_id=sak.pk).values("pk")
    return [
        (Oppdrag, Oppdrag.history.filter(sak_id=sak.pk), "oppdrag"),
        (Innlevering, Innlevering.history.filter(oppdrag_id__in=assignments), "innlevering"),
    ]


# --- INN-02: the contractors' reports since the previous evaluation --------------------------


def reports_since(
    user: User, evaluering: Any, since: date | None, until: date, found: dict | None = None
) -> list[Entry]:
    """INN-02: the reports and final reports registered for the evaluation's case in the period
    (one query). A report that came with its file is an incoming document, listed as one."""
    qs = Innlevering.objects.filter(
        oppdrag__sak_id=evaluering.plan.sak_id,
        type__in=(Innlevering.Type.RAPPORT, Innlevering.Type.SLUTTRAPPORT),
        dokument__isnull=True,
        mottatt__lte=until,
    ).select_related("oppdrag__oppdragstaker")
    if since is not None:
        qs = qs.filter(mottatt__gt=since)
    return [
        Entry(
            kind=i.get_type_display(),
            title=i.get_type_display()
            + (f" {format_dato(i.periode, 'month')}" if i.periode else ""),
            dato=i.mottatt,
            url=reverse("contractors:oppdrag_detail", args=[i.oppdrag.sak_id, i.oppdrag_id]),
            detail=i.oppdrag.oppdragstaker.navn,
        )
        for i in qs
    ]
