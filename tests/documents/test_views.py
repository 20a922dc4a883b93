"""The document pages: the PDF download (ROLE-02, ROLE-03, DOK-01), the dispatch form
(DOK-02, LOG-02), the list fragment and its selector (a fixed number of queries)."""

from __future__ import annotations

import hashlib
from datetime import UTC, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from core.models import AccessLogEntry
from documents.models import Utsending
from documents.selectors import dokumenter_for

from .helpers import make_dokument, stored_path

pytestmark = pytest.mark.django_db


def download_url(dokument) -> str:
    return reverse(
        "documents:download", kwargs={"sak_id": dokument.sak_id, "dokument_id": dokument.pk}
    )


def dispatch_url(dokument) -> str:
    return reverse(
        "documents:dispatch", kwargs={"sak_id": dokument.sak_id, "dokument_id": dokument.pk}
    )


def test_ROLE_03_download_is_logged_and_served_as_private_attachment(client, world):
    dokument = make_dokument(world.saksbehandler, world.sak_a)
    client.force_login(world.barnevernleder)
    response = client.get(download_url(dokument))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert hashlib.sha256(response.content).hexdigest() == dokument.sha256
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert dokument.download_filename in disposition
    assert world.sak_a.barn.etternavn not in disposition
    assert "no-store" in response["Cache-Control"]
    row = AccessLogEntry.objects.get()
    assert (row.user_id, row.sak_id, row.action) == (
        world.barnevernleder.pk,
        world.sak_a.pk,
        AccessLogEntry.Action.PDF,
    )
    assert row.path == download_url(dokument)


@pytest.mark.parametrize(
    "role", ["saksbehandler_b", "teamleder_b", "annen_tjeneste", "kontorfaglig"]
)
def test_ROLE_02_download_answers_404_to_other_teams_and_logs_nothing(client, world, role):
    dokument = make_dokument(world.saksbehandler, world.sak_a)
    client.force_login(getattr(world, role))
    response = client.get(download_url(dokument))
    assert response.status_code == 404
    assert not AccessLogEntry.objects.exists()
    assert response["Content-Type"].startswith("text/html")


def test_ROLE_02_document_of_another_case_answers_404(client, world):
    """A document id under the wrong case never leaks the other case's document."""
    other = make_dokument(world.saksbehandler_b, world.sak_b)
    client.force_login(world.barnevernleder)  # sees both cases
    url = reverse("documents:download", kwargs={"sak_id": world.sak_a.pk, "dokument_id": other.pk})
    assert client.get(url).status_code == 404
    assert not AccessLogEntry.objects.exists()


def test_DOK_01_document_being_made_cannot_be_downloaded(client, world):
    dokument = make_dokument(world.saksbehandler, world.sak_a, render=False)
    client.force_login(world.saksbehandler)
    assert client.get(download_url(dokument)).status_code == 404


def test_DOK_01_changed_file_is_never_served(client, world):
    dokument = make_dokument(world.saksbehandler, world.sak_a)
    path = stored_path(dokument)
    path.chmod(0o640)
    path.write_bytes(b"%PDF-1.7 not the document that was made")
    client.force_login(world.saksbehandler)
    client.raise_request_exception = False
    response = client.get(download_url(dokument))
    assert response.status_code == 500
    assert response["Content-Type"].startswith("text/html")
    assert b"DOK-01" in response.content
    assert b"not the document" not in response.content


