"""The complaints' reads: the case page's and the decision page's panels, the leaders' queue
(KLAGE-02), the head's count per team and the nightly finder (KLAGE-04)."""

from __future__ import annotations

from datetime import date

from django.db.models import Count, F, Q, QuerySet

from accounts.models import Rolle, User
from cases.permissions import visibility_filter
from core import batch
from documents.models import Dokument

from . import permissions
from .actions import MACHINE
from .models import Klage, Klageoppsett

QUEUE_LIMIT = 200


def case_panel(user: User, sak):
    """The case's complaints and their state (the case page has opened the case, ROLE-02).
    A panel of the case page's one statement (:mod:`core.batch`): it yields its querysets."""
    klager = yield Klage.objects.filter(sak=sak).select_related("vedtak", "klager")
    return {"klager": klager}


def decision_panel(user: User, vedtak, found=None) -> batch.Panel:
    """The decision's complaints, and whether this user may register one (KLAGE-01): a panel
    whose query shares the decision page's statement (core.batch)."""
    klager = yield vedtak.klager.select_related("klager")
    return {
        "klager": klager,
        "may_register": vedtak.status == vedtak.Status.EKSPEDERT
        and permissions.can_register_on(vedtak.sak, user),
    }


def klage_for_page(sak, klage_id: int) -> Klage | None:
    return (
        Klage.objects.select_related(
            "sak__barn", "vedtak", "klager", "brev", "notat", "utfall_brev", "nytt_vedtak"
        )
        .filter(sak=sak, pk=klage_id)
        .first()
    )


def offers(klage: Klage, user: User):
    return MACHINE.offers(klage, user)


def _leader_scope(user: User) -> Q | None:
    team_ids = sorted(user.team_ids(Rolle.TEAMLEDER))
    tjeneste_ids = sorted(user.tjeneste_ids(Rolle.BARNEVERNLEDER))
    if not team_ids and not tjeneste_ids:
        return None
    return Q(sak__team_id__in=team_ids) | Q(sak__tjeneste_id__in=tjeneste_ids)


def waiting_for_leader(user: User) -> list[Klage]:
    """KLAGE-02: assessed complaints waiting for the leader to change the decision or send the
    complaint on, in the teams the user leads or the service the user heads. One query."""
    scope = _leader_scope(user)
    if scope is None:
        return []
    return list(
        Klage.objects.filter(scope, status=Klage.Status.VURDERT)
        .filter(visibility_filter(user, "sak__"))
        .select_related("sak__barn", "sak__team", "vedtak")
        .order_by("mottatt", "pk")[:QUEUE_LIMIT]
    )


def waiting_per_team(user: User) -> list[dict]:
    """KLAGE-04: the complaints not yet reviewed or sent on, counted per team of the services
    the user heads. One query, no names."""
    tjeneste_ids = sorted(user.tjeneste_ids(Rolle.BARNEVERNLEDER))
    if not tjeneste_ids:
        return []
    return list(
        Klage.objects.filter(
            sak__tjeneste_id__in=tjeneste_ids, status__in=Klage.WAITING, sak__status="aktiv"
        )
        .values("sak__team__navn")
        .annotate(antall=Count("pk"))
        .order_by("sak__team__navn")
    )


def waiting(today: date, window: int = 0) -> QuerySet[Klage]:
    """KLAGE-04 (FRIST-01): every complaint not yet reviewed or sent on, for the nightly
    finder. The case's caseworker is at ``sak.saksbehandler``."""
    return Klage.objects.filter(status__in=Klage.WAITING)


def statsforvalter(tjeneste_id: int) -> Klageoppsett | None:
    """KLAGE-02: the service's setting of the statsforvalteren its complaints go to, if any."""
    return Klageoppsett.objects.filter(tjeneste_id=tjeneste_id).first()


def statsforvalter_missing(klage: Klage) -> bool:
    """KLAGE-02: the complaint is assessed or sent on, so its letter to the statsforvalteren is
    due or made, while the service has not set which statsforvalteren that is."""
    return klage.status in (Klage.Status.VURDERT, Klage.Status.OVERSENDT) and (
        statsforvalter(klage.sak.tjeneste_id) is None
    )


def letters(klage: Klage) -> list:
    """KLAGE-02/DOK-02: the copies of the letter to the statsforvalteren, with their dispatch."""
    return list(
        Dokument.objects.for_source(klage)
        .select_related("part")
        .prefetch_related("utsendinger")
        # The letter to the statsforvalteren first, then the parties' copies.
        .order_by(F("part_id").asc(nulls_first=True), "-versjon")
    )
