"""SAM-03: a withdrawn consent puts its measure on the caseworker's lists – the start page and
«Mine frister» – as «Samtykke trukket» with its case, and the nightly digest counts it as a
kind of its own, until a new decision (change or end) handles the measure.

Dates are built from the day the test runs: a consent given three days ago and withdrawn
today exists on every day of the year."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from reminders import finders, selectors, services
from reminders.models import Paminnelse
from vedtak import services as vedtak_services
from vedtak.models import Tiltak, Vedtak
from vedtak.selectors import withdrawn_consents_for

from ..vedtak import factories as vf

KIND = "samtykke_trukket"


def today() -> date:
    return timezone.localdate()


@pytest.fixture
def withdrawn(world):
    """An approved decision in team A whose consent the parent withdrew today; every user
    with an e-mail address. Returns the measure."""
    for name, user in world.users().items():
        user.email = f"{name}@kommune.invalid"
        user.save(update_fields=["email"])
    v = vf.godkjent(world)
    samtykke = v.sak.samtykker.get()
    vedtak_services.samtykke_withdraw(
        actor=world.saksbehandler, samtykke_id=samtykke.pk, dato=today(), merknad="Muntlig."
    )
    return Tiltak.objects.select_related("type", "vedtak__sak").get(vedtak=v)


def listed(user) -> set[int]:
    """The measures on the user's start page and in their «Mine frister» (they must agree)."""
    start = {t.pk for t in withdrawn_consents_for(user)}
    frister = {f.ref_id for f in selectors.frister_for_user(user, today()) if f.kind == KIND}
    assert start == frister, user.username
    return start


def test_SAM_03_the_kind_is_in_the_registry():
    kind = finders.KINDS_BY_ID[KIND]
    assert (kind.rule, str(kind.label)) == ("SAM-03", "Samtykke trukket")


def test_SAM_03_withdrawn_consent_on_start_page_and_mine_frister_for_caseworker_and_leader(
    world, withdrawn, client
):
    t = withdrawn
    sak = t.vedtak.sak
    assert listed(world.saksbehandler) == {t.pk}
    assert listed(world.teamleder) == {t.pk}
    # ROLE-02: another team of the same service, and another service, never see it.
    for user in (world.saksbehandler_b, world.teamleder_b, world.annen_tjeneste):
        assert listed(user) == set(), user.username
    for user in (world.saksbehandler, world.teamleder):
        client.force_login(user)
        home = client.get(reverse("core:home")).content.decode()
        assert "Samtykke trukket" in home and "(SAM-03)" in home
        assert reverse("cases:detail", args=[sak.pk]) in home
        assert sak.saksnummer in home and t.type.navn in home
        page = client.get(reverse("reminders:mine"))
        html = page.content.decode()
        assert "Samtykke trukket" in html and "(SAM-03)" in html
        assert sak.saksnummer in html
        assert f"«{t.type.navn}»: samtykke trukket" in html
        (item,) = [f for f in page.context["data"].items if f.kind == KIND]
        assert (item.dato, item.ref_id, item.sak_id, item.vedtak_id) == (
            today(),
            t.pk,
            sak.pk,
            None,
        )
    for user in (world.saksbehandler_b, world.teamleder_b):
        client.force_login(user)
        assert "Samtykke trukket" not in client.get(reverse("core:home")).content.decode()
        assert sak.saksnummer not in client.get(reverse("reminders:mine")).content.decode()
    # The head of service gets it in «Mine frister» with the rest of the service's deadlines.
    assert t.pk in {
        f.ref_id
        for f in selectors.frister_for_user(world.barnevernleder, today())
        if f.kind == KIND
    }


def test_SAM_03_the_digest_counts_it_as_a_kind_of_its_own_and_sends_once(world, withdrawn):
    t = withdrawn
    sak = t.vedtak.sak
    for _night in range(2):  # running the night twice sends each digest once (FRIST-03)
        for pk in services.paminnelser_plan(run_date=today()):
            services.paminnelse_send(paminnelse_id=pk)
    sent = [m for m in mail.outbox if m.to == ["saksbehandler@kommune.invalid"]]
    assert len(sent) == 1
    row = Paminnelse.objects.get(mottaker=world.saksbehandler, kjoredato=today())
    (kind,) = [k for k in row.innhold["kinds"] if k["id"] == KIND]
    assert kind == {
        "id": KIND,
        "rule": "SAM-03",
        "antall": 1,
        "saksnummer": [sak.saksnummer],
        "flere": 0,
    }
    assert "Samtykke trukket (SAM-03): 1" in sent[0].body
    # FRIST-02: case numbers and counts only – not the measure, the child or the date.
    for text in (sent[0].subject, sent[0].body, sent[0].alternatives[0][0]):
        assert t.type.navn not in text
        assert sak.barn.fornavn not in text and sak.barn.etternavn not in text
    for user in (world.teamleder, world.barnevernleder):
        row = Paminnelse.objects.get(mottaker=user, kjoredato=today())
        assert KIND in {k["id"] for k in row.innhold["kinds"]}
    for row in Paminnelse.objects.filter(mottaker__in=[world.saksbehandler_b, world.teamleder_b]):
        assert KIND not in {k["id"] for k in row.innhold["kinds"]}


