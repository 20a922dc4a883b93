"""Logging in: the password, then a one-time code from an authenticator app (set up on the
first login with an enrolment code from the administrator), lockout after repeated failures,
the session-expiry endpoints, and the head of service's page of access grants (issue 19)."""

from __future__ import annotations

from urllib.parse import urlencode

from axes.handlers.proxy import AxesProxyHandler
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout, user_login_failed
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render, resolve_url
from django.urls import reverse
from django.utils import translation
from django.utils.decorators import method_decorator
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_otp import login as otp_login

from core.exceptions import DomainError, NotFound

from . import selectors, services, sessions
from .demo import DEMO_TOTP_SECRET, demo_users, is_demo_device
from .forms import EnrolmentCodeForm, GrantDecisionForm, LoginForm, MalformForm, OTPTokenForm
from .models import Registreringskode, Rolle
from .security import (
    log,
    next_code,
    otp_not_required,
    qr_code_data_uri,
    secret_text,
    session_passive,
    username_hash,
)
from .services import Verification


@method_decorator(login_not_required, name="dispatch")
class LoginView(auth_views.LoginView):
    """Step 1: user name and password. django-axes refuses a locked-out user name + address
    before the password is checked; a right password leads to the code page."""

    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def get_success_url(self) -> str:
        return _with_next(reverse("accounts:otp_verify"), self.get_redirect_url())

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["demo_users"] = demo_users() if settings.DEMO_MODE else []
        context["demo_totp_secret"] = DEMO_TOTP_SECRET
        return context


@method_decorator(otp_not_required, name="dispatch")
class LogoutView(auth_views.LogoutView):
    pass


def _next_url(request: HttpRequest) -> str:
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return ""


def _with_next(url: str, next_url: str) -> str:
    return f"{url}?{urlencode({'next': next_url})}" if next_url else url


def _credentials(request: HttpRequest) -> dict:
    return {"username": request.user.get_username()}


