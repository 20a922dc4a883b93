"""Writes of the audit app: open a break-the-glass grant (ROLE-04), decide a request over the
limit, and plan the leaders' notices: of the grants, the next morning; of a request over the
limit, the same day (issue 19, finding 9)."""

from __future__ import annotations

import logging
from collections import defaultdict
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Rolle, Rolletildeling, User
from cases.models import Sak
from cases.permissions import in_own_scope
from core.exceptions import NotFound, RuleBreach, RuleViolation
from core.history import save_with_history
from reminders.models import Paminnelse
from reminders.services import outbox_email, recipients_to_write, system_user
from reminders.tasks import send_digest

from .actions import NODTILGANG
from .models import Nodtilgang
from .permissions import TEAM_ROLES

logger = logging.getLogger(__name__)

NODTILGANG_DIGEST = "nodtilgang"
#: The leaders' e-mail about requests over the limit (issue 19, finding 9).
NODTILGANG_LIMIT_DIGEST = "nodtilgang_grense"
MIN_REASON_LENGTH = 20
#: ROLE-04: the grants one user gets in 24 hours without a leader's approval; the next waits.
NODTILGANG_PER_DOGN = 3
LIMIT_WINDOW = timedelta(hours=24)

#: The roles that may open a case outside their teams, within their own service.
BREAK_GLASS_ROLES = (Rolle.SAKSBEHANDLER, Rolle.TEAMLEDER, Rolle.BARNEVERNLEDER)


def may_break_glass(user: User) -> bool:
    return any(r.rolle in BREAK_GLASS_ROLES for r in user.active_roles())


def _tjenester(user: User) -> set[int]:
    return user.tjeneste_ids(*BREAK_GLASS_ROLES)


@transaction.atomic
def nodtilgang_open(
    *, actor: User, saksnummer: str, begrunnelse: str
) -> tuple[Sak, Nodtilgang | None]:
    """ROLE-04: open a case of the actor's own service outside their teams, for
    ``NODTILGANG_TIMER`` hours, with the reason stated. Returns the case and the grant made
    (``None`` for a case already within the actor's teams, which needs none). A case of
    another service is never reachable: the answer is the same as for a number that does not
    exist.

    Over the limit – :data:`NODTILGANG_PER_DOGN` grants to the actor in the last 24 hours – the
    request is stored waiting for a leader (``venter``) and opens nothing; the leaders are told
    at once (in the app, and by e-mail the same day: :func:`nodtilgang_limit_notice_plan`)."""
    begrunnelse = (begrunnelse or "").strip()
    breaches = []
    if len(begrunnelse) < MIN_REASON_LENGTH:
        breaches.append(
            RuleBreach(
                "ROLE-04",
                _("State the reason for opening the case, in at least %(n)d characters.")
                % {"n": MIN_REASON_LENGTH},
                "begrunnelse",
            )
        )
    sak = (
        Sak.objects.filter(
            saksnummer=(saksnummer or "").strip(), tjeneste_id__in=sorted(_tjenester(actor))
        )
        .select_related("team")
        .first()
    )
    if sak is None:
        breaches.append(
            RuleBreach(
                "ROLE-04",
                _("No case with this case number in your service."),
                "saksnummer",
            )
        )
    if breaches:
        raise RuleViolation(breaches)
    if in_own_scope(actor, sak):
        return sak, None
    # One user's requests one at a time, so that two at once cannot both pass the limit.
    list(User.objects.select_for_update().filter(pk=actor.pk).values_list("pk", flat=True))
    waiting = Nodtilgang.objects.filter(
        user=actor, sak=sak, status=Nodtilgang.Status.VENTER
    ).first()
    if waiting is not None:
        return sak, waiting  # asked again before a leader decided: the same request
    now = timezone.now()
    recent = Nodtilgang.objects.filter(
        user=actor, status=Nodtilgang.Status.INNVILGET, opprettet__gte=now - LIMIT_WINDOW
    ).count()
    over = recent >= NODTILGANG_PER_DOGN
    grant = Nodtilgang(
        user=actor,
        sak=sak,
        begrunnelse=begrunnelse,
        # Waiting: no access until a leader approves (the approval sets the end).
        gyldig_til=now if over else now + timedelta(hours=settings.NODTILGANG_TIMER),
        status=Nodtilgang.Status.VENTER if over else Nodtilgang.Status.INNVILGET,
        krever_godkjenning=over,
    )
    save_with_history(grant, actor=actor, reason="ROLE-04")
    if over:
        logger.info(
            "audit.break_glass_over_limit grant=%d user=%d sak=%d", grant.pk, actor.pk, sak.pk
        )
        nodtilgang_limit_notice_plan(run_date=timezone.localdate())
    else:
        logger.info("audit.break_glass grant=%d user=%d sak=%d", grant.pk, actor.pk, sak.pk)
    return sak, grant


