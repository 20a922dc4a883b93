"""The password backend, with what every request needs read in the same query as the user.

Every request loads the logged-in user (``request.user``), checks the second factor's device
(django-otp) and nearly every page asks for the user's roles (ROLE-01/02: menus, need-to-know
scoping). :meth:`ModelBackend.get_user` reads the active role memberships joined with the user
row (and their team and service), and the session's TOTP device when
:class:`accounts.middleware.OTPMiddleware` names it: one query instead of three. A user without
an active role is read on its own, as Django does, and django-otp then reads the device itself.
"""

from __future__ import annotations

from contextvars import ContextVar

from django.contrib.auth.backends import ModelBackend as DjangoModelBackend
from django.db.models import F, FilteredRelation, Q
from django_otp.plugins.otp_totp.models import TOTPDevice

from .models import Rolletildeling, User

#: The primary key of the TOTP device the session was verified with, while the middleware
#: loads the user (``None``: no device to read with the user).
session_device: ContextVar[int | None] = ContextVar("session_device", default=None)
#: Set on the user when the device was read with it: the device, or ``None`` when the session's
#: device is not this user's (or no longer exists).
DEVICE_ATTR = "_session_otp_device"

_DEVICE = "otp_device_row"
_DEVICE_FIELDS = [f.attname for f in TOTPDevice._meta.concrete_fields]


def totp_device_pk(persistent_id: str | None) -> int | None:
    """The TOTP device's primary key in django-otp's persistent id (``otp_totp.totpdevice/7``),
    or ``None`` for any other kind of device."""
    if not persistent_id or "/" not in persistent_id:
        return None
    label, pk = persistent_id.rsplit("/", 1)
    if label != TOTPDevice.model_label() or not pk.isdigit():
        return None
    return int(pk)


class ModelBackend(DjangoModelBackend):
    def get_user(self, user_id) -> User | None:
        device_pk = session_device.get()
        qs = Rolletildeling.objects.filter(user_id=user_id, avsluttet__isnull=True).select_related(
            "user", "team", "tjeneste"
        )
        if device_pk is not None:
            qs = qs.annotate(
                **{
                    _DEVICE: FilteredRelation(
                        "user__totpdevice", condition=Q(user__totpdevice__pk=device_pk)
                    )
                },
                **{f"{_DEVICE}_{name}": F(f"{_DEVICE}__{name}") for name in _DEVICE_FIELDS},
            )
        roles = list(qs)
        if roles:
            user = roles[0].user
            for role in roles:
                role.user = user
            if device_pk is not None:
                setattr(user, DEVICE_ATTR, _device(roles[0], user))
        else:
            user = super().get_user(user_id)
            if user is None:
                return None
        # The same list ``User.active_roles`` would read (its per-instance cache).
        user._active_roles = roles
        return user if self.user_can_authenticate(user) else None


def _device(row: Rolletildeling, user: User) -> TOTPDevice | None:
    values = [getattr(row, f"{_DEVICE}_{name}") for name in _DEVICE_FIELDS]
    if values[_DEVICE_FIELDS.index("id")] is None:
        return None
    device = TOTPDevice.from_db(row._state.db, _DEVICE_FIELDS, values)
    device.user = user
    return device
