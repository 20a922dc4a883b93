"""A page writes while a letter is being made, against the embedded SQLite default.

Run in a process of its own (the test suite runs on PostgreSQL), by
``tests/test_sqlite_letters.py``::

    DATABASE_URL=sqlite:////tmp/x.sqlite3 python -m tests.sqlite_letter_lock

A letter's PDF is held half-made (the test's gate) in a thread of its own, as the web
process's background thread makes it after a response; meanwhile another user adds a party to
a case (a durable transaction that takes SQLite's write lock at its start). The gate opens
after the write or after ``HOLD`` seconds, whichever comes first. Prints one line of JSON: how
long the write waited, and the letter's status at the end.
"""

from __future__ import annotations

import json
import os
import threading
import time

HOLD = 8.0


def main() -> dict:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hjelpetiltak.settings.local")
    import django

    django.setup()

    from django.core.management import call_command
    from django.db import connection, connections

    from accounts.models import Rolle
    from cases import services as case_services
    from cases.models import Part
    from documents import services
    from tests.documents.helpers import make_dokument, sample_letter_registered
    from tests.factories import grant, make_sak, make_user, org

    call_command("migrate", verbosity=0, interactive=False)
    _tjeneste, team, _other = org("9912")
    sb = grant(make_user("sb"), Rolle.SAKSBEHANDLER, team=team)
    sak = make_sak(sb, team, parter=1)
    enqueue = services.render_enqueue
    services.render_enqueue = lambda *args, **kwargs: True  # made below, in the thread
    dokument = make_dokument(sb, sak, render=False)
    services.render_enqueue = enqueue
    connection.close()

    making = threading.Event()
    release = threading.Event()
    letter_to_pdf = services.letter_to_pdf

    def held(html):
        making.set()
        release.wait(HOLD)
        return letter_to_pdf(html)

    services.letter_to_pdf = held

    def render() -> None:
        try:
            services.dokument_render(dokument_id=dokument.pk)
        finally:
            connections.close_all()

    with sample_letter_registered():
        worker = threading.Thread(target=render)
        worker.start()
        assert making.wait(60), "the letter was never started"
        started = time.monotonic()
        case_services.part_create(
            actor=sb,
            sak_id=sak.pk,
            data={"relasjon": Part.Relasjon.ANNEN, "fornavn": "Per", "etternavn": "X"},
        )
        waited = time.monotonic() - started
        release.set()
        worker.join(120)
    dokument.refresh_from_db()
    return {"waited": waited, "hold": HOLD, "status": dokument.status}


if __name__ == "__main__":
    print(json.dumps(main()))
