"""The decision's letters read back from the rendered PDFs (DOK-01, VED-02, VED-10), and the
dispatch recorded per party (DOK-02)."""

from __future__ import annotations

import hashlib
import subprocess

import pytest
from django.utils import timezone

from documents.models import Dokument

from . import factories as f

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("documents_storage")]

from tests.documents.helpers import documents_storage  # noqa: E402, F401  (a fixture)


def pdf_text(dokument: Dokument) -> str:
    with dokument.fil.open("rb") as fh:
        data = fh.read()
    out = subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=data, capture_output=True, check=True
    )
    return " ".join(out.stdout.decode().split())


def test_DOK_01_VED_02_VED_10_the_vedtak_letter_states_what_it_must(world):
    v = f.ekspedert(world)
    copies = list(Dokument.objects.filter(sak=v.sak, type="vedtak").order_by("pk"))
    # DOK-02: one copy per party, each sent to its own party.
    assert len(copies) == v.sak.parter.filter(aktiv=True).count()
    assert all(d.status == "sendt" for d in copies)
    doc = copies[0]
    with doc.fil.open("rb") as fh:
        assert hashlib.sha256(fh.read()).hexdigest() == doc.sha256
    text = pdf_text(doc)
    assert "Barnets mening" in text
    assert "Barnets beste" in text
    assert f.CONTENT["barnets_mening"] in text
    assert "3 uker" in text and "Statsforvalteren" in text  # VED-10: appeal
    assert "forvaltningsloven § 18" in text  # VED-10: access to documents
    tiltak = v.tiltak.get()
    assert "Støttekontakt" in text
    assert tiltak.omfang in text
    assert timezone.localtime().strftime("%Y") in text
    assert v.sak.saksnummer in text
    assert "Side 1 av" in text
    # DOK-02: who got it, when, how: each copy once, to the party it is addressed to.
    for d in copies:
        assert [u.part_id for u in d.utsendinger.all()] == [d.part_id]


def test_DOK_01_forhandsvarsel_and_samtykke_letters(world):
    v = f.klar_for_godkjenning(world)
    f.notify_all(world, v, answered=False)
    f.consent_all(world, v)
    f.render_documents(v)
    notices = Dokument.objects.filter(sak=v.sak, type="forhandsvarsel")
    assert notices.count() == v.sak.parter.count()
    text = pdf_text(notices.first())
    assert "Forhåndsvarsel" in text
    assert "forvaltningsloven § 16" in text
    assert "Fristen for å uttale seg" in text
    consent = Dokument.objects.filter(sak=v.sak, type="samtykkeerklaering").first()
    text = pdf_text(consent)
    assert "Samtykkeerklæring" in text
    assert "trekkes tilbake" in text


def test_DOK_01_the_worker_reads_the_case_of_a_vedtak_letter_once(world):
    """The case (child, service, caseworker) comes with the document row the worker reads: the
    decision's context does not read it again, and its measures, advance notices, parties and
    ettervern come in a fixed number of queries."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from documents import services

    v = f.godkjent(world)  # its letters are ordered: the worker makes them after the commit
    dokument = Dokument.objects.filter(sak=v.sak, type="vedtak", status="bestilt").first()
    with CaptureQueriesContext(connection) as ctx:
        services.dokument_render(dokument_id=dokument.pk)
    dokument.refresh_from_db()
    assert dokument.status == Dokument.Status.FERDIG
    sqls = [q["sql"] for q in ctx.captured_queries]
    reads_case = [sql for sql in sqls if 'FROM "cases_sak"' in sql or 'JOIN "cases_sak"' in sql]
    # The document row of the attempt, and the row locked to record it: not the context's.
    assert not [sql for sql in reads_case if 'FROM "vedtak_vedtak"' in sql]
    assert not [sql for sql in sqls if 'FROM "ettervern_ettervernvedtak"' in sql]
