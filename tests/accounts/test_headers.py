"""The headers that protect personal data (issue 7), on every page: every GET URL without URL
arguments (the app's and the admin's), a case page, the login, lockout and 404 pages.

No page is stored by a browser or proxy (``Cache-Control: no-store``), none can be framed, the
Content-Security-Policy allows no inline script, and no page carries one. Production adds HTTPS-
only cookies and HSTS."""

import re
from datetime import timedelta

import pytest
from django.conf import settings
from django.urls import NoReverseMatch, reverse

from ..conftest import Client
from ..test_need_to_know import iter_named_urls
from ..test_settings import GOOD_KEY, settings_of

pytestmark = pytest.mark.django_db

# An executable <script> without src (a JSON data block is not a script).
INLINE_SCRIPT = re.compile(
    r"<script(?![^>]*\bsrc=)(?![^>]*\btype=\"application/(?:ld\+)?json\")[^>]*>", re.IGNORECASE
)
INLINE_HANDLER = re.compile(r"<[^>]+\son(click|load|error|submit|change|mouseover)=", re.IGNORECASE)


def assert_protected(response, what: str) -> None:
    assert response["X-Frame-Options"] == "DENY", what
    assert response["Referrer-Policy"] == "same-origin", what
    assert response["X-Content-Type-Options"] == "nosniff", what
    assert response["Cross-Origin-Opener-Policy"] == "same-origin", what
    cache = response["Cache-Control"]
    assert "no-store" in cache and "private" in cache, what
    policy = response["Content-Security-Policy"]
    csp = {d.split(" ", 1)[0]: d.partition(" ")[2] for d in map(str.strip, policy.split(";"))}
    assert csp["script-src"] == "'self'", what
    assert "unsafe" not in policy, what
    assert csp["frame-ancestors"] == "'none'", what
    assert csp["default-src"] == "'self'", what
    # Our pages carry no inline script at all. (Third-party admin pages may; the CSP above
    # stops it from running, e.g. django-celery-beat's crontab helper.)
    if response.get("Content-Type", "").startswith("text/html") and "admin:" not in what:
        html = response.content.decode()
        assert not INLINE_SCRIPT.search(html), f"inline <script> on {what}"
        assert not INLINE_HANDLER.search(html), f"inline event handler on {what}"


def urls_without_arguments():
    for name, converters in iter_named_urls():
        if converters:
            continue
        try:
            yield name, reverse(name)
        except NoReverseMatch:  # a regex pattern with groups (the admin's history pages)
            continue


def get_pages(client):
    for name, url in urls_without_arguments():
        yield name, client.get(url)


def test_every_page_of_a_logged_in_user_is_protected(client, world):
    """A head of service who is also the system administrator (so the admin pages answer 200),
    logged in with both factors."""
    user = world.barnevernleder
    user.is_staff = user.is_superuser = True
    user.save()
    client.force_login(user)
    seen = 0
    for name, response in get_pages(client):
        assert response.status_code < 500, name
        assert_protected(response, name)
        seen += 1
    assert seen > 20  # the app's pages and the admin's

    case = client.get(reverse("cases:detail", kwargs={"sak_id": world.sak_a.pk}))
    assert case.status_code == 200
    assert_protected(case, "cases:detail")

    missing = client.get("/finnes-ikke/")
    assert missing.status_code == 404
    assert_protected(missing, "404")


def test_pages_before_login_and_between_the_factors_are_protected(client, world):
    login = client.get(reverse("accounts:login"))
    assert_protected(login, "accounts:login")
    for name, response in get_pages(client):
        assert_protected(response, f"anonymous {name}")

    client.force_login(world.saksbehandler, otp=False)
    for name, response in get_pages(client):
        assert_protected(response, f"unverified {name}")
    setup = Client()
    setup.force_login(world.saksbehandler_b, otp=False)
    page = setup.get(reverse("accounts:otp_setup"))
    assert page.status_code == 200
    assert_protected(page, "accounts:otp_setup")


def test_lockout_page_is_protected(client, world, settings):
    settings.AXES_FAILURE_LIMIT = 1
    settings.AXES_COOLOFF_TIME = timedelta(minutes=30)
    response = client.post(
        reverse("accounts:login"),
        {"username": world.saksbehandler.username, "password": "wrong"},
    )
    assert response.status_code == 429
    assert_protected(response, "lockout")


def test_session_cookie_is_http_only_and_same_site(client, world):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    TOTPDevice.objects.create(user=world.saksbehandler, name="Test", confirmed=True)
    response = client.post(
        reverse("accounts:login"),
        {"username": world.saksbehandler.username, "password": "test-password-123"},
    )
    cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie["httponly"]
    assert cookie["samesite"] == "Lax"
    assert not cookie["max-age"]  # ends when the browser closes; the server ends it sooner


def test_production_sends_cookies_over_https_only_and_hsts():
    out = settings_of(
        "hjelpetiltak.settings.production",
        {"SECRET_KEY": GOOD_KEY},
        "s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SESSION_COOKIE_NAME,"
        " s.SECURE_HSTS_SECONDS >= 31536000, s.SECURE_SSL_REDIRECT, s.X_FRAME_OPTIONS",
    )
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "True True __Host-sessionid True True DENY"
