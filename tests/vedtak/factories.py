"""Decisions made through the real services (Zulip's rule): a helper per state."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from vedtak import services
from vedtak.models import Tiltakstype, Vedtak

CONTENT = {
    "bakgrunn": "Familien har bedt om hjelp etter en vanskelig periode.",
    "vurdering": "Tjenesten vurderer at foreldreveiledning og støttekontakt vil hjelpe.",
    "barnets_mening": "Barnet ønsker en støttekontakt å gjøre aktiviteter med.",
    "barnets_mening_vekt": "Barnets ønske er tillagt stor vekt.",
    "barnets_beste": "Det er til barnets beste å få tiltakene nå.",
}


def tiltakstype(kode: str = "stottekontakt") -> Tiltakstype:
    return Tiltakstype.objects.get(kode=kode)


def draft(world, sak=None, *, author=None, tiltak=("stottekontakt",), content=True) -> Vedtak:
    sak = sak or world.sak_a
    author = author or world.saksbehandler
    v = services.vedtak_create(actor=author, sak_id=sak.pk)
    if content:
        v = services.vedtak_update(actor=author, vedtak_id=v.pk, versjon=v.versjon, data=CONTENT)
    for kode in tiltak:
        t = tiltakstype(kode)
        services.tiltak_add(
            actor=author,
            vedtak_id=v.pk,
            versjon=Vedtak.objects.get(pk=v.pk).versjon,
            data={
                "type": t,
                "omfang": "4 timer per uke",
                "startdato": timezone.localdate() + timedelta(days=7),
                "rettet_mot_barnet": t.rettet_mot_barnet,
            },
        )
    return Vedtak.objects.get(pk=v.pk)


def til_veiledning(world, **kw) -> Vedtak:
    v = draft(world, **kw)
    actor = kw.get("author") or world.saksbehandler
    return services.vedtak_send_to_guidance(actor=actor, vedtak_id=v.pk)


def klar_for_godkjenning(world, **kw) -> Vedtak:
    v = til_veiledning(world, **kw)
    services.vedtak_approve_measures(actor=world.teamleder, vedtak_id=v.pk)
    return services.vedtak_release_for_approval(actor=world.teamleder, vedtak_id=v.pk)


def notify_all(world, v: Vedtak, *, answered: bool = True) -> None:
    today = timezone.localdate()
    sak = v.sak
    keys = [f"part-{p.pk}" for p in sak.parter.filter(aktiv=True)]
    if sak.barn_er_part():
        keys.append("barn")
    notices = services.forhandsvarsel_send(
        actor=world.saksbehandler,
        vedtak_id=v.pk,
        mottakere=keys,
        sendt=today - timedelta(days=10),
        frist=today - timedelta(days=1) if not answered else today + timedelta(days=7),
    )
    if answered:
        for n in notices:
            services.forhandsvarsel_register_statement(
                actor=world.saksbehandler,
                forhandsvarsel_id=n.pk,
                mottatt=today - timedelta(days=2),
                uttalelse="Ingen merknader.",
            )


def consent_all(world, v: Vedtak) -> None:
    """SAM-01: consent from everyone with daily care (and the child when needed)."""
    today = timezone.localdate()
    v = Vedtak.objects.get(pk=v.pk)
    ids = list(v.tiltak.values_list("pk", flat=True))
    givers = [f"part-{p.pk}" for p in v.sak.parter.filter(aktiv=True, daglig_omsorg=True)]
    if v.sak.barn_er_part() and v.tiltak.filter(rettet_mot_barnet=True).exists():
        givers.append("barn")
    for giver in givers:
        services.samtykke_create(
            actor=world.saksbehandler,
            sak_id=v.sak_id,
            giver=giver,
            tiltak_ids=ids,
            data={
                "formal": "Hjelpetiltak etter vedtak.",
                "informasjon": "Opplysninger om barnets behov deles med støttekontakten.",
                "gitt_dato": today - timedelta(days=3),
                "informert_om_tilbaketrekking": True,
                "informert_om_rettigheter": True,
            },
        )


def ready_to_sign(world, **kw) -> Vedtak:
    v = klar_for_godkjenning(world, **kw)
    notify_all(world, v)
    consent_all(world, v)
    return Vedtak.objects.get(pk=v.pk)


def godkjent(world, **kw) -> Vedtak:
    v = ready_to_sign(world, **kw)
    return services.vedtak_approve(
        actor=world.barnevernleder, vedtak_id=v.pk, override_reason="Planen lages nå."
    )


def render_documents(vedtak: Vedtak) -> None:
    """What the worker does after commit (tests run inside one transaction)."""
    from documents.models import Dokument
    from documents.services import dokument_render

    for doc in Dokument.objects.filter(sak_id=vedtak.sak_id, status="bestilt"):
        dokument_render(dokument_id=doc.pk)


def ekspedert(world, **kw) -> Vedtak:
    v = godkjent(world, **kw)
    render_documents(v)
    recipients = {f"part-{p.pk}": "brev" for p in v.sak.parter.filter(aktiv=True)}
    if v.sak.barn_er_part():
        recipients["barn"] = "overlevert"
    return services.vedtak_send_out(actor=world.saksbehandler, vedtak_id=v.pk, kanaler=recipients)
