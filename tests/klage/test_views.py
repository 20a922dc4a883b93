"""The complaint's pages: registered from the decision page, its actions, the leaders' queue
and the head's dashboard (KLAGE-01 … KLAGE-04). The dates are today's: the decision is sent
today and the complaint received today."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from core.models import AccessLogEntry
from klage import services
from klage.models import Klage
from tests.test_query_counts import count_queries

from .factories import make_klage, sent_vedtak

pytestmark = pytest.mark.django_db


def test_KLAGE_01_register_from_the_decision_page(client, world):
    v = sent_vedtak(world.sak_a)
    client.force_login(world.saksbehandler)
    page = client.get(reverse("vedtak:detail", args=[v.sak_id, v.pk])).content.decode()
    url = reverse("klage:register", args=[v.sak_id, v.pk])
    assert url in page
    part = v.sak.parter.order_by("pk").first()
    bad = client.post(url, {"klager": part.pk, "kanal": "post", "gjelder": "Uenig."})
    assert bad.status_code == 200 and not Klage.objects.exists()
    future = str(timezone.localdate() + timedelta(days=30))  # any day (29 February too)
    bad = client.post(
        url, {"klager": part.pk, "kanal": "post", "gjelder": "Uenig.", "mottatt": future}
    )
    assert bad.status_code == 200 and not Klage.objects.exists()
    ok = client.post(
        url,
        {
            "klager": part.pk,
            "kanal": "post",
            "gjelder": "Uenig i omfanget.",
            "mottatt": str(timezone.localdate()),
        },
    )
    klage = Klage.objects.get()
    assert ok.status_code == 302 and ok["Location"] == reverse(
        "klage:detail", args=[v.sak_id, klage.pk]
    )
    detail = client.get(ok["Location"]).content.decode()
    assert "Uenig i omfanget." in detail
    # The case page and the decision page show the complaint's state.
    for page_url in (
        reverse("cases:detail", args=[v.sak_id]),
        reverse("vedtak:detail", args=[v.sak_id, v.pk]),
    ):
        assert (
            reverse("klage:detail", args=[v.sak_id, klage.pk])
            in client.get(page_url).content.decode()
        )


def test_KLAGE_02_assessed_complaint_in_the_leaders_queue_and_sent_on(client, world):
    klage = make_klage(world.sak_a)
    client.force_login(world.saksbehandler)
    url = reverse("klage:action", args=[klage.sak_id, klage.pk, "assess"])
    assert client.post(url, {"vurdering": "Vedtaket står."}).status_code == 302
    detail = reverse("klage:detail", args=[klage.sak_id, klage.pk])
    client.force_login(world.teamleder)
    assert detail in client.get(reverse("vedtak:queue")).content.decode()
    forward = reverse("klage:action", args=[klage.sak_id, klage.pk, "forward"])
    assert client.post(forward, {}).status_code == 302
    klage.refresh_from_db()
    assert klage.status == Klage.Status.OVERSENDT


def test_KLAGE_04_count_per_team_on_the_heads_dashboard(client, world):
    make_klage(world.sak_a)
    client.force_login(world.barnevernleder)
    page = client.get(reverse("vedtak:dashboard")).content.decode()
    assert world.team_a.navn in page and 'id="klage-counts-heading"' in page


def _assessed_klage(sak):
    klage = make_klage(sak)
    return services.klage_assess(
        actor=sak.saksbehandler, klage_id=klage.pk, vurdering="Vedtaket står."
    )


def test_KLAGE_02_the_heads_dashboard_lists_the_complaints_to_handle(client, world):
    """KLAGE-02: the head handles a complaint like a decision: on the dashboard, marked
    «Klage», with a link; in one query however many (ROLE-03: the cases logged); ROLE-02:
    not on another service's head's dashboard."""
    klage = _assessed_klage(world.sak_a)
    url = reverse("vedtak:dashboard")
    detail = reverse("klage:detail", args=[klage.sak_id, klage.pk])
    client.force_login(world.barnevernleder)
    small = count_queries(client, url)
    response = client.get(url)
    rows = response.context["klage_queue"]
    assert rows == [klage]
    page = response.content.decode()
    assert detail in page and 'id="klage-queue-heading"' in page
    assert 'data-color="accent">Klage</span>' in page
    last = AccessLogEntry.objects.filter(user=world.barnevernleder).latest("pk")
    assert klage.sak_id in last.saker
    _assessed_klage(world.sak_b)
    assert count_queries(client, url) == small  # one query for the list
    assert len(client.get(url).context["klage_queue"]) == 2
    client.force_login(world.annen_tjeneste)
    response = client.get(url)
    assert response.context["klage_queue"] == [] and detail not in response.content.decode()


def test_KLAGE_03_outcome_form(client, world):
    klage = make_klage(world.sak_a)
    services.klage_assess(actor=world.saksbehandler, klage_id=klage.pk, vurdering="Står.")
    services.klage_forward(actor=world.teamleder, klage_id=klage.pk)
    client.force_login(world.saksbehandler)
    url = reverse("klage:action", args=[klage.sak_id, klage.pk, "record_outcome"])
    assert client.get(url).status_code == 200
    response = client.post(url, {"utfall": "endret", "utfall_dato": str(timezone.localdate())})
    assert response.status_code == 302
    klage.refresh_from_db()
    assert klage.status == Klage.Status.AVGJORT and klage.nytt_vedtak is not None
