"""Login sessions: the session engine, and when a login ends.

``SESSION_ENGINE = "accounts.sessions"``: Django's database sessions, with the user id in its
own column (:class:`accounts.models.UserSession`), so that deactivating a user ends all of that
user's sessions at once.

A login ends after ``SESSION_IDLE_MINUTES`` without a request (default 15, at most 30), and in
any case ``SESSION_COOKIE_AGE`` seconds (10 hours) after the password was given. The two times
are kept in the session itself (Unix seconds) and checked on every request by
:class:`accounts.middleware.SessionTimeoutMiddleware`.
"""

from __future__ import annotations

import time

from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore as DBStore

#: When the password was given (Unix seconds).
LOGIN_AT = "hj_login_at"
#: The last request that counted as activity (Unix seconds).
LAST_SEEN = "hj_last_seen"
#: Activity is written at most this often, so that most requests do not rewrite the session.
#: The browser's warning comes SESSION_WARNING_SECONDS before the end, well inside this slack.
ACTIVITY_RESOLUTION = 30

IDLE = "idle"
ABSOLUTE = "absolute"


class SessionStore(DBStore):
    @classmethod
    def get_model_class(cls):
        # Inside: accounts.models imports this module (the store of its session model), a
        # cycle within the app; Django's own db store does the same.
        from .models import UserSession

        return UserSession

    def create_model_instance(self, data):
        obj = super().create_model_instance(data)
        try:
            obj.user_id = int(data.get(SESSION_KEY))
        except (TypeError, ValueError):
            obj.user_id = None
        return obj


def idle_seconds() -> int:
    return settings.SESSION_IDLE_MINUTES * 60


def session_start(session, *, now: float | None = None) -> None:
    """Called at login (``user_logged_in``): both clocks start now."""
    now = int(now if now is not None else time.time())
    session[LOGIN_AT] = now
    session[LAST_SEEN] = now


def expiry_reason(session, *, now: float | None = None) -> str | None:
    """``"idle"`` or ``"absolute"`` when the login has ended, else ``None``.

    A session without the timestamps (made before this check existed, or tampered with) has
    ended too: it fails closed.
    """
    now = now if now is not None else time.time()
    login_at = session.get(LOGIN_AT)
    last_seen = session.get(LAST_SEEN)
    if not isinstance(login_at, int | float) or not isinstance(last_seen, int | float):
        return ABSOLUTE
    if now - login_at >= settings.SESSION_COOKIE_AGE:
        return ABSOLUTE
    if now - last_seen >= idle_seconds():
        return IDLE
    return None


def session_touch(session, *, now: float | None = None, force: bool = False) -> None:
    """Record activity; written at most every ``ACTIVITY_RESOLUTION`` seconds unless forced."""
    now = int(now if now is not None else time.time())
    if force or now - session.get(LAST_SEEN, 0) >= ACTIVITY_RESOLUTION:
        session[LAST_SEEN] = now


def seconds_left(session, *, now: float | None = None) -> int:
    """Seconds until the login ends, whichever of the idle and the absolute limit comes first."""
    now = now if now is not None else time.time()
    if expiry_reason(session, now=now):
        return 0
    idle_end = session[LAST_SEEN] + idle_seconds()
    absolute_end = session[LOGIN_AT] + settings.SESSION_COOKIE_AGE
    return max(0, int(min(idle_end, absolute_end) - now))
