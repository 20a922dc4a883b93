"""The whole path of a decision in the browser by three people (VED-03): the caseworker drafts
it, adds a measure, notifies the parties and records the consent, and sends it for guidance;
the team leader approves the measures and releases it from the queue; the head of service
signs it from the dashboard; the caseworker sends it to the parties. axe checks every page."""

from datetime import timedelta

import pytest
from django.utils import timezone

from vedtak.models import Vedtak

from .conftest import assert_accessible, fresh_session, login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_VED_03_draft_to_ekspedert_by_three_users(page, live_server, world, artifacts):
    sak = world.sak_a
    today = timezone.localdate()
    shot = 0

    def snap(name):
        nonlocal shot
        shot += 1
        page.screenshot(path=artifacts / f"vedtak-{shot:02d}-{name}.png", full_page=True)

    # --- The caseworker ------------------------------------------------------------------
    login(page, live_server, world.saksbehandler)
    page.goto(f"{live_server.url}/saker/{sak.pk}/")
    page.get_by_role("link", name="Nytt vedtak").click()
    page.get_by_label("Nye tiltak").check()
    page.get_by_role("button", name="Opprett utkast").click()
    page.get_by_role("heading", name="Rediger utkastet til vedtak").wait_for()
    page.locator("#id_bakgrunn").fill("Skolen meldte bekymring for fravær.")
    page.locator("#id_vurdering").fill("Barnet trenger støttekontakt.")
    page.locator("#id_barnets_mening").fill("Barnet vil gjerne ha en støttekontakt.")
    page.locator("#id_barnets_mening_vekt").fill("Stor vekt.")
    page.locator("#id_barnets_beste").fill("Det er til barnets beste.")
    page.get_by_role("button", name="Lagre utkast").click()
    page.get_by_role("link", name="Rediger utkastet").click()
    page.get_by_role("button", name="Legg til tiltak").click()
    page.locator("#id_type").select_option(label="Støttekontakt")
    page.locator("#id_omfang").fill("3 timer per uke")
    page.locator("#id_startdato").fill((today + timedelta(days=14)).isoformat())
    assert_accessible(page, "tiltak form")
    page.get_by_role("button", name="Lagre tiltak").click()
    page.get_by_role("link", name="Tilbake til vedtaket").click()
    v = Vedtak.objects.get(sak=sak)

    # Advance notice with a deadline that has passed, and the mother's consent.
    page.get_by_role("link", name="Send forhåndsvarsel").click()
    page.locator("#id_sendt").fill((today - timedelta(days=15)).isoformat())
    page.locator("#id_frist").fill((today - timedelta(days=1)).isoformat())
    page.get_by_role("button", name="Registrer forhåndsvarsel").click()
    page.get_by_role("link", name="Registrer samtykke").click()
    mother = sak.parter.get(daglig_omsorg=True)
    page.locator("#id_giver").select_option(value=f"part-{mother.pk}")
    page.get_by_label("Støttekontakt", exact=False).first.check()
    page.locator("#id_formal").fill("Støttekontakt for fritid.")
    # A consent to measures asks nothing of what is shared with other services (issue 20).
    assert page.locator("#id_informasjon").is_hidden()
    page.locator("#id_informert_om_tilbaketrekking").check()
    page.locator("#id_informert_om_rettigheter").check()
    assert_accessible(page, "consent form")
    page.get_by_role("button", name="Registrer samtykke").click()
    page.goto(f"{live_server.url}/saker/{sak.pk}/vedtak/{v.pk}/")
    assert_accessible(page, "decision page, draft")
    snap("utkast")
    page.get_by_role("link", name="Send til teamleder").click()
    page.get_by_role("button", name="Send til teamleder").click()
    page.get_by_text("Vedtaket ble sendt til teamleder for veiledning.").wait_for()

    # --- The team leader -------------------------------------------------------------------
    fresh_session(page)
    login(page, live_server, world.teamleder)
    page.get_by_role("link", name="Veiledningskø").click()
    assert_accessible(page, "queue")
    snap("veiledningsko")
    page.get_by_role("link", name=sak.saksnummer).click()
    page.get_by_role("link", name="Godkjenn tiltakene").click()
    page.get_by_role("button", name="Godkjenn tiltakene").click()
    page.get_by_role("link", name="Frigi for godkjenning").click()
    page.get_by_role("button", name="Frigi for godkjenning").click()
    page.get_by_text("Vedtaket er frigitt").wait_for()

    # --- The head of service ---------------------------------------------------------------
    fresh_session(page)
    login(page, live_server, world.barnevernleder)
    page.get_by_role("link", name="Vedtak til godkjenning").click()
    assert_accessible(page, "dashboard")
    snap("godkjenning")
    page.get_by_role("link", name=sak.saksnummer).click()
    page.get_by_role("link", name="Godkjenn og signer").click()
    page.locator("#id_override_reason").fill("Planen lages neste uke.")
    assert_accessible(page, "approve")
    page.get_by_role("button", name="Godkjenn og signer").click()
    page.get_by_text("Vedtaket er godkjent.").wait_for()

    # --- The caseworker sends it to the parties -------------------------------------------
    fresh_session(page)
    login(page, live_server, world.saksbehandler)
    page.goto(f"{live_server.url}/saker/{sak.pk}/vedtak/{v.pk}/")
    page.get_by_role("link", name="Send til partene").click()
    page.get_by_role("button", name="Send til partene").click()
    page.get_by_text("Vedtaket er sendt til partene").wait_for()
    assert_accessible(page, "decision page, sent")
    snap("ekspedert")
    v.refresh_from_db()
    assert v.status == Vedtak.Status.EKSPEDERT
    assert v.godkjent_av == world.barnevernleder
    assert v.frigitt_av == world.teamleder
    assert v.opprettet_av == world.saksbehandler
