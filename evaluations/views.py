"""Evaluation pages under a case: start, fill in and complete (EVAL-03 … EVAL-05), read, and
register the dispatch to the parties (DOK-02). Access through the ROLE-02 scope (404
otherwise), the action as the kernel's tables offer it (:mod:`evaluations.actions`), and
:mod:`core.edge` for the form → service → redirect loop (:func:`core.edge.action_page` for
starting one). The pages render the offers they are
given; none decides a state or a role itself."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from cases.permissions import access_sak
from cases.selectors import sak_detail_queryset
from core.edge import action_page, run_service
from core.rules import format_date
from documents.selectors import dokumenter_for
from plans import selectors as plan_selectors
from plans.dispatch import dispatch_page

from . import documents, forms, permissions, registry, rules, selectors, services
from .actions import MACHINE, START
from .models import Evaluering


def _evaluation(request: HttpRequest, sak_id: int, evaluering_id: int, check=None) -> Evaluering:
    return permissions.access_evaluering(
        request,
        sak_id,
        evaluering_id,
        queryset=selectors.evaluation_queryset(),
        sak_queryset=sak_detail_queryset(),
        check=check,
    )


def _detail_url(evaluering: Evaluering) -> str:
    return reverse("evaluations:detail", args=[evaluering.sak_id, evaluering.pk])


def plan_section(request: HttpRequest, summary) -> dict:
    """The plan page's part on evaluations (through :mod:`plans.registry`): the plan's
    evaluations, and the offer to continue the draft or to start one (EVAL-03)."""
    plan = summary.plan
    evalueringer = selectors.evaluations_for(plan)
    for e in evalueringer:
        e.plan = plan
    draft = next((e for e in evalueringer if e.status == Evaluering.Status.UTKAST), None)
    if draft is not None:
        actions = MACHINE.offers(draft, request.user, names=("edit",))
    else:
        actions = START.offers(summary, request.user)
    return {"evalueringer": evalueringer, "actions": actions}


@require_http_methods(["GET", "POST"])
def evaluation_create(request: HttpRequest, sak_id: int) -> HttpResponse:
    """Start an evaluation of the plan in force, prefilled from its goals (EVAL-03)."""
    found: dict = {}

    def check(user, sak) -> bool:
        found["summary"] = plan_selectors.plan_summary(sak)
        return START.may(found["summary"], user, "create")

    sak = access_sak(request, sak_id, queryset=sak_detail_queryset(), check=check)
    return action_page(
        request,
        START,
        "create",
        found["summary"],
        ids={"sak_id": sak.pk},
        template="evaluations/evaluation_create.html",
        context={"sak": sak, "summary": found["summary"], "submit": _("Start the evaluation")},
        success=lambda evaluering: reverse("evaluations:edit", args=[sak.pk, evaluering.pk]),
        cancel=reverse("plans:detail", args=[sak.pk]),
    )


def _limit_help(evaluering) -> str:
    if evaluering.dato is None:
        return _("At most %(n)s months after this evaluation (EVAL-02).") % {
            "n": evaluering.plan.intervall
        }
    limit = rules.evaluation_limit(evaluering.dato, evaluering.plan.intervall)
    return _("At the latest %(limit)s: %(n)s months after this evaluation (EVAL-02).") % {
        "limit": format_date(limit),
        "n": evaluering.plan.intervall,
    }


@require_http_methods(["GET", "POST"])
def evaluation_edit(request: HttpRequest, sak_id: int, evaluering_id: int) -> HttpResponse:
    evaluering = _evaluation(request, sak_id, evaluering_id, MACHINE["edit"].may)
    sak = evaluering.plan.sak
    if MACHINE.offer(evaluering, request.user, "edit") is None:
        return redirect(_detail_url(evaluering))
    progress_rows = list(evaluering.maalvurderinger.all())
    conclusion_rows = list(evaluering.konklusjoner.all())
    data = request.POST if request.method == "POST" else None
    form = forms.EvaluationForm(
        data,
        initial={
            f: getattr(evaluering, f) for f in (*services.TEXT_FIELDS, "dato", "neste_evaluering")
        },
    )
    progress = forms.ProgressFormSet(data, prefix="fremgang", rows=progress_rows)
    conclusions = forms.ConclusionFormSet(data, prefix="konklusjon", rows=conclusion_rows)
    form.fields["neste_evaluering"].help_text = _limit_help(evaluering)
    if request.method == "POST" and all(f.is_valid() for f in (form, progress, conclusions)):
        completing = request.POST.get("op") == "complete"

        def call(d: dict) -> Evaluering:
            saved = services.evaluering_update(
                actor=request.user,
                evaluering_id=evaluering.pk,
                data=d,
                vurderinger=progress.values(),
                konklusjoner=conclusions.values(),
            )
            if completing:
                return services.evaluering_complete(actor=request.user, evaluering_id=evaluering.pk)
            return saved

        ok, _result = run_service(form, call)
        if ok:
            if completing:
                messages.success(request, MACHINE["complete"].done)
                return redirect(_detail_url(evaluering))
            messages.success(request, MACHINE["edit"].done)
            return redirect("evaluations:edit", sak_id=sak.pk, evaluering_id=evaluering.pk)
    context = {
        "sak": sak,
        "evaluering": evaluering,
        "title": _("Evaluation of the plan"),
        "form": form,
        "progress": progress,
        "conclusions": conclusions,
        "goals": _goal_pairs(progress),
        "since_last": _since_last(request, evaluering),
    }
    return render(request, "evaluations/evaluation_edit.html", context)


def _goal_pairs(progress):
    """The progress forms in the plan's order, each goal with its delmål's forms."""
    tree = []
    for form in progress.forms:
        if form.row.maal.overordnet_id is None or not tree:
            tree.append((form, []))
        else:
            tree[-1][1].append(form)
    return tree


def _since_last(request: HttpRequest, evaluering: Evaluering) -> dict | None:
    """INN-02: what came in since the previous evaluation, from the apps that give it
    (:mod:`evaluations.registry`); ``None`` when no app gives anything (none installed)."""
    if not registry.SINCE_LAST.contributions():
        return None
    since, until = selectors.period_since_previous(evaluering, timezone.localdate())
    return {
        "since": since,
        "until": until,
        "entries": registry.entries(request.user, evaluering, since, until),
    }


@require_http_methods(["GET"])
def evaluation_detail(request: HttpRequest, sak_id: int, evaluering_id: int) -> HttpResponse:
    evaluering = _evaluation(request, sak_id, evaluering_id)
    sak = evaluering.plan.sak
    context = {
        "sak": sak,
        "evaluering": evaluering,
        "goals": selectors.merged_goals(evaluering),
        # The kernel's offers (EVAL-05): the page renders exactly these, with their reasons.
        "actions": MACHINE.offers(evaluering, request.user),
        "dokumenter": dokumenter_for(sak.pk, source=evaluering),
        "since_last": _since_last(request, evaluering),
    }
    return render(request, "evaluations/evaluation_detail.html", context)


@require_http_methods(["GET", "POST"])
def evaluation_send_out(request: HttpRequest, sak_id: int, evaluering_id: int) -> HttpResponse:
    evaluering = _evaluation(request, sak_id, evaluering_id, MACHINE["send_out"].may)
    return dispatch_page(
        request,
        evaluering.plan.sak,
        source=evaluering,
        type=documents.EVALUATION,
        offer=MACHINE.offer(evaluering, request.user, "send_out"),
        call=lambda kanaler, when: services.evaluering_send_out(
            actor=request.user, evaluering_id=evaluering.pk, kanaler=kanaler, tidspunkt=when
        ),
        title=_("Send the evaluation to the parties"),
        back_url=_detail_url(evaluering),
    )
