"""ROLE-02 need-to-know, in one place: every view and every query of cases starts here.

- *Scoping*: :func:`saker_visible_to` – the cases a user may see, as one SQL filter.
- *Access*: :func:`access_sak` – fetch one case through the scope, answer 404 otherwise, and
  write the ROLE-03 access-log row before anything is shown (fail closed).
- *Predicates*: who may change what, pure functions the views and services both ask.
"""

from __future__ import annotations

from collections.abc import Callable

from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest

from accounts.models import Rolle, Team, User
from core.http import client_ip
from core.models import AccessLogEntry

from .models import MuligDuplikat, Sak


class NoBreakGlass:
    """ROLE-04 without the audit app: no grant ever opens a case outside the user's scope."""

    @staticmethod
    def active_grant(user, sak_id: int):
        return None

    @staticmethod
    def remember(request, grant) -> None:
        pass

    @staticmethod
    def forget(request, sak_id: int) -> None:
        pass


class _BreakGlass:
    """Where :func:`access_sak` finds the break-the-glass grants (ROLE-04): the audit app puts
    its ``audit.grants`` module here in its ``AppConfig.ready()`` (``active_grant``,
    ``remember``, ``forget``)."""

    grants = NoBreakGlass

    def register(self, provider) -> None:
        self.grants = provider


BREAK_GLASS = _BreakGlass()


def visibility_filter(user: User, prefix: str = "") -> Q:
    """ROLE-02 as a Q object over a case (``prefix`` reaches the case from another model):
    a saksbehandler sees their own teams' cases, a teamleder the teams they lead, a
    barnevernleder every case of their service. Anybody else sees nothing."""
    if not user.is_authenticated or not user.is_active:
        return Q(pk__in=[])
    team_ids = user.team_ids(Rolle.SAKSBEHANDLER, Rolle.TEAMLEDER)
    tjeneste_ids = user.tjeneste_ids(Rolle.BARNEVERNLEDER)
    q = Q(pk__in=[])
    if team_ids:
        q |= Q(**{f"{prefix}team_id__in": sorted(team_ids)})
    if tjeneste_ids:
        q |= Q(**{f"{prefix}tjeneste_id__in": sorted(tjeneste_ids)})
    # ROLE-04: the cases this session opened by break-the-glass, while the grant lasts (ids
    # kept in the session by audit.grants; access_sak checks the grant itself in the database).
    if granted := getattr(user, "_nodtilgang_sak_ids", None):
        q |= Q(**{f"{prefix}pk__in": list(granted)})
    return q


def in_own_scope(user: User, sak: Sak) -> bool:
    """ROLE-02 without break-the-glass: the case is one of the user's teams' or service's."""
    return sak.team_id in user.team_ids(
        Rolle.SAKSBEHANDLER, Rolle.TEAMLEDER
    ) or sak.tjeneste_id in user.tjeneste_ids(Rolle.BARNEVERNLEDER)


def saker_visible_to(user: User) -> QuerySet[Sak]:
    """ROLE-02: the cases this user may see."""
    return Sak.objects.filter(visibility_filter(user))


def teams_visible_to(user: User) -> QuerySet[Team]:
    """The teams whose cases the user may see (for filters and forms)."""
    team_ids = user.team_ids(Rolle.SAKSBEHANDLER, Rolle.TEAMLEDER)
    tjeneste_ids = user.tjeneste_ids(Rolle.BARNEVERNLEDER)
    return Team.objects.filter(Q(pk__in=team_ids) | Q(tjeneste_id__in=tjeneste_ids))


