"""INN-01 on the pages: the list, a document, its download (headers, the read log, ROLE-03),
withdrawing one, the case page's panel; need-to-know (ROLE-02) and the list's queries."""

from __future__ import annotations

import pytest
from django.urls import reverse

from core.models import AccessLogEntry
from innkommende.models import InnkommendeDokument

from .factories import pdf_bytes, png_bytes, receive

pytestmark = pytest.mark.django_db


def test_INN_01_download_is_an_attachment_never_cached(client, world):
    content = pdf_bytes()
    dokument = receive(world.saksbehandler, world.sak_a, content=content, name="Rapport mai.pdf")
    client.force_login(world.teamleder)
    response = client.get(reverse("innkommende:download", args=[world.sak_a.pk, dokument.pk]))
    assert response.status_code == 200
    assert response.content == content
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert "Rapport mai.pdf" in response["Content-Disposition"]
    assert "no-store" in response["Cache-Control"]
    assert response["X-Content-Type-Options"] == "nosniff"


def test_INN_01_an_image_is_served_as_its_type(client, world):
    dokument = receive(world.saksbehandler, world.sak_a, content=png_bytes(), name="foto.png")
    client.force_login(world.saksbehandler)
    response = client.get(reverse("innkommende:download", args=[world.sak_a.pk, dokument.pk]))
    assert response["Content-Type"] == "image/png"
    assert response["Content-Disposition"].startswith("attachment;")


def test_INN_01_every_read_of_the_file_is_logged(client, world):
    """ROLE-03: who downloaded which document, when and from where."""
    dokument = receive(world.saksbehandler, world.sak_a)
    client.force_login(world.barnevernleder)
    url = reverse("innkommende:download", args=[world.sak_a.pk, dokument.pk])
    for _ in range(2):
        assert client.get(url).status_code == 200
    rows = AccessLogEntry.objects.filter(action=AccessLogEntry.Action.PDF)
    assert [(r.user_id, r.sak_id, r.path) for r in rows] == [
        (world.barnevernleder.pk, world.sak_a.pk, url)
    ] * 2


def test_INN_01_a_file_changed_on_disk_is_not_served(client, world, storage_root):
    dokument = receive(world.saksbehandler, world.sak_a)
    path = storage_root / dokument.fil.name
    path.chmod(0o640)
    path.write_bytes(pdf_bytes("Endret"))
    client.force_login(world.saksbehandler)
    response = client.get(reverse("innkommende:download", args=[world.sak_a.pk, dokument.pk]))
    assert response.status_code == 500
    assert b"Endret" not in response.content


@pytest.mark.parametrize("name", ["detail", "download"])
def test_INN_01_ROLE_02_another_team_gets_404_and_nothing_is_logged(client, world, name):
    dokument = receive(world.saksbehandler, world.sak_a)
    client.force_login(world.saksbehandler_b)
    response = client.get(reverse(f"innkommende:{name}", args=[world.sak_a.pk, dokument.pk]))
    assert response.status_code == 404
    assert not AccessLogEntry.objects.exists()


def test_INN_01_a_document_of_another_case_is_404(client, world):
    dokument = receive(world.saksbehandler_b, world.sak_b)
    client.force_login(world.barnevernleder)  # sees both cases
    response = client.get(reverse("innkommende:download", args=[world.sak_a.pk, dokument.pk]))
    assert response.status_code == 404


def test_INN_01_the_list_and_the_case_page_show_the_documents(client, world):
    receive(world.saksbehandler, world.sak_a, tittel="Rapport fra senteret")
    client.force_login(world.saksbehandler)
    for url in (
        reverse("innkommende:list", args=[world.sak_a.pk]),
        reverse("cases:detail", args=[world.sak_a.pk]),
    ):
        html = client.get(url).content.decode()
        assert "Rapport fra senteret" in html
        assert "Registrer et innkommende dokument" in html


def test_INN_01_the_list_in_a_fixed_number_of_queries(client, world, django_assert_num_queries):
    client.force_login(world.saksbehandler)
    url = reverse("innkommende:list", args=[world.sak_a.pk])
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    receive(world.saksbehandler, world.sak_a)
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for _ in range(5):
        receive(world.saksbehandler, world.sak_a)
    with django_assert_num_queries(len(few.captured_queries)):
        response = client.get(url)
    assert response.content.decode().count("Rapport fra senteret") == 6


def test_INN_01_withdrawing_keeps_the_document_with_its_reason(client, world):
    dokument = receive(world.saksbehandler, world.sak_a)
    client.force_login(world.saksbehandler)
    url = reverse("innkommende:withdraw", args=[world.sak_a.pk, dokument.pk])
    response = client.post(url, {"reason": "Registrert på feil sak."})
    assert response.status_code == 302
    dokument.refresh_from_db()
    assert dokument.status == InnkommendeDokument.Status.TRUKKET
    assert dokument.trukket_begrunnelse == "Registrert på feil sak."
    assert dokument.history.count() == 2
    # Still there, and still readable by who may see the case.
    detail = client.get(reverse("innkommende:detail", args=[world.sak_a.pk, dokument.pk]))
    assert "Registrert på feil sak." in detail.content.decode()
    # Withdrawn once: not again.
    assert client.post(url, {"reason": "Igjen"}).status_code == 200


def test_INN_01_the_journal_finds_incoming_documents_by_title(client, world):
    dokument = receive(world.saksbehandler, world.sak_a, tittel="Rapport fra skolen")
    receive(world.saksbehandler, world.sak_a, tittel="Brev fra mor")
    client.force_login(world.saksbehandler)
    url = reverse("journal:journal", args=[world.sak_a.pk])
    html = client.get(url, {"q": "skolen"}).content.decode()
    assert reverse("innkommende:detail", args=[world.sak_a.pk, dokument.pk]) in html
    # The timeline shows every document received, beside the notes.
    assert "Brev fra mor" in client.get(url).content.decode()


def test_INN_01_the_document_is_in_the_case_history(client, world):
    """LOG-01: received and withdrawn, with who and why, in the case's history."""
    from innkommende import services

    dokument = receive(world.saksbehandler, world.sak_a, tittel="Rapport i historikken")
    services.innkommende_withdraw(
        actor=world.saksbehandler, dokument_id=dokument.pk, reason="Feil fil"
    )
    client.force_login(world.saksbehandler)
    response = client.get(
        reverse("cases:history", args=[world.sak_a.pk]), {"post": f"innkommende:{dokument.pk}"}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Innkommende dokument mottatt" in html
    assert "Innkommende dokument trukket tilbake" in html
