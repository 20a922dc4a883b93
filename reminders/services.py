"""Writes of the nightly reminders: plan the night's digests (the outbox), send one.

- :func:`paminnelser_plan` finds every due deadline (:func:`reminders.finders.iter_due_rows`),
  works out who gets which (:class:`reminders.finders.Scope`), writes one outbox row per person
  and enqueues one send task per row not yet sent – after the commit.
- :func:`paminnelse_send` claims one row under a row lock, sends the e-mail and marks it sent in
  the same transaction: a second delivery of the task waits for the lock, sees «sent» and stops
  (FRIST-03). An SMTP error rolls back and the task retries with back-off.
"""

from __future__ import annotations

import heapq
import json
import logging
from array import array
from collections import defaultdict
from collections.abc import Callable, Iterable
from datetime import date
from itertools import chain

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import connection, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from simple_history.utils import bulk_create_with_history

from accounts.models import Rolletildeling, User
from cases.models import Sak

from .finders import KINDS, KINDS_BY_ID, Frist, Scope, iter_due_rows
from .models import Paminnelse
from .tasks import send_digest

logger = logging.getLogger(__name__)


SYSTEM_USERNAME = "system-paminnelser"


def system_user() -> User:
    """The named system user the nightly job writes history as (never logs in)."""
    user, created = User.objects.get_or_create(
        username=SYSTEM_USERNAME,
        defaults={"first_name": "Nattlig", "last_name": "påminnelse", "is_active": False},
    )
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    return user


def recipient_scopes() -> dict[int, Scope]:
    """Every active person's :class:`Scope` from their active roles: one query."""
    roles: dict[int, list[tuple[str, int | None, int]]] = defaultdict(list)
    for user_id, rolle, team_id, tjeneste_id in Rolletildeling.objects.filter(
        avsluttet__isnull=True, user__is_active=True
    ).values_list("user_id", "rolle", "team_id", "tjeneste_id"):
        roles[user_id].append((rolle, team_id, tjeneste_id))
    return {uid: Scope.from_roles(uid, r) for uid, r in roles.items()}


class _Router:
    """Who is reminded of an item: its caseworker, the leaders of its team and the heads of
    its service, as far as ROLE-02 lets them see it (:meth:`Scope.wants`)."""

    def __init__(self, scopes: dict[int, Scope]):
        self.scopes = scopes
        self.by_team: dict[int, set[int]] = defaultdict(set)
        self.by_service: dict[int, set[int]] = defaultdict(set)
        for s in scopes.values():
            for t in s.led_team_ids:
                self.by_team[t].add(s.user_id)
            for t in s.headed_tjeneste_ids:
                self.by_service[t].add(s.user_id)

        # Who gets an item depends only on its case's caseworker, team and service.
        self._memo: dict[tuple[int, int, int], tuple[int, ...]] = {}

    def routed(self, key: tuple[int, int, int]) -> tuple[int, ...]:
        """The recipients of a key :meth:`recipients` has seen."""
        return self._memo[key]

    def recipients(self, item: Frist) -> tuple[int, ...]:
        key = (item.saksbehandler_id, item.team_id, item.tjeneste_id)
        found = self._memo.get(key)
        if found is None:
            candidates = (
                {item.saksbehandler_id}
                | self.by_team.get(item.team_id, set())
                | self.by_service.get(item.tjeneste_id, set())
            )
            found = self._memo[key] = tuple(
                sorted(
                    uid
                    for uid in candidates
                    if (scope := self.scopes.get(uid)) is not None and scope.wants(item)
                )
            )
        return found


def digests_for(items: Iterable[Frist], scopes: dict[int, Scope]) -> dict[int, list[Frist]]:
    """Who gets which items (the items themselves; the page's tests compare them)."""
    router = _Router(scopes)
    out: dict[int, list[Frist]] = defaultdict(list)
    for item in items:
        for uid in router.recipients(item):
            out[uid].append(item)
    return out


#: Case numbers listed per kind of deadline in a digest. The count is always the whole number
#: and the link shows every deadline: a head of an Oslo-sized service would otherwise get an
#: e-mail of some 40 000 case numbers (0.5 MB), written to the outbox every night (P5).
DIGEST_LIST_MAX = 25


