"""Writes of the audit app: open a break-the-glass grant (ROLE-04) and plan the team leaders'
notice of the grants the next morning."""

from __future__ import annotations

import logging
from collections import defaultdict
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Rolle, Rolletildeling, User
from cases.models import Sak
from cases.permissions import in_own_scope
from core.exceptions import RuleBreach, RuleViolation
from core.history import save_with_history
from reminders.models import Paminnelse
from reminders.services import outbox_email, recipients_to_write, system_user
from reminders.tasks import send_digest

from .models import Nodtilgang

logger = logging.getLogger(__name__)

NODTILGANG_DIGEST = "nodtilgang"
MIN_REASON_LENGTH = 20

#: The roles that may open a case outside their teams, within their own service.
BREAK_GLASS_ROLES = (Rolle.SAKSBEHANDLER, Rolle.TEAMLEDER, Rolle.BARNEVERNLEDER)


def may_break_glass(user: User) -> bool:
    return any(r.rolle in BREAK_GLASS_ROLES for r in user.active_roles())


def _tjenester(user: User) -> set[int]:
    return user.tjeneste_ids(*BREAK_GLASS_ROLES)


@transaction.atomic
def nodtilgang_open(*, actor: User, saksnummer: str, begrunnelse: str) -> tuple[Sak, bool]:
    """ROLE-04: open a case of the actor's own service outside their teams, for
    ``NODTILGANG_TIMER`` hours, with the reason stated. Returns the case and whether a grant was
    made (a case already within the actor's teams needs none). A case of another service is
    never reachable: the answer is the same as for a number that does not exist."""
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
        return sak, False
    grant = Nodtilgang(
        user=actor,
        sak=sak,
        begrunnelse=begrunnelse,
        gyldig_til=timezone.now() + timedelta(hours=settings.NODTILGANG_TIMER),
    )
    save_with_history(grant, actor=actor, reason="ROLE-04")
    logger.info("audit.break_glass grant=%d user=%d sak=%d", grant.pk, actor.pk, sak.pk)
    return sak, True


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
        .select_related("sak")
        .order_by("pk")
    )
    if not grants:
        return []
    who = notice_recipients({g.sak.team_id for g in grants}, {g.sak.tjeneste_id for g in grants})
    per_user: dict[int, list[Nodtilgang]] = defaultdict(list)
    for g in grants:
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