# --- A leader decides a request over the limit (ROLE-04) ---------------------------------------


def _lock_request(actor: User, nodtilgang_id: int) -> Nodtilgang:
    """The request, locked; ``NotFound`` unless the actor may decide it."""
    grant = (
        Nodtilgang.objects.select_for_update(of=("self",))
        .select_related("sak", "user")
        .filter(pk=nodtilgang_id, krever_godkjenning=True)
        .first()
    )
    if grant is None or not NODTILGANG.may(grant, actor, "approve"):
        raise NotFound
    return grant


@transaction.atomic
def nodtilgang_approve(*, actor: User, nodtilgang_id: int) -> Nodtilgang:
    """ROLE-04: a leader approves a request over the limit; the access runs from now."""
    grant = _lock_request(actor, nodtilgang_id)
    NODTILGANG.perform("approve", grant, actor)
    save_with_history(grant, actor=actor, reason="ROLE-04: approved")
    logger.info("audit.break_glass_approved grant=%d by=%d", grant.pk, actor.pk)
    return grant


@transaction.atomic
def nodtilgang_refuse(*, actor: User, nodtilgang_id: int) -> Nodtilgang:
    """ROLE-04: a leader refuses a request over the limit; the case stays closed."""
    grant = _lock_request(actor, nodtilgang_id)
    NODTILGANG.perform("refuse", grant, actor)
    save_with_history(grant, actor=actor, reason="ROLE-04: refused")
    logger.info("audit.break_glass_refused grant=%d by=%d", grant.pk, actor.pk)
    return grant


# --- The team leaders' notice, the next morning (ROLE-04) ----------------------------------------


def notice_recipients(sak_teams: set[int], sak_tjenester: set[int]) -> dict:
    """Who is told of a grant: the leaders of the case's team, or – for a team without a
    leader – the heads of its service. One query."""
    leaders: dict[int, set[int]] = defaultdict(set)
    heads: dict[int, set[int]] = defaultdict(set)
    for user_id, rolle, team_id, tjeneste_id in (
        Rolletildeling.objects.filter(avsluttet__isnull=True, user__is_active=True)
        .filter(rolle__in=[Rolle.TEAMLEDER, Rolle.BARNEVERNLEDER])
        .values_list("user_id", "rolle", "team_id", "tjeneste_id")
    ):
        if rolle == Rolle.TEAMLEDER and team_id in sak_teams:
            leaders[team_id].add(user_id)
        elif rolle == Rolle.BARNEVERNLEDER and tjeneste_id in sak_tjenester:
            heads[tjeneste_id].add(user_id)
    return {"leaders": leaders, "heads": heads}


@transaction.atomic(durable=True)
def nodtilgang_notice_plan(*, run_date: date) -> list[int]:
    """ROLE-04: one notice per team leader of the grants opened before ``run_date`` that no
    night has told yet; the grants are stamped, so a re-run tells nobody twice. The notice
    holds case numbers and counts only – never the reason or a name. Returns the rows to send."""
    start = timezone.make_aware(datetime.combine(run_date, time.min))
    grants = list(
        Nodtilgang.objects.select_for_update(of=("self",))
        .filter(varslet__isnull=True, opprettet__lt=start)
        .exclude(status=Nodtilgang.Status.VENTER)  # told once a leader has decided
        .select_related("sak")
        .order_by("pk")
    )
    if not grants:
        return []
    who = notice_recipients({g.sak.team_id for g in grants}, {g.sak.tjeneste_id for g in grants})
    per_user: dict[int, list[Nodtilgang]] = defaultdict(list)
    for g in grants:
        if g.status != Nodtilgang.Status.INNVILGET:
            continue  # refused: it opened nothing, and is only stamped
        told = who["leaders"].get(g.sak.team_id) or who["heads"].get(g.sak.tjeneste_id, set())
        for uid in told - {g.user_id}:
            per_user[uid].append(g)
    _reachable, todo = recipients_to_write(per_user, run_date, NODTILGANG_DIGEST)
    actor = system_user()
    pending = []
    for uid in todo:
        mine = per_user[uid]
        row = Paminnelse(
            mottaker_id=uid,
            kjoredato=run_date,
            digest=NODTILGANG_DIGEST,
            innhold={
                "antall": len(mine),
                "saksnummer": sorted({g.sak.saksnummer for g in mine}),
            },
            antall=len(mine),
        )
        save_with_history(row, actor=actor, reason="ROLE-04")
        pending.append(row.pk)
    for g in grants:
        g.varslet = run_date
        save_with_history(g, actor=actor, reason="ROLE-04", update_fields=["varslet"])
    for pk in pending:
        send_digest.delay_on_commit(pk)
    logger.info(
        "audit.break_glass_notices run_date=%s grants=%d notices=%d",
        run_date.isoformat(),
        len(grants),
        len(pending),
    )
    return pending


