"""What the closing shows on the case page (filled in ``AvslutningConfig.ready()``): a link,
no query (the user's roles are loaded, the case's state is on the case)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from cases.models import Sak
from cases.pages import Link
from cases.permissions import leads_team

from . import permissions


def closing_links(user: User, sak: Sak, found=None) -> list[Link]:
    """AVS-01: «Avslutt sak» for the case's team; AVS-02: the closed case's closing page (and
    its reopening) for the team leader."""
    url = reverse("avslutning:page", args=[sak.pk])
    if sak.status == Sak.Status.AVSLUTTET:
        if leads_team(user, sak.team_id):
            return [
                Link(_("The case is closed: see the closing, or reopen the case"), url, "AVS-02")
            ]
        return [Link(_("The case is closed: see the closing"), url, "AVS-02")]
    if permissions.may_propose(sak, user):
        return [Link(_("Close the case"), url, "AVS-01")]
    return []