def test_DOK_02_dispatch_form_registers_and_redirects(client, world):
    dokument = make_dokument(world.saksbehandler, world.sak_a)
    part = world.sak_a.parter.order_by("pk").first()
    client.force_login(world.saksbehandler)
    page = client.get(dispatch_url(dokument))
    assert page.status_code == 200
    html = page.content.decode()
    assert part.fullt_navn in html
    assert 'type="datetime-local"' in html
    when = timezone.localtime().replace(second=0, microsecond=0)
    response = client.post(
        dispatch_url(dokument),
        {"part": str(part.pk), "kanal": "digital", "tidspunkt": when.strftime("%Y-%m-%dT%H:%M")},
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("documents:list", kwargs={"sak_id": world.sak_a.pk})
    utsending = Utsending.objects.get()
    # In UTC: an Oslo time in the hour the clocks fall back equals no instant of another zone.
    expected = (part.pk, "digital", when.astimezone(UTC))
    assert (utsending.part_id, utsending.kanal, utsending.tidspunkt) == expected
    listing = client.get(response["Location"]).content.decode()
    assert part.fullt_navn in listing
    assert dokument.checksum_prefix in listing
    # The registered party is no longer offered.
    assert f'value="{part.pk}"' not in client.get(dispatch_url(dokument)).content.decode()


def test_LOG_02_dispatch_errors_next_to_the_field_and_input_kept(client, world):
    dokument = make_dokument(world.saksbehandler, world.sak_a)
    client.force_login(world.saksbehandler)
    when = timezone.localtime().strftime("%Y-%m-%dT%H:%M")
    response = client.post(
        dispatch_url(dokument),
        {"part": "annen", "mottaker": "", "kanal": "brev", "tidspunkt": when},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="id_mottaker_error"' in html
    assert "DOK-02" in html
    assert f'value="{when}"' in html
    future = (timezone.localtime() + timedelta(days=2)).strftime("%Y-%m-%dT%H:%M")
    part = world.sak_a.parter.first()
    response = client.post(
        dispatch_url(dokument), {"part": str(part.pk), "kanal": "brev", "tidspunkt": future}
    )
    html = response.content.decode()
    assert 'id="id_tidspunkt_error"' in html
    assert 'aria-invalid="true"' in html
    assert not Utsending.objects.exists()


def test_DOK_02_dispatch_form_returns_only_to_this_site(client, world):
    dokument = make_dokument(world.saksbehandler, world.sak_a)
    part = world.sak_a.parter.first()
    client.force_login(world.saksbehandler)
    when = timezone.localtime().strftime("%Y-%m-%dT%H:%M")
    data = {"part": str(part.pk), "kanal": "brev", "tidspunkt": when}
    back = reverse("cases:detail", kwargs={"sak_id": world.sak_a.pk})
    response = client.post(f"{dispatch_url(dokument)}?next={back}", data)
    assert response["Location"] == back
    other = make_dokument(world.saksbehandler, world.sak_a)
    response = client.post(f"{dispatch_url(other)}?next=https://evil.example/", data)
    assert response["Location"] == reverse("documents:list", kwargs={"sak_id": world.sak_a.pk})


def test_ROLE_02_dispatch_form_only_for_the_case_team(client, world):
    dokument = make_dokument(world.saksbehandler, world.sak_a)
    part = world.sak_a.parter.first()
    when = timezone.localtime().strftime("%Y-%m-%dT%H:%M")
    for user in (world.barnevernleder, world.saksbehandler_b, world.kontorfaglig):
        client.force_login(user)
        response = client.post(
            dispatch_url(dokument), {"part": str(part.pk), "kanal": "brev", "tidspunkt": when}
        )
        assert response.status_code == 404
    assert not Utsending.objects.exists()


def test_document_list_links_by_permission(client, world):
    dokument = make_dokument(world.saksbehandler, world.sak_a)
    client.force_login(world.barnevernleder)
    html = client.get(reverse("documents:list", kwargs={"sak_id": world.sak_a.pk})).content
    assert download_url(dokument).encode() in html
    assert dispatch_url(dokument).encode() not in html  # not the head of service's task
    client.force_login(world.saksbehandler)
    html = client.get(reverse("documents:list", kwargs={"sak_id": world.sak_a.pk})).content
    assert dispatch_url(dokument).encode() in html


def test_dokumenter_for_runs_a_fixed_number_of_queries(world):
    sak = world.sak_a
    parter = list(sak.parter.all())

    def grow(n):
        for _ in range(n):
            dokument = make_dokument(world.saksbehandler, sak)
            for part in parter:
                Utsending.objects.create(
                    dokument=dokument,
                    part=part,
                    kanal="brev",
                    tidspunkt=timezone.now(),
                    registered_by=world.saksbehandler,
                )

    def count(**kwargs):
        with CaptureQueriesContext(connection) as ctx:
            docs = dokumenter_for(sak.pk, **kwargs)
            for d in docs:
                [(u.recipient_name, u.registered_by) for u in d.utsendinger.all()]
                d.ordered_by  # noqa: B018
        return len(ctx.captured_queries), len(docs)

    grow(2)
    small = count()
    grow(8)
    large = count()
    assert small[0] == large[0] <= 3
    assert (small[1], large[1]) == (2, 10)
    assert count(source=parter[0])[1] == 0
