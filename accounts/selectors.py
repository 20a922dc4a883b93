"""Reads for login and accounts: a user's authenticator devices, and the grants a head of
service confirms (issue 19)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from django.db.models import Q
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from .models import Registreringskode, Rolle, Rolletildeling, Tilgangstildeling, User

#: How far back the grants page shows decided grants and issued enrolment codes.
RECENT_DAYS = 30


def confirmed_totp_device(user: User) -> TOTPDevice | None:
    """The authenticator app the user has set up, if any (the newest if several)."""
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("-pk").first()


@dataclass(frozen=True)
class GrantsPage:
    pending: list[Tilgangstildeling]
    recent: list[Tilgangstildeling]
    codes: list[Registreringskode]
    days: int


def grants_page(user: User, *, now=None) -> GrantsPage:
    """What a head of service sees on the grants page: every grant of the services they head
    that awaits confirmation, those decided in the last ``RECENT_DAYS`` days, and the enrolment
    codes the administrator issued in that time to the services' people (a code lets someone set
    up the second factor of that user's login). Three queries."""
    tjenester = user.tjeneste_ids(Rolle.BARNEVERNLEDER)
    since = (now or timezone.now()) - timedelta(days=RECENT_DAYS)
    grants = Tilgangstildeling.objects.filter(tjeneste_id__in=tjenester).select_related(
        "user", "team", "tjeneste", "tildelt_av", "avgjort_av"
    )
    pending = list(grants.filter(status=Tilgangstildeling.Status.VENTER).order_by("tildelt"))
    recent = list(
        grants.exclude(status=Tilgangstildeling.Status.VENTER)
        .filter(avgjort__gte=since)
        .order_by("-avgjort")
    )
    people = Rolletildeling.objects.filter(tjeneste_id__in=tjenester).values("user_id")
    asked = Tilgangstildeling.objects.filter(tjeneste_id__in=tjenester).values("user_id")
    codes = list(
        Registreringskode.objects.filter(Q(user_id__in=people) | Q(user_id__in=asked))
        .filter(opprettet__gte=since)
        .select_related("user", "opprettet_av")
        .order_by("-opprettet")
    )
    return GrantsPage(pending=pending, recent=recent, codes=codes, days=RECENT_DAYS)
