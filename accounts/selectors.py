"""Reads for login: a user's authenticator devices."""

from __future__ import annotations

from django_otp.plugins.otp_totp.models import TOTPDevice

from .models import User


def confirmed_totp_device(user: User) -> TOTPDevice | None:
    """The authenticator app the user has set up, if any (the newest if several)."""
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("-pk").first()
