"""Two-factor login (issue 7): the password, then a one-time code from an authenticator app.

The password alone reaches nothing but the code pages and logout; a user without an app is
sent to set one up on the first login; the session key is rotated at each step."""

import pytest
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.demo import DEMO_TOTP_KEY, DEMO_TOTP_SECRET, DEMO_USERS
from accounts.models import User, UserSession
from cases.models import Sak

from ..factories import totp_code, totp_device
from ..test_need_to_know import iter_named_urls
from .helpers import enrolment_code

pytestmark = pytest.mark.django_db

PASSWORD = "test-password-123"
VERIFY = reverse("accounts:otp_verify")
SETUP = reverse("accounts:otp_setup")

#: Reachable with the password alone.
OTP_EXEMPT = {"accounts:otp_verify", "accounts:otp_setup", "accounts:session_status"}


def password_login(client, user, *, next_url=None, password=PASSWORD, ip="198.51.100.10"):
    data = {"username": user.username, "password": password}
    if next_url:
        data["next"] = next_url
    return client.post(reverse("accounts:login"), data, REMOTE_ADDR=ip)


def enter_code(client, code, *, next_url=None, url=VERIFY, ip="198.51.100.10"):
    data = {"otp_token": code}
    if next_url:
        data["next"] = next_url
    return client.post(url, data, REMOTE_ADDR=ip)


def wrong_code(user_or_device) -> str:
    return f"{(int(totp_code(user_or_device)) + 1) % 1_000_000:06d}"


def session_key(client) -> str:
    return client.cookies[settings.SESSION_COOKIE_NAME].value


def test_password_leads_to_the_code_page_not_in(client, world):
    totp_device(world.saksbehandler)
    response = password_login(client, world.saksbehandler)
    assert response.status_code == 302
    assert response["Location"] == VERIFY
    assert DEVICE_ID_SESSION_KEY not in client.session


def test_password_alone_reaches_nothing_but_the_code_pages(client, world):
    """Every page without URL arguments, a case page and a form post answer with the way to
    the code page; only the code pages, the session status and logout answer themselves."""
    totp_device(world.saksbehandler)
    password_login(client, world.saksbehandler)
    for name, converters in iter_named_urls():
        if converters or name.startswith("admin:"):
            continue
        response = client.get(reverse(name))
        if name in OTP_EXEMPT:
            assert response.status_code in {200, 302}, name
            if response.status_code == 302:
                assert response["Location"].startswith(VERIFY), name
        elif name in {"accounts:logout", "accounts:session_ping"}:
            assert response.status_code == 405, name  # POST only
        else:
            assert response.status_code == 302, name
            assert response["Location"].startswith(VERIFY), name

    case_url = reverse("cases:detail", kwargs={"sak_id": world.sak_a.pk})
    response = client.get(case_url)
    assert response.status_code == 302
    assert response["Location"] == f"{VERIFY}?next=%2Fsaker%2F{world.sak_a.pk}%2F"
    assert world.sak_a.barn.etternavn not in client.get(response["Location"]).content.decode()

    admin = client.get(reverse("admin:index"))
    assert admin.status_code == 302
    assert admin["Location"].startswith(VERIFY)

    before = Sak.objects.count()
    post = client.post(reverse("cases:create"), {"team": world.team_a.pk, "fornavn": "X"})
    assert post.status_code == 302
    assert post["Location"] == VERIFY
    assert Sak.objects.count() == before

    htmx = client.get(reverse("cases:list"), HTTP_HX_REQUEST="true")
    assert htmx.status_code == 204
    assert htmx["HX-Redirect"] == VERIFY


def test_password_and_code_lead_to_the_page_asked_for(client, world):
    user = world.saksbehandler
    device = totp_device(user)
    target = reverse("cases:detail", kwargs={"sak_id": world.sak_a.pk})
    first = client.get(target)
    assert first.status_code == 302  # to the login page, with next
    response = password_login(client, user, next_url=target)
    assert response["Location"] == f"{VERIFY}?next=%2Fsaker%2F{world.sak_a.pk}%2F"
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert 'autocomplete="one-time-code"' in page.content.decode()
    done = enter_code(client, totp_code(device), next_url=target)
    assert done.status_code == 302
    assert done["Location"] == target
    assert client.get(target).status_code == 200
    assert client.session[DEVICE_ID_SESSION_KEY] == device.persistent_id


def test_LOG_02_wrong_code_explained_next_to_the_field(client, world):
    totp_device(world.saksbehandler)
    password_login(client, world.saksbehandler)
    response = enter_code(client, wrong_code(world.saksbehandler))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="id_otp_token_error"' in html
    assert 'aria-invalid="true"' in html
    assert DEVICE_ID_SESSION_KEY not in client.session
    assert client.get(reverse("core:home")).status_code == 302

    # Not six digits: a field error too, and it is not counted as an attempt on the device.
    response = enter_code(client, "12ab")
    assert 'id="id_otp_token_error"' in response.content.decode()


