"""Complaints for the tests of other areas (tests/test_need_to_know.py, the form fuzzer)."""

from __future__ import annotations

from django.utils import timezone

from accounts.models import Rolle, User
from klage import services
from klage.models import Klage
from vedtak.models import Vedtak


def _people(sak):
    """The case's caseworker, team A's leader and the service's head, as the vedtak factories
    want them."""

    def one(**f):
        return User.objects.filter(rolletildelinger__rolle__isnull=False, **f).first()

    return type(
        "W",
        (),
        {
            "saksbehandler": sak.saksbehandler,
            "teamleder": one(
                rolletildelinger__rolle=Rolle.TEAMLEDER, rolletildelinger__team=sak.team
            ),
            "barnevernleder": one(
                rolletildelinger__rolle=Rolle.BARNEVERNLEDER,
                rolletildelinger__tjeneste_id=sak.tjeneste_id,
            ),
            "sak_a": sak,
        },
    )


def sent_vedtak(sak) -> Vedtak:
    from tests.vedtak import factories as vf

    return sak.vedtak.filter(status="ekspedert").first() or vf.ekspedert(_people(sak), sak=sak)


def make_klage(sak) -> Klage:
    """A complaint received today on a decision of ``sak`` sent today."""
    v = sent_vedtak(sak)
    return Klage.objects.filter(vedtak=v, status="mottatt").first() or services.klage_register(
        actor=sak.saksbehandler,
        sak_id=sak.pk,
        vedtak_id=v.pk,
        klager_id=sak.parter.order_by("pk").first().pk,
        mottatt=timezone.localdate(),
        kanal="post",
        gjelder="Vi er uenige i vedtaket.",
    )


def need_to_know_kwargs(name: str, sak) -> dict:
    if name == "klage:register":
        return {"vedtak_id": sent_vedtak(sak).pk}
    klage = make_klage(sak)
    if name == "klage:action":
        return {"klage_id": klage.pk, "name": "assess"}
    return {"klage_id": klage.pk}
