"""What the quality indicators give the pages below them: the leaders' start-page section."""

from __future__ import annotations

from accounts.models import User

from . import selectors
from .permissions import default_unit


def start_section(user: User, found=None) -> selectors.Summary | None:
    """The head's (the service's) or the team leader's (their first team's) last full quarter;
    nothing for anybody else. Two queries, whatever the size of the service."""
    unit = default_unit(user)
    return selectors.summary(unit) if unit is not None else None
