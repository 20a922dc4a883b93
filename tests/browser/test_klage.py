"""A complaint in the browser (KLAGE-01, KLAGE-02): the caseworker registers a party's complaint
from the decision page – refused without a date received (next to the field) – writes the
service's assessment; the team leader finds it in the queue and sends it to the statsforvalteren,
and the letter to every party is on the complaint's page. axe checks every page. Pages are found
by address and field, not by their text."""

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from klage.models import Klage

from ..klage.factories import sent_vedtak
from .conftest import assert_accessible, fresh_session, login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_KLAGE_01_KLAGE_02_register_assess_and_send_to_the_statsforvalteren(
    page, live_server, world, artifacts
):
    sak = world.sak_a
    v = sent_vedtak(sak)
    login(page, live_server, world.saksbehandler)

    page.goto(live_server.url + reverse("vedtak:detail", args=[sak.pk, v.pk]))
    register = reverse("klage:register", args=[sak.pk, v.pk])
    page.locator(f'main a[href="{register}"]').first.click()
    page.wait_for_url(f"**{register}")
    assert_accessible(page, "complaint form")

    page.locator("#id_klager").select_option(index=1)
    page.locator("#id_mottatt").fill("")
    page.locator("#id_gjelder").fill("Vi er uenige i omfanget.")
    page.locator("main form.app-form button[type=submit]").click()
    # Refused next to the field, the input kept, nothing stored (LOG-02).
    expect(page.locator("#id_mottatt")).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#id_gjelder")).to_have_value("Vi er uenige i omfanget.")
    assert not Klage.objects.exists()
    assert_accessible(page, "complaint refused")

    page.locator("#id_mottatt").fill(timezone.localdate().isoformat())
    page.locator("main form.app-form button[type=submit]").click()
    page.wait_for_url("**/klage/*/")
    klage = Klage.objects.get()
    assert_accessible(page, "complaint (received)")
    page.screenshot(path=artifacts / "klage-00-received.png", full_page=True)

    assess = reverse("klage:action", args=[sak.pk, klage.pk, "assess"])
    page.locator(f'main a[href="{assess}"]').first.click()
    page.wait_for_url(f"**{assess}")
    page.locator("#id_vurdering").fill("Vedtaket bygger på en grundig vurdering.")
    page.locator("main form.app-form button[type=submit]").click()
    page.wait_for_url("**/klage/*/")

    # KLAGE-02: the team leader handles it like a decision, from the queue.
    fresh_session(page)
    login(page, live_server, world.teamleder)
    page.goto(live_server.url + reverse("vedtak:queue"))
    detail = reverse("klage:detail", args=[sak.pk, klage.pk])
    page.locator(f'main a[href="{detail}"]').first.click()
    page.wait_for_url(f"**{detail}")
    forward = reverse("klage:action", args=[sak.pk, klage.pk, "forward"])
    page.locator(f'main a[href="{forward}"]').first.click()
    page.wait_for_url(f"**{forward}")
    assert_accessible(page, "send to the statsforvalteren")
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_url(f"**{detail}")
    expect(page.locator("#klage-letters-heading")).to_be_visible()
    assert_accessible(page, "complaint (sent on)")
    page.screenshot(path=artifacts / "klage-01-sent.png", full_page=True)
    klage.refresh_from_db()
    assert klage.status == Klage.Status.OVERSENDT
