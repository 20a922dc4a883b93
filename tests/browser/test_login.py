"""Logging in as a person does (issue 7): the first login sets up the authenticator app from the
key shown on the page; later logins take the password and the code; shortly before an idle
login ends a dialog offers to stay, and at the end the page leaves for the login page.

The browser's clock is Playwright's fake clock; the server's is moved by editing the session's
stored timestamps. Nothing sleeps."""

import pytest
from django.conf import settings
from django.urls import reverse
from django_otp.oath import TOTP
from playwright.sync_api import expect

from accounts.sessions import LAST_SEEN, SessionStore

from ..accounts.helpers import enrolment_code
from .conftest import PASSWORD, assert_accessible, login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def code_from_key(key_text: str) -> str:
    """What an authenticator app shows for a key typed in by hand."""
    from base64 import b32decode

    secret = key_text.replace(" ", "")
    secret += "=" * (-len(secret) % 8)
    return f"{TOTP(b32decode(secret)).token():06d}"


def test_first_login_sets_up_the_app_then_logs_in(page, live_server, world, artifacts):
    user = world.teamleder
    code = enrolment_code(user)
    page.goto(live_server.url + reverse("accounts:login"))
    assert_accessible(page, "login page")
    page.locator("#id_username").fill(user.username)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("main form.app-form button[type=submit]").click()

    page.wait_for_url(lambda url: reverse("accounts:otp_setup") in url)
    # The enrolment code from the administrator first (issue 19, finding 3).
    assert_accessible(page, "enrolment code page")
    page.locator("#id_registreringskode").fill(code)
    page.locator("main form.app-form button[type=submit]").click()
    qr = page.locator("img.app-qr")
    expect(qr).to_be_visible()
    assert qr.get_attribute("alt")
    # Only the code pages and logout are reachable so far: no menu.
    expect(page.get_by_role("navigation", name="Hovedmeny")).to_have_count(0)
    assert_accessible(page, "set-up page")
    page.screenshot(path=artifacts / "tofaktor-oppsett.png", full_page=True)

    # A wrong code first: the error is next to the field, and the key stays the same.
    key = page.locator("#otp-secret").inner_text()
    page.locator("#id_otp_token").fill("12345")
    page.locator("main form.app-form button[type=submit]").click()
    expect(page.locator("#id_otp_token_error")).to_be_visible()
    assert page.locator("#otp-secret").inner_text() == key
    assert_accessible(page, "set-up page with an error")

    page.locator("#id_otp_token").fill(code_from_key(key))
    page.locator("main form.app-form button[type=submit]").click()
    page.wait_for_url(live_server.url + "/")
    assert page.get_by_role("heading", level=1).inner_text().startswith("Velkommen")

    # The next login asks for the code only.
    page.locator("header form button[type=submit]").click()
    page.wait_for_url(lambda url: reverse("accounts:login") in url)
    login(page, live_server, user)
    assert page.get_by_role("heading", level=1).inner_text().startswith("Velkommen")


def test_code_page_is_accessible(page, live_server, world, artifacts):
    from tests.factories import totp_device

    totp_device(world.saksbehandler)
    page.goto(live_server.url + reverse("accounts:login"))
    page.locator("#id_username").fill(world.saksbehandler.username)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("main form.app-form button[type=submit]").click()
    page.wait_for_url(lambda url: reverse("accounts:otp_verify") in url)
    expect(page.locator("#id_otp_token")).to_be_focused()
    assert page.locator("#id_otp_token").get_attribute("autocomplete") == "one-time-code"
    assert_accessible(page, "code page")
    page.screenshot(path=artifacts / "engangskode.png", full_page=True)


def _move_server_clock(page, seconds_back: int) -> None:
    cookie = next(c for c in page.context.cookies() if c["name"] == settings.SESSION_COOKIE_NAME)
    session = SessionStore(session_key=cookie["value"])
    session[LAST_SEEN] -= seconds_back
    session.save()


def test_idle_warning_lets_the_user_stay_and_then_ends_the_login(
    page, live_server, world, artifacts
):
    page.clock.install()
    login(page, live_server, world.saksbehandler)
    dialog = page.locator("#session-timeout")
    expect(dialog).to_be_hidden()

    # 14 of 15 minutes pass without activity.
    _move_server_clock(page, 14 * 60)
    page.clock.fast_forward("13:01")
    expect(dialog).to_be_visible()
    name = "Du blir logget ut om 2 minutter"
    if not _translated():
        name = "You will be logged out in 2 minutes"
    expect(page.get_by_role("dialog")).to_have_accessible_name(name)
    # Let the dialog's fade-in finish before axe measures the contrast.
    dialog.evaluate("d => Promise.all(d.getAnimations().map(a => a.finished))")
    expect(dialog.locator("[data-session-ping] button")).to_be_focused()
    assert_accessible(page, "session warning")
    page.screenshot(path=artifacts / "okt-varsel.png")

    # «Stay logged in»: the server counts it as activity and the dialog closes.
    dialog.locator("[data-session-ping] button").click()
    expect(dialog).to_be_hidden()
    assert page.url == live_server.url + "/"

    # Then 16 idle minutes: the page leaves for the login page by itself.
    _move_server_clock(page, 16 * 60)
    page.clock.fast_forward("16:00")
    page.wait_for_url(lambda url: reverse("accounts:login") in url)
    expect(page.locator("#id_username")).to_be_visible()


def _translated() -> bool:
    """Whether the Norwegian catalogue has this change's texts."""
    from django.utils import translation

    with translation.override("nb"):
        return translation.gettext("Stay logged in") != "Stay logged in"
