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

from django.db.models import Q, QuerySet
from django.utils import timezone

from accounts.models import Rolle, User
from cases.models import Sak
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
