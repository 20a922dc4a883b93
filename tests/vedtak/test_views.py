"""The decision pages through the client: the path from draft to ekspedert by three users, a
stale form that keeps the user's text (VED-12), refusals shown next to the field, the queue
and the dashboard with their counts, filters and constant query counts."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import make_sak
from tests.test_query_counts import count_queries
from vedtak.models import Tiltakstype, Vedtak

from . import factories as f

pytestmark = pytest.mark.django_db


def url(name, v, **kw):
    return reverse(f"vedtak:{name}", kwargs={"sak_id": v.sak_id, "vedtak_id": v.pk, **kw})


def test_VED_03_path_through_the_pages_by_three_users(client, world):
    sak = world.sak_a
    client.force_login(world.saksbehandler)
    r = client.post(reverse("vedtak:create", kwargs={"sak_id": sak.pk}), {"type": "nytt"})
    v = Vedtak.objects.get(sak=sak)
    assert r["Location"] == url("edit", v)
    r = client.post(
        url("edit", v), {**f.CONTENT, "hjemmel": "barnevernsloven § 3-1", "versjon": v.versjon}
    )
    assert r.status_code == 302, r.content.decode()[:2000]
    v.refresh_from_db()
    r = client.post(
        url("tiltak_add", v),
        {
            "type": Tiltakstype.objects.get(kode="stottekontakt").pk,
            "omfang": "3 timer per uke",
            "startdato": (timezone.localdate() + timedelta(days=10)).isoformat(),
            "versjon": v.versjon,
        },
    )
    assert r.status_code == 302
    v.refresh_from_db()
    r = client.post(url("transition", v, action="send_to_guidance"), {"versjon": v.versjon})
    assert r.status_code == 302
    v.refresh_from_db()
    assert v.status == "til_veiledning"

    # The team leader finds it in the queue, approves the measures and releases it.
    client.force_login(world.teamleder)
    queue = client.get(reverse("vedtak:queue")).content.decode()
    assert sak.saksnummer in queue
    assert client.post(url("approve_measures", v), {"versjon": v.versjon}).status_code == 302
    v.refresh_from_db()
    assert (
        client.post(
            url("transition", v, action="release_for_approval"), {"versjon": v.versjon}
        ).status_code
        == 302
    )
    v.refresh_from_db()
    assert v.status == "klar_for_godkjenning"

    # The head of service: blocked until notice and consent are in place.
    client.force_login(world.barnevernleder)
    page = client.get(url("detail", v)).content.decode()
    assert "VED-06" in page and "VED-07" in page
    r = client.post(
        url("transition", v, action="approve"), {"versjon": v.versjon, "override_reason": "x"}
    )
    assert r.status_code == 200
    assert "VED-06" in r.content.decode()
    f.notify_all(world, v)
    f.consent_all(world, v)
    v.refresh_from_db()
    dash = client.get(reverse("vedtak:dashboard")).content.decode()
    assert sak.saksnummer in dash
    r = client.post(
        url("transition", v, action="approve"),
        {"versjon": v.versjon, "override_reason": "Planen lages nå."},
    )
    assert r.status_code == 302, r.content.decode()[:3000]
    v.refresh_from_db()
    assert v.status == "godkjent"
    f.render_documents(v)

    # The caseworker sends it to the parties, recording the channel per party.
    client.force_login(world.saksbehandler)
    data = {"versjon": v.versjon}
    for p in sak.parter.all():
        data[f"part-{p.pk}"] = "brev"
    r = client.post(url("transition", v, action="send_out"), data)
    assert r.status_code == 302, r.content.decode()[:3000]
    v.refresh_from_db()
    assert v.status == "ekspedert"


def test_VED_12_stale_form_says_so_and_keeps_the_text(client, world):
    v = f.draft(world)
    client.force_login(world.teamleder)
    client.post(
        url("edit", v),
        {
            **f.CONTENT,
            "hjemmel": "bvl § 3-1",
            "bakgrunn": "Teamlederens tekst",
            "versjon": v.versjon,
        },
    )
    client.force_login(world.saksbehandler)
    mine = "Min lange tekst som ikke må gå tapt"
    r = client.post(
        url("edit", v),
        {**f.CONTENT, "hjemmel": "bvl § 3-1", "bakgrunn": mine, "versjon": v.versjon},
    )
    html = r.content.decode()
    assert r.status_code == 200
    assert "VED-12" in html
    assert mine in html  # the user's text is kept in the form
    assert "Teamlederens tekst" in html  # and what is saved now is shown
    assert Vedtak.objects.get(pk=v.pk).bakgrunn == "Teamlederens tekst"


def test_VED_04_author_sees_the_reason_the_button_is_disabled(client, world):
    sak = make_sak(world.saksbehandler, world.team_a, parter=1)
    v = f.draft(world, sak=sak, author=world.teamleder)
    from vedtak import services

    services.vedtak_send_to_guidance(actor=world.teamleder, vedtak_id=v.pk)
    client.force_login(world.teamleder)
    html = client.get(url("detail", v)).content.decode()
    assert "VED-04" in html
    assert 'aria-disabled="true"' in html


def test_LOG_02_refusal_next_to_the_field_and_input_kept(client, world):
    v = f.draft(world)
    client.force_login(world.saksbehandler)
    r = client.post(
        url("forhandsvarsel", v),
        {
            "mottakere": [f"part-{v.sak.parter.first().pk}"],
            "sendt": timezone.localdate().isoformat(),
            "frist": (timezone.localdate() - timedelta(days=1)).isoformat(),
        },
    )
    html = r.content.decode()
    assert r.status_code == 200
    assert "VED-06" in html
    assert 'aria-invalid="true"' in html


def _grow_queue(world, n):
    for _ in range(n):
        sak = make_sak(
            world.saksbehandler,
            world.team_a,
            parter=1,
            melding_mottatt=timezone.localdate() - timedelta(days=70),
        )
        v = f.klar_for_godkjenning(world, sak=sak)
        f.notify_all(world, v, answered=False)


def test_queue_and_dashboard_constant_queries_with_counts(client, world):
    _grow_queue(world, 3)
    f.til_veiledning(world)
    client.force_login(world.teamleder)
    small_q = count_queries(client, reverse("vedtak:queue"))
    client.force_login(world.barnevernleder)
    small_d = count_queries(client, reverse("vedtak:dashboard"))
    _grow_queue(world, 12)
    client.force_login(world.teamleder)
    large_q = count_queries(client, reverse("vedtak:queue"))
    html = client.get(reverse("vedtak:queue"), {"status": "til_veiledning"}).content.decode()
    client.force_login(world.barnevernleder)
    large_d = count_queries(client, reverse("vedtak:dashboard"))
    assert (small_q, small_d) == (large_q, large_d)
    assert max(large_q, large_d) <= 12
    assert html.count("app-row") <= 2  # filtered to the one sent for guidance


def test_dashboard_sorted_by_deadline_with_overdue_marks(client, world):
    today = timezone.localdate()
    late = make_sak(
        world.saksbehandler, world.team_a, parter=1, melding_mottatt=today - timedelta(days=120)
    )
    early = make_sak(
        world.saksbehandler, world.team_a, parter=1, melding_mottatt=today - timedelta(days=20)
    )
    f.klar_for_godkjenning(world, sak=early)
    f.klar_for_godkjenning(world, sak=late)
    client.force_login(world.barnevernleder)
    html = client.get(reverse("vedtak:dashboard")).content.decode()
    assert html.index(late.saksnummer) < html.index(early.saksnummer)
    assert "app-row--overdue" in html


@pytest.mark.parametrize("role", ["saksbehandler", "kontorfaglig", "annen_tjeneste"])
def test_ROLE_02_queue_is_for_team_leaders_only(client, world, role):
    client.force_login(getattr(world, role))
    assert client.get(reverse("vedtak:queue")).status_code == 404


@pytest.mark.parametrize("role", ["saksbehandler", "teamleder", "kontorfaglig"])
def test_ROLE_02_dashboard_is_for_the_head_of_service_only(client, world, role):
    client.force_login(getattr(world, role))
    assert client.get(reverse("vedtak:dashboard")).status_code == 404


def test_ROLE_02_dashboard_shows_only_own_service(client, world):
    other = f.klar_for_godkjenning(world)
    client.force_login(world.annen_tjeneste)
    html = client.get(reverse("vedtak:dashboard")).content.decode()
    assert other.sak.saksnummer not in html or other.sak.barn.etternavn not in html


def test_queue_rows_count_measures_and_show_the_next_open_notice_deadline(world):
    """The queue's columns per decision: its measures not removed, and the first deadline of an
    advance notice still open (no statement received, not passed). Two measures and four
    notices on one decision, so a count taken over a join of the two would be wrong."""
    from vedtak import selectors, services
    from vedtak.models import Forhandsvarsel

    today = timezone.localdate()
    sak = make_sak(world.saksbehandler, world.team_a, parter=4)
    v = f.draft(world, sak=sak, tiltak=("stottekontakt", "foreldreveiledning", "stottekontakt"))
    removed = v.tiltak.order_by("pk").first()
    services.tiltak_remove(actor=world.saksbehandler, tiltak_id=removed.pk, versjon=v.versjon)
    services.vedtak_send_to_guidance(actor=world.saksbehandler, vedtak_id=v.pk)
    parter = list(sak.parter.order_by("pk"))
    for part, (frist, mottatt) in zip(
        parter,
        [
            (today - timedelta(days=1), None),  # passed
            (today + timedelta(days=3), today),  # answered
            (today + timedelta(days=9), None),
            (today + timedelta(days=5), None),  # the next open one
        ],
        strict=True,
    ):
        Forhandsvarsel.objects.create(
            vedtak=v,
            part=part,
            sendt=today - timedelta(days=10),
            frist=frist,
            uttalelse_mottatt=mottatt,
            registrert_av=world.saksbehandler,
        )
    other = f.til_veiledning(world, sak=make_sak(world.saksbehandler, world.team_a, parter=1))

    queue = selectors.teamleder_queue(world.teamleder, selectors.QueueFilter())
    rows = {r.pk: r for r in queue.rows}
    assert (rows[v.pk].antall_tiltak, rows[v.pk].neste_varselfrist) == (
        2,
        today + timedelta(days=5),
    )
    assert (rows[other.pk].antall_tiltak, rows[other.pk].neste_varselfrist) == (1, None)
    assert queue.total == 2
