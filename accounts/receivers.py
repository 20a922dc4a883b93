"""Receivers connected in ``AccountsConfig.ready()``: infrastructure only, no domain logic."""

from __future__ import annotations

from .security import log, username_hash
from .services import user_sessions_end
from .sessions import session_start


def on_user_logged_in(sender, request, user, **kwargs) -> None:
    """Start both session clocks when the password is given (the session key was rotated by
    ``django.contrib.auth.login`` just before)."""
    if getattr(request, "session", None) is not None:
        session_start(request.session)
    log.info("auth.password_ok user_id=%s", user.pk)


def on_user_login_failed(sender, credentials, request=None, **kwargs) -> None:
    """A failed password or code: the name typed may be a password typed in the wrong field,
    so only its keyed hash is logged (issue 19)."""
    log.info("auth.login_failed user=%s", username_hash((credentials or {}).get("username")))


def on_user_saved(sender, instance, **kwargs) -> None:
    """A user who is not active has no sessions: whatever path deactivated the user (the
    admin, a service, the shell), every session ends at once."""
    if not instance.is_active and instance.pk:
        user_sessions_end(user_id=instance.pk)


def on_totp_device_deleted(sender, instance, **kwargs) -> None:
    """A confirmed authenticator device removed (the administrator's way for a lost phone):
    every session of its user ends at once, and the next login sets up a new device, which
    needs an enrolment code (issue 19)."""
    if instance.confirmed and instance.user_id:
        user_sessions_end(user_id=instance.user_id)
        log.info("auth.totp_device_removed user_id=%s", instance.user_id)