class _Tallies:
    """The night's digests while they are counted, compactly. Who gets an item depends only on
    its case's (caseworker, team, service), so the items are counted per such *key*, not per
    person: per key and kind the ids of the items' cases (8 bytes each; duplicates kept, their
    number is the count). A person's digest is the union of the keys routed to them, made when
    their row is written; the case numbers it lists are read then, for those cases only (with
    ``numbers``, from the items). The digests are the night's output: this grows with the
    number of items by 8 bytes each, where the items as objects took hundreds, and a case
    number for every case in the country some 10 MB at 100 000 children (P5)."""

    def __init__(self, router: _Router, *, numbers: dict[int, str] | None = None) -> None:
        self.router = router
        self.by_key: dict[tuple[int, int, int], dict[str, array]] = {}
        self.numbers = numbers

    def add(self, item) -> None:
        key = (item.saksbehandler_id, item.team_id, item.tjeneste_id)
        kinds = self.by_key.get(key)
        if kinds is None:
            kinds = self.by_key[key] = {}
            self.router.recipients(item)  # routed once per key, while an item is at hand
        ids = kinds.get(item.kind)
        if ids is None:
            ids = kinds[item.kind] = array("q")
        ids.append(item.sak_id)
        if self.numbers is not None:
            self.numbers.setdefault(item.sak_id, item.saksnummer)

    def keys_by_user(self) -> dict[int, list[tuple[int, int, int]]]:
        out: dict[int, list[tuple[int, int, int]]] = defaultdict(list)
        for key in self.by_key:
            for uid in self.router.routed(key):
                out[uid].append(key)
        return out

    def contents(self, keys_per_digest: Iterable[Iterable[tuple[int, int, int]]]) -> list[dict]:
        """What the e-mails say (FRIST-02): per kind the count of deadlines, the case reference
        numbers of the first :data:`DIGEST_LIST_MAX` cases (the longest registered) in order,
        and how many cases more. No names, no birth dates, no deadlines' dates. One query for
        the case numbers of the whole batch."""
        drafts = [self._draft(keys) for keys in keys_per_digest]
        listed = {n for d in drafts for k in d["kinds"] for n in k["saksnummer"]}
        numbers = self.numbers
        if numbers is None:
            numbers = _case_numbers(listed)
        for d in drafts:
            for k in d["kinds"]:
                k["saksnummer"] = sorted(numbers[n] for n in k["saksnummer"])
        return drafts

    def _draft(self, keys: Iterable[tuple[int, int, int]]) -> dict:
        tallies = [self.by_key[key] for key in keys]
        kinds = []
        for kind in KINDS:
            ids = [t[kind.id] for t in tallies if kind.id in t]
            if ids:
                saker = set(chain.from_iterable(ids))
                first = heapq.nsmallest(DIGEST_LIST_MAX, saker)
                kinds.append(
                    {
                        "id": kind.id,
                        "rule": kind.rule,
                        "antall": sum(len(i) for i in ids),
                        "saksnummer": first,  # case ids until contents() reads their numbers
                        "flere": len(saker) - len(first),
                    }
                )
        return {"kinds": kinds, "antall": sum(k["antall"] for k in kinds)}