def access_sak(
    request: HttpRequest,
    sak_id: int,
    *,
    action: str = AccessLogEntry.Action.VIEW,
    queryset: QuerySet[Sak] | None = None,
    check: Callable[[User, Sak], bool] | None = None,
) -> Sak:
    """Fetch a case the user may see, or raise 404 (ROLE-02), and log the read (ROLE-03).

    ``check`` is the permission for the page itself (e.g. may edit): when it fails the answer
    is 404 too, and nothing was read, so nothing is logged. The log row is written before the
    page is built: if it cannot be written, the error propagates and the page is not shown
    (fail closed). No transaction of its own: the read is a plain SELECT with nothing to roll
    back, and ``atomic()`` would add BEGIN/COMMIT (or a savepoint pair) to every case page (P1).
    """
    grants = BREAK_GLASS.grants
    base = queryset if queryset is not None else Sak.objects.all()
    grant = None
    try:
        sak = base.filter(visibility_filter(request.user)).get(pk=sak_id)
    except Sak.DoesNotExist:
        # ROLE-04: outside the user's scope, only an active break-the-glass grant opens it
        # (one more query, on this path only).
        grant = grants.active_grant(request.user, sak_id)
        if grant is None:
            raise Http404 from None
        sak = base.filter(pk=sak_id).first()
        if sak is None:
            raise Http404 from None
        grants.remember(request, grant)
    if check is not None and not check(request.user, sak):
        raise Http404
    if grant is None and not in_own_scope(request.user, sak):
        # Through the session's grant ids: the database has the last word.
        grant = grants.active_grant(request.user, sak.pk)
        if grant is None:
            grants.forget(request, sak.pk)
            raise Http404
    AccessLogEntry.objects.create(
        user=request.user,
        sak=sak,
        action=action,
        path=request.path[:300],
        ip_address=client_ip(request),
        nodtilgang=grant,
        reason=grant.begrunnelse if grant else "",
    )
    request.nodtilgang = grant
    return sak


def get_visible_sak_for_update(user: User, sak_id: int) -> Sak:
    """For services: the case row locked for update, through the same scope (404 otherwise)."""
    try:
        return saker_visible_to(user).select_for_update().get(pk=sak_id)
    except Sak.DoesNotExist:
        raise Http404 from None


# --- Predicates ------------------------------------------------------------------------------


def leads_team(user: User, team_id: int) -> bool:
    return team_id in user.team_ids(Rolle.TEAMLEDER)


def heads_service_of(user: User, tjeneste_id: int) -> bool:
    return tjeneste_id in user.tjeneste_ids(Rolle.BARNEVERNLEDER)


def can_create_sak(user: User) -> bool:
    return bool(user.team_ids(Rolle.SAKSBEHANDLER, Rolle.TEAMLEDER))


def teams_for_new_sak(user: User) -> QuerySet[Team]:
    return Team.objects.filter(pk__in=user.team_ids(Rolle.SAKSBEHANDLER, Rolle.TEAMLEDER))


def can_edit_sak(user: User, sak: Sak) -> bool:
    """The team's caseworkers and leaders keep the child's and the parties' details."""
    return sak.status == Sak.Status.AKTIV and (
        sak.team_id in user.team_ids(Rolle.SAKSBEHANDLER, Rolle.TEAMLEDER)
    )


def can_transfer_sak(user: User, sak: Sak) -> bool:
    """SAK-04: the team leader (of the case's team) or the head of service transfers a case."""
    return sak.status == Sak.Status.AKTIV and (
        leads_team(user, sak.team_id) or heads_service_of(user, sak.tjeneste_id)
    )


def can_manage_investigation(user: User, sak: Sak) -> bool:
    """SAK-03: extending the deadline is the team leader's or head of service's decision."""
    return sak.undersokelse_id is not None and can_transfer_sak(user, sak)


def can_complete_investigation(user: User, sak: Sak) -> bool:
    return sak.undersokelse_id is not None and can_edit_sak(user, sak)


# --- SAK-05 shielded addresses ---------------------------------------------------------------

_RANK = {"ingen": 0, "fortrolig": 1, "strengt_fortrolig": 2}


def shield_rank(level: str) -> int:
    return _RANK.get(level or "ingen", 0)


def is_shielded(person) -> bool:
    return shield_rank(getattr(person, "adressebeskyttelse", "ingen")) > 0


def cleared_for_address(user: User, person) -> bool:
    """SAK-05: the user's clearance covers the person's address protection."""
    needed = shield_rank(getattr(person, "adressebeskyttelse", "ingen"))
    return needed == 0 or shield_rank(getattr(user, "adresseklarering", "ingen")) >= needed


# --- SAK-01 possible duplicates ---------------------------------------------------------------


