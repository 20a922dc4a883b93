"""Issue 19, finding 11: a deactivated user's sessions end at once, whatever path deactivated
the user: the admin's user form (the system administrator's way), a save anywhere, the service,
and even a bulk update that sends no signal.

Each test logs the user in with both factors, deactivates, and the very next request of that
browser goes to the login page (tests/accounts/test_sessions.py covers the service itself).
"""

from __future__ import annotations

from html.parser import HTMLParser

import pytest
from django.urls import reverse

from accounts import services
from accounts.models import User, UserSession

from ..conftest import Client
from ..factories import make_user

pytestmark = pytest.mark.django_db

HOME = reverse("core:home")
LOGIN = reverse("accounts:login")


class FormValues(HTMLParser):
    """What a browser would post back from a page's main form, unchanged."""

    def __init__(self):
        super().__init__()
        self.data: dict[str, list[str]] = {}
        self._select: str | None = None
        self._textarea: str | None = None

    def _add(self, name, value):
        self.data.setdefault(name, []).append(value)

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        name = a.get("name")
        if tag == "input" and name:
            kind = a.get("type", "text")
            if kind in ("checkbox", "radio"):
                if "checked" in a:
                    self._add(name, a.get("value", "on"))
            elif kind not in ("submit", "button", "file"):
                self._add(name, a.get("value", ""))
        elif tag == "select" and name:
            self._select = name
            self.data.setdefault(name, [])
        elif tag == "option" and self._select and "selected" in a:
            self._add(self._select, a.get("value", ""))
        elif tag == "textarea" and name:
            self._textarea = name
            self._add(name, "")

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data):
        if self._textarea:
            self.data[self._textarea][-1] += data


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    assert client.get(HOME).status_code == 200
    return client


def assert_logged_out(client: Client):
    response = client.get(HOME)
    assert response.status_code == 302
    assert response["Location"].startswith(LOGIN)
    # Not even a page that needs no case access: the session is gone, not just refused.
    response = client.get(reverse("accounts:session_status"))
    assert response.json() == {"seconds_left": 0}


def test_finding11_user_deactivated_in_the_admin_is_logged_out_at_once(world):
    user = world.saksbehandler
    office, laptop = logged_in(user), logged_in(user)
    colleague = logged_in(world.saksbehandler_b)
    admin_client = Client()
    admin_client.force_login(make_user("root", is_staff=True, is_superuser=True))

    url = reverse("admin:accounts_user_change", args=[user.pk])
    page = admin_client.get(url)
    assert page.status_code == 200
    form = FormValues()
    form.feed(page.content.decode())
    assert form.data.get("is_active") == ["on"]
    data = {k: v for k, v in form.data.items() if k != "is_active"}
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]

    assert not User.objects.get(pk=user.pk).is_active
    assert not UserSession.objects.filter(user=user).exists()
    assert_logged_out(office)
    assert_logged_out(laptop)
    assert colleague.get(HOME).status_code == 200


@pytest.mark.parametrize("path", ["save", "service", "bulk_update"])
def test_finding11_user_deactivated_anywhere_is_logged_out_at_once(world, path):
    user = world.saksbehandler
    browser = logged_in(user)
    if path == "save":
        user.is_active = False
        user.save(update_fields=["is_active"])
    elif path == "service":
        services.user_deactivate(actor=world.systemadmin, user_id=user.pk, reason="Sluttet")
    else:
        # QuerySet.update sends no signal: the session row stays, but an inactive user is no
        # user to the authentication backend, so the next request is anonymous all the same.
        User.objects.filter(pk=user.pk).update(is_active=False)
    assert_logged_out(browser)


def test_finding11_reactivation_does_not_bring_the_old_session_back(world):
    user = world.saksbehandler
    browser = logged_in(user)
    user.is_active = False
    user.save()
    user.is_active = True
    user.save()
    assert_logged_out(browser)
