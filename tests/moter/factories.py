"""Meetings made through the real services (Zulip's rule); a SAM-04 consent to share
information, made as a record (the consent's own flow is tested in tests/vedtak)."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from moter import services
from moter.models import Mote
from vedtak.models import Samtykke


def consent(sak, mottaker: str = "Solbakken skole", **overrides) -> Samtykke:
    data = {
        "sak": sak,
        "formal_type": Samtykke.Formal.INFORMASJONSDELING,
        "part": sak.parter.first(),
        "formal": "Samarbeid med skolen",
        "informasjon": "Oppmøte og trivsel",
        "mottaker": mottaker,
        "mottakertype": Samtykke.Mottakertype.SKOLE,
        "gitt_dato": timezone.localdate() - timedelta(days=10),
        "registrert_av": sak.saksbehandler,
    }
    data.update(overrides)
    return Samtykke.objects.create(**data)


def plan_data(actor, **overrides) -> dict:
    data = {
        "type": "samarbeidsmote",
        "tidspunkt": timezone.now() - timedelta(hours=2),
        "sted": "Rådhuset",
        "agenda": "Skolesituasjonen",
        "anonym": False,
        "leder": actor.pk,
        "referent": actor.pk,
    }
    data.update(overrides)
    return data


def make_mote(
    actor, sak, *, eksterne=(), parter=None, held=False, signed=False, **overrides
) -> Mote:
    mote = services.mote_plan(
        actor=actor,
        sak_id=sak.pk,
        data=plan_data(actor, **overrides),
        parter=parter if parter is not None else [sak.parter.first()],
        ansatte=[actor],
        eksterne=list(eksterne),
    )
    if held or signed:
        mote = services.mote_hold(actor=actor, mote_id=mote.pk)
    if signed:
        services.mote_write_minutes(
            actor=actor,
            mote_id=mote.pk,
            referat="Skolen melder bedre oppmøte.",
            vurdering="Tiltaket virker etter hensikten.",
        )
        mote = services.mote_sign(actor=actor, mote_id=mote.pk)
    return mote


def need_to_know_kwargs(name: str, sak) -> dict:
    """A held meeting of the case's caseworker, with an agreed action (tests/test_need_to_know).
    The list, planning and the ansvarsgruppe need the case only."""
    if name in {"moter:list", "moter:plan", "moter:ansvarsgruppe"}:
        return {}
    actor = sak.saksbehandler
    mote = Mote.objects.filter(sak=sak, status="avholdt").first() or make_mote(
        actor, sak, held=True
    )
    if name == "moter:edit":
        planned = Mote.objects.filter(sak=sak, status="planlagt").first()
        planned = planned or make_mote(actor, sak, tidspunkt=timezone.now() + timedelta(days=3))
        return {"mote_id": planned.pk}
    if name == "moter:action":
        return {"mote_id": mote.pk, "name": "sign"}
    if name == "moter:oppgave_complete":
        oppgave = mote.oppgaver.first() or services.oppgave_create(
            actor=actor,
            mote_id=mote.pk,
            ansvarlig=actor,
            hva="Ringe skolen",
            frist=timezone.localdate() + timedelta(days=7),
        )
        return {"mote_id": mote.pk, "oppgave_id": oppgave.pk}
    return {"mote_id": mote.pk}
