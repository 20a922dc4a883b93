"""Helpers for the login tests: an administrator, and an enrolment code made by one."""

from __future__ import annotations

from accounts import services
from accounts.models import User

from ..factories import make_user


def administrator() -> User:
    """A system administrator: ``/admin/`` (staff and superuser), no role in the work."""
    admin = User.objects.filter(username="it_admin").first()
    return admin or make_user("it_admin", is_staff=True, is_superuser=True)


def enrolment_code(user: User, *, by: User | None = None) -> str:
    """A new enrolment code for ``user``, as the administrator's action makes it (issue 19)."""
    return services.registreringskode_issue(actor=by or administrator(), user_id=user.pk)
