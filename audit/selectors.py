"""Reads of the audit app: the access log under need-to-know (ROLE-02, ROLE-03).

The head of service reads the log of every case of their service, a team leader of the teams
they lead; nobody else has the page. The log is read newest first in pages of a fixed size
through a keyset on the row id (rows are only ever appended, so the id order is the time
order): page 2 000 costs what page 1 costs.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db.models import Q, QuerySet
from django.utils import timezone

from accounts.models import Rolle, User
from core.models import AccessLogEntry

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
        q |= Q(
            tjeneste_id__in=sorted(user.tjeneste_ids(Rolle.TEAMLEDER)),
            sak__team_id__in=sorted(teams),
        )
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


def access_log(user: User, f: LogFilter, page_size: int = PAGE_SIZE) -> LogPage:
    """One page of the log, newest first: one query."""
    qs = AccessLogEntry.objects.filter(access_log_scope(user))
    if f.saksnummer:
        qs = qs.filter(sak__saksnummer=f.saksnummer)
    if f.sak_id:
        qs = qs.filter(sak_id=f.sak_id)
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
    return LogPage(
        entries=rows,
        next_cursor=rows[-1].pk if more else None,
        first_page=f.before_id is None,
    )
