"""Meetings in the browser (MOTE-01, MOTE-03): the caseworker plans a meeting from the case
page with an outside participant – refused without a consent naming the service (MOTE-03,
next to the field), accepted with one – marks it held, writes and signs the minutes, and finds
them as a signed note in the journal. axe checks every page. Pages are found by address and
field, not by their text."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from journal.models import Journalnotat
from moter.models import Mote

from ..moter.factories import consent
from .conftest import assert_accessible, login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_MOTE_01_MOTE_03_plan_with_outsider_refused_then_consented_sign_minutes(
    page, live_server, world, artifacts
):
    sak = world.sak_a
    when = timezone.localtime(timezone.now() - timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M")
    login(page, live_server, world.saksbehandler)

    # From the case page's meetings panel to the plan form.
    page.goto(live_server.url + reverse("cases:detail", kwargs={"sak_id": sak.pk}))
    page.locator("#moter-heading").wait_for()
    plan = reverse("moter:plan", args=[sak.pk])
    page.locator(f'main a[href="{plan}"]').first.click()
    page.wait_for_url(f"**{plan}")
    assert_accessible(page, "meeting plan form")

    def fill():
        page.locator("#id_type").select_option("samarbeidsmote")
        page.locator("#id_tidspunkt").fill(when)
        page.locator("#id_sted").fill("Rådhuset")
        page.locator("#id_agenda").fill("Oppmøte på skolen")
        page.locator("#id_parter_0").check()
        page.locator("#id_eksterne").fill("Kari Nilsen, Solbakken skole")

    fill()
    page.locator("main form.app-form button[type=submit]").click()
    # MOTE-03: refused, the message next to the field, the input kept, nothing stored.
    expect(page.locator("main")).to_contain_text("MOTE-03")
    expect(page.locator("#id_eksterne")).to_have_value("Kari Nilsen, Solbakken skole")
    expect(page.locator("#id_eksterne")).to_have_attribute("aria-invalid", "true")
    assert not Mote.objects.filter(sak=sak).exists()
    assert_accessible(page, "meeting refused (MOTE-03)")
    page.screenshot(path=artifacts / "moter-00-refused.png", full_page=True)

    # With a consent to share information with the school, the same plan is accepted.
    consent(sak, mottaker="Solbakken skole")
    page.goto(live_server.url + plan)
    fill()
    page.locator("main form.app-form button[type=submit]").click()
    page.wait_for_url("**/moter/*/")
    mote = Mote.objects.get(sak=sak)
    assert mote.eksterne.get().samtykke is not None
    detail = reverse("moter:detail", args=[sak.pk, mote.pk])
    assert_accessible(page, "meeting (planned)")

    # Held, then the referent writes the minutes and signs them.
    hold = reverse("moter:action", args=[sak.pk, mote.pk, "hold"])
    with page.expect_navigation():
        page.locator(f'main form[action="{hold}"] button[type=submit]').click()
    page.screenshot(path=artifacts / "moter-01-held.png", full_page=True)
    minutes = reverse("moter:minutes", args=[sak.pk, mote.pk])
    page.locator(f'main a[href="{minutes}"]').click()
    page.wait_for_url(f"**{minutes}")
    page.locator("#id_referat").fill("Skolen melder bedre oppmøte. Ny samtale om fire uker.")
    page.locator("#id_vurdering").fill("Samarbeidet virker.")
    assert_accessible(page, "minutes form")
    page.locator("main form.app-form button[type=submit]").click()
    page.wait_for_url(f"**{detail}")
    sign = reverse("moter:action", args=[sak.pk, mote.pk, "sign"])
    page.locator(f'main a[href="{sign}"]').click()
    page.wait_for_url(f"**{sign}")
    assert_accessible(page, "sign the minutes")
    page.locator("main form.app-form button[type=submit]").click()
    page.wait_for_url(f"**{detail}")
    mote.refresh_from_db()
    assert mote.status == Mote.Status.SIGNERT
    notat = Journalnotat.objects.get(sak=sak)
    assert notat.er_signert and notat.type == "mote"
    expect(page.locator(f'main a[href="{minutes}"]')).to_have_count(0)
    page.screenshot(path=artifacts / "moter-02-signed.png", full_page=True)

    # The note is in the journal.
    page.locator(f'main a[href="{reverse("journal:detail", args=[sak.pk, notat.pk])}"]').click()
    expect(page.locator("main")).to_contain_text("Skolen melder bedre oppmøte.")
    page.goto(live_server.url + reverse("journal:journal", args=[sak.pk]))
    expect(page.locator("#journal-notes li")).to_have_count(1)
    expect(page.locator("#journal-notes")).to_contain_text("Skolen melder bedre oppmøte.")
