from datetime import timedelta

from django.conf import settings
from django.utils import timezone


def app(request):
    today = timezone.localdate()
    user = getattr(request, "user", None)
    signed_in = user is not None and user.is_authenticated
    return {
        "DEMO_MODE": settings.DEMO_MODE,
        "today": today,
        "soon": today + timedelta(days=settings.FRIST_VARSEL_DAGER),
        # The menu entries a user's roles open (ROLE-01); the pages check again themselves.
        "nav_queue": signed_in and bool(user.team_ids("teamleder")),
        "nav_dashboard": signed_in and bool(user.tjeneste_ids("barnevernleder")),
        # BANK-01: everyone in the service's casework reads the programme bank.
        "nav_programbank": signed_in
        and bool(user.tjeneste_ids("saksbehandler", "teamleder", "barnevernleder", "kontorfaglig")),
        "nav_access_log": signed_in
        and bool(user.tjeneste_ids("barnevernleder") or user.team_ids("teamleder")),
    }
