"""Lockout (issue 7, django-axes): after N failed passwords or codes for one user name from one
address, that pair is locked for the cool-off time. Another user name from the same address (a
colleague behind the municipality's shared public address) and the same user from another
address log in as usual. Failed attempts are logged with the user name only."""

import logging
from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.urls import reverse
from django_otp import DEVICE_ID_SESSION_KEY

from accounts.security import username_hash

from ..factories import totp_code, totp_device
from .test_login import VERIFY, enter_code, password_login, wrong_code

pytestmark = pytest.mark.django_db

OFFICE = "203.0.113.7"  # the municipality's shared public address
HOME = "198.51.100.99"
LIMIT = 3


@pytest.fixture(autouse=True)
def _limit(settings):
    settings.AXES_FAILURE_LIMIT = LIMIT
    settings.AXES_COOLOFF_TIME = timedelta(minutes=30)


def fail(client, user, n, ip=OFFICE):
    responses = [password_login(client, user, password="wrong-password", ip=ip) for _ in range(n)]
    return responses[-1]


def test_lockout_after_the_limit_for_that_user_from_that_address(client, world):
    user = world.saksbehandler
    totp_device(user)
    assert fail(client, user, LIMIT - 1).status_code == 200  # the form again, with its error
    locked = fail(client, user, 1)
    assert locked.status_code == 429
    assert "accounts/lockout.html" in [t.name for t in locked.templates]
    html = locked.content.decode()
    assert '<html lang="nb"' in html
    assert "30" in html  # the cool-off, in minutes

    # Now even the right password is refused from that address.
    right = password_login(client, user, ip=OFFICE)
    assert right.status_code == 429
    assert "_auth_user_id" not in client.session


def test_colleague_behind_the_same_address_is_not_locked_out(client, world):
    fail(client, world.saksbehandler, LIMIT)
    colleague = world.saksbehandler_b
    totp_device(colleague)
    response = password_login(client, colleague, ip=OFFICE)
    assert response.status_code == 302
    assert response["Location"] == VERIFY


def test_same_user_from_another_address_is_not_locked_out(client, world):
    user = world.saksbehandler
    fail(client, user, LIMIT)
    totp_device(user)
    response = password_login(client, user, ip=HOME)
    assert response.status_code == 302
    assert response["Location"] == VERIFY


def test_wrong_codes_count_and_lock_out_after_the_password(client, world):
    user = world.saksbehandler
    device = totp_device(user)
    password_login(client, user, ip=OFFICE)
    for _ in range(LIMIT - 1):
        assert enter_code(client, wrong_code(device), ip=OFFICE).status_code == 200
        device.throttling_failure_count = 0  # skip django-otp's own waiting time
        device.throttling_failure_timestamp = None
        device.save()
    locked = enter_code(client, wrong_code(device), ip=OFFICE)
    assert locked.status_code == 429
    # The half-done login is gone: the password must be given again, and is refused.
    assert "_auth_user_id" not in client.session
    assert password_login(client, user, ip=OFFICE).status_code == 429


def test_cool_off_ends_the_lockout(client, world):
    user = world.saksbehandler
    totp_device(user)
    fail(client, user, LIMIT)
    assert password_login(client, user, ip=OFFICE).status_code == 429
    for attempt in AccessAttempt.objects.all():
        attempt.attempt_time -= timedelta(minutes=31)
        attempt.save()
    response = password_login(client, user, ip=OFFICE)
    assert response.status_code == 302
    assert response["Location"] == VERIFY


def test_failures_are_forgotten_only_after_the_second_factor(client, world):
    user = world.saksbehandler
    device = totp_device(user)
    fail(client, user, LIMIT - 1)
    # The right password alone does not wipe the count (else codes could be guessed forever).
    password_login(client, user, ip=OFFICE)
    client.post(reverse("accounts:logout"))
    assert fail(client, user, 1).status_code == 429

    for attempt in AccessAttempt.objects.all():
        attempt.attempt_time -= timedelta(minutes=31)
        attempt.save()
    fail(client, user, LIMIT - 1)
    password_login(client, user, ip=OFFICE)
    assert enter_code(client, totp_code(device), ip=OFFICE).status_code == 302
    assert DEVICE_ID_SESSION_KEY in client.session
    assert not AccessAttempt.objects.filter(username=username_hash(user.username)).exists()


def test_attempts_logged_with_the_user_name_hash_only(client, world, caplog):
    """Issue 19, finding 6: the user name typed is logged and stored as its keyed hash."""
    user = world.saksbehandler
    with caplog.at_level(logging.INFO):
        fail(client, user, LIMIT)
    logged = caplog.text
    assert "auth.login_failed" in logged
    assert "auth.locked_out" in logged
    assert username_hash(user.username) in logged
    assert user.username not in logged
    assert "wrong-password" not in logged
    assert OFFICE not in logged
    # The stored attempt keeps the address (the lockout needs it) but never the password.
    attempt = AccessAttempt.objects.get(username=username_hash(user.username))
    assert attempt.ip_address == OFFICE
    assert attempt.failures_since_start == LIMIT
    assert "wrong-password" not in attempt.post_data