def may_see_existing_case(user: User, sak: Sak) -> bool:
    """SAK-01: may the user be told that the child already has this case? Only when the case
    is in the user's own scope (ROLE-02; a break-the-glass grant opens a case to read, it does
    not make its existence something to be told when registering a child)."""
    return in_own_scope(user, sak)


def decides_duplicates_of(user: User, sak: Sak) -> bool:
    """SAK-01: the leaders of the existing case's team (and the head of its service) decide
    a possible duplicate of it, whatever the case's state."""
    return leads_team(user, sak.team_id) or heads_service_of(user, sak.tjeneste_id)


def duplicate_scope(user: User) -> Q:
    """The possible duplicates the user decides, as a filter on :class:`MuligDuplikat`."""
    led = user.team_ids(Rolle.TEAMLEDER)
    headed = user.tjeneste_ids(Rolle.BARNEVERNLEDER)
    q = Q(pk__in=[])
    if led:
        q |= Q(eksisterende__team_id__in=sorted(led))
    if headed:
        q |= Q(eksisterende__tjeneste_id__in=sorted(headed))
    return q


def decides_any_duplicates(user: User) -> bool:
    """Whether :func:`duplicate_scope` can hold anything (no query: the roles are loaded)."""
    return bool(user.team_ids(Rolle.TEAMLEDER) or user.tjeneste_ids(Rolle.BARNEVERNLEDER))


def access_duplikat(request: HttpRequest, duplikat_id: int) -> MuligDuplikat:
    """A possible duplicate the user decides, or 404 (ROLE-02). Its page shows both cases'
    children, so each case's read is logged (ROLE-03) before anything is shown."""
    if not decides_any_duplicates(request.user):
        raise Http404
    duplikat = (
        MuligDuplikat.objects.filter(duplicate_scope(request.user))
        .select_related(
            "sak__barn",
            "sak__team",
            "sak__saksbehandler",
            "eksisterende__barn",
            "eksisterende__team",
            "eksisterende__saksbehandler",
            "registrert_av",
        )
        .filter(pk=duplikat_id)
        .first()
    )
    if duplikat is None:
        raise Http404
    for sak in (duplikat.eksisterende, duplikat.sak):
        AccessLogEntry.objects.create(
            user=request.user,
            sak=sak,
            tjeneste_id=sak.tjeneste_id,
            action=AccessLogEntry.Action.VIEW,
            path=request.path[:300],
            ip_address=client_ip(request),
        )
    return duplikat


def can_read_access_log(user: User, sak: Sak) -> bool:
    """ROLE-03: the case's team leaders and the heads of its service read who looked at it."""
    return leads_team(user, sak.team_id) or heads_service_of(user, sak.tjeneste_id)


# --- The same predicates as the action tables ask them: (obj, user) ---------------------------
# core.actions calls a predicate with the record first, as django-fsm calls ``permission=``;
# access_sak's ``check`` and the other apps call the (user, sak) forms above.


def may_open_case(_on, user: User) -> bool:
    """SAK-01: the user opens cases in their own teams (``_on`` is the user's own work)."""
    return can_create_sak(user)


def may_edit(sak: Sak, user: User) -> bool:
    return can_edit_sak(user, sak)


def may_transfer(sak: Sak, user: User) -> bool:
    return can_transfer_sak(user, sak)


def may_extend_investigation(sak: Sak, user: User) -> bool:
    return can_manage_investigation(user, sak)


def may_complete_investigation(sak: Sak, user: User) -> bool:
    return can_complete_investigation(user, sak)


def may_decide_duplicate(duplikat: MuligDuplikat, user: User) -> bool:
    """SAK-01: a possible duplicate is the existing case's team leaders' to decide."""
    return decides_duplicates_of(user, duplikat.eksisterende)


def may_transfer_to_duplicate(duplikat: MuligDuplikat, user: User) -> bool:
    """SAK-04 through SAK-01: the existing case goes to the new case's caseworker, by one who
    may transfer it (an active case)."""
    return may_decide_duplicate(duplikat, user) and can_transfer_sak(user, duplikat.eksisterende)


def may_edit_part(part, user: User) -> bool:
    """A party is kept by the case's team (the part's case is cached by ``sak.parter``)."""
    return can_edit_sak(user, part.sak)