def test_a_code_is_accepted_once(client, world):
    device = totp_device(world.saksbehandler)
    password_login(client, world.saksbehandler)
    code = totp_code(device)
    assert enter_code(client, code).status_code == 302
    client.post(reverse("accounts:logout"))
    password_login(client, world.saksbehandler)
    replay = enter_code(client, code)
    assert replay.status_code == 200
    assert DEVICE_ID_SESSION_KEY not in client.session


def test_next_never_leads_off_site(client, world):
    device = totp_device(world.saksbehandler)
    password_login(client, world.saksbehandler)
    done = enter_code(client, totp_code(device), next_url="https://evil.example/")
    assert done["Location"] == reverse("core:home")


def test_first_login_sets_up_the_authenticator_app(client, world):
    user = world.saksbehandler
    code = enrolment_code(user)  # from the administrator (issue 19, finding 3)
    assert not TOTPDevice.objects.filter(user=user).exists()
    response = password_login(client, user)
    to_setup = client.get(response["Location"])
    assert to_setup.status_code == 302
    assert to_setup["Location"] == SETUP

    asks_code = client.get(SETUP)
    assert 'name="registreringskode"' in asks_code.content.decode()
    entered = client.post(SETUP, {"registreringskode": code})
    assert entered.status_code == 302
    assert entered["Location"] == SETUP

    page = client.get(SETUP)
    assert page.status_code == 200
    html = page.content.decode()
    device = TOTPDevice.objects.get(user=user)
    assert not device.confirmed
    # The QR code is an image made on the server (no script), and the key is there as text.
    assert 'src="data:image/svg+xml;base64,' in html
    assert 'alt="' in html
    from accounts.security import secret_text

    assert secret_text(device) in html
    # Reloading the page keeps the same key, so that a scanned code still works.
    client.get(SETUP)
    assert TOTPDevice.objects.filter(user=user).count() == 1

    wrong = enter_code(client, wrong_code(device), url=SETUP)
    assert wrong.status_code == 200
    assert 'id="id_otp_token_error"' in wrong.content.decode()
    device.refresh_from_db()
    assert not device.confirmed

    device.throttling_failure_count = 0  # django-otp makes the user wait after a wrong code
    device.throttling_failure_timestamp = None
    device.save()
    done = enter_code(client, totp_code(device), url=SETUP)
    assert done.status_code == 302
    assert done["Location"] == reverse("core:home")
    device.refresh_from_db()
    assert device.confirmed
    assert client.get(reverse("core:home")).status_code == 200


def test_set_up_is_closed_once_an_app_is_confirmed(client, world):
    """Someone who learns the password cannot add a second authenticator app."""
    totp_device(world.saksbehandler)
    password_login(client, world.saksbehandler)
    response = client.get(SETUP)
    assert response.status_code == 302
    assert response["Location"] == VERIFY
    response = enter_code(client, "123456", url=SETUP)
    assert response.status_code == 302
    assert TOTPDevice.objects.filter(user=world.saksbehandler).count() == 1


def test_session_key_rotated_at_password_and_at_code(client, world):
    device = totp_device(world.saksbehandler)
    anonymous = client.session
    anonymous["probe"] = 1
    anonymous.save()
    key0 = session_key(client)

    password_login(client, world.saksbehandler)
    key1 = session_key(client)
    assert key1 != key0
    assert not UserSession.objects.filter(session_key=key0).exists()

    enter_code(client, totp_code(device))
    key2 = session_key(client)
    assert key2 not in {key0, key1}
    assert not UserSession.objects.filter(session_key=key1).exists()
    assert UserSession.objects.get(session_key=key2).user_id == world.saksbehandler.pk


def test_logout_ends_the_session(client, world):
    client.force_login(world.saksbehandler)
    key = session_key(client)
    assert client.post(reverse("accounts:logout")).status_code == 302
    assert not UserSession.objects.filter(session_key=key).exists()
    assert client.get(reverse("core:home")).status_code == 302


def test_logout_works_before_the_code(client, world):
    totp_device(world.saksbehandler)
    password_login(client, world.saksbehandler)
    response = client.post(reverse("accounts:logout"))
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:login")
    assert "_auth_user_id" not in client.session


def test_demo_code_is_shown_in_demo_mode_only(client, world, settings):
    user = world.saksbehandler
    TOTPDevice.objects.create(user=user, name="Demo", key=DEMO_TOTP_KEY, confirmed=True)
    password_login(client, user)
    settings.DEMO_MODE = False
    assert "app-demo-code" not in client.get(VERIFY).content.decode()
    settings.DEMO_MODE = True
    html = client.get(VERIFY).content.decode()
    assert f'<code class="app-demo-code">{totp_code(user)}</code>' in html


def test_demo_users_have_the_documented_authenticator_key(settings, capsys):
    settings.DEMO_MODE = True
    call_command("load_demo", children=2)
    out = capsys.readouterr().out
    assert DEMO_TOTP_SECRET in out
    for username in [u[0] for u in DEMO_USERS] + ["admin"]:
        device = TOTPDevice.objects.get(user__username=username)
        assert device.confirmed
        assert device.key == DEMO_TOTP_KEY
    call_command("load_demo", children=2)
    assert TOTPDevice.objects.count() == len(DEMO_USERS) + 1
    assert User.objects.filter(username="admin").exists()
