"""The checklists and routine table of source 002 (Alver barneverntjeneste, «Rutiner tiltak»),
seeded for every service as defaults the head of service edits (RUT-01, RUT-02).

Source 002 names six checklists but gives their items only where the routine table spells out
the steps (ettervern, plassering); the other items are sensible starting points, marked in the
name as the service's to edit. Kept in Norwegian: they are the service's own texts (data), not
the program's.

Each text is here in both written forms (issue 26, docs/nynorsk.md): ``CHECKLISTS`` and
``ROUTINES`` in bokmål, ``CHECKLISTS_NN`` and ``ROUTINES_NN`` in nynorsk, the same entries in
the same order with the same codes (logic reads the codes, never the texts). A service is
seeded in its own form (:func:`checklists`, :func:`routines`); rows once seeded are the
service's own and never rewritten when the form changes."""

from __future__ import annotations

from core.malform import Malform, first_form

#: The code of the closing checklist (AVS-01 requires it complete).
AVSLUTNING = "avslutning"
ETTERVERN = "ettervern"

EDIT_NOTE = "(forslag – tjenesten tilpasser punktene)"
EDIT_NOTE_NN = "(forslag – tenesta tilpassar punkta)"

CHECKLISTS: list[dict] = [
    {
        "kode": AVSLUTNING,
        "navn": "Avslutning av sak",
        "punkter": [
            "Alle tiltak er avsluttet eller utløpt, og vedtak om avslutning er sendt partene",
            "Siste evaluering av tiltaksplanen er gjennomført og sendt ut",
            "Barnet/ungdommen og foreldrene er informert om at saken avsluttes",
            "Samarbeidspartnere (skole, helsestasjon, BUP o.a.) er informert der det er avtalt",
            "Oppdragstakere og besøkshjem er avsluttet, og sluttrapporter er kommet inn",
            "Journalen er ført à jour og alle notater er signert",
            f"Ettervern er vurdert for ungdom over 18 år {EDIT_NOTE}",
        ],
    },
    {
        "kode": ETTERVERN,
        "navn": "Ettervern",
        # Source 002's steps, worded as what is in place before the ettervern decision goes
        # for approval: the checklist is required then (RUT-01, ettervern.registrations), so
        # an item that only the decision itself or what follows it can fulfil («vedtak er
        # fattet», «min plan er underskrevet») could never be ticked in time.
        "punkter": [
            "Dialog om ettervern er startet i god tid (senest et halvt år før fylte 18 år)",
            "Ungdommen er informert om retten til tilbud om ettervern etter fylte 18 år",
            "Skriftlig samtykke fra ungdommen foreligger",
            "Aktuelle tiltak er drøftet med ungdommen og beskrevet i eget vedtak om ettervern",
            "Arbeidet med tiltaksplan («min plan») sammen med ungdommen er avtalt; planen "
            "underskrives av ungdommen",
            "Takker ungdommen nei, er begrunnelsen ført i vedtaket, og ungdommen er informert om "
            "at tilbudet kan tas opp igjen fram til fylte 25 år",
        ],
    },
    {
        "kode": "familierad",
        "navn": "Familieråd",
        "punkter": [
            f"Familien har fått informasjon om familieråd og samtykket {EDIT_NOTE}",
            f"Koordinator er bestilt {EDIT_NOTE}",
            f"Spørsmålene til familierådet er formulert sammen med familien {EDIT_NOTE}",
            f"Planen fra familierådet er mottatt og ført som inngående dokument {EDIT_NOTE}",
            f"Oppfølgingsmøte er avtalt {EDIT_NOTE}",
        ],
    },
    {
        "kode": "fylkesnemnda",
        "navn": "Sak for fylkesnemnda",
        "punkter": [
            f"Saken er drøftet med leder og kommuneadvokat {EDIT_NOTE}",
            f"Begjæring om tiltak er skrevet og godkjent av leder {EDIT_NOTE}",
            f"Partene er varslet og har fått dokumentene {EDIT_NOTE}",
            f"Vitneliste og bilag er sendt fylkesnemnda {EDIT_NOTE}",
            f"Vedtaket fra fylkesnemnda er mottatt og iverksatt {EDIT_NOTE}",
        ],
    },
    {
        "kode": "akuttarbeid",
        "navn": "Akuttarbeid",
        "punkter": [
            f"Akuttvedtak er fattet og godkjent av leder {EDIT_NOTE}",
            f"Partene er informert om vedtaket og klageadgangen {EDIT_NOTE}",
            f"Akuttvedtaket er sendt fylkesnemnda innen fristen {EDIT_NOTE}",
            f"Barnets plassering og kontakt med foreldre er fulgt opp {EDIT_NOTE}",
        ],
    },
    {
        "kode": "plassering",
        "navn": "Plassering",
        "punkter": [
            "Henvisning (med NIT-skjema ved atferd) er sendt Bufetat",
            "Avklarings- og inntaksmøter med Bufetat er gjennomført",
            "Oppdatert tiltaksplan («min plan») for oppholdet er utformet med relevante parter",
            "Gyldig vedtak foreligger ved plassering",
            "Plasseringsdato er registrert, og «Bor hos», oppholdskommune og adresse er oppdatert",
            "Avtale om oppfølging og medvirkning fra foreldre er laget",
        ],
    },
]

