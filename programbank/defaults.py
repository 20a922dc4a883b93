"""The programmes of source 000 («Oversikt over eksisterende tiltak i tjenesten»), seeded for
every service as defaults its head of service edits (BANK-01).

The ages, sessions, interpreter notes and contra-indications are as the source gives them;
where the source is silent the field is left empty (``None`` or ``""``), not guessed. The
source lists the names of the staff trained ([ansatt]); they are linked to users by the
service. The instruments under «Andre» that are assessment tools (Euro ADAD, WMCI, Crowell,
AIM3, SARA) are marked as such (BANK-03: never a measure); SSR-metoden the source does not
describe, so it is left unmarked for the service to settle. MST is not in source 000: a service
that refers to it adds it (given by another service). Kept in Norwegian: the service's own
texts (data), not the program's."""

from __future__ import annotations

TJENESTEN = "tjenesten"
ANNEN = "annen"

#: One dict per programme: the model's fields by name; what is left out stays empty.
PROGRAMMER: list[dict] = [
    {
        "kode": "cos-p",
        "navn": "COS-P (Trygghetssirkelen)",
        "beskrivelse": (
            "Trygghetssirkelen er sentralt gjennom hele veiledningen. Brukes film og refleksjon "
            "av samspill med eget barn. Signal og respons. Reparasjon ved «brudd» i relasjon. "
            "Hai-musikk er sentralt (egen oppvekst preger omsorgen en gir). Får hjemmeoppgaver, "
            "og oppfordres til å tenke på sirkelen ved samspill."
        ),
        "malgruppe": "Foreldre/fosterforeldre for barn 0–10 år",
        "alder_min": 0,
        "alder_maks": 10,
        "antall_samlinger": 8,
        "varighet_min": 45,
        "varighet_maks": 60,
        "form": "begge",
        "tolk_mulig": False,
        "kontraindikasjoner": (
            "Bør ikke brukes til foreldre med psykisk utviklingshemming, rusmisbrukere og "
            "psykisk syke. Kan drøftes med VOP om kurset egner seg til sistnevnte."
        ),
        "merknad": (
            "Finnes i engelsk utgave, ikke anbefalt å bruke i saker hvor en har behov for tolk. "
            "Kurset fås også andre steder i kommunen, som helsestasjonen."
        ),
        "gis_av": TJENESTEN,
    },
    {
        "kode": "icdp",
        "navn": "ICDP",
        "beskrivelse": (
            "ICDP-«hus», etasjer man jobber med: grensesetting, positive grenser. Legges vekt "
            "på at foreldrene er aktive og deltar. Hjemmeoppgaver mellom hver gang."
        ),
        "malgruppe": "Alle foreldre og fosterforeldre med barn fra 0–18 år",
        "alder_min": 0,
        "alder_maks": 18,
        "antall_samlinger": 8,
        "varighet_min": 90,
        "varighet_maks": 120,
        "form": "gruppe",
        "tolk_mulig": False,
        "merknad": "Kultursensitivt program, men ikke optimalt med tolk.",
        "gis_av": ANNEN,
        "gis_av_navn": (
            "Kommunen (gruppeveiledning, lavterskeltilbud) – ikke et tiltak gjennom "
            "barneverntjenesten"
        ),
    },
    {"kode": "samspill-film", "navn": "Samspillsveiledning med bruk av film"},
    {"kode": "pmto", "navn": "PMTO"},
    {"kode": "pmto-radgivning", "navn": "PMTO-rådgivning"},
    {"kode": "pyc", "navn": "PYC"},
    {"kode": "tilknytningsdagbok", "navn": "Tilknytningsdagbok"},
    {
        "kode": "familierad",
        "navn": "Familieråd",
        "merknad": "Hvem: alle ansatte.",
    },
    {"kode": "tuning-into-kids", "navn": "Tuning into Kids"},
    {"kode": "tuning-into-teens", "navn": "Tuning into Teens"},
    {
        "kode": "veiledning-skole-barnehage",
        "navn": "Veiledning til skole og barnehage",
    },
    # «Andre»: the instruments the service uses.
    {"kode": "euro-adad", "navn": "Euro ADAD", "kartleggingsverktoy": True},
    {"kode": "wmci", "navn": "WMCI-intervju", "kartleggingsverktoy": True},
    {"kode": "ssr", "navn": "SSR-metoden"},
    {"kode": "crowell", "navn": "CROWELL", "kartleggingsverktoy": True},
    {"kode": "aim3", "navn": "AIM 3-utredning", "kartleggingsverktoy": True},
    {"kode": "sara-v3", "navn": "SARA V3", "kartleggingsverktoy": True},
]


def new_defaults(model, tjeneste_id: int, have: set[str]) -> list:
    """Unsaved rows of ``model`` (the model, or the historical one in a migration) for the
    defaults the service does not have yet (``have``: the codes it has)."""
    return [
        model(tjeneste_id=tjeneste_id, rekkefolge=(i + 1) * 10, **p)
        for i, p in enumerate(PROGRAMMER)
        if p["kode"] not in have
    ]
