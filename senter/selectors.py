"""Reads of the centre courses, scoped to a case the page has opened through
:func:`cases.permissions.access_sak` (ROLE-02, ROLE-03), each in a fixed number of queries."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.db.models import QuerySet
from django.urls import reverse

from cases.models import Sak
from core import batch
from core.exceptions import RuleBreach
from henvisning.models import Henvisning, Mottaker
from innkommende.models import InnkommendeDokument
from moter.models import Mote
from vedtak.models import Tiltak, Vedtak

from . import rules
from .actions import MACHINE
from .models import MOTETYPER, Senterforlop


def referrals_to_centres(sak: Sak) -> QuerySet[Henvisning]:
    """The case's referrals whose receiver is a centre for parents and children."""
    return (
        Henvisning.objects.filter(sak=sak, mottaker__type=Mottaker.Type.SENTER)
        .select_related("mottaker", "senterforlop__tiltak__type")
        .order_by("-opprettet", "-pk")
    )


def sak_panel(user, sak: Sak, found: dict | None = None) -> list[Henvisning]:
    """The case page's centre courses: the referrals to a centre (the page shows nothing when
    there are none). No query of its own when the referrals' panel has read the case's
    referrals with their receivers (``henvisning_panel``, before this one); else one."""
    return batch.resolve(sak_panel_batched(user, sak, found))


def sak_panel_batched(user, sak: Sak, found: dict | None = None):
    """:func:`sak_panel` as a panel of the case page's one statement (:mod:`core.batch`): it
    waits a round for the referrals' panel."""
    yield None
    panel = (found or {}).get("henvisning_panel")
    rows = panel.get("henvisninger") if isinstance(panel, dict) else None
    if rows is None:
        rows = yield referrals_to_centres(sak)
        return rows
    return [h for h in rows if h.mottaker.type == Mottaker.Type.SENTER]


def referral_of(sak: Sak, henvisning_id: int) -> Henvisning | None:
    """The case's referral to a centre (``None``: not this case's, or not to a centre)."""
    return (
        Henvisning.objects.filter(pk=henvisning_id, sak=sak, mottaker__type=Mottaker.Type.SENTER)
        .select_related("mottaker", "sak__barn")
        .first()
    )


def forlop_of(h: Henvisning, *, by=None) -> Senterforlop:
    """The referral's course, or an unsaved one (the first action saves it)."""
    forlop = (
        Senterforlop.objects.filter(henvisning=h)
        .select_related("handlingsplan", "sluttrapport", "tiltak__type", "tiltak__vedtak")
        .prefetch_related("moter__mote")
        .first()
    )
    if forlop is None:
        forlop = Senterforlop(henvisning=h, sak=h.sak, opprettet_av=by)
    forlop.henvisning = h
    forlop.sak = h.sak
    return forlop


@dataclass
class Course:
    """What the course page shows."""

    henvisning: Henvisning
    forlop: Senterforlop
    moter: list[Mote]
    flags: list[RuleBreach]
    actions: list
    kontakt_frist: date | None = None
    #: ``(kind's label, its meetings, where to plan one)``; no address when the user may not
    #: add meetings to the course (the ``add_meeting`` offer).
    steps: list[tuple[str, list[Mote], str]] = field(default_factory=list)


def course(user, h: Henvisning) -> Course:
    forlop = forlop_of(h, by=user)
    saved = forlop.pk is not None
    moter = forlop.linked_meetings() if saved else []
    flags = rules.SENTER_03.unmet(forlop) if saved else []
    actions = MACHINE.offers(forlop, user)
    plan = reverse("moter:plan", args=[h.sak_id])
    adds = any(o.name == "add_meeting" for o in actions)
    steps = [
        (label, [m for m in moter if m.type == value], f"{plan}?type={value}" if adds else "")
        for value, label in Mote.Type.choices
        if value in MOTETYPER
    ]
    return Course(
        henvisning=h,
        forlop=forlop,
        moter=moter,
        flags=flags,
        actions=actions,
        kontakt_frist=(
            rules.contact_deadline(forlop.vurderingsmote) if forlop.vurderingsmote else None
        ),
        steps=steps,
    )


# --- the choices of the course's forms (the services check them again) ----------------------


def meetings_to_add(sak: Sak) -> QuerySet[Mote]:
    """The case's meetings of the course's kinds that belong to no course, not cancelled."""
    return (
        Mote.objects.filter(sak=sak, type__in=MOTETYPER, senterkobling__isnull=True)
        .exclude(status=Mote.Status.AVLYST)
        .order_by("tidspunkt", "pk")
    )


def reports_of(sak: Sak) -> QuerySet[InnkommendeDokument]:
    """The case's incoming documents a centre's report can be (not withdrawn)."""
    return InnkommendeDokument.objects.filter(
        sak=sak, status=InnkommendeDokument.Status.MOTTATT
    ).order_by("-mottatt", "-pk")


def measures_of(sak: Sak) -> QuerySet[Tiltak]:
    """SENTER-05: the case's measures of approved decisions."""
    return (
        Tiltak.objects.filter(
            vedtak__sak=sak,
            vedtak__status__in=(Vedtak.Status.GODKJENT, Vedtak.Status.EKSPEDERT),
        )
        .select_related("type", "vedtak")
        .order_by("vedtak_id", "rekkefolge", "pk")
    )


def measure_of_offer(h: Henvisning) -> int | None:
    """HENV-03: the measure of the decision the offer was taken up by, once it is approved."""
    if h.vedtak_id is None:
        return None
    return measures_of(h.sak).filter(vedtak_id=h.vedtak_id).values_list("pk", flat=True).first()
