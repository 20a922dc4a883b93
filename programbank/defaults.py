"""The programmes of source 000 («Oversikt over eksisterende tiltak i tjenesten»), seeded for
every service as defaults its head of service edits (BANK-01).

The ages, sessions, interpreter notes and contra-indications are as the source gives them;
where the source is silent the field is left empty (``None`` or ``""``), not guessed. The
source lists the names of the staff trained ([ansatt]); they are linked to users by the
service. The instruments under «Andre» that are assessment tools (Euro ADAD, WMCI, Crowell,
AIM3, SARA) are marked as such (BANK-03: never a measure); SSR-metoden the source does not
describe, so it is left unmarked for the service to settle. MST is not in source 000: a service
that refers to it adds it (given by another service). Kept in Norwegian: the service's own
texts (data), not the program's.

Each text is here in both written forms (issue 26, docs/nynorsk.md): ``PROGRAMMER`` in bokmål,
``PROGRAMMER_NN`` in nynorsk, the same entries in the same order with the same codes, numbers
and choices; only the texts differ, and a field the source leaves empty is empty in both. A
service is seeded in its own form (:func:`new_defaults`); rows once seeded are the service's
own and never rewritten when the form changes."""

from __future__ import annotations

from core.malform import Malform, first_form

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


#: The nynorsk texts of ``PROGRAMMER``, by code: what differs from the bokmål entry (the
#: numbers and choices are the bokmål entry's).
_NN_TEXTS: dict[str, dict] = {
    "cos-p": {
        "navn": "COS-P (Tryggleikssirkelen)",
        "beskrivelse": (
            "Tryggleikssirkelen er sentral gjennom heile rettleiinga. Det blir brukt film og "
            "refleksjon over samspel med eige barn. Signal og respons. Reparasjon ved «brot» i "
            "relasjonen. Hai-musikk er sentralt (eigen oppvekst pregar omsorga ein gjev). Får "
            "heimeoppgåver, og blir oppmoda til å tenkje på sirkelen ved samspel."
        ),
        "malgruppe": "Foreldre/fosterforeldre for barn 0–10 år",
        "kontraindikasjoner": (
            "Bør ikkje brukast til foreldre med psykisk utviklingshemming, rusmisbrukarar og "
            "psykisk sjuke. Kan drøftast med VOP om kurset eignar seg for dei sistnemnde."
        ),
        "merknad": (
            "Finst i engelsk utgåve, ikkje tilrådd å bruke i saker der ein treng tolk. Kurset "
            "blir òg gjeve andre stader i kommunen, som på helsestasjonen."
        ),
    },
    "icdp": {
        "beskrivelse": (
            "ICDP-«hus», etasjar ein arbeider med: grensesetjing, positive grenser. Det blir "
            "lagt vekt på at foreldra er aktive og deltek. Heimeoppgåver mellom kvar gong."
        ),
        "malgruppe": "Alle foreldre og fosterforeldre med barn frå 0–18 år",
        "merknad": "Kultursensitivt program, men ikkje optimalt med tolk.",
        "gis_av_navn": (
            "Kommunen (grupperettleiing, lågterskeltilbod) – ikkje eit tiltak gjennom "
            "barnevernstenesta"
        ),
    },
    "samspill-film": {"navn": "Samspelsrettleiing med bruk av film"},
    "pmto-radgivning": {"navn": "PMTO-rådgjeving"},
    "tilknytningsdagbok": {"navn": "Tilknytingsdagbok"},
    "familierad": {"merknad": "Kven: alle tilsette."},
    "veiledning-skole-barnehage": {"navn": "Rettleiing til skule og barnehage"},
    "aim3": {"navn": "AIM 3-utgreiing"},
}

PROGRAMMER_NN: list[dict] = [p | _NN_TEXTS.get(p["kode"], {}) for p in PROGRAMMER]

_PROGRAMMER = {Malform.BOKMAL: PROGRAMMER, Malform.NYNORSK: PROGRAMMER_NN}


def programmer(malform: str | None) -> list[dict]:
    """The defaults in the written form ``malform`` (bokmål when it is none)."""
    return _PROGRAMMER.get(first_form(malform), PROGRAMMER)


def new_defaults(model, tjeneste_id: int, have: set[str], malform: str | None = None) -> list:
    """Unsaved rows of ``model`` (the model, or the historical one in a migration) for the
    defaults the service does not have yet (``have``: the codes it has), in the written form
    ``malform`` (bokmål when none is given, as the data migration seeded)."""
    return [
        model(tjeneste_id=tjeneste_id, rekkefolge=(i + 1) * 10, **p)
        for i, p in enumerate(programmer(malform))
        if p["kode"] not in have
    ]
