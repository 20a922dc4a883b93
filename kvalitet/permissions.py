"""Who sees which indicators (ROLE-02 applied to the figures): a head of service those of the
service and each of its teams, a team leader those of the teams they lead. Nobody else: their
page answers 404. The cases behind a figure are listed through ``cases.permissions`` scope."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q
from django.http import Http404

from accounts.models import Rolle, Team, Tjeneste, User


@dataclass(frozen=True)
class Unit:
    """A team, or a whole service (``team`` is ``None``)."""

    tjeneste: Tjeneste
    team: Team | None = None

    @property
    def name(self) -> str:
        return self.team.navn if self.team else self.tjeneste.navn

    @property
    def team_id(self) -> int | None:
        return self.team.pk if self.team else None

    @property
    def query(self) -> str:
        """The unit in a URL's query string."""
        return f"team={self.team.pk}" if self.team else f"tjeneste={self.tjeneste.pk}"


def units_for(user: User) -> list[Unit]:
    """The units whose indicators ``user`` may see: one query (the roles are cached)."""
    headed = user.tjeneste_ids(Rolle.BARNEVERNLEDER)
    led = user.team_ids(Rolle.TEAMLEDER)
    if not headed and not led:
        return []
    teams = list(
        Team.objects.filter(Q(tjeneste_id__in=sorted(headed)) | Q(pk__in=sorted(led)))
        .select_related("tjeneste")
        .order_by("navn", "pk")
    )
    services = {t.tjeneste_id: t.tjeneste for t in teams if t.tjeneste_id in headed}
    units = [Unit(s) for s in sorted(services.values(), key=lambda s: s.navn)]
    units += [Unit(t.tjeneste, t) for t in teams]
    return units


def may_see_indicators(user: User) -> bool:
    return bool(user.tjeneste_ids(Rolle.BARNEVERNLEDER) or user.team_ids(Rolle.TEAMLEDER))


def may_refresh(user: User) -> bool:
    """The head of service may ask for the figures now rather than wait for the night."""
    return bool(user.tjeneste_ids(Rolle.BARNEVERNLEDER))


def unit_from(user: User, params) -> Unit:
    """The unit chosen by ``?team=`` or ``?tjeneste=`` (the first the user has when neither), or
    404 when it is not the user's."""
    units = units_for(user)
    if not units:
        raise Http404
    team, tjeneste = params.get("team"), params.get("tjeneste")
    for u in units:
        if team and u.team and str(u.team.pk) == team:
            return u
        if tjeneste and not u.team and str(u.tjeneste.pk) == tjeneste:
            return u
    if team or tjeneste:
        raise Http404
    return units[0]
