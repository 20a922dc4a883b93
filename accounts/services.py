"""Writes for login and accounts: one function per intent, each its own transaction.

A TOTP device belongs to django-otp and has no history of its own; the user's history records
deactivation with the acting user and a reason (LOG-01).

Separated duties (issue 19): the administrator grants roles and clearances
(:func:`tilgangstildeling_create`), a head of service of that service confirms or refuses them
(:func:`tilgangstildeling_confirm`, :func:`tilgangstildeling_refuse`); the administrator issues
enrolment codes (:func:`registreringskode_issue`), without which nobody sets up an authenticator
app (:func:`registreringskode_use`, :func:`totp_device_start`).
"""

from __future__ import annotations

import enum
import secrets
from datetime import timedelta

from django.contrib.auth.hashers import check_password, make_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from core.exceptions import DomainError, NotFound
from core.history import save_with_history
from core.malform import Malform

from .models import (
    CASE_ROLES,
    Registreringskode,
    Rolle,
    Rolletildeling,
    Tilgangstildeling,
    User,
    UserSession,
    clearance_rank,
    duty_problem,
)
from .security import log


class Verification(enum.Enum):
    OK = "ok"
    WRONG = "wrong"
    #: Too many wrong codes in a row: django-otp makes the user wait (1, 2, 4 … seconds).
    THROTTLED = "throttled"


def _enrolment_code(actor: User, registreringskode_id: int | None) -> Registreringskode:
    """The enrolment code the actor gave in this session (issue 19): the actor's, used, and
    used less than ``Registreringskode.VALID_HOURS`` hours ago. Otherwise ``PermissionDenied``:
    the password alone never reaches the secret of a new device."""
    code = (
        Registreringskode.objects.filter(
            pk=registreringskode_id,
            user_id=actor.pk,
            brukt__gte=timezone.now() - timedelta(hours=Registreringskode.VALID_HOURS),
        ).first()
        if registreringskode_id
        else None
    )
    if code is None:
        raise PermissionDenied
    return code


@transaction.atomic
def totp_device_start(*, actor: User, registreringskode_id: int | None) -> TOTPDevice:
    """The actor's authenticator device waiting to be confirmed, made with a new random secret
    after the enrolment code was given (the same device on a reload). A user who already has a
    confirmed device gets no new one here: replacing it is for the system administrator (delete
    the device in the admin, and issue an enrolment code)."""
    code = _enrolment_code(actor, registreringskode_id)
    if TOTPDevice.objects.filter(user=actor, confirmed=True).exists():
        raise PermissionDenied
    device = (
        TOTPDevice.objects.filter(user=actor, confirmed=False, created_at__gte=code.brukt)
        .order_by("-pk")
        .first()
    )
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
def totp_device_confirm(
    *, actor: User, device_id: int, token: str, registreringskode_id: int | None
) -> Verification:
    """Confirm a new device with the first code it shows; only a device made after the
    enrolment code was given."""
    code = _enrolment_code(actor, registreringskode_id)
    device = TOTPDevice.objects.select_for_update().get(
        pk=device_id, user=actor, confirmed=False, created_at__gte=code.brukt
    )
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


@transaction.atomic
def user_credentials_reset(*, actor: User, user_id: int) -> int:
    """The administrator set a user's password (or removed it): every session of the user ends,
    and every authenticator device goes, so that the next login needs a new enrolment with an
    enrolment code (issue 19). Returns the number of devices removed. The administrator's own
    password is the exception: that session stays, and so does the device."""
    if actor.pk == user_id:
        return 0
    removed, _by_model = TOTPDevice.objects.filter(user_id=user_id).delete()
    user_sessions_end(user_id=user_id)
    log.info("auth.credentials_reset user_id=%s by=%s devices=%s", user_id, actor.pk, removed)
    return removed


# --- Enrolment codes (issue 19) ----------------------------------------------------------------

#: No 0/O, 1/I/L: read aloud or typed from paper without confusion. 31 symbols: 12 of them
#: give 59 bits, and a wrong guess counts towards the lockout like a wrong password.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_GROUPS = 3
CODE_GROUP_LENGTH = 4


def _normalise_code(text: str) -> str:
    return "".join(ch for ch in (text or "").upper() if ch.isalnum())


def _is_administrator(user: User) -> bool:
    return bool(user.is_active and (user.is_staff or user.is_superuser))


