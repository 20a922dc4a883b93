"""Writes of the nightly reminders: plan the night's digests (the outbox), send one.

- :func:`paminnelser_plan` finds every due deadline (:func:`reminders.finders.due_items`),
  works out who gets which (:class:`reminders.finders.Scope`), writes one outbox row per person
  and enqueues one send task per row not yet sent – after the commit.
- :func:`paminnelse_send` claims one row under a row lock, sends the e-mail and marks it sent in
  the same transaction: a second delivery of the task waits for the lock, sees «sent» and stops
  (FRIST-03). An SMTP error rolls back and the task retries with back-off.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Callable
from datetime import date

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from accounts.models import Rolletildeling, User

from .finders import KINDS, KINDS_BY_ID, Frist, Scope, due_items
from .models import Paminnelse

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


def digests_for(items: list[Frist], scopes: dict[int, Scope]) -> dict[int, list[Frist]]:
    """Who gets which items: each item goes to its caseworker, the leaders of its team and the
    heads of its service, as far as ROLE-02 lets them see it."""
    by_team: dict[int, set[int]] = defaultdict(set)
    by_service: dict[int, set[int]] = defaultdict(set)
    for s in scopes.values():
        for t in s.led_team_ids:
            by_team[t].add(s.user_id)
        for t in s.headed_tjeneste_ids:
            by_service[t].add(s.user_id)
    out: dict[int, list[Frist]] = defaultdict(list)
    for item in items:
        candidates = {item.saksbehandler_id} | by_team[item.team_id] | by_service[item.tjeneste_id]
        for uid in candidates:
            scope = scopes.get(uid)
            if scope is not None and scope.wants(item):
                out[uid].append(item)
    return out


def digest_content(items: list[Frist]) -> dict:
    """What the e-mail says (FRIST-02): per kind the count and the case reference numbers.
    No names, no birth dates, no deadlines' dates."""
    kinds = []
    for kind in KINDS:
        mine = [i for i in items if i.kind == kind.id]
        if mine:
            kinds.append(
                {
                    "id": kind.id,
                    "rule": kind.rule,
                    "antall": len(mine),
                    "saksnummer": sorted({i.saksnummer for i in mine}),
                }
            )
    return {"kinds": kinds, "antall": len(items)}


@transaction.atomic(durable=True)
def paminnelser_plan(*, run_date: date | None = None) -> list[int]:
    """FRIST-01/02: write the night's outbox – one row per person with something due – and
    enqueue a send for every row of the night not yet sent (a re-run re-enqueues only those,
    and their task skips what another delivery already sent). Returns the rows' ids."""
    from .tasks import send_digest

    run_date = run_date or timezone.localdate()
    items = due_items(run_date)
    scopes = recipient_scopes()
    digests = digests_for(items, scopes)
    reachable = set(
        User.objects.filter(pk__in=list(digests), is_active=True)
        .exclude(email="")
        .values_list("pk", flat=True)
    )
    existing = set(
        Paminnelse.objects.filter(kjoredato=run_date, digest=Paminnelse.DIGEST_FRISTER).values_list(
            "mottaker_id", flat=True
        )
    )
    actor = system_user()
    for uid in sorted(reachable - existing):
        content = digest_content(digests[uid])
        row = Paminnelse(
            mottaker_id=uid, kjoredato=run_date, innhold=content, antall=content["antall"]
        )
        row._history_user = actor
        row.save()
    skipped = len(set(digests) - reachable)
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
        len(items),
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


def render_digest(paminnelse: Paminnelse) -> EmailMultiAlternatives:
    """The e-mail in bokmål, plain text and HTML, from the row alone (FRIST-02)."""
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
    with translation.override(settings.LANGUAGE_CODE):
        subject = render_to_string("reminders/email/subject.txt", context).strip()
        text = render_to_string("reminders/email/digest.txt", context)
        html = render_to_string("reminders/email/digest.html", context)
    message = EmailMultiAlternatives(
        subject=" ".join(subject.split()),
        body=text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[paminnelse.mottaker.email],
    )
    message.attach_alternative(html, "text/html")
    return message


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
