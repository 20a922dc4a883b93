"""Reads of the audit app: the access log under need-to-know (ROLE-02, ROLE-03).

The head of service reads the log of every case of their service, a team leader of the teams
they lead; nobody else has the page. The log is read newest first in pages of a fixed size
through a keyset on the row id (rows are only ever appended, so the id order is the time
order): page 2 000 costs what page 1 costs.

A list's row (issue 19 finding 7: the start page, the case list, the queues, «Mine frister»)
holds the ids of every case it showed. The viewer shows it as one entry that opens to those of
its cases the reader may read the log of, and a case's log (``?sak=``, the case number) finds
the lists that showed it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import reduce
from operator import or_

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from accounts.models import Rolle, Rolletildeling, User
from cases.models import Sak
from core.actions import Offer
from core.models import AccessLogEntry

from .actions import NODTILGANG
from .models import Nodtilgang
from .permissions import TEAM_ROLES

PAGE_SIZE = 50


def may_read_access_log(user: User) -> bool:
    return bool(user.team_ids(Rolle.TEAMLEDER) or user.tjeneste_ids(Rolle.BARNEVERNLEDER))


def access_log_scope(user: User) -> Q:
    """The log rows the user may read: their service's for its head, the led teams' cases for
    a team leader (by the case's team now). The service is on the log row itself, so a head
    of service's page is one walk of the index ``(tjeneste, -id)``; a team leader's walks the
    same index and checks the case's team."""
    q = Q(pk__in=[])
    if tjenester := user.tjeneste_ids(Rolle.BARNEVERNLEDER):
        q |= Q(tjeneste_id__in=sorted(tjenester))
    if teams := user.team_ids(Rolle.TEAMLEDER):
        led_services = sorted(user.tjeneste_ids(Rolle.TEAMLEDER))
        q |= Q(tjeneste_id__in=led_services, sak__team_id__in=sorted(teams))
        # A list's row: when it showed a case of a led team (its teams as they were then).
        q |= Q(tjeneste_id__in=led_services, action=AccessLogEntry.Action.LIST) & _any_of(
            "teams", teams
        )
    return q


def _any_of(field: str, ids) -> Q:
    """The list field ``field`` (an :class:`core.models.IdListField`) holds one of ``ids``."""
    return reduce(or_, (Q(**{f"{field}__includes": i}) for i in sorted(ids)), Q(pk__in=[]))


def cases_in_scope(user: User) -> Q:
    """The cases whose log the user reads (as :func:`access_log_scope`, over the cases): the
    cases a list row opens to."""
    q = Q(pk__in=[])
    if tjenester := user.tjeneste_ids(Rolle.BARNEVERNLEDER):
        q |= Q(tjeneste_id__in=sorted(tjenester))
    if teams := user.team_ids(Rolle.TEAMLEDER):
        q |= Q(team_id__in=sorted(teams))
    return q


def users_in_scope(user: User) -> QuerySet[User]:
    """The people of the reader's services, for the «what did this user look at» filter."""
    tjenester = user.tjeneste_ids(Rolle.BARNEVERNLEDER) | user.tjeneste_ids(Rolle.TEAMLEDER)
    return (
        User.objects.filter(rolletildelinger__tjeneste_id__in=sorted(tjenester))
        .distinct()
        .order_by("first_name", "last_name", "pk")
    )


@dataclass(frozen=True)
class LogFilter:
    saksnummer: str = ""
    sak_id: int | None = None
    user_id: int | None = None
    action: str = ""
    fra: date | None = None
    til: date | None = None
    nodtilgang: bool = False
    before_id: int | None = None


@dataclass
class LogPage:
    entries: list[AccessLogEntry]
    next_cursor: int | None
    first_page: bool


def _day_start(d: date) -> datetime:
    return timezone.make_aware(datetime.combine(d, time.min))


def _case_or_lists(sak_ids: list[int]) -> Q:
    """The reads of these cases and the lists that showed one of them."""
    return Q(sak_id__in=sak_ids) | _any_of("saker", sak_ids)


def access_log(user: User, f: LogFilter, page_size: int = PAGE_SIZE) -> LogPage:
    """One page of the log, newest first: one query, and one more for the cases of the
    lists on the page (and one to find a case number's case)."""
    qs = AccessLogEntry.objects.filter(access_log_scope(user))
    if f.saksnummer:
        # The case(s) of that number the reader may read the log of, then their rows.
        numbered = list(
            Sak.objects.filter(cases_in_scope(user), saksnummer=f.saksnummer).values_list(
                "pk", flat=True
            )
        )
        qs = qs.filter(_case_or_lists(numbered))
    if f.sak_id:
        qs = qs.filter(_case_or_lists([f.sak_id]))
    if f.user_id:
        qs = qs.filter(user_id=f.user_id)
    if f.action:
        qs = qs.filter(action=f.action)
    if f.fra:
        qs = qs.filter(tidspunkt__gte=_day_start(f.fra))
    if f.til:
        qs = qs.filter(tidspunkt__lt=_day_start(f.til + timedelta(days=1)))
    if f.nodtilgang:
        qs = qs.filter(nodtilgang__isnull=False)
    if f.before_id:
        qs = qs.filter(pk__lt=f.before_id)
    rows = list(
        qs.select_related("user", "sak__barn", "nodtilgang").order_by("-pk")[: page_size + 1]
    )
    more = len(rows) > page_size
    rows = rows[:page_size]
    _open_lists(user, rows)
    return LogPage(
        entries=rows,
        next_cursor=rows[-1].pk if more else None,
        first_page=f.before_id is None,
    )


def _open_lists(user: User, rows: list[AccessLogEntry]) -> None:
    """Put on each list row of the page the cases it showed that the reader may read the log
    of (``shown``, in the order shown, with the child) and how many others it showed
    (``others``): one query for the whole page."""
    lists = [r for r in rows if r.is_list]
    if not lists:
        return
    wanted = {i for r in lists for i in r.saker or []}
    found = Sak.objects.filter(cases_in_scope(user), pk__in=sorted(wanted)).select_related("barn")
    by_id = {s.pk: s for s in found}
    for r in lists:
        r.shown = [by_id[i] for i in r.saker or [] if i in by_id]
        r.others = len(r.saker or []) - len(r.shown)


# --- Break-the-glass over the limit on the start page (ROLE-04, issue 19 finding 9) -----------


@dataclass
class LimitRequest:
    grant: Nodtilgang
    offers: list[Offer]


@dataclass
class BreakGlassNotices:
    """The start page's notice: the requests over the limit of the last 24 hours (and every
    one still waiting) that the user leads or heads – each with what the user may do – and the
    user's own."""

    requests: list[LimitRequest]
    mine: list[Nodtilgang]

    def __bool__(self) -> bool:
        return bool(self.requests or self.mine)

    @property
    def waiting(self) -> int:
        return sum(1 for r in self.requests if r.grant.status == Nodtilgang.Status.VENTER)

    @property
    def cases(self) -> list[Sak]:
        """The cases the notice names (by number): logged with the start page (ROLE-03)."""
        return [r.grant.sak for r in self.requests] + [g.sak for g in self.mine]


def break_glass_notices(user: User, now=None) -> BreakGlassNotices | None:
    """ROLE-04: for a team leader, the requests over the limit of the people of the teams
    they lead; for a head of service, those of the service; for anyone, their own. The
    waiting ones and those decided in the last 24 hours. One query (and one for the
    requesters' roles when there are requests to decide); none for a user who can neither
    break the glass nor lead."""
    led = user.team_ids(Rolle.TEAMLEDER)
    heads = user.tjeneste_ids(Rolle.BARNEVERNLEDER)
    own = bool(user.team_ids(*TEAM_ROLES))
    if not (led or heads or own):
        return None
    now = now or timezone.now()
    leads = Q(pk__in=[])
    if heads:
        leads |= Q(sak__tjeneste_id__in=sorted(heads))
    if led:
        leads |= Q(
            user_id__in=Rolletildeling.objects.filter(
                team_id__in=sorted(led), rolle__in=TEAM_ROLES, avsluttet__isnull=True
            ).values("user_id")
        )
    rows = list(
        Nodtilgang.objects.filter(krever_godkjenning=True)
        .filter(Q(status=Nodtilgang.Status.VENTER) | Q(avgjort__gte=now - timedelta(hours=24)))
        .filter(Q(user_id=user.pk) | (leads & ~Q(user_id=user.pk)))
        .select_related("sak", "user", "avgjort_av")
        .prefetch_related(
            # The requesters' roles, where who-may-decide reads them (User.active_roles).
            Prefetch(
                "user__rolletildelinger",
                queryset=Rolletildeling.objects.filter(avsluttet__isnull=True),
                to_attr="_active_roles",
            )
        )
        .order_by("-opprettet", "-pk")
    )
    mine = [g for g in rows if g.user_id == user.pk]
    requests = [LimitRequest(g, NODTILGANG.offers(g, user)) for g in rows if g.user_id != user.pk]
    return BreakGlassNotices(requests=requests, mine=mine)


def access_nodtilgang(user: User, nodtilgang_id: int) -> Nodtilgang | None:
    """A request over the limit that the user may decide (ROLE-04), or ``None``."""
    grant = (
        Nodtilgang.objects.filter(pk=nodtilgang_id, krever_godkjenning=True)
        .select_related("sak", "user")
        .first()
    )
    if grant is None or not NODTILGANG.may(grant, user, "approve"):
        return None
    return grant


def grants_last_day(grant: Nodtilgang) -> int:
    """How many grants the requester had in the 24 hours before the request (the page shows
    why it waits)."""
    return Nodtilgang.objects.filter(
        user_id=grant.user_id,
        status=Nodtilgang.Status.INNVILGET,
        opprettet__gte=grant.opprettet - timedelta(hours=24),
        opprettet__lt=grant.opprettet,
    ).count()
