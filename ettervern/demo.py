"""Demo ettervern (ETT-01, ETT-02): two youths of the measures team, placed by their birth
dates among the demo's children.

- One turns 18 in about four months: the case says «Ettervern: samtale må starte» and the
  nightly digest warns (FRIST-01).
- One turned 18 two weeks ago: the dialogue was a conversation five months ago, recorded as a
  signed journal note, and the decision to continue the measures is being drafted.
"""

from __future__ import annotations

from datetime import date, timedelta

from cases.models import Sak
from cases.rules import add_months, add_years
from core.clock import on_day
from journal import services as journal_services
from vedtak import services as vedtak_services
from vedtak.models import Tiltakstype, Vedtak

from . import services

#: The demo's children (their order in ``demo.data``) who are the two youths.
SOON, ADULT = 20, 21


def demo_birth(index: int, today: date) -> date | None:
    """The birth date of the demo's child ``index`` when it is one of the youths, else None."""
    if index == SOON:
        return add_months(add_years(today, -18), 4)
    if index == ADULT:
        return add_years(today - timedelta(days=14), -18)
    return None


def load_ettervern_demo(*, users: dict, saker: list[Sak], today: date) -> int:
    """The adult youth's dialogue and draft decision; the other needs nothing (its banner
    shows). Returns how many ettervern records were made."""
    born = demo_birth(ADULT, today)
    sak = next((s for s in saker if s.barn.fodselsdato == born), None)
    if sak is None:
        return 0
    worker = sak.saksbehandler
    talk = today - timedelta(days=150)
    with on_day(talk):
        notat = journal_services.notat_create(
            actor=worker,
            sak_id=sak.pk,
            data={
                "type": "samtale",
                "dato": talk,
                "deltakere": "Ungdommen, saksbehandler",
                "hva_ble_sagt": "Samtale om ettervern etter fylte 18 år: hva ungdommen ønsker "
                "hjelp til med bolig, skole og økonomi, og at tilbudet er frivillig.",
                "vurdering": "Ungdommen ønsker å fortsette med støttekontakt etter 18 år. "
                "Vedtak om ettervern forberedes.",
            },
        )
        notat = journal_services.notat_sign(actor=worker, notat_id=notat.pk, override_reason="")
        services.ettervernsamtale_register(actor=worker, sak_id=sak.pk, notat_id=notat.pk)
    vedtak = services.ettervernvedtak_create(actor=worker, sak_id=sak.pk, utfall="fortsette")
    vedtak = vedtak_services.vedtak_update(
        actor=worker,
        vedtak_id=vedtak.pk,
        versjon=vedtak.versjon,
        data={
            "bakgrunn": "Ungdommen har hatt støttekontakt siden ungdomsskolen og fylte nylig "
            "18 år.",
            "vurdering": "Tjenesten vurderer at støttekontakt som ettervern vil hjelpe "
            "ungdommen i overgangen til voksenlivet.",
            "barnets_mening": "Ungdommen ønsker å fortsette med støttekontakten.",
            "barnets_mening_vekt": "Ungdommens ønske er avgjørende: tiltaket er frivillig.",
            "barnets_beste": "Det er til ungdommens beste å ha en trygg voksen i overgangen.",
        },
    )
    vedtak_services.tiltak_add(
        actor=worker,
        vedtak_id=vedtak.pk,
        versjon=Vedtak.objects.get(pk=vedtak.pk).versjon,
        data={
            "type": Tiltakstype.objects.get(kode="stottekontakt"),
            "omfang": "4 timer per uke",
            "startdato": today + timedelta(days=14),
        },
    )
    return 2
