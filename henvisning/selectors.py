"""The referrals' reads: the case page's panel, a referral's page, the open referrals of a case
(the case's closing asks), the nightly finder (HENV-02) and the leaders' overview per receiver.
Each in a fixed number of queries, scoped by ROLE-02."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.apps import apps
from django.db.models import Count, Q, QuerySet

from accounts.models import Rolle, User
from cases.permissions import visibility_filter
from documents.models import Dokument
from innkommende.models import InnkommendeDokument
from plans.models import Maal
from vedtak.models import Samtykke

from . import permissions
from .actions import MACHINE
from .models import Henvisning, Henvisningsoppsett, Mottaker

S = Henvisning.Status


def history_sources(sak) -> list[tuple[type, QuerySet, str]]:
    """LOG-01: the case's referrals in the case history."""
    return [(Henvisning, Henvisning.history.filter(sak_id=sak.pk), "henvisning")]


def open_for_case(sak) -> QuerySet[Henvisning]:
    """The case's open referrals: neither answered nor closed (drafts, awaiting approval,
    approved, sent and waiting for the answer). The case's closing lists them."""
    return (
        Henvisning.objects.filter(sak=sak, status__in=Henvisning.OPEN)
        .select_related("mottaker")
        .order_by("opprettet", "pk")
    )


def case_panel(user: User, sak):
    """The case's referrals and their state, in one query (the case page has opened the case,
    ROLE-02).
    A panel of the case page's one statement (:mod:`core.batch`): it yields its querysets."""
    rows = yield (
        Henvisning.objects.filter(sak=sak).select_related("mottaker").order_by("-opprettet", "-pk")
    )
    return {"henvisninger": rows, "may_write": permissions.can_write_on(sak, user)}


def for_page(sak, henvisning_id: int) -> Henvisning | None:
    return (
        Henvisning.objects.select_related(
            "sak__barn",
            "mottaker",
            "samtykke__part",
            "brev",
            "svar_dokument",
            "vedtak",
            "opprettet_av",
            "godkjent_av",
            "sendt_av",
        )
        .prefetch_related("maal", "vedlegg_dokumenter", "vedlegg_innkommende")
        .filter(sak=sak, pk=henvisning_id)
        .first()
    )


def offers(h: Henvisning, user: User):
    """The referral's actions for this user: the approval's only when the service asks for it
    (and then no letter nor sending before it), and the sending once a letter is made."""
    names = list(MACHINE.actions)
    if Henvisningsoppsett.krever_godkjenning_for(h.sak.tjeneste_id):
        if h.status == S.UTKAST:
            names = [n for n in names if n not in ("make_letter", "send")]
    else:
        names = [n for n in names if n not in ("submit", "approve", "send_back")]
    if h.brev_id is None:
        names = [n for n in names if n != "send"]
    return MACHINE.offers(h, user, names=names)


def receivers_for(sak) -> list[Mottaker]:
    """The service's receivers in use (those without an address are listed, marked; choosing
    one is refused, HENV-01)."""
    return list(Mottaker.objects.filter(tjeneste_id=sak.tjeneste_id, aktiv=True).order_by("navn"))


def sharing_consents(sak) -> list[Samtykke]:
    """SAM-04: the case's consents to share information."""
    return list(
        Samtykke.objects.filter(sak=sak, formal_type=Samtykke.Formal.INFORMASJONSDELING)
        .select_related("part", "sak__barn")
        .order_by("-gitt_dato", "-pk")
    )


def plan_goals(sak) -> list[Maal]:
    """The goals of the case's plan versions, newest version first."""
    return list(
        Maal.objects.filter(versjon__plan__sak=sak)
        .select_related("versjon")
        .order_by("-versjon__nummer", "rekkefolge", "pk")
    )


def goals_with_referrals(versjon) -> list[Maal]:
    """A plan version's goals, each with the number of referrals that serve it. One query."""
    return list(
        Maal.objects.filter(versjon=versjon)
        .annotate(antall_henvisninger=Count("henvisninger"))
        .order_by("rekkefolge", "pk")
    )