def render_nodtilgang_notice(paminnelse) -> EmailMultiAlternatives:
    """The team leader's e-mail (bokmål): how many break-the-glass openings of which case
    numbers, and a link to the access log. No names, no reasons."""
    content = paminnelse.innhold
    context = {
        "antall": content.get("antall", 0),
        "saksnummer": content.get("saksnummer", []),
        "link": settings.APP_BASE_URL.rstrip("/") + reverse("audit:access_log") + "?nodtilgang=1",
    }
    return outbox_email(paminnelse, "audit/email/nodtilgang", context)


# --- Requests over the limit: the leaders are told the same day (issue 19, finding 9) ---------


def limit_notice_recipients(grants: list[Nodtilgang]) -> dict[int, set[int]]:
    """Who is told of each request over the limit: the team leaders of the requester's teams
    and the heads of the case's service, never the requester. One query."""
    requesters = sorted({g.user_id for g in grants})
    teams_of: dict[int, set[int]] = defaultdict(set)
    leaders: dict[int, set[int]] = defaultdict(set)
    heads: dict[int, set[int]] = defaultdict(set)
    for user_id, rolle, team_id, tjeneste_id in (
        Rolletildeling.objects.filter(avsluttet__isnull=True, user__is_active=True)
        .filter(
            Q(rolle__in=[Rolle.TEAMLEDER, Rolle.BARNEVERNLEDER])
            | Q(user_id__in=requesters, rolle__in=TEAM_ROLES)
        )
        .values_list("user_id", "rolle", "team_id", "tjeneste_id")
    ):
        if rolle in TEAM_ROLES and team_id:
            teams_of[user_id].add(team_id)
        if rolle == Rolle.TEAMLEDER:
            leaders[team_id].add(user_id)
        elif rolle == Rolle.BARNEVERNLEDER:
            heads[tjeneste_id].add(user_id)
    told: dict[int, set[int]] = {}
    for g in grants:
        who = set(heads.get(g.sak.tjeneste_id, set()))
        for team_id in teams_of.get(g.user_id, set()):
            who |= leaders.get(team_id, set())
        told[g.pk] = who - {g.user_id}
    return told


@transaction.atomic
def nodtilgang_limit_notice_plan(*, run_date: date) -> list[int]:
    """Issue 19, finding 9: one e-mail to each leader told of a request over the limit that no
    e-mail has told yet. Called when the request is made (the same day) and by the night (for
    a leader who had this e-mail for the day already: the next one). A request is stamped once
    every leader who can get an e-mail has a row; the row holds counts only – no name, no case
    number, no reason. Returns the rows to send."""
    grants = list(
        Nodtilgang.objects.select_for_update(of=("self",))
        .filter(krever_godkjenning=True, grense_varslet__isnull=True)
        .select_related("sak")
        .order_by("pk")
    )
    if not grants:
        return []
    told = limit_notice_recipients(grants)
    per_user: dict[int, list[Nodtilgang]] = defaultdict(list)
    for g in grants:
        for uid in told[g.pk]:
            per_user[uid].append(g)
    reachable, todo = recipients_to_write(per_user, run_date, NODTILGANG_LIMIT_DIGEST)
    actor = system_user()
    pending = []
    for uid in todo:
        mine = per_user[uid]
        venter = sum(1 for g in mine if g.status == Nodtilgang.Status.VENTER)
        row = Paminnelse(
            mottaker_id=uid,
            kjoredato=run_date,
            digest=NODTILGANG_LIMIT_DIGEST,
            innhold={"antall": len(mine), "venter": venter},
            antall=len(mine),
        )
        save_with_history(row, actor=actor, reason="ROLE-04")
        pending.append(row.pk)
    written = set(todo)
    for g in grants:
        if (told[g.pk] & reachable) <= written:
            g.grense_varslet = run_date
            save_with_history(g, actor=actor, reason="ROLE-04", update_fields=["grense_varslet"])
    for pk in pending:
        send_digest.delay_on_commit(pk)
    logger.info(
        "audit.break_glass_limit_notices run_date=%s requests=%d notices=%d",
        run_date.isoformat(),
        len(grants),
        len(pending),
    )
    return pending


def render_nodtilgang_limit_notice(paminnelse) -> EmailMultiAlternatives:
    """The leader's e-mail (bokmål): how many requests over the limit, how many still wait,
    and a link to the start page, where they are decided. No names, no case numbers."""
    content = paminnelse.innhold
    context = {
        "antall": content.get("antall", 0),
        "venter": content.get("venter", 0),
        "per_dogn": NODTILGANG_PER_DOGN,
        "link": settings.APP_BASE_URL.rstrip("/") + reverse("core:home"),
    }
    return outbox_email(paminnelse, "audit/email/nodtilgang_grense", context)
