"""Contractors and assignments made through the real services (Zulip's rule), with a few
direct-row helpers for tests that only need many rows (query counts, the URL matrix).

A godkjent vedtak comes from ``tests.vedtak.factories`` (create → … → approve); a measure
starts only when an approved plan covers it (PLAN-04), from ``tests.plans.factories``.
"""

from __future__ import annotations

import itertools
from datetime import date, timedelta
from decimal import Decimal

from django.utils import timezone

from contractors import services
from contractors.models import Oppdrag, Oppdragstaker, Politiattest
from vedtak import services as vedtak_services
from vedtak.models import Tiltak, Tiltakstype, Vedtak

from ..plans import factories as pf
from ..vedtak import factories as vf

_n = itertools.count(1)

AGREEMENT = {
    "timer": Decimal("4.0"),
    "timer_per": "uke",
    "godtgjoring": "timesats",
    "sats": "KS-sats for støttekontakter",
    "veiledningsplan": "Saksbehandler veileder oppdragstakeren hver måned, og ved behov.",
    "rapportering": "manedlig",
    "oppgaver": "Fritidsaktiviteter og samtaler med barnet.",
}


def make_oppdragstaker(
    actor,
    *,
    politiattest: bool = True,
    resultat: str = Politiattest.Resultat.INGEN_MERKNADER,
    taushetserklaering: bool = True,
    documented: bool | None = None,
    approved: bool | None = None,
    utstedt: date | None = None,
    **data,
) -> Oppdragstaker:
    """A contractor in the actor's service, as far along as asked (default: approved)."""
    today = timezone.localdate()
    n = next(_n)
    data = {
        "type": Oppdragstaker.Type.STOTTEKONTAKT,
        "tilknytning": Oppdragstaker.Tilknytning.OPPDRAGSTAKER,
        "fornavn": f"Oppdrag{n}",
        "etternavn": f"Takersen{n}",
        "telefon": "99 99 99 99",
        "adresse": "Fjordgata 1, 9999 Fjordvik",
        **data,
    }
    o = services.oppdragstaker_create(actor=actor, data=data)
    if politiattest:
        issued = utstedt or today - timedelta(days=120)
        services.politiattest_register(
            actor=actor,
            oppdragstaker_id=o.pk,
            utstedt_dato=issued,
            vurdert_dato=max(issued, today - timedelta(days=110)),
            resultat=resultat,
            vurdering="" if resultat == "ingen_merknader" else "Vurdert av saksbehandler.",
        )
    if taushetserklaering:
        services.taushetserklaering_register(
            actor=actor, oppdragstaker_id=o.pk, signert_dato=today - timedelta(days=100)
        )
    ready = politiattest and taushetserklaering and resultat != "ikke_godkjent"
    documented = ready if documented is None else documented
    approved = documented if approved is None else approved
    if documented:
        services.oppdragstaker_receive_documentation(actor=actor, oppdragstaker_id=o.pk)
    if approved:
        services.oppdragstaker_approve(actor=actor, oppdragstaker_id=o.pk)
    return Oppdragstaker.objects.get(pk=o.pk)


def godkjent_tiltak(world, sak=None, *, kode: str = "stottekontakt", approved_days_ago: int = 0):
    """A measure of an approved decision (the real services), approved ``approved_days_ago``
    days ago so that a start may lie back then."""
    vedtak = vf.godkjent(world, sak=sak or world.sak_a, tiltak=(kode,))
    if approved_days_ago:
        pf.backdate_approval(vedtak, approved_days_ago)
    return Tiltak.objects.select_related("type", "vedtak").get(vedtak=vedtak)


def new_sak(world):
    """Another case of team A, with two parties."""
    from ..factories import make_sak

    return make_sak(world.saksbehandler, world.team_a, parter=2)


def plan_for(world, tiltak: Tiltak, fra: date) -> None:
    """PLAN-04: an approved plan that covers the measure from ``fra``."""
    pf.approved(world, tiltak.vedtak.sak, tiltak=[tiltak], gyldig_fra=fra)


