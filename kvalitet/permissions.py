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
    """Every unit whose indicators ``user`` may see (the export): one query."""
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


def default_unit(user: User) -> Unit | None:
    """The unit shown first, from the user's roles (read once per request, with their team and
    service): the service of a head of service, else the first team a leader leads."""
    roles = user.active_roles()
    for r in roles:
        if r.rolle == Rolle.BARNEVERNLEDER:
            return Unit(r.tjeneste)
    led = sorted((r for r in roles if r.rolle == Rolle.TEAMLEDER), key=lambda r: r.team.navn)
    return Unit(led[0].tjeneste, led[0].team) if led else None


def unit_from(user: User, params) -> Unit:
    """The unit chosen by ``?team=`` or ``?tjeneste=`` (:func:`default_unit` when neither), or
    404 when it is not the user's. At most one query."""
    headed = user.tjeneste_ids(Rolle.BARNEVERNLEDER)
    led = user.team_ids(Rolle.TEAMLEDER)
    team, tjeneste = params.get("team"), params.get("tjeneste")
    if team:
        found = (
            Team.objects.filter(Q(tjeneste_id__in=sorted(headed)) | Q(pk__in=sorted(led)))
            .filter(pk=int(team) if team.isdigit() else None)
            .select_related("tjeneste")
            .first()
        )
        if found is None:
            raise Http404
        return Unit(found.tjeneste, found)
    if tjeneste:
        for r in user.active_roles():
            if r.rolle == Rolle.BARNEVERNLEDER and str(r.tjeneste_id) == tjeneste:
                return Unit(r.tjeneste)
        raise Http404
    unit = default_unit(user)
    if unit is None:
        raise Http404
    return unit


def chooser(user: User, unit: Unit) -> list[Unit]:
    """The units the page offers next to ``unit``: the services the user heads, the teams of
    ``unit``'s service when the user heads it, and the teams the user leads. One query, and
    the teams of other services are not listed (a head of many services picks the service
    first)."""
    headed = user.tjeneste_ids(Rolle.BARNEVERNLEDER)
    led = user.team_ids(Rolle.TEAMLEDER)
    services = {r.tjeneste_id: r.tjeneste for r in user.active_roles() if r.tjeneste_id in headed}
    q = Q(pk__in=sorted(led))
    if unit.tjeneste.pk in headed:
        q |= Q(tjeneste_id=unit.tjeneste.pk)
    teams = Team.objects.filter(q).select_related("tjeneste").order_by("navn", "pk")
    units = [Unit(svc) for svc in sorted(services.values(), key=lambda svc: (svc.navn, svc.pk))]
    return units + [Unit(t.tjeneste, t) for t in teams]
