"""ROLE-04 and ROLE-03 in the browser: a caseworker opens another team's case by break-the-glass
from the 404 page; the team leader reads it in the access log. axe finds no serious or critical
violations on the pages."""

import pytest
from django.urls import reverse

from .conftest import assert_accessible, fresh_session, login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

REASON = "Barnet er meldt savnet, og saksbehandleren er ikke å nå i kveld"


def test_ROLE_04_break_the_glass_then_the_access_log(page, live_server, world, artifacts):
    sak = world.sak_a
    login(page, live_server, world.saksbehandler_b)
    response = page.goto(live_server.url + reverse("cases:detail", kwargs={"sak_id": sak.pk}))
    assert response.status == 404
    page.get_by_role("link", name="nødtilgang").click()
    page.wait_for_url("**/tilgang/nodtilgang/")
    assert_accessible(page, "break-the-glass form")
    page.get_by_label("Saksnummer").fill(sak.saksnummer)
    page.get_by_label("Begrunnelse").fill("for kort")
    page.get_by_role("button", name="Åpne saken").click()
    assert "ROLE-04" in page.locator("#id_begrunnelse_error").inner_text()
    assert page.get_by_label("Saksnummer").input_value() == sak.saksnummer
    page.get_by_label("Begrunnelse").fill(REASON)
    page.get_by_role("button", name="Åpne saken").click()
    page.wait_for_url(f"**/saker/{sak.pk}/")
    assert page.get_by_role("heading", level=1).inner_text() == sak.barn.fullt_navn
    assert REASON in page.content()
    assert_accessible(page, "case opened by break-the-glass")
    page.screenshot(path=artifacts / "nodtilgang-sak.png", full_page=True)

    fresh_session(page)
    login(page, live_server, world.teamleder)
    page.get_by_role("link", name="Tilgangslogg").click()
    page.wait_for_url("**/tilgang/logg/")
    page.get_by_label("Bare nødtilgang").check()
    page.get_by_role("button", name="Filtrer").click()
    page.wait_for_load_state("networkidle")
    assert REASON in page.content()
    assert world.saksbehandler_b.get_full_name() in page.content()
    assert_accessible(page, "access log")
    page.screenshot(path=artifacts / "tilgangslogg.png", full_page=True)
