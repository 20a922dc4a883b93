"""Demo journal notes (JOUR-01 … JOUR-04), written through the real services on the days they
happened (``core.clock.on_day``), so that the journal, its search and the case page's panel
look as they would in use: telephone calls, a home visit about a measure, a conversation with
the child in the child's own words, a note from the school as an outside source, a case
discussion left as a draft, and a signed note corrected by a new one."""

from __future__ import annotations

import random
from datetime import date, timedelta

from cases.models import Sak
from core.clock import on_day

from . import services
from .selectors import measures_of

#: (days ago, kind, what was said, assessment, extra fields, sign?)
NOTES = [
    (
        30,
        "telefon",
        "Mor ringte og fortalte at morgenene er bedre etter at de fikk en fast rutine. Hun "
        "ønsker fortsatt hjelp med leggetid.",
        "Tjenesten vurderer at familien har god nytte av veiledningen og at samarbeidet er godt.",
        {"deltakere": "Mor (telefon), saksbehandler"},
        True,
    ),
    (
        21,
        "hjemmebesok",
        "Hjemmebesøk etter avtale. Leiligheten var ryddig. Far fortalte om en travel periode på "
        "jobb. Barnet viste fram rommet sitt og tegningene fra skolen.",
        "Omsorgssituasjonen fremstår trygg. Tiltaket følges opp som planlagt.",
        {"deltakere": "Mor, far, barnet, saksbehandler", "measure": True},
        True,
    ),
    (
        14,
        "samtale_barn",
        "Samtale med barnet alene på skolen, om hvordan det går hjemme og på fritiden.",
        "Barnet gir uttrykk for å trives og ønsker mer tid med støttekontakten.",
        {
            "deltakere": "Barnet, saksbehandler",
            "barnet_fortalt": "At barnevernstjenesten hjelper familien, og at barnet kan si "
            "hva det mener om hjelpen.",
            "barnets_ord": "«Det er gøy på fotball. Jeg vil at vi skal gå på kino igjen.»",
            "barnet_informert_om_skriving": True,
        },
        True,
    ),
    (
        9,
        "epost_brev",
        "Kontaktlærer skrev at fraværet er redusert, og at barnet deltar mer i friminuttene.",
        "Opplysningene fra skolen bekrefter bedringen foreldrene beskriver.",
        {
            "deltakere": "Kontaktlærer (e-post)",
            "ekstern_kilde": True,
            "kilde": "Fjordvik skole, kontaktlærer",
        },
        True,
    ),
    (
        3,
        "drofting",
        "Saken drøftet i teamet før evalueringen av tiltaksplanen.",
        "",
        {"deltakere": "Tiltaksteamet"},
        False,
    ),
]


def _data(dato: date, kind: str, said: str, assessment: str, extra: dict, sak: Sak) -> dict:
    data = {"type": kind, "dato": dato, "hva_ble_sagt": said, "vurdering": assessment}
    data.update({k: v for k, v in extra.items() if k != "measure"})
    if extra.get("measure"):
        data["tiltak"] = measures_of(sak).first()
    return data


def load_journal_demo(*, users: dict, saker: list[Sak], today: date, rng: random.Random) -> int:
    """A journal on the caseworker's first cases with decisions: five notes each, the first
    corrected by a later note. Returns the number of notes written."""
    sb = users["saksbehandler"]
    with_decisions = [s for s in saker if s.saksbehandler_id == sb.pk and s.vedtak.exists()]
    # The cases with granted measures first, so that a home visit can concern one.
    cases = sorted(with_decisions, key=lambda s: not measures_of(s).exists())[:6]
    made = 0
    for sak in cases:
        parter = [p.pk for p in sak.parter.filter(aktiv=True)[:1]]
        first = None
        for days, kind, said, assessment, extra, sign in NOTES:
            day = today - timedelta(days=days + rng.randint(0, 2))
            with on_day(day):
                notat = services.notat_create(
                    actor=sb,
                    sak_id=sak.pk,
                    data=_data(day, kind, said, assessment, extra, sak),
                    parter=parter if kind in ("telefon", "hjemmebesok") else None,
                )
                if sign:
                    services.notat_sign(actor=sb, notat_id=notat.pk, override_reason="")
            first = first or notat
            made += 1
        with on_day(today - timedelta(days=1)):
            correction = services.notat_create(
                actor=sb,
                sak_id=sak.pk,
                data={
                    "type": first.type,
                    "dato": first.dato,
                    "deltakere": first.deltakere,
                    "hva_ble_sagt": first.hva_ble_sagt
                    + " Rettelse: samtalen var med far, ikke mor.",
                    "vurdering": first.vurdering,
                },
                notat_id=first.pk,
            )
            services.notat_sign(actor=sb, notat_id=correction.pk, override_reason="")
        made += 1
    return made
