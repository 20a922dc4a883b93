"""Where a request finds its break-the-glass grants (ROLE-04) without a query on every page.

The database is the authority: :func:`active_grant` reads it whenever a case is opened outside
the user's own scope. The session keeps the ids and end times of the grants it has used, so
that the need-to-know filter of lists and panels (:func:`cases.permissions.visibility_filter`)
can include those cases as a plain id list – a subquery there would stop PostgreSQL from using
the team index on every case list in the country.
"""

from __future__ import annotations

from datetime import datetime

from django.utils import timezone

from .models import Nodtilgang

SESSION_KEY = "audit:nodtilgang"


def active_grant(user, sak_id: int) -> Nodtilgang | None:
    return (
        Nodtilgang.objects.active()
        .filter(user_id=user.pk, sak_id=sak_id)
        .order_by("-gyldig_til")
        .first()
    )


def _live(stored: dict) -> dict[str, str]:
    now = timezone.now()
    return {k: v for k, v in stored.items() if datetime.fromisoformat(v) > now}


def load(request) -> None:
    """Middleware step: put the session's live grants on the user (no query)."""
    stored = request.session.get(SESSION_KEY)
    if not stored:
        return
    live = _live(stored)
    if live != stored:
        request.session[SESSION_KEY] = live
    request.user._nodtilgang_sak_ids = sorted(int(k) for k in live)


def remember(request, grant: Nodtilgang) -> None:
    stored = _live(request.session.get(SESSION_KEY) or {})
    stored[str(grant.sak_id)] = grant.gyldig_til.isoformat()
    request.session[SESSION_KEY] = stored
    request.user._nodtilgang_sak_ids = sorted(int(k) for k in stored)


def forget(request, sak_id: int) -> None:
    stored = dict(request.session.get(SESSION_KEY) or {})
    if stored.pop(str(sak_id), None) is not None:
        request.session[SESSION_KEY] = stored
    request.user._nodtilgang_sak_ids = sorted(int(k) for k in stored)


class NodtilgangMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if getattr(request, "session", None) is not None and request.user.is_authenticated:
            load(request)
        return self.get_response(request)