@transaction.atomic
def registreringskode_issue(*, actor: User, user_id: int) -> str:
    """A new enrolment code for the user: returned once, to be shown once; stored hashed.
    Valid ``Registreringskode.VALID_HOURS`` hours, used once; the user's older unused codes
    stop working now."""
    if not _is_administrator(actor):
        raise PermissionDenied
    user = User.objects.select_for_update().get(pk=user_id)
    if not user.is_active:
        raise DomainError(_("The user is deactivated."))
    now = timezone.now()
    Registreringskode.objects.filter(
        user_id=user.pk, brukt__isnull=True, gyldig_til__gt=now
    ).update(gyldig_til=now)
    raw = "".join(secrets.choice(CODE_ALPHABET) for _i in range(CODE_GROUPS * CODE_GROUP_LENGTH))
    Registreringskode.objects.create(
        user=user,
        kode_hash=make_password(raw),
        opprettet=now,
        opprettet_av=actor,
        gyldig_til=now + timedelta(hours=Registreringskode.VALID_HOURS),
    )
    log.info("auth.enrolment_code_issued user_id=%s by=%s", user.pk, actor.pk)
    return "-".join(raw[i : i + CODE_GROUP_LENGTH] for i in range(0, len(raw), CODE_GROUP_LENGTH))


@transaction.atomic
def registreringskode_use(*, actor: User, code: str) -> int | None:
    """The actor gives an enrolment code before setting up an authenticator app. A valid one is
    used up now, and any device of the actor's that was never confirmed goes (its secret may
    have been shown before). Returns the code's id, or ``None`` for a wrong, used or expired
    code."""
    given = _normalise_code(code)
    now = timezone.now()
    candidates = Registreringskode.objects.select_for_update().filter(
        user_id=actor.pk, brukt__isnull=True, gyldig_til__gt=now
    )
    for candidate in candidates:
        if given and check_password(given, candidate.kode_hash):
            candidate.brukt = now
            candidate.save(update_fields=["brukt"])
            TOTPDevice.objects.filter(user=actor, confirmed=False).delete()
            log.info("auth.enrolment_code_used user_id=%s", actor.pk)
            return candidate.pk
    log.info("auth.enrolment_code_wrong user_id=%s", actor.pk)
    return None


# --- Access grants: the administrator grants, a head of service confirms (issue 19) ------------


def _validation_to_domain(exc: ValidationError) -> DomainError:
    if hasattr(exc, "error_dict"):
        field, errors = next(iter(exc.message_dict.items()))
        return DomainError(errors[0], field=None if field == "__all__" else field)
    return DomainError(exc.messages[0])


@transaction.atomic
def tilgangstildeling_create(
    *,
    actor: User,
    user_id: int,
    tjeneste_id: int,
    rolle: str = "",
    team_id: int | None = None,
    adresseklarering: str = "",
) -> Tilgangstildeling:
    """The administrator grants a role or a clearance for shielded addresses. It waits for a
    head of service of ``tjeneste_id`` to confirm it; until then it gives nothing. Refused for
    the administrator himself and any other mix of administration and casework."""
    if not _is_administrator(actor):
        raise PermissionDenied
    user = User.objects.select_for_update().get(pk=user_id)
    grant = Tilgangstildeling(
        user=user,
        tjeneste_id=tjeneste_id,
        rolle=rolle,
        team_id=team_id,
        adresseklarering=adresseklarering,
        tildelt_av=actor,
    )
    try:
        grant.full_clean()
    except ValidationError as exc:
        raise _validation_to_domain(exc) from None
    save_with_history(grant, actor=actor, reason="tildelt")
    log.info("accounts.grant_created grant_id=%s user_id=%s by=%s", grant.pk, user.pk, actor.pk)
    return grant


def tilgangstildelinger_decidable(user: User):
    """The grants a head of service sees: those of the services the user heads."""
    return Tilgangstildeling.objects.filter(tjeneste_id__in=user.tjeneste_ids(Rolle.BARNEVERNLEDER))


def _grant_to_decide(actor: User, tildeling_id: int) -> Tilgangstildeling:
    grant = tilgangstildelinger_decidable(actor).select_for_update().filter(pk=tildeling_id).first()
    if grant is None:
        raise NotFound
    if not grant.is_pending:
        raise DomainError(_("This grant has already been decided."))
    return grant


