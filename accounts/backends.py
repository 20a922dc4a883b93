"""The password backend, with the user's roles fetched in the same query as the user.

Every request loads the logged-in user (``request.user``) and nearly every page asks for the
user's roles (ROLE-01/02: menus, need-to-know scoping). :meth:`ModelBackend.get_user` reads the
active role memberships joined with the user row (and their team and service), so that the
user and :meth:`accounts.models.User.active_roles` cost one query instead of two. A user
without an active role is read on its own, as Django does.
"""

from __future__ import annotations

from django.contrib.auth.backends import ModelBackend as DjangoModelBackend

from .models import Rolletildeling, User


class ModelBackend(DjangoModelBackend):
    def get_user(self, user_id) -> User | None:
        roles = list(
            Rolletildeling.objects.filter(user_id=user_id, avsluttet__isnull=True).select_related(
                "user", "team", "tjeneste"
            )
        )
        if roles:
            user = roles[0].user
            for role in roles:
                role.user = user
        else:
            user = super().get_user(user_id)
            if user is None:
                return None
        # The same list ``User.active_roles`` would read (its per-instance cache).
        user._active_roles = roles
        return user if self.user_can_authenticate(user) else None
