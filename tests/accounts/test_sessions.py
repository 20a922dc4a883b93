"""Session expiry (issue 7): idle for ``SESSION_IDLE_MINUTES`` (default 15, never above 30), and
10 hours after the login whatever the activity; a warning before the end; every session of a
deactivated user ends at once. Time is moved by editing the session's stored timestamps."""

import re

import pytest
from django.conf import settings
from django.urls import reverse

from accounts import services
from accounts.models import UserSession
from accounts.sessions import LAST_SEEN, LOGIN_AT

from ..conftest import Client
from ..test_settings import GOOD_KEY, settings_of

pytestmark = pytest.mark.django_db

HOME = reverse("core:home")
LOGIN = reverse("accounts:login")


def shift(client, **seconds_back):
    """Move the session's clocks back: ``shift(client, last_seen=60)``."""
    session = client.session
    for key, name in (("last_seen", LAST_SEEN), ("login_at", LOGIN_AT)):
        if key in seconds_back:
            session[name] -= seconds_back[key]
    session.save()


def test_idle_session_ends_after_15_minutes(client, world):
    client.force_login(world.saksbehandler)
    assert settings.SESSION_IDLE_MINUTES == 15
    assert client.get(HOME).status_code == 200

    shift(client, last_seen=14 * 60)
    assert client.get(HOME).status_code == 200  # still in time, and the clock starts again

    shift(client, last_seen=15 * 60 + 1)
    response = client.get(HOME)
    assert response.status_code == 302
    assert response["Location"] == f"{LOGIN}?next=/"
    assert not UserSession.objects.filter(user=world.saksbehandler).exists()
    login_page = client.get(response["Location"]).content.decode()
    assert "15" in login_page  # "logged out after 15 minutes without activity"


def test_idle_limit_is_configurable(client, world, settings):
    settings.SESSION_IDLE_MINUTES = 25
    client.force_login(world.saksbehandler)
    shift(client, last_seen=20 * 60)
    assert client.get(HOME).status_code == 200
    shift(client, last_seen=25 * 60)
    assert client.get(HOME).status_code == 302


def test_session_ends_10_hours_after_login_whatever_the_activity(client, world):
    client.force_login(world.saksbehandler)
    shift(client, login_at=10 * 3600 - 60)
    assert client.get(HOME).status_code == 200
    shift(client, login_at=60)
    response = client.get(HOME)
    assert response.status_code == 302
    assert response["Location"].startswith(LOGIN)


def test_session_without_its_clocks_has_ended(client, world):
    client.force_login(world.saksbehandler)
    session = client.session
    del session[LOGIN_AT]
    session.save()
    assert client.get(HOME).status_code == 302


def test_expired_htmx_request_goes_to_the_login_page(client, world):
    client.force_login(world.saksbehandler)
    shift(client, last_seen=16 * 60)
    response = client.get(reverse("cases:list"), HTTP_HX_REQUEST="true")
    assert response.status_code == 204
    assert response["HX-Redirect"] == LOGIN


def test_asking_how_long_is_left_is_not_activity_but_staying_is(client, world):
    client.force_login(world.saksbehandler)
    shift(client, last_seen=10 * 60)
    before = client.session[LAST_SEEN]
    status = client.get(reverse("accounts:session_status")).json()
    assert 4 * 60 - 5 <= status["seconds_left"] <= 5 * 60
    assert client.session[LAST_SEEN] == before

    ping = client.post(reverse("accounts:session_ping")).json()
    assert ping["seconds_left"] >= 15 * 60 - 5
    assert client.session[LAST_SEEN] > before

    client.post(reverse("accounts:logout"))
    assert client.get(reverse("accounts:session_status")).json() == {"seconds_left": 0}


def test_pages_carry_the_warning_dialog_without_inline_script(client, world):
    client.force_login(world.saksbehandler)
    html = client.get(HOME).content.decode()
    dialog = re.search(r'<dialog id="session-timeout"[^>]*>', html).group(0)
    assert 'data-warn-seconds="120"' in dialog
    left = int(re.search(r'data-seconds-left="(\d+)"', dialog).group(1))
    assert 15 * 60 - 60 <= left <= 15 * 60
    assert 'aria-labelledby="session-timeout-title"' in dialog
    assert reverse("accounts:session_ping") in html
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html)
    # No dialog for a visitor who is not logged in.
    assert 'id="session-timeout"' not in Client().get(LOGIN).content.decode()


def test_deactivating_a_user_ends_all_their_sessions_at_once(world):
    user = world.saksbehandler
    office, laptop, colleague = Client(), Client(), Client()
    office.force_login(user)
    laptop.force_login(user)
    colleague.force_login(world.saksbehandler_b)
    assert UserSession.objects.filter(user=user).count() == 2

    services.user_deactivate(actor=world.systemadmin, user_id=user.pk, reason="Sluttet")

    assert not UserSession.objects.filter(user=user).exists()
    for client in (office, laptop):
        response = client.get(HOME)
        assert response.status_code == 302
        assert response["Location"].startswith(LOGIN)
    assert colleague.get(HOME).status_code == 200
    user.refresh_from_db()
    assert user.history.first().history_change_reason == "Sluttet"
    assert user.history.first().history_user == world.systemadmin


def test_deactivating_in_the_admin_ends_the_sessions_too(world):
    """The admin's user form saves the user; a receiver ends the sessions whatever the path."""
    user = world.saksbehandler
    client = Client()
    client.force_login(user)
    user.is_active = False
    user.save()
    assert not UserSession.objects.filter(user=user).exists()
    assert client.get(HOME).status_code == 302


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"SESSION_IDLE_MINUTES": "31"}, "SESSION_IDLE_MINUTES"),
        ({"SESSION_IDLE_MINUTES": "2"}, "SESSION_IDLE_MINUTES"),
        ({"SESSION_COOKIE_AGE": str(11 * 3600)}, "SESSION_COOKIE_AGE"),
    ],
)
def test_session_limits_above_the_maximum_are_refused(env, message):
    out = settings_of("hjelpetiltak.settings.production", {"SECRET_KEY": GOOD_KEY, **env}, "1")
    assert out.returncode != 0
    assert "ImproperlyConfigured" in out.stderr
    assert message in out.stderr


def test_session_limit_of_30_minutes_is_allowed():
    out = settings_of(
        "hjelpetiltak.settings.production",
        {"SECRET_KEY": GOOD_KEY, "SESSION_IDLE_MINUTES": "30"},
        "s.SESSION_IDLE_MINUTES",
    )
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "30"
