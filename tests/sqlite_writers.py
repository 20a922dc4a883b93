"""Eight users writing at once through the service layer, against the embedded SQLite default.

Run in a process of its own (the test suite runs on PostgreSQL), by
``tests/test_sqlite_concurrency.py``::

    DATABASE_URL=sqlite:////tmp/x.sqlite3 python -m tests.sqlite_writers

It migrates the database, builds one service with a team of caseworkers, a case with two
parties and a draft decision for each writer, and then starts the writers together. Each
opens cases (all of them drawing case numbers from the same series row) and adds a party to
each, sends the advance notice of its decision to both parties and registers a consent (each
orders a letter, rendered in-process after the commit, as ``make run`` does), and sends the
decision to the team leader: the actions two demo users saw fail with «database is locked».
It prints one line of JSON: the errors (exception class and text), and what was expected and
found in the database.
"""

from __future__ import annotations

import json
import os
import sys
import threading
from collections import Counter
from datetime import timedelta
from types import SimpleNamespace

WRITERS = 8
ROUNDS = 3


def main() -> dict:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hjelpetiltak.settings.local")
    import django

    django.setup()

    from django.core.management import call_command
    from django.db import close_old_connections, connection
    from django.utils import timezone

    from accounts.models import Rolle
    from cases import services as case_services
    from cases.models import Part, Sak
    from documents.models import Dokument
    from tests.factories import grant, make_sak, make_user, org, synthetic_number
    from tests.vedtak.factories import draft
    from vedtak import services as vedtak_services
    from vedtak.models import Forhandsvarsel, Samtykke, Vedtak

    call_command("migrate", verbosity=0, interactive=False)
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA journal_mode")
        journal_mode = cursor.fetchone()[0]

    today = timezone.localdate()
    _tjeneste, team, _other = org("9911")
    grant(make_user("tl"), Rolle.TEAMLEDER, team=team)
    caseworkers = [
        grant(make_user(f"sb{i}"), Rolle.SAKSBEHANDLER, team=team) for i in range(WRITERS)
    ]
    own = []  # per writer: its case, its draft decision and the case's parties
    for sb in caseworkers:
        sak = make_sak(sb, team, parter=2)
        vedtak = draft(SimpleNamespace(), sak, author=sb)
        own.append((sak, vedtak, list(sak.parter.order_by("pk"))))
    # Identity numbers are drawn here, not in the threads (the factory's memory is shared).
    numbers = [
        [synthetic_number(today - timedelta(days=3000 + 40 * i + r)) for r in range(ROUNDS)]
        for i in range(WRITERS)
    ]
    before = {
        "sak": Sak.objects.count(),
        "part": Part.objects.count(),
        "dokument": Dokument.objects.count(),
    }
    connection.close()

    errors: list[str] = []
    start = threading.Barrier(WRITERS)

    def attempt(what, **kwargs):
        try:
            return what(**kwargs)
        except Exception as exc:  # every failure is the result, whatever it is
            errors.append(f"{what.__name__}: {type(exc).__name__}: {exc}")
            return None

    def writer(i: int) -> None:
        sb = caseworkers[i]
        sak, vedtak, parter = own[i]
        try:
            start.wait()
            for r in range(ROUNDS):
                new = attempt(
                    case_services.sak_create,
                    actor=sb,
                    team=team,
                    barn_data={
                        "fornavn": "Samtidig",
                        "etternavn": f"Skriver{i}x{r}",
                        "fodselsnummer": numbers[i][r],
                    },
                )
                if new is not None:
                    attempt(
                        case_services.part_create,
                        actor=sb,
                        sak_id=new.pk,
                        data={
                            "relasjon": Part.Relasjon.MOR,
                            "fornavn": "Mor",
                            "etternavn": f"Skriver{i}x{r}",
                            "daglig_omsorg": True,
                        },
                    )
            attempt(
                vedtak_services.forhandsvarsel_send,
                actor=sb,
                vedtak_id=vedtak.pk,
                mottakere=[f"part-{p.pk}" for p in parter],
                sendt=today,
                frist=today + timedelta(days=14),
            )
            attempt(
                vedtak_services.samtykke_create,
                actor=sb,
                sak_id=sak.pk,
                giver=f"part-{parter[0].pk}",
                tiltak_ids=list(vedtak.tiltak.values_list("pk", flat=True)),
                data={
                    "formal": "Hjelpetiltak etter vedtak.",
                    "informasjon": "Opplysninger om barnets behov deles med støttekontakten.",
                    "gitt_dato": today,
                    "informert_om_tilbaketrekking": True,
                    "informert_om_rettigheter": True,
                },
            )
            attempt(vedtak_services.vedtak_send_to_guidance, actor=sb, vedtak_id=vedtak.pk)
        finally:
            close_old_connections()
            connection.close()

    threads = [threading.Thread(target=writer, args=(i,)) for i in range(WRITERS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()

    writers = [sak.pk for sak, _v, _p in own]
    new_saker = Sak.objects.exclude(pk__in=writers).filter(barn__fornavn="Samtidig")
    saksnummer = list(Sak.objects.values_list("saksnummer", flat=True))
    letters = Dokument.objects.filter(sak_id__in=writers)
    return {
        "journal_mode": journal_mode,
        "errors": errors,
        "expected": {
            "sak": before["sak"] + WRITERS * ROUNDS,
            "part": before["part"] + WRITERS * ROUNDS,
            "forhandsvarsel": 2 * WRITERS,
            "samtykke": WRITERS,
            "letters": 3 * WRITERS,
            "letters_made": 3 * WRITERS,
            "til_veiledning": WRITERS,
            "duplicate_saksnummer": 0,
            "new_cases_with_a_party": WRITERS * ROUNDS,
        },
        "found": {
            "sak": Sak.objects.count(),
            "part": Part.objects.count(),
            "forhandsvarsel": Forhandsvarsel.objects.filter(vedtak__sak_id__in=writers).count(),
            "samtykke": Samtykke.objects.filter(sak_id__in=writers).count(),
            "letters": letters.count(),
            "letters_made": letters.filter(status=Dokument.Status.FERDIG).count(),
            "til_veiledning": Vedtak.objects.filter(
                sak_id__in=writers, status=Vedtak.Status.TIL_VEILEDNING
            ).count(),
            "duplicate_saksnummer": sum(n - 1 for n in Counter(saksnummer).values()),
            "new_cases_with_a_party": new_saker.filter(parter__isnull=False).distinct().count(),
        },
    }


if __name__ == "__main__":
    result = main()
    sys.stdout.write(json.dumps(result) + "\n")
