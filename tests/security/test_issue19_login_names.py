"""Issue 19, finding 6: a failed login logged the user name as typed, so a password typed in
the user-name field landed in the application log and in django-axes' table of attempts.

Now every log line of a failed login, of a lockout and of django-axes names the keyed hash of
the name (``accounts.security.username_hash``: HMAC with ``SECRET_KEY``), and django-axes stores
that hash as its user name (``AXES_USERNAME_CALLABLE``). The lockout still counts per name and
address.
"""

from __future__ import annotations

import logging
from datetime import timedelta

import pytest
from axes.models import AccessAttempt, AccessFailureLog
from django.apps import apps
from django.db import models
from django.urls import reverse

from accounts.models import UserSession
from accounts.security import axes_client_str, username_hash

from ..accounts.test_login import VERIFY, enter_code, password_login, wrong_code
from ..conftest import Client
from ..factories import totp_device

pytestmark = pytest.mark.django_db

LOGIN = reverse("accounts:login")
#: A password typed in the user-name field by mistake.
TYPED = "Sommerferie-2026!hemmelig"
OFFICE = "203.0.113.7"
HOME = "198.51.100.99"
LIMIT = 3


@pytest.fixture(autouse=True)
def _limit(settings):
    settings.AXES_FAILURE_LIMIT = LIMIT
    settings.AXES_COOLOFF_TIME = timedelta(minutes=30)
    settings.AXES_ENABLE_ACCESS_FAILURE_LOG = True  # the table an operator may switch on


def typed_login(client, username=TYPED, ip=OFFICE):
    return client.post(LOGIN, {"username": username, "password": "whatever"}, REMOTE_ADDR=ip)


def _text_fields(model) -> list[str]:
    return [
        f.name
        for f in model._meta.concrete_fields
        if isinstance(f, models.CharField | models.TextField)
    ]


def rows_holding(text: str) -> list[str]:
    """Every model and field of the database whose value holds ``text`` (sessions decoded)."""
    found = []
    for model in apps.get_models(include_auto_created=True):
        for name in _text_fields(model):
            if model._default_manager.filter(**{f"{name}__contains": text}).exists():
                found.append(f"{model._meta.label}.{name}")
    for session in UserSession.objects.all():
        if text in str(session.get_decoded()):
            found.append(f"session {session.pk}")
    return found


def logged_text(caplog) -> str:
    parts = []
    for record in caplog.records:
        parts.append(record.getMessage())
        parts.extend(str(v) for k, v in vars(record).items() if k not in {"msg", "args"})
    return "\n".join(parts)


def test_finding6_password_typed_as_user_name_is_in_no_log_and_no_row(client, world, caplog):
    caplog.set_level(logging.DEBUG)
    for _ in range(LIMIT + 1):  # failures, the lockout, and one more while locked out
        typed_login(client)
    assert typed_login(client).status_code == 429

    text = logged_text(caplog)
    assert "auth.login_failed" in text
    assert "auth.locked_out" in text
    assert username_hash(TYPED) in text  # the same hash each time: attempts can be followed
    assert TYPED not in text
    assert TYPED.lower() not in text.lower()
    assert rows_holding(TYPED) == []
    assert AccessAttempt.objects.get().username == username_hash(TYPED)
    assert AccessFailureLog.objects.filter(username=username_hash(TYPED)).exists()


def test_finding6_a_real_user_name_is_stored_and_logged_as_its_hash(client, world, caplog):
    user = world.saksbehandler
    caplog.set_level(logging.DEBUG)
    password_login(client, user, password="wrong-password", ip=OFFICE)
    attempt = AccessAttempt.objects.get()
    assert attempt.username == username_hash(user.username)
    assert attempt.username != user.username
    assert f"username={user.username}" not in logged_text(caplog)
    assert "wrong-password" not in attempt.post_data
    assert user.username not in attempt.post_data


def test_finding6_wrong_codes_are_counted_under_the_hash_too(client, world):
    user = world.saksbehandler
    device = totp_device(user)
    password_login(client, user, ip=OFFICE)
    enter_code(client, wrong_code(device), ip=OFFICE)
    attempt = AccessAttempt.objects.get()
    assert attempt.username == username_hash(user.username)


def test_finding6_lockout_still_counts_per_name_and_address(world):
    for _ in range(LIMIT):
        typed_login(Client())
    assert typed_login(Client()).status_code == 429
    # Another name behind the same address, and the same name from elsewhere: not locked.
    colleague = world.saksbehandler_b
    totp_device(colleague)
    response = password_login(Client(), colleague, ip=OFFICE)
    assert response.status_code == 302
    assert response["Location"] == VERIFY
    assert typed_login(Client(), ip=HOME).status_code == 200
    # The real user's name locked from one address, still free from another.
    user = world.saksbehandler
    totp_device(user)
    for _ in range(LIMIT):
        password_login(Client(), user, password="wrong-password", ip=OFFICE)
    assert password_login(Client(), user, ip=OFFICE).status_code == 429
    assert password_login(Client(), user, ip=HOME).status_code == 302


def test_finding6_the_hash_is_keyed_and_short(settings):
    first = username_hash("sb_a")
    assert first.startswith("h:") and len(first) == 18
    assert username_hash("sb_a") == first
    assert username_hash("sb_b") != first
    settings.SECRET_KEY = "another-key-" + "x" * 60
    assert username_hash("sb_a") != first  # not a plain hash: a dictionary does not reverse it
    # django-axes' log line names the hash, whether it is handed the hash or the name.
    assert axes_client_str("sb_a", OFFICE, "", "/", None) == f"user={username_hash('sb_a')}"
    assert axes_client_str(first, OFFICE, "", "/", None) == f"user={first}"