def _case_numbers(ids: set[int]) -> dict[int, str]:
    """``{case id: case number}``. On PostgreSQL the ids go as one array parameter: a batch
    lists tens of thousands, which as ``IN (%s, …)`` cost a second a night to compile."""
    if connection.vendor != "postgresql":
        return dict(Sak.objects.filter(pk__in=sorted(ids)).values_list("pk", "saksnummer"))
    table = connection.ops.quote_name(Sak._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT id, saksnummer FROM {table} WHERE id = ANY(%s)", [sorted(ids)])  # noqa: S608
        return dict(cursor.fetchall())


def digest_content(items: list[Frist]) -> dict:
    """What the e-mail says (FRIST-02) for these items: see :meth:`_Tallies.contents`."""
    tallies = _Tallies(_Router({}), numbers={})
    for item in items:
        tallies.add(item)
    return tallies.contents([list(tallies.by_key)])[0]


#: Outbox rows written per INSERT (and as many history rows).
WRITE_BATCH = 500


_OUTBOX_SQL = """
WITH new AS (
    INSERT INTO {table} (mottaker_id, kjoredato, digest, status, innhold, antall, opprettet)
    SELECT r.mottaker_id, %s, %s, %s, r.innhold, r.antall, %s
    FROM jsonb_to_recordset(%s::jsonb) AS r(mottaker_id bigint, innhold jsonb, antall integer)
    ORDER BY r.mottaker_id
    RETURNING id, mottaker_id, kjoredato, digest, status, antall, opprettet, sendt
)
INSERT INTO {history} (id, mottaker_id, kjoredato, digest, status, antall, opprettet, sendt,
                       history_date, history_change_reason, history_type, history_user_id)
SELECT id, mottaker_id, kjoredato, digest, status, antall, opprettet, sendt, %s, NULL, '+', %s
FROM new
"""


def write_outbox(rows: list[tuple[int, dict]], *, run_date: date, digest: str, actor: User) -> None:
    """Outbox rows – ``(recipient id, content)`` – and their history rows ('+', by ``actor``),
    for a night's digest. On PostgreSQL one statement: the batch goes as one JSON parameter
    that the server unpacks, the rows and their history are written together. The ORM's bulk
    insert of the same rows took half of the nightly planning at 100 000 children (compiling
    and escaping thousands of parameters in Python; issue 8, P5). Elsewhere (the one-machine
    SQLite setup) the ORM writes them."""
    if not rows:
        return
    now = timezone.now()
    if connection.vendor != "postgresql":
        bulk_create_with_history(
            [
                Paminnelse(
                    mottaker_id=uid,
                    kjoredato=run_date,
                    digest=digest,
                    innhold=content,
                    antall=content.get("antall", 0),
                )
                for uid, content in rows
            ],
            Paminnelse,
            batch_size=WRITE_BATCH,
            default_user=actor,
            default_date=now,
        )
        return
    sql = _OUTBOX_SQL.format(
        table=connection.ops.quote_name(Paminnelse._meta.db_table),
        history=connection.ops.quote_name(Paminnelse.history.model._meta.db_table),
    )
    batch = json.dumps(
        [{"mottaker_id": uid, "innhold": c, "antall": c.get("antall", 0)} for uid, c in rows],
        ensure_ascii=False,
        separators=(",", ":"),
    )
    with connection.cursor() as cursor:
        cursor.execute(
            sql,
            [run_date, digest, Paminnelse.Status.VENTER, now, batch, now, actor.pk],
        )


def _disable_jit() -> None:
    """PostgreSQL's JIT compiles a query whose *estimated* cost is high: the finders' joins over
    the whole country reach that estimate and spent seconds compiling a query that runs in a
    fraction of that (issue 8, P5). Off for the planning's own transaction only."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL jit = off")


@transaction.atomic(durable=True)
def paminnelser_plan(*, run_date: date | None = None) -> list[int]:
    """FRIST-01/02: write the night's outbox – one row per person with something due – and
    enqueue a send for every row of the night not yet sent (a re-run re-enqueues only those,
    and their task skips what another delivery already sent). Returns the rows' ids.

    Set-based and streaming (issue 8, P5): one query per kind of deadline read in chunks,
    counted per person as it passes, and the rows written in batches with their history."""
    run_date = run_date or timezone.localdate()
    _disable_jit()
    scopes = recipient_scopes()
    tallies = _Tallies(_Router(scopes))
    n_items = 0
    for item in iter_due_rows(run_date):
        tallies.add(item)
        n_items += 1
    keys = tallies.keys_by_user()
    reachable, todo = recipients_to_write(keys, run_date, Paminnelse.DIGEST_FRISTER)
    actor = system_user()
    for start in range(0, len(todo), WRITE_BATCH):
        batch = todo[start : start + WRITE_BATCH]
        write_outbox(
            list(zip(batch, tallies.contents(keys[uid] for uid in batch), strict=True)),
            run_date=run_date,
            digest=Paminnelse.DIGEST_FRISTER,
            actor=actor,
        )
    skipped = len(set(keys) - reachable)
    pending = list(
        Paminnelse.objects.filter(
            kjoredato=run_date, digest=Paminnelse.DIGEST_FRISTER, status=Paminnelse.Status.VENTER
        )
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    for pk in pending:
        send_digest.delay_on_commit(pk)
    logger.info(
        "reminders.planned run_date=%s items=%d digests=%d pending=%d no_email=%d",
        run_date.isoformat(),
        n_items,
        len(reachable),
        len(pending),
        skipped,
    )
    return pending


# --- Other nightly digests ----------------------------------------------------------------------

#: Other apps add a digest of their own to the night (e.g. the break-the-glass notice to team
#: leaders, ROLE-04): ``name -> (plan(run_date) -> [row ids], render(row) -> e-mail)``. Their
#: rows use the same outbox (:class:`Paminnelse` with ``digest=name``) and the same send task.
NIGHTLY_DIGESTS: dict[str, tuple[Callable, Callable]] = {}


def register_nightly(name: str, plan: Callable, render: Callable) -> None:
    NIGHTLY_DIGESTS[name] = (plan, render)


def plan_night(*, run_date: date | None = None) -> list[int]:
    """The whole night: the deadline digests, then every registered digest. Row ids to send."""
    run_date = run_date or timezone.localdate()
    pending = paminnelser_plan(run_date=run_date)
    for plan, _render in NIGHTLY_DIGESTS.values():
        pending.extend(plan(run_date=run_date))
    return pending


def digest_link() -> str:
    return settings.APP_BASE_URL.rstrip("/") + reverse("reminders:mine")


def recipients_to_write(user_ids, run_date: date, digest: str) -> tuple[set[int], list[int]]:
    """Of the people a night's digest is for: those who can get an e-mail (active, with an
    address), and of them those without a row of this digest for the night yet (FRIST-03)."""
    reachable = set(
        User.objects.filter(pk__in=list(user_ids), is_active=True)
        .exclude(email="")
        .values_list("pk", flat=True)
    )
    existing = set(
        Paminnelse.objects.filter(kjoredato=run_date, digest=digest).values_list(
            "mottaker_id", flat=True
        )
    )
    return reachable, sorted(reachable - existing)


def outbox_email(paminnelse: Paminnelse, templates: str, context: dict) -> EmailMultiAlternatives:
    """An outbox row's e-mail in its recipient's written form (their choice, else their
    service's; issue 26) from ``<templates>_subject.txt``, ``.txt`` and ``.html``: plain text
    with an HTML alternative, to the row's recipient."""
    with translation.override(paminnelse.mottaker.language()):
        subject = render_to_string(f"{templates}_subject.txt", context).strip()
        text = render_to_string(f"{templates}.txt", context)
        html = render_to_string(f"{templates}.html", context)
    message = EmailMultiAlternatives(
        subject=" ".join(subject.split()),
        body=text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[paminnelse.mottaker.email],
    )
    message.attach_alternative(html, "text/html")
    return message


def render_digest(paminnelse: Paminnelse) -> EmailMultiAlternatives:
    """The e-mail in the recipient's written form, plain text and HTML, from the row alone
    (FRIST-02)."""
    content = paminnelse.innhold
    kinds = [
        {**k, "label": KINDS_BY_ID[k["id"]].label}
        for k in content.get("kinds", [])
        if k["id"] in KINDS_BY_ID
    ]
    context = {
        "antall": content.get("antall", 0),
        "kinds": kinds,
        "link": digest_link(),
        "kjoredato": paminnelse.kjoredato,
    }
    return outbox_email(paminnelse, "reminders/email/digest", context)


@transaction.atomic(durable=True)
def paminnelse_send(*, paminnelse_id: int) -> bool:
    """FRIST-03: send one digest exactly once. Returns False when it was already sent."""
    row = (
        Paminnelse.objects.select_for_update(of=("self",))
        .select_related("mottaker")
        .get(pk=paminnelse_id)
    )
    if row.status == Paminnelse.Status.SENDT:
        logger.info("reminders.already_sent paminnelse=%d", row.pk)
        return False
    render = render_digest if row.digest == Paminnelse.DIGEST_FRISTER else None
    if render is None:
        render = NIGHTLY_DIGESTS[row.digest][1]
    render(row).send(fail_silently=False)
    row.status = Paminnelse.Status.SENDT
    row.sendt = timezone.now()
    row._history_user = system_user()
    row.save(update_fields=["status", "sendt"])
    logger.info("reminders.sent paminnelse=%d items=%d", row.pk, row.antall)
    return True
