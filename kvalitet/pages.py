"""What the quality indicators give the pages below them: the leaders' start-page section."""

from __future__ import annotations

from accounts.models import Rolle, User

from . import selectors
from .permissions import Unit


def start_unit(user: User) -> Unit | None:
    """The unit the start page shows, from the user's roles (read once per request, with their
    team and service): the service of a head of service, else the first team a leader leads."""
    roles = user.active_roles()
    for r in roles:
        if r.rolle == Rolle.BARNEVERNLEDER:
            return Unit(r.tjeneste)
    led = sorted((r for r in roles if r.rolle == Rolle.TEAMLEDER), key=lambda r: r.team.navn)
    return Unit(led[0].tjeneste, led[0].team) if led else None


def start_section(user: User, found=None) -> selectors.Summary | None:
    """The head's (the service's) or the team leader's last full quarter; nothing for anybody
    else. Two queries, whatever the size of the service."""
    unit = start_unit(user)
    return selectors.summary(unit) if unit is not None else None
