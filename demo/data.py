"""A fictional municipality for the demo: two teams, a user for every role, ~60 children.

Every name is invented and every identity number synthetic (SAK-01: month + 80). The data is
made through the real services, so the history shows what a caseworker would have done.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone

from accounts.demo import DEMO_PASSWORD, DEMO_USERS
from accounts.models import Rolle, Rolletildeling, Team, Tjeneste, User
from avslutning.demo import load_closing_demo
from cases import services
from cases.models import Part, Sak
from cases.rules import make_synthetic_id_number, synthetic_individual_numbers
from contractors.demo import load_contractor_demo
from core.malform import Malform
from ettervern.demo import demo_birth, load_ettervern_demo
from evaluations.demo import load_plan_demo
from henvisning.demo import load_referral_demo
from innkommende.demo import load_incoming_demo
from journal.demo import load_journal_demo
from kvalitet.demo import load_kvalitet_demo
from moter.demo import load_meeting_demo
from programbank.demo import load_program_demo
from rapportering.demo import load_rapportering_demo
from senter.demo import load_senter_demo
from vedtak.demo import load_vedtak_demo

FIRST_NAMES_GIRLS = [
    "Emma",
    "Nora",
    "Ella",
    "Sofie",
    "Olivia",
    "Ada",
    "Leah",
    "Frida",
    "Ingrid",
    "Maja",
    "Selma",
    "Astrid",
    "Tiril",
    "Hedda",
    "Live",
    "Mathilde",
    "Aurora",
    "Thea",
    "Amalie",
    "Vilde",
    "Sana",
    "Amira",
    "Zofia",
]
FIRST_NAMES_BOYS = [
    "Jakob",
    "Emil",
    "Noah",
    "Oliver",
    "Filip",
    "William",
    "Lucas",
    "Henrik",
    "Aksel",
    "Theodor",
    "Isak",
    "Magnus",
    "Elias",
    "Johannes",
    "Tobias",
    "Sander",
    "Mohammed",
    "Ali",
    "Adam",
    "Mikkel",
    "Jonas",
    "Kasper",
]
ADULT_FIRST = [
    "Anne",
    "Hilde",
    "Marte",
    "Linda",
    "Camilla",
    "Silje",
    "Ida",
    "Lene",
    "Hanne",
    "Per",
    "Ole",
    "Lars",
    "Knut",
    "Geir",
    "Espen",
    "Rune",
    "Kristian",
    "Trond",
    "Fatima",
    "Yusuf",
    "Agnieszka",
    "Tomasz",
]
LAST_NAMES = [
    "Nordli",
    "Bakkevik",
    "Solberg",
    "Fjeldstad",
    "Aasen",
    "Moen",
    "Lunde",
    "Brekke",
    "Eide",
    "Rønning",
    "Sæther",
    "Holm",
    "Kvam",
    "Tangen",
    "Vestby",
    "Ødegård",
    "Bjørklund",
    "Hovland",
    "Myrvang",
    "Skogheim",
    "Engen",
    "Lindqvist",
    "Rasmussen",
    "Hassan",
    "Nowak",
    "Ahmadi",
]
STREETS = [
    "Bjørkeveien",
    "Fjordgata",
    "Skolebakken",
    "Granlia",
    "Sjøsiden",
    "Løkkeveien",
    "Kirkegata",
    "Havnegata",
    "Furuveien",
    "Myrveien",
]
LANGUAGES = [("norsk", False)] * 8 + [("arabisk", True), ("polsk", True), ("somali", True)]


def _id_number(rng: random.Random, born: date, used: set[str]) -> str:
    individuals = synthetic_individual_numbers(born)
    while True:
        number = make_synthetic_id_number(born, rng.choice(individuals))
        if number and number not in used:
            used.add(number)
            return number


def _adult_birth(rng: random.Random, child_born: date) -> date:
    return child_born - timedelta(days=rng.randint(20 * 365, 42 * 365))


#: The demo users' job titles, as the letters print them under the signature.
DEMO_TITLES = {
    Rolle.SAKSBEHANDLER: "Barnevernskonsulent",
    Rolle.TEAMLEDER: "Teamleder",
    Rolle.BARNEVERNLEDER: "Barnevernsleder",
    Rolle.KONTORFAGLIG: "Konsulent",
}


def demo_exists() -> bool:
    return Tjeneste.objects.filter(kommunenummer="9901").exists()


def load_demo(children: int = 60, seed: int = 2026, malform: str | None = None) -> dict[str, int]:
    """Create the demo organisation, users, cases and decisions. Does nothing if they exist.

    Fjordvik writes bokmål and Nabodal nynorsk; ``malform`` ("nb" or "nn") makes both write
    that form instead (issue 26: a nynorsk municipality tries the product in its own form).

    The cases come in one transaction; the decisions (and what other apps add) come after it,
    each service in its own transaction, so that their letters are made after each commit as
    the worker makes them in real use.
    """
    if demo_exists():
        return {"children": 0}
    rng = random.Random(seed)
    users, units, saker = _load_cases(children, rng, malform)
    today = timezone.localdate()
    tiltak_saker = [s for s in saker if s.team_id == units["tiltak"].pk]
    programmes = load_program_demo(users=users)  # BANK-01: before the decisions name them
    made = load_vedtak_demo(users=users, saker=tiltak_saker, today=today, rng=rng)
    contractors = load_contractor_demo(users=users, saker=tiltak_saker, today=today, rng=rng)
    plans = load_plan_demo(users=users, saker=tiltak_saker, today=today, rng=rng)
    notes = load_journal_demo(users=users, saker=tiltak_saker, today=today, rng=rng)
    meetings = load_meeting_demo(users=users, saker=tiltak_saker, today=today, rng=rng)
    aftercare = load_ettervern_demo(users=users, saker=tiltak_saker, today=today)
    incoming = load_incoming_demo(users=users, saker=tiltak_saker, today=today)
    referrals = load_referral_demo(users=users, saker=tiltak_saker, today=today)
    courses = load_senter_demo(users=users, saker=tiltak_saker, today=today)
    closed = load_closing_demo(users=users, saker=tiltak_saker)  # AVS-02: last (read-only after)
    reports = load_rapportering_demo()  # RAPP-02: today's extract, of all the above
    indicators = load_kvalitet_demo()  # KVAL-01: the figures, as the night computes them
    return {
        "children": len(saker),
        "vedtak": made,
        "oppdragstakere": contractors,
        "tiltaksplaner": plans,
        "journalnotater": notes,
        "moter": meetings,
        "ettervern": aftercare,
        "innkommende": incoming,
        "henvisninger": referrals,
        "uttrekk": reports,
        "kvalitetsberegninger": indicators,
        "avsluttet": closed,
        "senterforlop": courses,
        "programmer": programmes,
    }


def _service_name(place: str, form: str) -> str:
    if form == Malform.NYNORSK:
        return f"Barnevernstenesta i {place}"
    return f"Barnevernstjenesten i {place}"


@transaction.atomic
def _load_cases(children: int, rng: random.Random, malform: str | None = None):
    """The organisation, the users, the children with their parties and investigations."""
    today = timezone.localdate()

    fjordvik_form = malform or Malform.BOKMAL
    nabodal_form = malform or Malform.NYNORSK
    fjordvik = Tjeneste.objects.create(
        navn=_service_name("Fjordvik", fjordvik_form),
        malform=fjordvik_form,
        kommune="Fjordvik kommune",
        kommunenummer="9901",
        adresse="Postboks 100, 9999 Fjordvik",
        telefon="99 99 99 00",
    )
    # Issue 26: the neighbouring municipality writes nynorsk (its users' screens and letters).
    nabodal = Tjeneste.objects.create(
        navn=_service_name("Nabodal", nabodal_form),
        kommune="Nabodal kommune",
        kommunenummer="9902",
        adresse="Postboks 1, 9998 Nabodal",
        malform=nabodal_form,
    )
    units = {
        "tiltak": Team.objects.create(tjeneste=fjordvik, navn="Tiltaksteamet"),
        "undersokelse": Team.objects.create(tjeneste=fjordvik, navn="Undersøkelsesteamet"),
        "nabo": Team.objects.create(tjeneste=nabodal, navn="Barnevernsteamet i Nabodal"),
    }
    users: dict[str, User] = {}
    for username, first, last, rolle, key, _description in DEMO_USERS:
        user = User.objects.create_user(
            username=username,
            password=DEMO_PASSWORD,
            first_name=first,
            last_name=last,
            email=f"{username}@fjordvik.invalid",
            # Issue 20: the letters sign with a job title and give a direct number.
            tittel=DEMO_TITLES.get(rolle, ""),
            telefon=f"41 00 00 {10 + len(users):02d}",
        )
        team = units.get(key)
        tjeneste = team.tjeneste if team else fjordvik
        Rolletildeling.objects.create(user=user, rolle=rolle, tjeneste=tjeneste, team=team)
        users[username] = user
    admin = User.objects.create_user(
        username="admin",
        password=DEMO_PASSWORD,
        first_name="Aslak",
        last_name="Admin",
        is_staff=True,
        is_superuser=True,
    )
    Rolletildeling.objects.create(user=admin, rolle=Rolle.SYSTEMADMINISTRATOR, tjeneste=fjordvik)

    used: set[str] = set()
    saker: list[Sak] = []
    plan = (
        [("tiltak", "saksbehandler")] * 30
        + [("undersokelse", "saksbehandler2")] * 24
        + [("nabo", "nabo")] * 6
    )
    for i in range(children):
        team_key, worker = plan[i % len(plan)]
        girl = rng.random() < 0.5
        first = rng.choice(FIRST_NAMES_GIRLS if girl else FIRST_NAMES_BOYS)
        last = rng.choice(LAST_NAMES)
        born = today - timedelta(days=rng.randint(200, 17 * 365 + 300))
        born = max(born, date(2000, 1, 1))
        born = demo_birth(i, today) or born  # ETT-01/02: two youths at 18
        sprak, tolk = rng.choice(LANGUAGES)
        shielded = i % 29 == 7
        received = None
        if team_key == "undersokelse" or rng.random() < 0.3:
            received = today - timedelta(days=rng.randint(5, 170))
        sak = services.sak_create(
            actor=users[worker],
            team=units[team_key],
            barn_data={
                "fornavn": first,
                "etternavn": last,
                "fodselsnummer": _id_number(rng, born, used),
                "sprak": sprak,
                "tolk_behov": tolk,
                "adresse": f"{rng.choice(STREETS)} {rng.randint(1, 80)}, 9999 Fjordvik",
                "adressebeskyttelse": "fortrolig" if shielded else "ingen",
            },
            melding_mottatt=received,
        )
        saker.append(sak)
        _add_parents(rng, users[worker], sak, last, born, used, shielded)
        if sak.undersokelse and (today - received).days > 80 and rng.random() < 0.4:
            if sak.undersokelse.frist >= today:
                lead = "teamleder2" if team_key == "undersokelse" else "teamleder"
                if team_key != "nabo":
                    services.undersokelse_extend(
                        actor=users[lead],
                        sak_id=sak.pk,
                        begrunnelse="Venter på uttalelse fra BUP og skole.",
                    )
        elif sak.undersokelse and team_key == "tiltak" and rng.random() < 0.6:
            services.undersokelse_complete(
                actor=users[worker],
                sak_id=sak.pk,
                avsluttet=min(today, received + timedelta(days=rng.randint(30, 85))),
                konklusjon="tiltak",
            )

    # SAK-04: a few investigations handed over to the measures team after an overgangsmøte.
    for sak in [s for s in saker if s.team_id == units["undersokelse"].pk][:5]:
        services.sak_transfer(
            actor=users["teamleder2"],
            sak_id=sak.pk,
            til_saksbehandler=users["saksbehandler"],
            til_team=units["tiltak"],
            overgangsmote_dato=today - timedelta(days=rng.randint(1, 20)),
            overgangsmote_notat=(
                "Gjennomgang av undersøkelsen, barnets situasjon og foreldrenes ønsker. "
                "Avtalt oppstart av foreldreveiledning. Neste møte med familien om to uker."
            ),
        )
    # Siblings: link some cases that share a last name within a team.
    by_name: dict[tuple[str, int], list[Sak]] = {}
    for sak in saker:
        by_name.setdefault((sak.barn.etternavn, sak.team_id), []).append(sak)
    for group in by_name.values():
        if len(group) > 1:
            group[0].soskensaker.add(*group[1:])
    return users, units, saker


def _add_parents(rng, actor, sak, last, child_born, used, shielded) -> None:
    together = rng.random() < 0.45
    mother_born = _adult_birth(rng, child_born)
    parents = [
        {
            "relasjon": Part.Relasjon.MOR,
            "fornavn": rng.choice(ADULT_FIRST[:9] + ADULT_FIRST[18:20]),
            "daglig_omsorg": True,
            "born": mother_born,
        },
        {
            "relasjon": Part.Relasjon.FAR,
            "fornavn": rng.choice(ADULT_FIRST[9:18] + ADULT_FIRST[20:]),
            "daglig_omsorg": together or rng.random() < 0.2,
            "born": _adult_birth(rng, child_born),
        },
    ]
    if rng.random() < 0.1:
        parents = parents[:1]
    for p in parents:
        born = p.pop("born")
        services.part_create(
            actor=actor,
            sak_id=sak.pk,
            data={
                **p,
                "etternavn": last
                if together or p["relasjon"] == Part.Relasjon.MOR
                else rng.choice(LAST_NAMES),
                "fodselsnummer": _id_number(rng, born, used),
                "foreldreansvar": True,
                "adresse": f"{rng.choice(STREETS)} {rng.randint(1, 80)}, 9999 Fjordvik",
                "adressebeskyttelse": "fortrolig" if shielded and p["daglig_omsorg"] else "ingen",
                "telefon": f"4{rng.randint(1000000, 9999999)}",
            },
        )
