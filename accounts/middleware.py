"""Login hardening on every request: session expiry, then the second factor.

Order in ``MIDDLEWARE``: ``OTPMiddleware`` → ``SessionTimeoutMiddleware`` →
``LoginRequiredMiddleware`` → ``OTPRequiredMiddleware``. A login that has ended is logged out
first, so that Django's ``LoginRequiredMiddleware`` sends the user to the login page; a user who
has given the password but not yet the code reaches only the views marked
:func:`accounts.security.otp_not_required`.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.middleware import OTPMiddleware as DjangoOTPMiddleware

from . import backends, sessions
from .security import log


def _redirect(request, url: str) -> HttpResponse:
    if getattr(request, "htmx", False):
        # An htmx request would swap the login page into part of the page: go there instead.
        return HttpResponse(status=204, headers={"HX-Redirect": url})
    return HttpResponseRedirect(url)


_UNREAD = object()


class OTPMiddleware(DjangoOTPMiddleware):
    """django-otp's middleware (``request.user.otp_device``, ``is_verified()``), with the
    session's TOTP device read in the same query as the user and the user's roles
    (:mod:`accounts.backends`) instead of a query of its own on every request. The device is
    checked the same way: it must be the user's and confirmed, or the session is not verified.
    """

    def _verify_user_sync(self, request, user):
        persistent_id = request.session.get(DEVICE_ID_SESSION_KEY)
        if persistent_id:
            persistent_id = self._normalize_persistent_id(persistent_id)
        token = backends.session_device.set(backends.totp_device_pk(persistent_id))
        try:
            authenticated = user.is_authenticated  # loads the user (and the device with it)
        finally:
            backends.session_device.reset(token)
        self._init_user_fields(user)
        if authenticated:
            device = getattr(user, backends.DEVICE_ATTR, _UNREAD)
            if device is _UNREAD:
                device = self._device_from_persistent_id(persistent_id) if persistent_id else None
            user.otp_device = self._finalize_device(request, user, device)
        return user


class SessionTimeoutMiddleware:
    """Ends a login after ``SESSION_IDLE_MINUTES`` without activity, and ``SESSION_COOKIE_AGE``
    seconds after the password was given, whatever the activity.

    The check runs before anything else sees the user (also for a URL that does not exist);
    the message and the activity clock wait for the view, where it is known whether the request
    counts as activity (:func:`accounts.security.session_passive`)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            reason = sessions.expiry_reason(request.session)
            if reason is not None:
                user_id = request.user.pk
                logout(request)
                request.session_ended = reason
                log.info("auth.session_expired reason=%s user_id=%s", reason, user_id)
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        reason = getattr(request, "session_ended", None)
        if reason is None:
            if request.user.is_authenticated and getattr(view_func, "session_activity", True):
                sessions.session_touch(request.session)
            return None
        if reason == sessions.IDLE:
            minutes = sessions.idle_seconds() // 60
            text = ngettext(
                "You were logged out after %(minutes)s minute without activity.",
                "You were logged out after %(minutes)s minutes without activity.",
                minutes,
            ) % {"minutes": minutes}
        else:
            text = _("Your login has ended. Log in again to continue.")
        messages.info(request, text)
        if getattr(request, "htmx", False):
            return _redirect(request, reverse("accounts:login"))
        # LoginRequiredMiddleware (next) sends the user to the login page and back here after.
        return None


class OTPRequiredMiddleware:
    """Until the one-time code is verified, only the 2FA pages and logout answer; everything
    else goes to the code page (or to the set-up page, which the code page sends on to)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = request.user
        if not user.is_authenticated:
            return None
        # Without django-otp's middleware nobody is verified: fail closed.
        is_verified = getattr(user, "is_verified", None)
        if is_verified is not None and is_verified():
            return None
        if not getattr(view_func, "otp_required", True):
            return None
        url = reverse("accounts:otp_verify")
        if request.method == "GET" and not getattr(request, "htmx", False):
            url = f"{url}?{urlencode({'next': request.get_full_path()})}"
        return _redirect(request, url)


class MalformMiddleware:
    """Issue 26: a logged-in user's pages in their written form — their own choice, else the
    official form of their service (``User.language``); Django's ``LocaleMiddleware`` before
    it has chosen from the browser for pages before login. Reads no row the login did not."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            language = user.language()
            translation.activate(language)
            request.LANGUAGE_CODE = language
        return self.get_response(request)
