"""The key pages of P1/P2 (and the objects behind them) in a bench dataset."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Q
from django.urls import reverse

#: name → is a detail page (P2's 1.25 target) or a list/dashboard (1.5)
DETAIL = {"case", "vedtak", "plan", "history", "plan_history"}


@dataclass
class Page:
    name: str
    username: str
    url: str


def _bench_objects() -> dict:
    """Benchvik's case used for the detail pages: the bench caseworker's first case (by id)
    with a sent decision and an approved plan; identical in every dataset."""
    # Inside: the bench modules import without Django set up (bench/run.py).
    from cases.models import Sak
    from plans.models import Planversjon
    from vedtak.models import Vedtak

    sak = (
        Sak.objects.filter(
            saksbehandler__username="bench-saksbehandler",
            status="aktiv",
            vedtak__status="ekspedert",
            tiltaksplan__versjoner__status=Planversjon.Status.GODKJENT,
        )
        .order_by("pk")
        .first()
    )
    vedtak = Vedtak.objects.filter(sak=sak).order_by("-opprettet", "-pk").first()
    return {"sak": sak.pk, "vedtak": vedtak.pk}


def _heavy_objects() -> dict:
    """The largest municipality's case with the most access-log rows (and a plan), and its
    decision with the most measures."""
    # Inside: the bench modules import without Django set up (bench/run.py).
    from django.db.models import OuterRef, Subquery
    from django.db.models.functions import Coalesce

    from cases.models import Sak
    from core.models import AccessLogEntry
    from vedtak.models import Vedtak

    reads = (
        AccessLogEntry.objects.filter(sak=OuterRef("pk"))
        .values("sak")
        .annotate(n=Count("pk"))
        .values("n")
    )
    sak = (
        Sak.objects.filter(
            team__rolletildelinger__user__username="bench-big-saksbehandler",
            tiltaksplan__isnull=False,
            vedtak__isnull=False,
        )
        .annotate(n=Coalesce(Subquery(reads), 0))
        .order_by("-n", "pk")
        .first()
    )
    vedtak = (
        Vedtak.objects.filter(sak=sak).annotate(n=Count("tiltak")).order_by("-n", "-pk").first()
    )
    return {"sak": sak.pk, "vedtak": vedtak.pk}


def detail_pages(username: str, objs: dict) -> list[Page]:
    sak, vedtak = objs["sak"], objs["vedtak"]
    return [
        Page("case", username, reverse("cases:detail", args=[sak])),
        Page("vedtak", username, reverse("vedtak:detail", args=[sak, vedtak])),
        Page("plan", username, reverse("plans:detail", args=[sak])),
        Page("history", username, reverse("cases:history", args=[sak])),
        Page("plan_history", username, reverse("plans:history", args=[sak])),
    ]


def list_pages(users: dict[str, str], sak: int) -> list[Page]:
    return [
        Page("home", users["saksbehandler"], reverse("core:home")),
        Page("case_list", users["saksbehandler"], reverse("cases:list")),
        Page("queue", users["teamleder"], reverse("vedtak:queue")),
        Page("dashboard", users["barnevernleder"], reverse("vedtak:dashboard")),
        Page(
            "mine_frister", users.get("frister", users["saksbehandler"]), reverse("reminders:mine")
        ),
        Page("worklist", users["kontorfaglig"], reverse("contractors:worklist")),
        Page("access_log", users["barnevernleder"], reverse("audit:access_log")),
        Page(
            "access_log_case",
            users["barnevernleder"],
            reverse("audit:access_log") + f"?sak={sak}",
        ),
    ]


def bench_pages() -> list[Page]:
    """The Benchvik users' pages: the same team, page size and case at every size (P2)."""
    objs = _bench_objects()
    users = {
        "saksbehandler": "bench-saksbehandler",
        "teamleder": "bench-teamleder",
        "barnevernleder": "bench-barnevernleder",
        "kontorfaglig": "bench-kontorfaglig",
    }
    return detail_pages("bench-saksbehandler", objs) + list_pages(users, objs["sak"])


def heavy_pages() -> list[Page]:
    """The same pages for the users and the case with the most rows behind them (P1's
    large side): a head of every other service, the largest municipality's staff."""
    # Inside: the bench modules import without Django set up (bench/run.py).
    from accounts.models import Rolletildeling

    objs = _heavy_objects()
    big = Rolletildeling.objects.filter(user__username="bench-big-saksbehandler").first()
    tjeneste = big.tjeneste
    leder = Rolletildeling.objects.filter(rolle="teamleder", team_id=big.team_id).first()
    kontor = Rolletildeling.objects.filter(rolle="kontorfaglig", tjeneste=tjeneste).first()
    users = {
        "saksbehandler": "bench-big-saksbehandler",
        "teamleder": leder.user.username,
        "barnevernleder": "bench-nasjonal",
        "kontorfaglig": kontor.user.username,
    }
    # The case page is read as the case's own caseworker (the head of service of the
    # municipality reads the same rows).
    owner = (
        Rolletildeling.objects.filter(Q(rolle="barnevernleder"), tjeneste=tjeneste)
        .first()
        .user.username
    )
    # «Mine frister» of the person with the most deadlines: the head of the largest service
    # (its caseworker's 18 cases may have none due, and a list that shows nothing writes no
    # access-log row: one statement fewer for having fewer rows, not more).
    users["frister"] = owner
    return detail_pages(owner, objs) + list_pages(users, objs["sak"])
