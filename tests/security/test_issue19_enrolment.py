"""Issue 19, finding 3: enrolling the second factor needed only the password. When the
administrator deleted a user's device (a lost phone), whoever knew the password was shown a new
secret on the set-up page; so was whoever had a new user's first password.

Now the set-up page asks first for a one-time enrolment code that the administrator makes
(«Lag registreringskode» in the user list, shown once), valid 72 hours, used once, stored
hashed. Only then is a new secret made and shown. A wrong code counts towards the lockout.
"""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.contrib.auth.hashers import check_password
from django.urls import reverse
from django.utils import timezone
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts import services
from accounts.models import Registreringskode
from accounts.security import secret_text

from ..accounts.helpers import administrator, enrolment_code
from ..accounts.test_login import SETUP, VERIFY, enter_code, password_login
from ..conftest import Client
from ..factories import make_user, totp_code, totp_device
from .test_issue19_login_names import rows_holding

pytestmark = pytest.mark.django_db

HOME = reverse("core:home")


def shows_a_secret(response) -> bool:
    html = response.content.decode()
    return "app-qr" in html or 'id="otp-secret"' in html or "otpauth://" in html


def give_code(client, code, ip="198.51.100.10"):
    return client.post(SETUP, {"registreringskode": code}, REMOTE_ADDR=ip)


def enrol(client, user, code):
    """Password, enrolment code, then the first code of the new app: logged in."""
    password_login(client, user)
    assert give_code(client, code)["Location"] == SETUP
    page = client.get(SETUP)
    assert shows_a_secret(page)
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    done = enter_code(client, totp_code(device), url=SETUP)
    assert done.status_code == 302, done.content.decode()[:2000]
    assert done["Location"] == HOME
    return device


def test_finding3_password_alone_shows_no_secret_after_the_device_was_deleted(world):
    user = world.saksbehandler
    device = totp_device(user)
    device.delete()  # what the administrator does for a lost phone
    client = Client()
    assert password_login(client, user).status_code == 302
    assert client.get(VERIFY)["Location"] == SETUP
    page = client.get(SETUP)
    assert page.status_code == 200
    assert not shows_a_secret(page)
    assert 'name="registreringskode"' in page.content.decode()
    assert not TOTPDevice.objects.filter(user=user).exists()
    # Posting a code for a device, as the old page took it, sets nothing up either.
    response = enter_code(client, "123456", url=SETUP)
    assert not shows_a_secret(response)
    assert not TOTPDevice.objects.filter(user=user).exists()
    assert client.get(HOME).status_code == 302


def test_finding3_first_login_of_a_new_user_needs_the_enrolment_code(world):
    user = make_user("ny_bruker")
    client = Client()
    password_login(client, user)
    assert not shows_a_secret(client.get(SETUP))
    device = enrol(client, user, enrolment_code(user))
    device.refresh_from_db()
    assert device.confirmed
    assert client.session[DEVICE_ID_SESSION_KEY] == device.persistent_id
    assert client.get(HOME).status_code == 200


def test_finding3_the_code_works_once(world):
    user = world.saksbehandler
    code = enrolment_code(user)
    first = Client()
    password_login(first, user)
    assert give_code(first, code)["Location"] == SETUP
    # The same code in another browser (someone who read it over the user's shoulder).
    second = Client()
    password_login(second, user)
    response = give_code(second, code)
    assert response.status_code == 200
    assert 'id="id_registreringskode_error"' in response.content.decode()
    assert not shows_a_secret(second.get(SETUP))
    # The user's own browser carries on.
    assert shows_a_secret(first.get(SETUP))


def test_finding3_the_code_is_valid_72_hours(world):
    user = world.saksbehandler
    code = enrolment_code(user)
    stored = Registreringskode.objects.get(user=user)
    assert stored.gyldig_til - stored.opprettet == timedelta(hours=72)
    assert abs(stored.gyldig_til - (timezone.now() + timedelta(hours=72))) < timedelta(minutes=1)
    Registreringskode.objects.filter(pk=stored.pk).update(
        gyldig_til=timezone.now() - timedelta(seconds=1)
    )
    client = Client()
    password_login(client, user)
    assert give_code(client, code).status_code == 200
    assert not shows_a_secret(client.get(SETUP))


