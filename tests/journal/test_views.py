"""The journal's pages: the timeline with its filters and search, reading logged (JOUR-04,
ROLE-03), a signed note locked against every URL (JOUR-02), a fixed number of queries."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from core.models import AccessLogEntry
from journal.models import Journalnotat

from .factories import make_note

pytestmark = pytest.mark.django_db


def test_JOUR_04_reading_the_journal_is_a_logged_case_read(client, world, sak):
    make_note(world.saksbehandler, sak, ekstern_kilde=True, kilde="Skolen, kontaktlærer")
    client.force_login(world.barnevernleder)
    before = AccessLogEntry.objects.count()
    response = client.get(reverse("journal:journal", args=[sak.pk]))
    assert response.status_code == 200
    assert AccessLogEntry.objects.count() == before + 1
    row = AccessLogEntry.objects.order_by("-pk").first()
    assert (row.user_id, row.sak_id, row.action) == (world.barnevernleder.pk, sak.pk, "view")
    assert "Mor fortalte at samtalen med skolen gikk bra." in response.content.decode()


def test_JOUR_02_posting_to_the_edit_url_of_a_signed_note_changes_nothing(client, world, sak):
    notat = make_note(world.saksbehandler, sak, signed=True)
    client.force_login(world.saksbehandler)
    url = reverse("journal:edit", args=[sak.pk, notat.pk])
    response = client.post(
        url,
        {
            "type": "annet",
            "dato": timezone.localdate().isoformat(),
            "deltakere": "Endret",
            "hva_ble_sagt": "Endret tekst",
            "vurdering": "Endret",
        },
    )
    assert response.status_code in (200, 404)
    if response.status_code == 200:
        assert "JOUR-02" in response.content.decode()
    notat.refresh_from_db()
    assert notat.hva_ble_sagt == "Mor fortalte at samtalen med skolen gikk bra."
    assert notat.type == "telefon"
    assert notat.history.filter(hva_ble_sagt="Endret tekst").count() == 0
    # Nor by signing again, or by another member of the team.
    client.post(reverse("journal:sign", args=[sak.pk, notat.pk]))
    client.force_login(world.teamleder)
    assert client.post(url, {"hva_ble_sagt": "Endret"}).status_code == 404
    notat.refresh_from_db()
    assert notat.hva_ble_sagt == "Mor fortalte at samtalen med skolen gikk bra."


def test_JOUR_02_write_sign_and_correct_through_the_pages(client, world, sak):
    client.force_login(world.saksbehandler)
    part = sak.parter.first()
    response = client.post(
        reverse("journal:create", args=[sak.pk]),
        {
            "type": "hjemmebesok",
            "dato": (timezone.localdate() - timedelta(days=2)).isoformat(),
            "parter": [part.pk],
            "hva_ble_sagt": "Hjemmebesøk hos mor. Huset var ryddig.",
            "vurdering": "God omsorg.",
            "barnet_informert_om_skriving": "",
        },
    )
    assert response.status_code == 302
    notat = Journalnotat.objects.get(sak=sak)
    assert response["Location"] == reverse("journal:detail", args=[sak.pk, notat.pk])
    assert list(notat.parter.all()) == [part]
    response = client.post(reverse("journal:sign", args=[sak.pk, notat.pk]))
    assert response.status_code == 302
    notat.refresh_from_db()
    assert notat.er_signert
    page = client.get(reverse("journal:detail", args=[sak.pk, notat.pk])).content.decode()
    assert reverse("journal:correct", args=[sak.pk, notat.pk]) in page
    assert reverse("journal:edit", args=[sak.pk, notat.pk]) not in page
    response = client.post(
        reverse("journal:correct", args=[sak.pk, notat.pk]),
        {
            "type": "hjemmebesok",
            "dato": notat.dato.isoformat(),
            "parter": [part.pk],
            "hva_ble_sagt": "Rettelse: far var også til stede.",
            "vurdering": "God omsorg.",
        },
    )
    assert response.status_code == 302
    correction = Journalnotat.objects.get(korrigerer=notat)
    assert correction.forfatter_id == world.saksbehandler.pk
    journal = client.get(reverse("journal:journal", args=[sak.pk])).content.decode()
    assert "Hjemmebesøk hos mor" in journal and "Rettelse: far var også til stede." in journal


def test_JOUR_01_a_missing_field_is_shown_next_to_it_when_signing(client, world, sak):
    notat = make_note(world.saksbehandler, sak, vurdering="")
    client.force_login(world.saksbehandler)
    page = client.get(reverse("journal:sign", args=[sak.pk, notat.pk])).content.decode()
    assert "JOUR-01" in page


def test_the_journal_filters_by_kind_author_period_and_measure(client, world, sak):
    today = timezone.localdate()
    make_note(world.saksbehandler, sak, type="telefon", dato=today - timedelta(days=40))
    make_note(world.saksbehandler, sak, type="drofting", hva_ble_sagt="Drøfting i teamet.")
    make_note(world.teamleder, sak, type="mote", hva_ble_sagt="Møte med skolen.")
    client.force_login(world.saksbehandler)
    url = reverse("journal:journal", args=[sak.pk])

    def shown(params):
        response = client.get(url, params)
        assert response.status_code == 200
        return [n.type for n in response.context["page_obj"].object_list]

    assert sorted(shown({})) == ["drofting", "mote", "telefon"]
    assert shown({"type": "drofting"}) == ["drofting"]
    assert shown({"forfatter": world.teamleder.pk}) == ["mote"]
    assert "telefon" not in shown({"fra": (today - timedelta(days=10)).isoformat()})
    assert shown({"til": (today - timedelta(days=30)).isoformat()}) == ["telefon"]
    assert shown({"q": "skolen"}) in (["mote", "telefon"], ["telefon", "mote"], ["mote"])


def test_the_journal_is_paginated(client, world, sak):
    from journal.selectors import PER_PAGE

    for _ in range(PER_PAGE + 2):
        make_note(world.saksbehandler, sak)
    client.force_login(world.saksbehandler)
    url = reverse("journal:journal", args=[sak.pk])
    first = client.get(url).context["page_obj"]
    second = client.get(url, {"side": 2}).context["page_obj"]
    assert len(first.object_list) == PER_PAGE and len(second.object_list) == 2


def test_the_case_page_shows_the_latest_notes(client, world, sak):
    make_note(world.saksbehandler, sak, hva_ble_sagt="Siste telefonsamtale med mor.")
    client.force_login(world.teamleder)
    page = client.get(reverse("cases:detail", args=[sak.pk])).content.decode()
    assert "Siste telefonsamtale med mor." in page
    assert reverse("journal:journal", args=[sak.pk]) in page


def _queries(client, url, params=None) -> int:
    client.get(url, params or {})
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url, params or {})
    assert response.status_code == 200
    return len(ctx.captured_queries)


def _grow(world, sak, n):
    parter = [p.pk for p in sak.parter.all()]
    for i in range(n):
        notat = make_note(world.saksbehandler, sak, parter=parter, signed=i % 2 == 0)
        if i % 5 == 0 and notat.er_signert:
            from journal import services

            from .factories import note_data

            services.notat_create(
                actor=world.teamleder, sak_id=sak.pk, data=note_data(), notat_id=notat.pk
            )


def test_the_journal_page_runs_the_same_number_of_queries_for_10_and_100_notes(client, world, sak):
    client.force_login(world.saksbehandler)
    url = reverse("journal:journal", args=[sak.pk])
    case_page = reverse("cases:detail", args=[sak.pk])
    searched = {"q": "samtalen", "type": "telefon"}
    _grow(world, sak, 10)
    small = (_queries(client, url), _queries(client, url, searched), _queries(client, case_page))
    _grow(world, sak, 90)
    large = (_queries(client, url), _queries(client, url, searched), _queries(client, case_page))
    assert small == large


def test_LOG_01_the_notes_and_their_corrections_are_in_the_case_history(client, world, sak):
    from journal import services

    from .factories import note_data

    original = make_note(world.saksbehandler, sak, signed=True, parter=[sak.parter.first().pk])
    services.notat_create(
        actor=world.saksbehandler,
        sak_id=sak.pk,
        data=note_data(hva_ble_sagt="Rettelse."),
        notat_id=original.pk,
    )
    client.force_login(world.teamleder)
    response = client.get(reverse("cases:history", args=[sak.pk]))
    assert response.status_code == 200
    page = response.content.decode()
    # The reasons of the note's history rows: written, signed, and the correction written.
    assert "Journalnotat skrevet" in page and "Journalnotat signert" in page
    assert "Rettelse av et signert notat skrevet" in page


def test_JOUR_03_the_sign_page_asks_for_a_reason_when_the_childs_fields_are_missing(
    client, world, sak
):
    notat = make_note(world.saksbehandler, sak, type="samtale_barn")
    client.force_login(world.saksbehandler)
    url = reverse("journal:sign", args=[sak.pk, notat.pk])
    page = client.get(url).content.decode()
    assert "JOUR-03" in page and 'name="override_reason"' in page
    response = client.post(url, {})
    assert response.status_code == 200
    notat.refresh_from_db()
    assert not notat.er_signert
    response = client.post(url, {"override_reason": "Barnet ønsket ikke å snakke."})
    assert response.status_code == 302
    notat.refresh_from_db()
    assert notat.er_signert and notat.avvik_begrunnelse == "Barnet ønsket ikke å snakke."
