"""The journal in the browser (JOUR-01, JOUR-02): the caseworker writes a note from the case
page, signs it and sees it locked – the edit page refuses, only a correction by a new note is
offered. axe checks every page. The pages are found by address and field, not by their text, so
the test holds before and after the Norwegian catalogue is merged."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from journal.models import Journalnotat

from .conftest import assert_accessible, login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_JOUR_01_JOUR_02_write_a_note_sign_it_and_see_it_locked(
    page, live_server, world, artifacts
):
    sak = world.sak_a
    yesterday = timezone.localdate() - timedelta(days=1)
    login(page, live_server, world.saksbehandler)

    # From the case page's journal panel to a new note.
    page.goto(live_server.url + reverse("cases:detail", kwargs={"sak_id": sak.pk}))
    page.locator("#journal-heading").wait_for()
    page.locator(f'main a[href="{reverse("journal:create", args=[sak.pk])}"]').first.click()
    page.wait_for_url(f"**{reverse('journal:create', args=[sak.pk])}")
    assert_accessible(page, "journal note form")
    page.locator("#id_type").select_option("telefon")
    page.locator("#id_dato").fill(yesterday.isoformat())
    page.locator("#id_deltakere").fill("Mor (telefon), saksbehandler")
    page.locator("#id_hva_ble_sagt").fill("Mor ringte om leggetidene. Det går bedre nå.")
    page.locator("#id_vurdering").fill("Rutinene virker. Ingen ny bekymring.")
    page.screenshot(path=artifacts / "journal-00-form.png", full_page=True)
    page.locator("main form.app-form button[type=submit]").click()
    notat = Journalnotat.objects.get(sak=sak)
    detail = reverse("journal:detail", args=[sak.pk, notat.pk])
    page.wait_for_url(f"**{detail}")
    assert_accessible(page, "journal note (draft)")
    page.screenshot(path=artifacts / "journal-01-draft.png", full_page=True)

    # Sign it: the action's page, then back to the note, locked.
    page.locator(f'main a[href="{reverse("journal:sign", args=[sak.pk, notat.pk])}"]').click()
    page.wait_for_url(f"**{reverse('journal:sign', args=[sak.pk, notat.pk])}")
    assert_accessible(page, "sign the note")
    page.locator("main form.app-form button[type=submit]").click()
    page.wait_for_url(f"**{detail}")
    notat.refresh_from_db()
    assert notat.er_signert
    edit = reverse("journal:edit", args=[sak.pk, notat.pk])
    expect(page.locator(f'main a[href="{edit}"]')).to_have_count(0)
    expect(
        page.locator(f'main a[href="{reverse("journal:correct", args=[sak.pk, notat.pk])}"]')
    ).to_have_count(1)
    expect(page.locator(".app-status--signert")).to_be_visible()
    page.screenshot(path=artifacts / "journal-02-signed.png", full_page=True)

    # The edit page of the signed note says it is locked and has no form.
    page.goto(live_server.url + edit)
    expect(page.locator("main")).to_contain_text("JOUR-02")
    expect(page.locator("main textarea")).to_have_count(0)
    assert_accessible(page, "locked note")

    # The journal shows it, and finds it by a word in another form.
    page.goto(live_server.url + reverse("journal:journal", args=[sak.pk]))
    expect(page.locator("#journal-notes li")).to_have_count(1)
    page.locator("#id_q").fill("leggetid")
    page.locator("form[role=search] button[type=submit]").click()
    expect(page.locator("#journal-notes li")).to_have_count(1)
    assert_accessible(page, "journal")
    page.screenshot(path=artifacts / "journal-03-journal.png", full_page=True)
