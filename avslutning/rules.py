"""AVS-01: what stands in the way of closing a case, as kernel rules on the case.

Each rule lists its own blockers with the rule ID; the closing page shows them all (through
:meth:`core.actions.Machine.offers`) and the services check them again on the locked case.
The closing checklist is RUT-01's rule (:func:`rutiner.rules.checklist_complete`)."""

from __future__ import annotations

from datetime import date

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cases.models import Sak
from core.models import AccessLogEntry
from core.rules import Rule, format_date
from evaluations.models import Evaluering
from henvisning.selectors import open_for_case
from innkommende.models import InnkommendeDokument
from plans.models import Tiltaksplan
from reminders.finders import due_items
from rutiner.defaults import AVSLUTNING
from rutiner.rules import checklist_complete, sak_of
from vedtak.models import Tiltak, Vedtak


def running_measures(sak: Sak, on: date) -> list[Tiltak]:
    """VED-11: the measures of approved decisions that have neither ended nor lapsed."""
    return list(
        Tiltak.objects.filter(
            vedtak__sak=sak,
            vedtak__status__in=[Vedtak.Status.GODKJENT, Vedtak.Status.EKSPEDERT],
            bortfalt_dato__isnull=True,
        )
        .filter(Q(til_dato__isnull=True) | Q(til_dato__gte=on))
        .exclude(vedtak__type=Vedtak.Type.AVSLUTNING)
        .select_related("type")
        .order_by("pk")
    )


def _measures(sak: Sak, on: date) -> list[str]:
    return [
        _("«%(measure)s» has neither ended nor lapsed (VED-11).") % {"measure": t.type.navn}
        for t in running_measures(sak, on)
    ]


def _ending_decisions(sak: Sak, on: date) -> list[str]:
    unsent = Vedtak.objects.filter(sak=sak, type=Vedtak.Type.AVSLUTNING).exclude(
        status__in=[Vedtak.Status.EKSPEDERT, Vedtak.Status.TRUKKET]
    )
    return [
        _("The decision to end measures of %(date)s is not sent to the parties.")
        % {"date": format_date(v.opprettet.date())}
        for v in unsent.order_by("pk")
    ]


def _last_evaluation(sak: Sak, on: date) -> list[str]:
    plan = Tiltaksplan.objects.filter(sak=sak).first()
    if plan is None:
        return []
    statuses = set(Evaluering.objects.filter(plan=plan).values_list("status", flat=True))
    if Evaluering.Status.UTKAST in statuses:
        return [_("An evaluation of the plan is not completed.")]
    if Evaluering.Status.GJENNOMFORT not in statuses:
        return [_("The plan's last evaluation is not done.")]
    return []


def _deadlines(sak: Sak, on: date) -> list[str]:
    items = due_items(on, case_filter=lambda p: Q(**{f"{p}pk": sak.pk}))
    return [
        _("%(deadline)s: %(date)s (%(rule)s).")
        % {"deadline": f.label, "date": format_date(f.dato), "rule": f.rule}
        for f in items
    ]


def _referrals(sak: Sak, on: date) -> list[str]:
    return [
        _("%(referral)s is open («%(status)s»).")
        % {"referral": str(h), "status": h.get_status_display()}
        for h in open_for_case(sak)
    ]


def unread_documents(sak: Sak) -> list[InnkommendeDokument]:
    """Incoming documents nobody but the one who registered them has opened (their page or
    file, in the access log of ROLE-03)."""
    received = list(
        InnkommendeDokument.objects.filter(sak=sak, status=InnkommendeDokument.Status.MOTTATT)
    )
    if not received:
        return []
    prefix = reverse("innkommende:list", args=[sak.pk])
    reads = set(
        AccessLogEntry.objects.filter(sak=sak, path__startswith=prefix).values_list(
            "path", "user_id"
        )
    )
    found = []
    for dok in received:
        page = reverse("innkommende:detail", args=[sak.pk, dok.pk])
        if not any(p.startswith(page) and u != dok.registrert_av_id for p, u in reads):
            found.append(dok)
    return found


def _incoming(sak: Sak, on: date) -> list[str]:
    return [
        _("«%(title)s» (received %(date)s) has not been read.")
        % {"title": d.tittel, "date": format_date(d.mottatt)}
        for d in unread_documents(sak)
    ]


def _on_case(problems):
    """A rule about the case, asked of the case or of its closing."""
    return lambda obj, on: problems(sak_of(obj), on)


MEASURES = Rule(
    "AVS-01", gettext_lazy("Every measure must have ended or lapsed:"), _on_case(_measures)
)
ENDING_DECISION = Rule(
    "AVS-01",
    gettext_lazy("The decision ending the measures must be sent:"),
    _on_case(_ending_decisions),
)
EVALUATION = Rule(
    "AVS-01", gettext_lazy("The last evaluation must be done:"), _on_case(_last_evaluation)
)
DEADLINES = Rule("AVS-01", gettext_lazy("A deadline is open:"), _on_case(_deadlines))
REFERRALS = Rule("AVS-01", gettext_lazy("A referral is open:"), _on_case(_referrals))
INCOMING = Rule("AVS-01", gettext_lazy("An incoming document is not read:"), _on_case(_incoming))

#: AVS-01, in the order the closing page lists them.
CLOSE = (
    MEASURES,
    ENDING_DECISION,
    EVALUATION,
    checklist_complete(AVSLUTNING),
    DEADLINES,
    REFERRALS,
    INCOMING,
)
