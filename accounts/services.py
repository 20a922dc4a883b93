"""Writes for login and accounts: one function per intent, each its own transaction.

A TOTP device belongs to django-otp and has no history of its own; the user's history records
deactivation with the acting user and a reason (LOG-01).
"""

from __future__ import annotations

import enum

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from .models import User, UserSession
from .security import log


class Verification(enum.Enum):
    OK = "ok"
    WRONG = "wrong"
    #: Too many wrong codes in a row: django-otp makes the user wait (1, 2, 4 … seconds).
    THROTTLED = "throttled"


@transaction.atomic
def totp_device_start(*, actor: User) -> TOTPDevice:
    """The actor's authenticator device waiting to be confirmed, made with a new random secret
    the first time. A user who already has a confirmed device gets no new one here: replacing
    it is for the system administrator (delete the device in the admin)."""
    if TOTPDevice.objects.filter(user=actor, confirmed=True).exists():
        raise PermissionDenied
    device = TOTPDevice.objects.filter(user=actor, confirmed=False).order_by("-pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=actor, name=_("Authenticator app"), confirmed=False)
        log.info("auth.totp_device_created user_id=%s", actor.pk)
    return device


def _verify(device: TOTPDevice, token: str) -> Verification:
    allowed, _data = device.verify_is_allowed()
    if not allowed:
        return Verification.THROTTLED
    return Verification.OK if device.verify_token(token) else Verification.WRONG


@transaction.atomic
def totp_device_confirm(*, actor: User, device_id: int, token: str) -> Verification:
    """Confirm a new device with the first code it shows."""
    device = TOTPDevice.objects.select_for_update().get(pk=device_id, user=actor, confirmed=False)
    result = _verify(device, token)
    if result is Verification.OK:
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        log.info("auth.totp_device_confirmed user_id=%s", actor.pk)
    else:
        log.info("auth.totp_setup_failed user_id=%s result=%s", actor.pk, result.value)
    return result


@transaction.atomic
def totp_device_verify(*, actor: User, device_id: int, token: str) -> Verification:
    """The second factor at login: the code from the actor's confirmed device. A code is
    accepted once only (django-otp remembers the last time step used)."""
    device = TOTPDevice.objects.select_for_update().get(pk=device_id, user=actor, confirmed=True)
    result = _verify(device, token)
    log.info("auth.otp_%s user_id=%s", result.value, actor.pk)
    return result


def user_sessions_end(*, user_id: int) -> int:
    """End every login session of the user at once (the next request goes to the login page)."""
    count, _by_model = UserSession.objects.filter(user_id=user_id).delete()
    if count:
        log.info("auth.sessions_ended user_id=%s count=%s", user_id, count)
    return count


@transaction.atomic
def user_deactivate(*, actor: User, user_id: int, reason: str) -> User:
    """Deactivate a user: the user can no longer log in, and every open session ends now.
    Nothing is deleted; the history keeps who did it and why."""
    user = User.objects.select_for_update().get(pk=user_id)
    user.is_active = False
    user._history_user = actor
    user._change_reason = reason
    user.save(update_fields=["is_active"])
    # The post_save receiver ends the sessions too; doing it here keeps the service complete.
    user_sessions_end(user_id=user.pk)
    return user
