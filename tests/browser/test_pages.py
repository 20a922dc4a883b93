"""The pages as a person uses them: log in as each role, open the start page, the case list and
a case; another team's case shows the 404 page; axe finds no serious or critical violations.
Screenshots are saved under test-artifacts/."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from .conftest import assert_accessible, login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize(
    ("role", "own_case", "foreign_case"),
    [
        ("saksbehandler", "sak_a", "sak_b"),
        ("teamleder", "sak_a", "sak_b"),
        ("barnevernleder", "sak_b", "sak_annen"),
    ],
)
def test_role_walks_through_the_pages(
    page, live_server, world, artifacts, role, own_case, foreign_case
):
    user = getattr(world, role)
    sak = getattr(world, own_case)
    login(page, live_server, user)

    # Start page
    assert page.get_by_role("heading", level=1).inner_text().startswith("Velkommen")
    assert_accessible(page, f"{role} start page")
    page.screenshot(path=artifacts / f"{role}-1-startside.png", full_page=True)

    # Case list, with search
    page.get_by_role("link", name="Saker", exact=True).click()
    page.wait_for_url("**/saker/")
    assert page.get_by_role("link", name=sak.saksnummer).is_visible()
    page.get_by_role("textbox", name="Søk").fill(sak.barn.etternavn)
    page.get_by_role("button", name="Søk").click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_role("link", name=sak.saksnummer).is_visible()
    assert_accessible(page, f"{role} case list")
    page.screenshot(path=artifacts / f"{role}-2-saksliste.png", full_page=True)

    # The case page: child, parties, history
    page.get_by_role("link", name=sak.saksnummer).click()
    page.wait_for_url(f"**/saker/{sak.pk}/")
    assert page.get_by_role("heading", level=1).inner_text() == sak.barn.fullt_navn
    assert page.get_by_role("heading", name="Parter").is_visible()
    assert page.get_by_role("heading", name="Historikk for saken").is_visible()
    assert_accessible(page, f"{role} case page")
    page.screenshot(path=artifacts / f"{role}-3-sak.png", full_page=True)

    # Another team's (or service's) case: the 404 page, saying nothing about it.
    other = getattr(world, foreign_case)
    response = page.goto(live_server.url + reverse("cases:detail", kwargs={"sak_id": other.pk}))
    assert response.status == 404
    assert page.get_by_role("heading", name="Fant ikke siden").is_visible()
    assert other.barn.etternavn not in page.content()
    assert_accessible(page, f"{role} 404 page")
    page.screenshot(path=artifacts / f"{role}-4-404.png", full_page=True)


def test_LOG_02_bad_input_is_explained_next_to_the_field_and_kept(
    page, live_server, world, artifacts
):
    login(page, live_server, world.saksbehandler)
    page.goto(live_server.url + reverse("cases:create"))
    page.get_by_label("Fornavn").fill("Ola")
    page.get_by_label("Etternavn").fill("Testesen")
    page.get_by_label("Fødselsnummer eller D-nummer").fill("12345678901")
    page.get_by_role("button", name="Opprett sak").click()
    field = page.get_by_label("Fødselsnummer eller D-nummer")
    assert field.get_attribute("aria-invalid") == "true"
    assert "SAK-01" in page.locator("#id_fodselsnummer_error").inner_text()
    assert field.input_value() == "12345678901"
    assert page.get_by_label("Fornavn").input_value() == "Ola"
    # The error summary takes the focus and links to the field.
    expect(page.locator("#feiloppsummering")).to_be_focused()
    assert_accessible(page, "form with errors")
    page.screenshot(path=artifacts / "skjema-feil.png", full_page=True)


def test_keyboard_user_can_skip_to_main_content(page, live_server, world):
    login(page, live_server, world.saksbehandler)
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent")
    assert "Hopp til hovedinnhold" in focused
