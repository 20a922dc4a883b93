"""The checklists and routine table of source 002 (Alver barneverntjeneste, «Rutiner tiltak»),
seeded for every service as defaults the head of service edits (RUT-01, RUT-02).

Source 002 names six checklists but gives their items only where the routine table spells out
the steps (ettervern, plassering); the other items are sensible starting points, marked in the
name as the service's to edit. Kept in Norwegian: they are the service's own texts (data), not
the program's."""

from __future__ import annotations

#: The code of the closing checklist (AVS-01 requires it complete).
AVSLUTNING = "avslutning"
ETTERVERN = "ettervern"

EDIT_NOTE = "(forslag – tjenesten tilpasser punktene)"

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
