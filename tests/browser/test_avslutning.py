"""Closing a case in the browser (AVS-01, AVS-02, RUT-01): the caseworker opens «Avslutt sak»
from the case page and is told the closing checklist stands in the way; starts it, ticks every
item, and proposes the closing; the team leader approves it and the case is closed, read-only.
axe checks every page. Pages are found by address and field, not by their text."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from avslutning.models import Avslutning
from cases.models import Sak
from rutiner.models import SakSjekkliste

from .conftest import assert_accessible, fresh_session, login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_AVS_01_AVS_02_RUT_01_close_a_case_with_its_checklist(page, live_server, world, artifacts):
    sak = world.sak_a
    login(page, live_server, world.saksbehandler)
    page.goto(live_server.url + reverse("cases:detail", args=[sak.pk]))
    closing = reverse("avslutning:page", args=[sak.pk])
    page.locator(f'main a[href="{closing}"]').first.click()
    page.wait_for_url(f"**{closing}")
    # What stands in the way: the closing checklist (RUT-01), named.
    expect(page.locator("main .ds-alert[data-color=danger]")).to_contain_text("RUT-01")
    expect(page.locator("main .ds-alert[data-color=danger]")).to_contain_text("Avslutning av sak")
    assert_accessible(page, "closing (blocked)")
    page.screenshot(path=artifacts / "avslutning-00-blocked.png", full_page=True)

    checklists = reverse("rutiner:sak_list", args=[sak.pk])
    page.locator(f'main a[href="{checklists}"]').first.click()
    page.wait_for_url(f"**{checklists}")
    assert_accessible(page, "checklists of the case")
    page.locator("main form:has(input[name=kode][value=avslutning]) button[type=submit]").click()
    page.wait_for_url("**/sjekklister/*/")
    started = SakSjekkliste.objects.get(sak=sak, kode="avslutning")
    assert_accessible(page, "the closing checklist")
    for _item in range(started.punkter.count()):
        page.locator('main table form button[data-variant="secondary"]').first.click()
        page.wait_for_load_state()
    expect(page.locator('main table form button[data-variant="secondary"]')).to_have_count(0)
    assert started.complete
    page.screenshot(path=artifacts / "avslutning-01-checklist.png", full_page=True)

    page.goto(live_server.url + closing)
    expect(page.locator("main .ds-alert[data-color=success]")).to_be_visible()
    page.locator("#id_oppsummering").fill("Tiltakene har virket, og familien klarer seg selv.")
    page.locator("main form.app-form button[type=submit]").click()
    page.wait_for_url(f"**{closing}")
    avslutning = Avslutning.objects.get(sak=sak)
    assert avslutning.status == Avslutning.Status.FORESLATT
    assert_accessible(page, "closing awaiting approval")

    # AVS-01: the team leader approves it; the case is closed and read-only (AVS-02).
    fresh_session(page)
    login(page, live_server, world.teamleder)
    page.goto(live_server.url + closing)
    approve = reverse("avslutning:action", args=[sak.pk, avslutning.pk, "approve"])
    page.locator(f'main a[href="{approve}"]').first.click()
    page.wait_for_url(f"**{approve}")
    assert_accessible(page, "approve the closing")
    page.locator("main form.app-form button[type=submit]").click()
    page.wait_for_url(f"**{closing}")
    sak.refresh_from_db()
    assert sak.status == Sak.Status.AVSLUTTET
    reopen = reverse("avslutning:reopen", args=[sak.pk, avslutning.pk])
    expect(page.locator(f'main a[href="{reopen}"]')).to_be_visible()
    assert_accessible(page, "closed case")
    page.screenshot(path=artifacts / "avslutning-02-closed.png", full_page=True)
