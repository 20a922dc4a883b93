"""Evaluation pages under a case: start, fill in and complete (EVAL-03 … EVAL-05), read, and
register the dispatch to the parties (DOK-02). Access through the ROLE-02 scope (404
otherwise); one service per action."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_http_methods

from cases.permissions import access_sak
from cases.selectors import sak_detail_queryset
from core.exceptions import DomainError
from core.forms import add_domain_error
from plans import permissions
from plans import selectors as plan_selectors
from plans.views import dispatch_page

from . import documents, forms, rules, selectors, services

COMPLETED = _lazy(
    "The evaluation is completed (G). Send it to the parties when the letter is ready."
)


def _case(request: HttpRequest, sak_id: int, check=None):
    return access_sak(request, sak_id, queryset=sak_detail_queryset(), check=check)


def _evaluation(sak, evaluering_id: int):
    evaluering = selectors.evaluation_in_sak(sak.pk, evaluering_id)
    if evaluering is None:
        raise Http404
    evaluering.plan.sak = sak
    return evaluering


@require_http_methods(["GET", "POST"])
def evaluation_create(request: HttpRequest, sak_id: int) -> HttpResponse:
    """Start an evaluation of the plan in force, prefilled from its goals (EVAL-03)."""
    sak = _case(request, sak_id, permissions.can_edit_plan)
    summary = plan_selectors.plan_summary(sak)
    error = None
    if request.method == "POST":
        try:
            evaluering = services.evaluering_create(actor=request.user, sak_id=sak.pk)
        except PermissionDenied:
            raise Http404 from None
        except DomainError as exc:
            error = exc
        else:
            return redirect("evaluations:edit", sak_id=sak.pk, evaluering_id=evaluering.pk)
    context = {
        "sak": sak,
        "summary": summary,
        "title": _("Evaluate the plan"),
        "error": error,
    }
    return render(request, "evaluations/evaluation_create.html", context)


def _limit_help(evaluering) -> str:
    from django.utils.formats import date_format

    if evaluering.dato is None:
        return _("At most %(n)s months after this evaluation (EVAL-02).") % {
            "n": evaluering.plan.intervall
        }
    limit = rules.evaluation_limit(evaluering.dato, evaluering.plan.intervall)
    return _("At the latest %(limit)s: %(n)s months after this evaluation (EVAL-02).") % {
        "limit": date_format(limit, "j. F Y"),
        "n": evaluering.plan.intervall,
    }


@require_http_methods(["GET", "POST"])
def evaluation_edit(request: HttpRequest, sak_id: int, evaluering_id: int) -> HttpResponse:
    sak = _case(request, sak_id, permissions.can_edit_plan)
    evaluering = _evaluation(sak, evaluering_id)
    if evaluering.er_gjennomfort:
        return redirect("evaluations:detail", sak_id=sak.pk, evaluering_id=evaluering.pk)
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
        op = request.POST.get("op", "save")
        try:
            services.evaluering_update(
                actor=request.user,
                evaluering_id=evaluering.pk,
                data=form.cleaned_data,
                vurderinger=progress.values(),
                konklusjoner=conclusions.values(),
            )
            if op == "complete":
                services.evaluering_complete(actor=request.user, evaluering_id=evaluering.pk)
        except PermissionDenied:
            raise Http404 from None
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            if op == "complete":
                messages.success(
                    request,
                    COMPLETED,
                )
                return redirect("evaluations:detail", sak_id=sak.pk, evaluering_id=evaluering.pk)
            messages.success(request, _("The draft was saved."))
            return redirect("evaluations:edit", sak_id=sak.pk, evaluering_id=evaluering.pk)
    context = {
        "sak": sak,
        "evaluering": evaluering,
        "title": _("Evaluation of the plan"),
        "form": form,
        "progress": progress,
        "conclusions": conclusions,
        "goals": _goal_pairs(progress),
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


@require_http_methods(["GET"])
def evaluation_detail(request: HttpRequest, sak_id: int, evaluering_id: int) -> HttpResponse:
    sak = _case(request, sak_id)
    evaluering = _evaluation(sak, evaluering_id)
    from django.apps import apps

    dokumenter = []
    if apps.is_installed("documents"):
        from documents.selectors import dokumenter_for

        dokumenter = dokumenter_for(sak.pk, source=evaluering)
    context = {
        "sak": sak,
        "evaluering": evaluering,
        "goals": selectors.merged_goals(evaluering),
        "can_edit": permissions.can_edit_plan(request.user, sak),
        "dokumenter": dokumenter,
    }
    return render(request, "evaluations/evaluation_detail.html", context)


@require_http_methods(["GET", "POST"])
def evaluation_send_out(request: HttpRequest, sak_id: int, evaluering_id: int) -> HttpResponse:
    sak = _case(request, sak_id, permissions.can_edit_plan)
    evaluering = _evaluation(sak, evaluering_id)
    return dispatch_page(
        request,
        sak,
        source=evaluering,
        type=documents.EVALUATION,
        call=lambda kanaler, when: services.evaluering_send_out(
            actor=request.user, evaluering_id=evaluering.pk, kanaler=kanaler, tidspunkt=when
        ),
        ready=evaluering.er_gjennomfort,
        title=_("Send the evaluation to the parties"),
        back=("evaluations:detail", {"sak_id": sak.pk, "evaluering_id": evaluering.pk}),
    )
