"""What the quality indicators give the pages below them: the leaders' start-page section."""

from __future__ import annotations

from accounts.models import User

from . import permissions, selectors


def start_section(user: User, found=None) -> selectors.Summary | None:
    """The head's (the service's) or the team leader's (their first team's) last full quarter;
    nothing for anybody else. Three queries, whatever the size of the service."""
    if not permissions.may_see_indicators(user):
        return None
    return selectors.start_section(user, permissions.units_for(user))