def case_letters(sak) -> list[Dokument]:
    return list(Dokument.objects.filter(sak=sak).downloadable().order_by("-created_at", "-pk"))


def case_incoming(sak) -> list[InnkommendeDokument]:
    return list(
        InnkommendeDokument.objects.filter(
            sak=sak, status=InnkommendeDokument.Status.MOTTATT
        ).order_by("-mottatt", "-pk")
    )


def programme_prefill(programme_id) -> dict:
    """BANK-03: what a programme of the programme bank gives a new referral (its name and
    description as what is asked; its provider as the receiver when it is on the list). The
    bank sits below; it is read by name so a missing bank gives nothing."""
    try:
        model = apps.get_model("programbank", "Program")
    except LookupError:
        return {}
    try:
        programme = model.objects.filter(pk=int(programme_id)).first()
    except (TypeError, ValueError):
        return {}
    if programme is None:
        return {}
    parts = [str(getattr(programme, "navn", "") or programme)]
    description = getattr(programme, "beskrivelse", "")
    if description:
        parts.append(str(description))
    return {"sporsmal": "\n".join(parts)}


# --- FRIST-01 / HENV-02: the nightly finder ---------------------------------------------------


def unanswered(today: date, window: int = 0) -> QuerySet[Henvisning]:
    """HENV-02 (FRIST-01): sent referrals with no answer after their expected time. The case's
    caseworker is at ``sak.saksbehandler``."""
    return Henvisning.objects.filter(status__in=Henvisning.WAITING, svarfrist__lt=today)


# --- The overview for the team leaders and the head ------------------------------------------


@dataclass
class ReceiverRow:
    mottaker: Mottaker
    apne: list[Henvisning] = field(default_factory=list)
    tilbud: int = 0
    avslag: int = 0

    @property
    def lengst_ventet(self) -> int | None:
        days = [h.dager_venter() for h in self.apne if h.dager_venter() is not None]
        return max(days) if days else None


def _overview_scope(user: User) -> Q | None:
    team_ids = sorted(user.team_ids(Rolle.TEAMLEDER))
    tjeneste_ids = sorted(user.tjeneste_ids(Rolle.BARNEVERNLEDER))
    if not team_ids and not tjeneste_ids:
        return None
    return Q(sak__team_id__in=team_ids) | Q(sak__tjeneste_id__in=tjeneste_ids)


def overview(user: User, fra: date, til: date) -> list[ReceiverRow]:
    """Open referrals per receiver with the days each has waited, and the offers and refusals
    per receiver answered in ``fra``–``til``, in the teams the user leads or the service the
    user heads. Two queries."""
    scope = _overview_scope(user)
    if scope is None:
        return []
    base = Henvisning.objects.filter(scope).filter(visibility_filter(user, "sak__"))
    rows: dict[int, ReceiverRow] = {}
    for h in (
        base.filter(status__in=(S.TIL_GODKJENNING, S.GODKJENT, S.SENDT))
        .select_related("mottaker", "sak")
        .order_by("sendt", "pk")
    ):
        rows.setdefault(h.mottaker_id, ReceiverRow(h.mottaker)).apne.append(h)
    counts = (
        base.filter(status=S.BESVART, svar_dato__gte=fra, svar_dato__lte=til)
        .values("mottaker")
        .annotate(
            tilbud=Count("pk", filter=Q(utfall=Henvisning.Utfall.TILBUD)),
            avslag=Count("pk", filter=Q(utfall=Henvisning.Utfall.AVSLAG)),
        )
    )
    missing = []
    for c in counts:
        row = rows.get(c["mottaker"])
        if row is None:
            missing.append(c)
            continue
        row.tilbud, row.avslag = c["tilbud"], c["avslag"]
    if missing:
        by_id = Mottaker.objects.in_bulk([c["mottaker"] for c in missing])
        for c in missing:
            rows[c["mottaker"]] = ReceiverRow(by_id[c["mottaker"]], [], c["tilbud"], c["avslag"])
    return sorted(rows.values(), key=lambda r: r.mottaker.navn.casefold())


def may_see_overview(user: User) -> bool:
    return _overview_scope(user) is not None