#: The routine table of source 002 (activity, what to do, who is responsible, where in the
#: system). ``nokkel`` is where in the app the routine is linked from (the «Rutine» link).
ROUTINES: list[dict] = [
    {
        "nokkel": "overforing",
        "aktivitet": "Overgangsmøte med saksbehandler mottak/undersøkelse, saksbehandler tiltak "
        "og klient",
        "utfor": "Saksbehandler mottak/undersøkelse inviterer og leder møtet; saksbehandler "
        "tiltak skriver referat. Innhold: a) presenter ny saksbehandler og ansvar/roller videre, "
        "b) gjennomgang av undersøkelsesrapporten med klient, c) informasjon om prosessen "
        "videre (endringsmål, tiltaksform, videre kontakt).",
        "ansvar": "Saksbehandlere begge avdelinger",
        "utfores_i": "Referat i journalen (egen mal)",
    },
    {
        "nokkel": "tiltaksplan",
        "aktivitet": "Utarbeide tiltaksplan og iverksette aktuelle tiltak",
        "utfor": "Skrive tiltaksplan etter gjeldende mal i samarbeid med klient(ene).",
        "ansvar": "Saksbehandler",
        "utfores_i": "Tiltaksplanen. Godkjennes av leder, sendes partene med følgebrev.",
    },
    {
        "nokkel": "henvisning",
        "aktivitet": "Tilvisning/mandat",
        "utfor": "Skrive tilvisning/mandat/henvisning (f.eks. til familievernet, familieråd, "
        "MST, PPT, Bufetat, BUP, kommunepsykolog) etter gjeldende maler og retningslinjer.",
        "ansvar": "Saksbehandler",
        "utfores_i": "Henvisninger (maler i utgående brev)",
    },
    {
        "nokkel": "oppdragstaker",
        "aktivitet": "Iverksettelse oppdragstakere (støttefamilie, støttekontakt, "
        "fritidskontakt, tilsynsfører i hjemmet o.a.)",
        "utfor": "a) Finne egnet oppdragstaker, b) godkjenningsprosess etter retningslinjene, "
        "c) godkjenningsdokument, d) møter mellom oppdragstaker og familie og oppstartsdato, "
        "e) arbeidskontrakt/lønnsmelding etter vedtak. Følge opp: plan for veiledning, "
        "rapporter og timelister. Evaluere tiltaket med de involverte.",
        "ansvar": "Saksbehandler (a–d), kontorfaglig (e)",
        "utfores_i": "Oppdragstakere. Følg egen rutine for oppdragstakere.",
    },
    {
        "nokkel": "evaluering",
        "aktivitet": "Evaluering av tiltaksplan",
        "utfor": "Evaluer tiltaksplanen etter oppsatte tider og frister. Mål gjennomgås med "
        "dem det gjelder; barnet/ungdommen involveres i evalueringen.",
        "ansvar": "Saksbehandler",
        "utfores_i": "Evaluering i tiltaksplanen; sendes ut med følgebrev.",
    },
    {
        "nokkel": "ettervern",
        "aktivitet": "Ettervern",
        "utfor": "a) Start dialog i god tid (senest et halvt år) før fylte 18 år, b) alle med "
        "tiltak har rett på tilbud om ettervern, c) skriftlig samtykke fra ungdommen, d) eget "
        "vedtak, e) tiltaksplan («min plan») sammen med ungdommen, underskrevet av ungdommen.",
        "ansvar": "Saksbehandler",
        "utfores_i": "Avslått tilbud føres i journalen med egen journaltype. Vedtak og "
        "tiltaksplan.",
    },
    {
        "nokkel": "avslutning",
        "aktivitet": "Avslutning av sak",
        "utfor": "Gå gjennom sjekklisten «Avslutning av sak». Alle tiltak avsluttes med vedtak "
        f"som sendes partene, og siste evaluering gjennomføres før saken avsluttes. {EDIT_NOTE}",
        "ansvar": "Saksbehandler; teamleder godkjenner",
        "utfores_i": "«Avslutt sak» på saken",
    },
]


