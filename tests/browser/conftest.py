"""Browser tests in Debian's headless Chromium, driven by Playwright (see STACK.md).

Helpers for every browser test:

- ``login(page, live_server, user)`` logs in through the real pages: user name and password,
  then the one-time code from the user's authenticator device (made if the user has none).
  ``user`` is a User or a user name.
- ``fresh_session(page)`` leaves the page and forgets the cookies, before another login.
- ``assert_accessible(page, name)``: axe finds no serious or critical violation.
"""

import os
import shutil
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.urls import reverse
from playwright.sync_api import Error as PlaywrightError

#: The password of every user made by tests.factories.make_user.
PASSWORD = "test-password-123"
_axe = Axe()


def fresh_session(page) -> None:
    """Leave the page, then forget every cookie: the next login starts as a stranger's would.

    The page is left first, so that nothing it still has in flight (an htmx row asking for its
    letter, the session check) can answer after the cookies are gone and set a CSRF cookie of
    its own under the login form's feet."""
    page.goto("about:blank")
    page.context.clear_cookies()


def login(page, live_server, user, *, password: str = PASSWORD, next_url: str | None = None):
    """Log in as ``user`` (a User or a user name) through the login form and the code page,
    and wait for the start page (or ``next_url``)."""
    from accounts.models import User
    from tests.factories import totp_code, totp_device

    if isinstance(user, str):
        user = User.objects.get(username=user)
    device = totp_device(user)
    url = live_server.url + reverse("accounts:login")
    if next_url:
        url += f"?next={next_url}"
    page.goto(url)
    page.locator("#id_username").fill(user.get_username())
    page.locator("#id_password").fill(password)
    page.locator("main form.app-form button[type=submit]").click()
    page.wait_for_url(lambda url: reverse("accounts:otp_verify") in url)
    page.locator("#id_otp_token").fill(totp_code(device))
    page.locator("main form.app-form button[type=submit]").click()
    page.wait_for_url(live_server.url + (next_url or "/"))


def assert_accessible(page, name):
    """Run axe on the page once it has loaded. A click on a link may still be navigating when
    this is called; axe on a document being replaced finds no document element, so the run
    waits for the new page and is tried again."""
    for attempt in range(3):
        page.wait_for_load_state("load")
        try:
            results = _axe.run(page)
            break
        except PlaywrightError as error:
            if "documentElement" not in str(error) or attempt == 2:
                raise
            page.wait_for_timeout(200)
    serious = [
        v for v in results.response["violations"] if v.get("impact") in {"serious", "critical"}
    ]
    details = [(v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3]) for v in serious]
    assert not serious, f"axe violations on {name}: {details}"


ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
    "--disable-quic",
]
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": ARGS}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": "nb-NO", "viewport": {"width": 1280, "height": 900}}


@pytest.fixture
def artifacts() -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS


@pytest.fixture(autouse=True)
def _plain_static_storage(settings):
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