def start(world, tiltak: Tiltak, fra: date | None = None) -> Tiltak:
    return vedtak_services.tiltak_start(
        actor=world.saksbehandler, tiltak_id=tiltak.pk, fra_dato=fra or timezone.localdate()
    )


def assign(actor, tiltak: Tiltak, oppdragstaker: Oppdragstaker, **agreement) -> Oppdrag:
    data = {**AGREEMENT, "fra_dato": tiltak.fra_dato or timezone.localdate(), **agreement}
    return services.oppdrag_create(
        actor=actor, tiltak_id=tiltak.pk, oppdragstaker_id=oppdragstaker.pk, data=data
    )


def running_assignment(
    world, *, sak=None, started_days_ago: int = 40, kode: str = "stottekontakt", **kw
):
    """An approved contractor on a measure that started ``started_days_ago`` days ago, with an
    approved plan (PLAN-04): everything through the real services. One per case (the plan
    covers the case's measures): pass ``sak=new_sak(world)`` for a second one."""
    today = timezone.localdate()
    fra = today - timedelta(days=started_days_ago)
    tiltak = godkjent_tiltak(world, sak, kode=kode, approved_days_ago=started_days_ago + 1)
    o = make_oppdragstaker(world.saksbehandler, **kw)
    oppdrag = assign(world.saksbehandler, tiltak, o, fra_dato=fra)
    if oppdrag.trenger_orientering:
        services.oppdrag_brief(
            actor=world.saksbehandler,
            oppdrag_id=oppdrag.pk,
            orientert_dato=fra,
            notat="Gjennomgang av saken, målene og avtalene med familien.",
        )
    plan_for(world, tiltak, fra)
    start(world, tiltak, fra)
    return Oppdrag.objects.select_related("tiltak", "oppdragstaker", "sak").get(pk=oppdrag.pk)


# --- direct rows: many assignments for query counts, one for the URL matrix ------------------


def quick_tiltak(sak, *, by, approver, kode="stottekontakt", fra_dato=None) -> Tiltak:
    """Test set-up only: an approved decision's measure written as rows (no services)."""
    vedtak = Vedtak.objects.create(
        sak=sak,
        status=Vedtak.Status.GODKJENT,
        opprettet_av=by,
        godkjent_av=approver,
        godkjent=timezone.now() - timedelta(days=120),
    )
    return Tiltak.objects.create(
        vedtak=vedtak,
        type=Tiltakstype.objects.get(kode=kode),
        omfang="4 timer per uke",
        startdato=fra_dato or timezone.localdate(),
        fra_dato=fra_dato,
    )


def quick_oppdrag(sak, *, by, approver, fra_dato=None, **kw) -> Oppdrag:
    """Test set-up only: a contractor and an assignment written as rows (no services)."""
    n = next(_n)
    tiltak = quick_tiltak(sak, by=by, approver=approver, fra_dato=fra_dato)
    o = Oppdragstaker.objects.create(
        tjeneste_id=sak.tjeneste_id,
        type="stottekontakt",
        fornavn=f"Rask{n}",
        etternavn=f"Radsen{n}",
        opprettet_av=by,
    )
    return Oppdrag.objects.create(
        oppdragstaker=o,
        tiltak=tiltak,
        sak=sak,
        fra_dato=fra_dato or timezone.localdate(),
        opprettet_av=by,
        **{**AGREEMENT, **kw},
    )


def need_to_know_kwargs(name: str, sak) -> dict:
    """The URL kwargs of a contractors case page on ``sak`` (tests/test_need_to_know.py)."""
    from accounts.models import Rolle, User

    oppdrag = Oppdrag.objects.filter(sak=sak).first()
    if oppdrag is None:
        approver = User.objects.filter(
            rolletildelinger__rolle=Rolle.BARNEVERNLEDER,
            rolletildelinger__tjeneste_id=sak.tjeneste_id,
        ).first()
        oppdrag = quick_oppdrag(sak, by=sak.saksbehandler, approver=approver)
    if name == "contractors:oppdrag_create":
        return {"tiltak_id": oppdrag.tiltak_id}
    return {"oppdrag_id": oppdrag.pk}