def _new_decision(world, t: Tiltak, type: str) -> Vedtak:
    """A decision that changes or ends the measure, through the real services up to the head
    of service's signature (not yet approved)."""
    sb = world.saksbehandler
    v = vedtak_services.vedtak_create(
        actor=sb, sak_id=t.vedtak.sak_id, type=type, endrer_tiltak_ids=[t.pk]
    )
    v = vedtak_services.vedtak_update(actor=sb, vedtak_id=v.pk, versjon=v.versjon, data=vf.CONTENT)
    row = v.tiltak.get()
    vedtak_services.tiltak_update(
        actor=sb,
        tiltak_id=row.pk,
        versjon=v.versjon,
        data={"startdato": today() + timedelta(days=14), "omfang": "2 timer per uke"},
    )
    vedtak_services.vedtak_send_to_guidance(actor=sb, vedtak_id=v.pk)
    vedtak_services.vedtak_approve_measures(actor=world.teamleder, vedtak_id=v.pk)
    v = vedtak_services.vedtak_release_for_approval(actor=world.teamleder, vedtak_id=v.pk)
    vf.notify_all(world, v)
    if type == Vedtak.Type.ENDRING:
        vf.consent_all(world, v)
    return Vedtak.objects.get(pk=v.pk)


@pytest.mark.parametrize("type", [Vedtak.Type.ENDRING, Vedtak.Type.AVSLUTNING])
def test_SAM_03_a_change_or_end_decision_approved_takes_it_off_the_lists(world, withdrawn, type):
    t = withdrawn
    v = _new_decision(world, t, type)
    # A draft decision does not handle it yet.
    assert listed(world.saksbehandler) == {t.pk}
    vedtak_services.vedtak_approve(
        actor=world.barnevernleder, vedtak_id=v.pk, override_reason="Planen lages nå."
    )
    for user in (world.saksbehandler, world.teamleder, world.barnevernleder):
        assert listed(user) == set()
    t.refresh_from_db()
    assert t.samtykke_trukket == today()  # the record stays (SAM-03)
    assert t.samtykke_trukket_behandlet is not None
    assert t.history.first().history_change_reason == (
        f"Trukket samtykke behandlet i vedtak {v.pk} (SAM-03)"
    )
    # Nor does the next night count it.
    assert KIND not in {i.kind for i in finders.iter_due_rows(today())}


def test_SAM_03_marked_as_followed_up_or_lapsed_it_leaves_the_lists(world, withdrawn):
    t = withdrawn
    vedtak_services.tiltak_acknowledge_withdrawal(actor=world.saksbehandler, tiltak_id=t.pk)
    assert listed(world.saksbehandler) == set()
    # A new consent, withdrawn too: back on the lists; then the measure lapses unstarted.
    parent = t.vedtak.sak.parter.get(daglig_omsorg=True)
    again = vedtak_services.samtykke_create(
        actor=world.saksbehandler,
        sak_id=t.vedtak.sak_id,
        giver=f"part-{parent.pk}",
        tiltak_ids=[t.pk],
        data={
            "formal": "Hjelpetiltak etter vedtak.",
            "informasjon": "Lite.",
            "gitt_dato": today(),
            "informert_om_tilbaketrekking": True,
            "informert_om_rettigheter": True,
        },
        order_document=False,
    )
    vedtak_services.samtykke_withdraw(actor=world.saksbehandler, samtykke_id=again.pk, dato=today())
    assert listed(world.saksbehandler) == {t.pk}
    vedtak_services.tiltak_lapse(actor=world.saksbehandler, tiltak_id=t.pk, bortfalt_dato=today())
    assert listed(world.saksbehandler) == set()


@pytest.mark.parametrize("n", [1, 6])
def test_SAM_03_the_start_page_and_finder_run_one_query_each(world, n, django_assert_num_queries):
    for _i in range(n):
        v = vf.godkjent(world)
        for s in v.sak.samtykker.filter(trukket_dato__isnull=True):
            vedtak_services.samtykke_withdraw(
                actor=world.saksbehandler, samtykke_id=s.pk, dato=today()
            )
    user = type(world.saksbehandler).objects.get(pk=world.saksbehandler.pk)
    user.active_roles()
    with django_assert_num_queries(1):
        assert len(withdrawn_consents_for(user)) == n
    with django_assert_num_queries(1):
        assert len(finders.kind_rows(finders.KINDS_BY_ID[KIND], today())) == n