def lockout_response(request, original_response=None, credentials=None) -> HttpResponse:
    """The lockout page (``AXES_LOCKOUT_CALLABLE``): in Norwegian, with status 429. A user who
    got here between the password and the code is logged out."""
    if request.user.is_authenticated:
        logout(request)
    log.warning("auth.locked_out user=%s", username_hash((credentials or {}).get("username")))
    cooloff = settings.AXES_COOLOFF_TIME
    context = {
        "failure_limit": settings.AXES_FAILURE_LIMIT,
        "cooloff_minutes": int(cooloff.total_seconds() // 60) if cooloff else None,
    }
    return render(
        request, "accounts/lockout.html", context, status=settings.AXES_HTTP_RESPONSE_CODE
    )


def _second_factor_passed(request: HttpRequest, device) -> None:
    """Both factors given: mark the session verified, rotate its key once more, and forget the
    failed attempts of this user name from this address."""
    otp_login(request, device)
    request.session.cycle_key()
    AxesProxyHandler.update_request(request)
    AxesProxyHandler.get_implementation().reset_user_attempts(request, _credentials(request))


def _token_error(form: OTPTokenForm, result: Verification) -> None:
    if result is Verification.THROTTLED:
        form.add_error(
            "otp_token",
            _("Too many wrong codes in a row. Wait a few seconds, then try the newest code."),
        )
    else:
        form.add_error(
            "otp_token",
            _("The code is wrong or has expired. Try the newest code in the app."),
        )


@otp_not_required
@require_http_methods(["GET", "POST"])
def otp_verify(request: HttpRequest) -> HttpResponse:
    """Step 2: the one-time code. Wrong codes count towards the lockout like wrong passwords."""
    next_url = _next_url(request)
    if request.user.is_verified():
        return redirect(next_url or resolve_url(settings.LOGIN_REDIRECT_URL))
    device = selectors.confirmed_totp_device(request.user)
    if device is None:
        return redirect(_with_next(reverse("accounts:otp_setup"), next_url))
    credentials = _credentials(request)
    if AxesProxyHandler.is_locked(request, credentials):
        return lockout_response(request, None, credentials)

    form = OTPTokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        result = services.totp_device_verify(
            actor=request.user, device_id=device.pk, token=form.cleaned_data["otp_token"]
        )
        if result is Verification.OK:
            _second_factor_passed(request, device)
            return redirect(next_url or resolve_url(settings.LOGIN_REDIRECT_URL))
        if result is Verification.WRONG:
            # django-axes counts it; at the limit its middleware answers with lockout_response.
            user_login_failed.send(sender=__name__, credentials=credentials, request=request)
        _token_error(form, result)

    demo_code = None
    if settings.DEMO_MODE and is_demo_device(device):
        demo_code = next_code(device)
    return render(
        request,
        "accounts/otp_verify.html",
        {
            "form": form,
            "next": next_url,
            "demo_code": demo_code,
            "issuer": settings.OTP_TOTP_ISSUER,
        },
    )


#: The enrolment code given in this session (its id), which opens the set-up page's secret.
ENROLMENT = "hj_enrolment_code"


def _enrolment_code_step(request: HttpRequest, next_url: str) -> HttpResponse:
    """Before the secret of a new authenticator app is shown: the one-time enrolment code from
    the system administrator (issue 19). A wrong code counts towards the lockout like a wrong
    password."""
    credentials = _credentials(request)
    if AxesProxyHandler.is_locked(request, credentials):
        return lockout_response(request, None, credentials)
    form = EnrolmentCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        code_id = services.registreringskode_use(
            actor=request.user, code=form.cleaned_data["registreringskode"]
        )
        if code_id is not None:
            request.session[ENROLMENT] = code_id
            return redirect(_with_next(reverse("accounts:otp_setup"), next_url))
        # django-axes counts it; at the limit its middleware answers with lockout_response.
        user_login_failed.send(sender=__name__, credentials=credentials, request=request)
        form.add_error(
            "registreringskode",
            _(
                "The code is wrong, used or expired. Check it, or ask your system "
                "administrator for a new one."
            ),
        )
    return render(
        request,
        "accounts/otp_enrol.html",
        {"form": form, "next": next_url, "valid_hours": Registreringskode.VALID_HOURS},
    )


@otp_not_required
@require_http_methods(["GET", "POST"])
def otp_setup(request: HttpRequest) -> HttpResponse:
    """First login, or after the administrator removed the device: the enrolment code from the
    administrator, then add the service to an authenticator app (QR code, or the key typed in
    by hand) and confirm with the first code. Only for a user without a confirmed device."""
    next_url = _next_url(request)
    if request.user.is_verified():
        return redirect(next_url or resolve_url(settings.LOGIN_REDIRECT_URL))
    if selectors.confirmed_totp_device(request.user) is not None:
        return redirect(_with_next(reverse("accounts:otp_verify"), next_url))
    code_id = request.session.get(ENROLMENT)
    try:
        device = services.totp_device_start(actor=request.user, registreringskode_id=code_id)
    except PermissionDenied:
        request.session.pop(ENROLMENT, None)
        return _enrolment_code_step(request, next_url)

    form = OTPTokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        result = services.totp_device_confirm(
            actor=request.user,
            device_id=device.pk,
            token=form.cleaned_data["otp_token"],
            registreringskode_id=code_id,
        )
        if result is Verification.OK:
            request.session.pop(ENROLMENT, None)
            _second_factor_passed(request, device)
            messages.success(
                request,
                _(
                    "Two-step login is set up. From now on, enter the code from the app "
                    "after your password."
                ),
            )
            return redirect(next_url or resolve_url(settings.LOGIN_REDIRECT_URL))
        _token_error(form, result)

    return render(
        request,
        "accounts/otp_setup.html",
        {
            "form": form,
            "next": next_url,
            "qr_code": qr_code_data_uri(device.config_url),
            "secret": secret_text(device),
            "issuer": settings.OTP_TOTP_ISSUER,
        },
    )


# --- Access grants: the head of service confirms (issue 19) -----------------------------------


def _heads_a_service(request: HttpRequest) -> None:
    if not request.user.tjeneste_ids(Rolle.BARNEVERNLEDER):
        raise NotFound


@require_http_methods(["GET", "POST"])
def malform(request: HttpRequest) -> HttpResponse:
    """Issue 26: the user chooses the written form of their own screens (bokmål, nynorsk or
    the service's official form). Every logged-in user; no case data."""
    if request.method == "POST":
        form = MalformForm(request.POST)
        if form.is_valid():
            try:
                services.user_malform_set(actor=request.user, malform=form.cleaned_data["malform"])
            except DomainError as exc:
                form.add_error("malform", exc.message)
            else:
                translation.activate(request.user.language())
                messages.success(request, _("Your screens now use the written form you chose."))
                return redirect("accounts:malform")
    else:
        form = MalformForm(initial={"malform": request.user.malform})
    return render(request, "accounts/malform.html", {"form": form, "title": _("Written form")})


@require_GET
def grants(request: HttpRequest) -> HttpResponse:
    """Every grant of a role or a clearance in the services the user heads that awaits
    confirmation, the grants decided lately, and the enrolment codes issued lately. Only for a
    head of service (404 otherwise)."""
    _heads_a_service(request)
    page = selectors.grants_page(request.user)
    return render(request, "accounts/grants.html", {"page": page})


@require_POST
def grant_decide(request: HttpRequest, tildeling_id: int) -> HttpResponse:
    """Confirm or refuse one grant; a grant outside the user's services answers 404."""
    _heads_a_service(request)
    form = GrantDecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose to confirm or to refuse the grant."))
        return redirect("accounts:grants")
    confirm = form.cleaned_data["decision"] == "confirm"
    service = services.tilgangstildeling_confirm if confirm else services.tilgangstildeling_refuse
    try:
        service(actor=request.user, tildeling_id=tildeling_id)
    except DomainError as exc:
        if isinstance(exc, NotFound):
            raise
        messages.error(request, exc.message)
    else:
        messages.success(
            request,
            _("The grant is confirmed and in effect.")
            if confirm
            else _("The grant is refused. It gives no access."),
        )
    return redirect("accounts:grants")


@login_not_required
@otp_not_required
@session_passive
@require_GET
def session_status(request: HttpRequest) -> JsonResponse:
    """How many seconds the login has left; asked by the warning script, and not counted as
    activity. Answers 0 to a browser that is no longer logged in."""
    if not request.user.is_authenticated:
        return JsonResponse({"seconds_left": 0})
    return JsonResponse({"seconds_left": sessions.seconds_left(request.session)})


@otp_not_required
@require_POST
def session_ping(request: HttpRequest) -> JsonResponse:
    """«Stay logged in»: counts as activity at once."""
    sessions.session_touch(request.session, force=True)
    return JsonResponse({"seconds_left": sessions.seconds_left(request.session)})