def test_finding3_a_new_code_voids_the_older_one(world):
    user = world.saksbehandler
    old = enrolment_code(user)
    new = enrolment_code(user)
    assert old != new
    client = Client()
    password_login(client, user)
    assert give_code(client, old).status_code == 200
    assert give_code(client, new)["Location"] == SETUP


def test_finding3_the_code_is_stored_hashed(world):
    user = world.saksbehandler
    code = enrolment_code(user)
    assert re.fullmatch(r"[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}", code)
    stored = Registreringskode.objects.get(user=user)
    plain = code.replace("-", "")
    assert plain not in stored.kode_hash
    assert check_password(plain, stored.kode_hash)
    assert rows_holding(plain) == []
    assert rows_holding(code) == []


def test_finding3_typed_in_small_letters_with_spaces_it_still_works(world):
    user = world.saksbehandler
    code = enrolment_code(user)
    client = Client()
    password_login(client, user)
    typed = " ".join(code.lower().split("-"))
    assert give_code(client, typed)["Location"] == SETUP


def test_finding3_wrong_codes_count_towards_the_lockout(world, settings):
    settings.AXES_FAILURE_LIMIT = 3
    user = world.saksbehandler
    client = Client()
    password_login(client, user)
    for _ in range(2):
        response = give_code(client, "AAAA-BBBB-CCCC")
        assert response.status_code == 200
    assert give_code(client, "AAAA-BBBB-CCCC").status_code == 429
    assert "_auth_user_id" not in client.session


def test_finding3_a_secret_shown_before_the_code_never_becomes_a_device(world):
    """A device made before the enrolment code was given (an old set-up page seen by someone
    with the password) cannot be confirmed, and giving the code replaces it."""
    user = world.saksbehandler
    old = TOTPDevice.objects.create(user=user, name="Gammel", confirmed=False)
    client = Client()
    password_login(client, user)
    enter_code(client, totp_code(old), url=SETUP)
    old.refresh_from_db()
    assert not old.confirmed
    give_code(client, enrolment_code(user))
    assert not TOTPDevice.objects.filter(pk=old.pk).exists()
    page = client.get(SETUP)
    new = TOTPDevice.objects.get(user=user, confirmed=False)
    assert secret_text(new) in page.content.decode()
    with pytest.raises(TOTPDevice.DoesNotExist):
        services.totp_device_confirm(
            actor=user, device_id=old.pk, token=totp_code(old), registreringskode_id=None
        )


def test_finding3_the_service_refuses_a_device_without_the_code(world):
    from django.core.exceptions import PermissionDenied

    user = world.saksbehandler
    with pytest.raises(PermissionDenied):
        services.totp_device_start(actor=user, registreringskode_id=None)
    other = make_user()
    other_code = enrolment_code(other)
    other_client = Client()
    password_login(other_client, other)
    give_code(other_client, other_code)
    someone_elses = Registreringskode.objects.get(user=other).pk
    with pytest.raises(PermissionDenied):
        services.totp_device_start(actor=user, registreringskode_id=someone_elses)
    with pytest.raises(PermissionDenied):
        services.registreringskode_issue(actor=world.barnevernleder, user_id=user.pk)


def test_finding3_the_admin_action_shows_the_code_once(world):
    admin = administrator()
    admin_client = Client()
    admin_client.force_login(admin)
    user = world.saksbehandler
    changelist = reverse("admin:accounts_user_changelist")
    response = admin_client.post(
        changelist,
        {"action": "make_enrolment_code", "_selected_action": [user.pk], "index": 0},
    )
    assert response.status_code == 200
    html = response.content.decode()
    codes = re.findall(r'<code class="enrolment-code">([A-Z2-9-]+)</code>', html)
    assert len(codes) == 1
    assert "Lag registreringskode" in admin_client.get(changelist).content.decode()
    stored = Registreringskode.objects.get(user=user)
    assert stored.opprettet_av == admin
    # Not on any other admin page afterwards.
    for url in (changelist, reverse("admin:accounts_user_change", args=[user.pk])):
        assert codes[0] not in admin_client.get(url).content.decode()
    assert not TOTPDevice.objects.filter(user=user).exists()
    enrol(Client(), user, codes[0])