@transaction.atomic
def tilgangstildeling_confirm(*, actor: User, tildeling_id: int) -> Tilgangstildeling:
    """A head of service of the grant's service confirms it: the role begins (a
    :class:`Rolletildeling`) or the clearance is set. Never a grant to oneself, never one the
    actor granted, and the separation of duties is checked again now."""
    grant = _grant_to_decide(actor, tildeling_id)
    if actor.pk in {grant.user_id, grant.tildelt_av_id}:
        raise DomainError(
            _("You cannot confirm a grant to yourself. Another head of service must do it.")
        )
    user = User.objects.select_for_update().get(pk=grant.user_id)
    if not user.is_active:
        raise DomainError(_("The user is deactivated."))
    problem = duty_problem(user, rolle=grant.rolle, adresseklarering=grant.adresseklarering)
    if problem is not None:
        raise DomainError(problem)
    now = timezone.now()
    reason = f"tilgangstildeling {grant.pk} bekreftet"
    if grant.rolle:
        if Rolletildeling.objects.filter(
            user_id=user.pk,
            rolle=grant.rolle,
            tjeneste_id=grant.tjeneste_id,
            team_id=grant.team_id,
            avsluttet__isnull=True,
        ).exists():
            raise DomainError(_("The user already holds this role."))
        role = Rolletildeling(
            user=user, rolle=grant.rolle, tjeneste_id=grant.tjeneste_id, team_id=grant.team_id
        )
        save_with_history(role, actor=actor, reason=reason)
        grant.rolletildeling = role
    else:
        if not Rolletildeling.objects.filter(
            user_id=user.pk,
            tjeneste_id=grant.tjeneste_id,
            rolle__in=CASE_ROLES,
            avsluttet__isnull=True,
        ).exists():
            raise DomainError(
                _("The user holds no role in this service yet: confirm the role first.")
            )
        if clearance_rank(grant.adresseklarering) > clearance_rank(user.adresseklarering):
            user.adresseklarering = grant.adresseklarering
            save_with_history(user, actor=actor, reason=reason, update_fields=["adresseklarering"])
    grant.status = Tilgangstildeling.Status.BEKREFTET
    grant.avgjort_av = actor
    grant.avgjort = now
    save_with_history(
        grant,
        actor=actor,
        reason="bekreftet",
        update_fields=["status", "avgjort_av", "avgjort", "rolletildeling"],
    )
    log.info("accounts.grant_confirmed grant_id=%s user_id=%s by=%s", grant.pk, user.pk, actor.pk)
    return grant


@transaction.atomic
def tilgangstildeling_refuse(*, actor: User, tildeling_id: int) -> Tilgangstildeling:
    """A head of service of the grant's service refuses it: it never takes effect."""
    grant = _grant_to_decide(actor, tildeling_id)
    grant.status = Tilgangstildeling.Status.AVVIST
    grant.avgjort_av = actor
    grant.avgjort = timezone.now()
    save_with_history(
        grant, actor=actor, reason="avvist", update_fields=["status", "avgjort_av", "avgjort"]
    )
    log.info(
        "accounts.grant_refused grant_id=%s user_id=%s by=%s", grant.pk, grant.user_id, actor.pk
    )
    return grant


@transaction.atomic
def adresseklarering_remove(*, actor: User, user_id: int) -> int:
    """The administrator removes a user's clearance for shielded addresses: less access needs no
    second pair of eyes, so at once. Returns 1 when there was one to remove."""
    if not _is_administrator(actor):
        raise PermissionDenied
    user = User.objects.select_for_update().get(pk=user_id)
    if user.adresseklarering == User.Adresseklarering.INGEN:
        return 0
    user.adresseklarering = User.Adresseklarering.INGEN
    save_with_history(
        user, actor=actor, reason="adresseklarering fjernet", update_fields=["adresseklarering"]
    )
    log.info("accounts.clearance_removed user_id=%s by=%s", user.pk, actor.pk)
    return 1


@transaction.atomic
def tilgangstildeling_confirm_first_head(*, tildeling_id: int) -> Tilgangstildeling:
    """A new service has no head of service to confirm the first one: whoever runs the server
    confirms that grant (``manage.py confirm_first_head``). Only a head-of-service role, only
    while the service has none, and never for the administrator."""
    grant = Tilgangstildeling.objects.select_for_update().filter(pk=tildeling_id).first()
    if grant is None or not grant.is_pending or grant.rolle != Rolle.BARNEVERNLEDER:
        raise DomainError(_("Only a head of service's role awaiting confirmation."))
    if Rolletildeling.objects.filter(
        tjeneste_id=grant.tjeneste_id, rolle=Rolle.BARNEVERNLEDER, avsluttet__isnull=True
    ).exists():
        raise DomainError(_("The service has a head of service: they confirm it in the app."))
    user = User.objects.select_for_update().get(pk=grant.user_id)
    problem = duty_problem(user, rolle=grant.rolle)
    if problem is not None:
        raise DomainError(problem)
    reason = f"tilgangstildeling {grant.pk} bekreftet på serveren (første barnevernleder)"
    role = Rolletildeling(user=user, rolle=grant.rolle, tjeneste_id=grant.tjeneste_id)
    save_with_history(role, actor=None, reason=reason)
    grant.rolletildeling = role
    grant.status = Tilgangstildeling.Status.BEKREFTET
    grant.avgjort = timezone.now()
    save_with_history(
        grant,
        actor=None,
        reason=reason,
        update_fields=["status", "avgjort", "rolletildeling"],
    )
    log.info("accounts.grant_confirmed_first_head grant_id=%s user_id=%s", grant.pk, user.pk)
    return grant


@transaction.atomic
def user_malform_set(*, actor: User, malform: str) -> User:
    """Issue 26: the written form of the actor's own screens and e-mails; empty for the
    service's official form. Kept in the user's history."""
    if malform not in ("", *Malform.values):
        raise DomainError(_("Choose bokmål, nynorsk or the service's form."))
    user = User.objects.select_for_update().get(pk=actor.pk)
    user.malform = malform
    save_with_history(user, actor=actor, reason=_("Written form chosen"), update_fields=["malform"])
    actor.malform = malform
    return user