CHECKLISTS_NN: list[dict] = [
    {
        "kode": AVSLUTNING,
        "navn": "Avslutting av sak",
        "punkter": [
            "Alle tiltak er avslutta eller har gått ut, og vedtak om avslutting er sendt til "
            "partane",
            "Siste evaluering av tiltaksplanen er gjennomført og sendt ut",
            "Barnet/ungdommen og foreldra er informerte om at saka blir avslutta",
            "Samarbeidspartnarar (skule, helsestasjon, BUP o.a.) er informerte der det er avtalt",
            "Oppdragstakarar og besøksheimar er avslutta, og sluttrapportane har kome inn",
            "Journalen er ført à jour, og alle notat er signerte",
            f"Ettervern er vurdert for ungdom over 18 år {EDIT_NOTE_NN}",
        ],
    },
    {
        "kode": ETTERVERN,
        "navn": "Ettervern",
        # As CHECKLISTS: what is in place before the ettervern decision goes for approval.
        "punkter": [
            "Dialog om ettervern er starta i god tid (seinast eit halvt år før fylte 18 år)",
            "Ungdommen er informert om retten til tilbod om ettervern etter fylte 18 år",
            "Skriftleg samtykke frå ungdommen ligg føre",
            "Aktuelle tiltak er drøfta med ungdommen og skildra i eige vedtak om ettervern",
            "Arbeidet med tiltaksplan («min plan») saman med ungdommen er avtalt; planen blir "
            "underskriven av ungdommen",
            "Takkar ungdommen nei, er grunngjevinga ført i vedtaket, og ungdommen er informert om "
            "at tilbodet kan takast opp att fram til fylte 25 år",
        ],
    },
    {
        "kode": "familierad",
        "navn": "Familieråd",
        "punkter": [
            f"Familien har fått informasjon om familieråd og har samtykt {EDIT_NOTE_NN}",
            f"Koordinator er bestilt {EDIT_NOTE_NN}",
            f"Spørsmåla til familierådet er formulerte saman med familien {EDIT_NOTE_NN}",
            f"Planen frå familierådet er motteken og ført som innkomande dokument {EDIT_NOTE_NN}",
            f"Oppfølgingsmøte er avtalt {EDIT_NOTE_NN}",
        ],
    },
    {
        "kode": "fylkesnemnda",
        "navn": "Sak for fylkesnemnda",
        "punkter": [
            f"Saka er drøfta med leiar og kommuneadvokat {EDIT_NOTE_NN}",
            f"Krav om tiltak er skrive og godkjent av leiar {EDIT_NOTE_NN}",
            f"Partane er varsla og har fått dokumenta {EDIT_NOTE_NN}",
            f"Fylkesnemnda har fått vitneliste og bilag {EDIT_NOTE_NN}",
            f"Vedtaket frå fylkesnemnda er motteke og sett i verk {EDIT_NOTE_NN}",
        ],
    },
    {
        "kode": "akuttarbeid",
        "navn": "Akuttarbeid",
        "punkter": [
            f"Akuttvedtak er fatta og godkjent av leiar {EDIT_NOTE_NN}",
            f"Partane er informerte om vedtaket og klageretten {EDIT_NOTE_NN}",
            f"Akuttvedtaket er sendt til fylkesnemnda innan fristen {EDIT_NOTE_NN}",
            f"Plasseringa av barnet og kontakten med foreldra er følgde opp {EDIT_NOTE_NN}",
        ],
    },
    {
        "kode": "plassering",
        "navn": "Plassering",
        "punkter": [
            "Tilvising (med NIT-skjema ved åtferd) er sendt til Bufetat",
            "Avklarings- og inntaksmøte med Bufetat er gjennomførte",
            "Oppdatert tiltaksplan («min plan») for opphaldet er utforma med relevante partar",
            "Gyldig vedtak ligg føre ved plassering",
            "Plasseringsdato er registrert, og «Bur hos», opphaldskommune og adresse er oppdaterte",
            "Avtale om oppfølging og medverknad frå foreldra er laga",
        ],
    },
]

ROUTINES_NN: list[dict] = [
    {
        "nokkel": "overforing",
        "aktivitet": "Overgangsmøte med sakshandsamar mottak/undersøking, sakshandsamar tiltak "
        "og klient",
        "utfor": "Sakshandsamar mottak/undersøking inviterer og leier møtet; sakshandsamar "
        "tiltak skriv referat. Innhald: a) presenter ny sakshandsamar og ansvar/roller vidare, "
        "b) gjennomgang av undersøkingsrapporten med klient, c) informasjon om prosessen "
        "vidare (endringsmål, tiltaksform, vidare kontakt).",
        "ansvar": "Sakshandsamarar i begge avdelingane",
        "utfores_i": "Referat i journalen (eigen mal)",
    },
    {
        "nokkel": "tiltaksplan",
        "aktivitet": "Utarbeide tiltaksplan og setje i verk aktuelle tiltak",
        "utfor": "Skrive tiltaksplan etter gjeldande mal i samarbeid med klient(ane).",
        "ansvar": "Sakshandsamar",
        "utfores_i": "Tiltaksplanen. Leiar godkjenner, og planen blir sendt til partane med "
        "følgjebrev.",
    },
    {
        "nokkel": "henvisning",
        "aktivitet": "Tilvising/mandat",
        "utfor": "Skrive tilvising/mandat (t.d. til familievernet, familieråd, MST, PPT, "
        "Bufetat, BUP, kommunepsykolog) etter gjeldande malar og retningsliner.",
        "ansvar": "Sakshandsamar",
        "utfores_i": "Tilvisingar (malar i utgåande brev)",
    },
    {
        "nokkel": "oppdragstaker",
        "aktivitet": "Iverksetjing oppdragstakarar (støttefamilie, støttekontakt, "
        "fritidskontakt, tilsynsførar i heimen o.a.)",
        "utfor": "a) Finne eigna oppdragstakar, b) godkjenningsprosess etter retningslinene, "
        "c) godkjenningsdokument, d) møte mellom oppdragstakar og familie og oppstartsdato, "
        "e) arbeidskontrakt/lønsmelding etter vedtak. Følgje opp: plan for rettleiing, "
        "rapportar og timelister. Evaluere tiltaket med dei involverte.",
        "ansvar": "Sakshandsamar (a–d), kontorfagleg (e)",
        "utfores_i": "Oppdragstakarar. Følg eigen rutine for oppdragstakarar.",
    },
    {
        "nokkel": "evaluering",
        "aktivitet": "Evaluering av tiltaksplan",
        "utfor": "Evaluer tiltaksplanen etter oppsette tider og fristar. Måla blir gått gjennom "
        "med dei det gjeld; barnet/ungdommen blir involvert i evalueringa.",
        "ansvar": "Sakshandsamar",
        "utfores_i": "Evaluering i tiltaksplanen; blir sendt ut med følgjebrev.",
    },
    {
        "nokkel": "ettervern",
        "aktivitet": "Ettervern",
        "utfor": "a) Start dialog i god tid (seinast eit halvt år) før fylte 18 år, b) alle med "
        "tiltak har rett til tilbod om ettervern, c) skriftleg samtykke frå ungdommen, d) eige "
        "vedtak, e) tiltaksplan («min plan») saman med ungdommen, underskriven av ungdommen.",
        "ansvar": "Sakshandsamar",
        "utfores_i": "Eit avslått tilbod blir ført i journalen med eigen journaltype. Vedtak og "
        "tiltaksplan.",
    },
    {
        "nokkel": "avslutning",
        "aktivitet": "Avslutting av sak",
        "utfor": "Gå gjennom sjekklista «Avslutting av sak». Alle tiltak blir avslutta med "
        "vedtak som blir sendt til partane, og siste evaluering blir gjennomført før saka blir "
        f"avslutta. {EDIT_NOTE_NN}",
        "ansvar": "Sakshandsamar; teamleiar godkjenner",
        "utfores_i": "«Avslutt sak» på saka",
    },
]

_CHECKLISTS = {Malform.BOKMAL: CHECKLISTS, Malform.NYNORSK: CHECKLISTS_NN}
_ROUTINES = {Malform.BOKMAL: ROUTINES, Malform.NYNORSK: ROUTINES_NN}


def checklists(malform: str | None) -> list[dict]:
    """The default checklists in the written form ``malform`` (bokmål when it is none)."""
    return _CHECKLISTS.get(first_form(malform), CHECKLISTS)


def routines(malform: str | None) -> list[dict]:
    """The default routine table in the written form ``malform`` (bokmål when it is none)."""
    return _ROUTINES.get(first_form(malform), ROUTINES)
