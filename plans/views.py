"""Plan pages under a case. Each view: the case (and the version) through the ROLE-02 scope
(404 otherwise, the read logged by ``access_sak``), the action as the kernel's tables offer it
(:mod:`plans.actions`: 404 for a user who does not hold its role), and
:func:`core.edge.action_page` (or :func:`core.edge.service_form` for the editor and the
approval page) for the form → service → redirect loop. The pages render the offers they are
given; none decides a state or a role itself.

Every action page also answers GET with a page that explains the action and holds its button,
so each step works without JavaScript and can be linked to.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from cases.permissions import access_sak
from cases.selectors import sak_detail_queryset
from core.edge import action_page, run_service, service_form
from core.forms import ConfirmActionForm
from core.rules import format_date
from documents.selectors import dokumenter_for

from . import documents, forms, permissions, registry, schedule, selectors, services
from .actions import MACHINE, PLAN, PlanOfCase
from .dispatch import dispatch_page
from .models import Planversjon

#: The open version's actions the plan page offers (the rest are on the version's page).
PLAN_PAGE_VERSION_ACTIONS = ("edit", "approve", "return_to_draft")


def _case(request: HttpRequest, sak_id: int, check=None):
    return access_sak(request, sak_id, queryset=sak_detail_queryset(), check=check)


def _plan_of(sak) -> PlanOfCase:
    plan = selectors.plan_for_sak(sak)
    if plan is None:
        return PlanOfCase(sak=sak, plan=None)
    plan.sak = sak
    open_version = plan.versjoner.filter(status__in=Planversjon.OPEN).first()
    if open_version is not None:
        open_version.plan = plan
    return PlanOfCase(sak=sak, plan=plan, open_version=open_version)


def _plan_page(request: HttpRequest, sak_id: int, name: str) -> PlanOfCase:
    """The case's plan for the page of the plan's action ``name``: 404 unless the user may
    see the case and holds the action's role."""
    found: dict = {}

    def check(user, sak) -> bool:
        found["state"] = _plan_of(sak)
        return PLAN.may(found["state"], user, name)

    _case(request, sak_id, check)
    return found["state"]


def _version(request: HttpRequest, sak_id: int, versjon_id: int, check=None) -> Planversjon:
    return permissions.access_versjon(
        request,
        sak_id,
        versjon_id,
        queryset=selectors.version_queryset(),
        sak_queryset=sak_detail_queryset(),
        check=check,
    )


def _version_url(versjon: Planversjon) -> str:
    return reverse("plans:version", args=[versjon.sak_id, versjon.pk])


def _plan_url(sak) -> str:
    return reverse("plans:detail", args=[sak.pk])


def _edit_url(versjon: Planversjon) -> str:
    return reverse("plans:edit", args=[versjon.sak_id, versjon.pk])


# --- The plan page -------------------------------------------------------------------------------


@require_http_methods(["GET"])
def plan_detail(request: HttpRequest, sak_id: int) -> HttpResponse:
    sak = _case(request, sak_id)
    user = request.user
    summary = selectors.plan_summary(sak)
    state = _plan_of(sak)
    version_actions = []
    if state.open_version is not None:
        version_actions = MACHINE.offers(state.open_version, user, names=PLAN_PAGE_VERSION_ACTIONS)
    context = {
        "sak": sak,
        "summary": summary,
        "plan": state.plan,
        "versjoner": selectors.versions_for(state.plan) if state.plan else [],
        # The kernel's offers (PLAN-03): the page renders exactly these, with their reasons.
        "actions": [*version_actions, *PLAN.offers(state, user)],
        # What the apps above the plan show on its page (the evaluations, EVAL-01 … EVAL-05).
        "sections": registry.sections(request, summary) if state.plan else [],
        "measures": selectors.measure_choices(sak.pk),
    }
    return render(request, "plans/plan_detail.html", context)


@require_http_methods(["GET", "POST"])
def plan_create(request: HttpRequest, sak_id: int) -> HttpResponse:
    """PLAN-01: start the plan. GET explains; POST starts it and opens the editor."""
    state = _plan_page(request, sak_id, "create")
    sak = state.sak
    if PLAN.offer(state, request.user, "create") is None:
        return redirect("plans:detail", sak_id=sak.pk)
    return action_page(
        request,
        PLAN,
        "create",
        state,
        ids={"sak_id": sak.pk},
        template="plans/plan_create.html",
        context={
            "sak": sak,
            "submit": _("Start the plan"),
            "measures": selectors.measure_choices(sak.pk),
        },
        success=_edit_url,
        cancel=_plan_url(sak),
    )


@require_http_methods(["GET", "POST"])
def version_create(request: HttpRequest, sak_id: int) -> HttpResponse:
    """PLAN-03: a change makes a new version, copied from the latest."""
    state = _plan_page(request, sak_id, "new_version")
    if state.plan is None:
        raise Http404
    sak = state.sak
    return action_page(
        request,
        PLAN,
        "new_version",
        state,
        ids={"sak_id": sak.pk},
        template="plans/version_create.html",
        context={
            "sak": sak,
            "plan": state.plan,
            "title": _("Change the plan"),
            "submit": _("Make a new version"),
            # The version being written or waiting for approval, when that is what stops a new one.
            "open_version_url": _version_url(state.open_version) if state.open_version else "",
        },
        success=_edit_url,
        cancel=_plan_url(sak),
    )


@require_http_methods(["GET"])
def plan_history(request: HttpRequest, sak_id: int) -> HttpResponse:
    """PLAN-03: every version, with what changed from the one before."""
    sak = _case(request, sak_id)
    plan = selectors.plan_for_sak(sak)
    if plan is None:
        raise Http404
    plan.sak = sak
    context = {"sak": sak, "plan": plan, "diffs": selectors.plan_history(plan)}
    return render(request, "plans/plan_history.html", context)


@require_http_methods(["GET"])
def version_detail(request: HttpRequest, sak_id: int, versjon_id: int) -> HttpResponse:
    versjon = _version(request, sak_id, versjon_id)
    context = {
        "sak": versjon.plan.sak,
        "versjon": versjon,
        "goals": selectors.goal_tree(versjon),
        # The kernel's offers (PLAN-03): the page renders exactly these, with their reasons.
        "actions": MACHINE.offers(versjon, request.user),
        "dokumenter": dokumenter_for(versjon.plan.sak_id, source=versjon),
    }
    return render(request, "plans/version_detail.html", context)


# --- The editor ----------------------------------------------------------------------------------


def _limit_help(versjon, measures) -> str:
    """EVAL-01/02 in the editor: the recommended window and the latest allowed date."""
    named = [pt.tiltak_id for pt in versjon.plantiltak.all()]
    first = selectors.first_start(versjon.plan_id, named)
    s = schedule.schedule(
        first_start=first,
        last_completed=selectors.last_completed(versjon.plan_id),
        months=versjon.plan.intervall,
    )
    if s is None:
        return _("Choose the measures first: the date counts from their start (EVAL-01).")
    text = _("At the latest %(limit)s (EVAL-02).") % {"limit": format_date(s.limit)}
    if s.window:
        text = (
            _("The first evaluation 4–6 weeks after the start: %(a)s–%(b)s. ")
            % {
                "a": format_date(s.window[0]),
                "b": format_date(s.window[1]),
            }
            + text
        )
    return text


def _editor_forms(request, sak, versjon, data=None):
    measures = selectors.measure_choices(sak.pk, versjon)
    consents = selectors.consent_choices(sak.pk)
    if data is None:
        plan_form = forms.PlanForm(
            initial={
                **{f: getattr(versjon, f) for f in (*services.TEXT_FIELDS, *services.DATE_FIELDS)},
                "min_plan": versjon.min_plan,  # ETT-04
                "samtykker": [str(s.pk) for s in versjon.samtykker.all()],
            },
            consents=consents,
        )
        measure_fs = forms.MeasureFormSet(
            initial=forms.initial_measures(versjon, measures),
            prefix=forms.MEASURE_PREFIX,
            measures=measures,
        )
        goal_fs = forms.GoalFormSet(initial=forms.initial_goals(versjon), prefix=forms.GOAL_PREFIX)
        activity_fs = forms.ActivityFormSet(
            initial=forms.initial_activities(versjon), prefix=forms.ACTIVITY_PREFIX
        )
    else:
        plan_form = forms.PlanForm(data, consents=consents)
        measure_fs = forms.MeasureFormSet(data, prefix=forms.MEASURE_PREFIX, measures=measures)
        goal_fs = forms.GoalFormSet(data, prefix=forms.GOAL_PREFIX)
        activity_fs = forms.ActivityFormSet(data, prefix=forms.ACTIVITY_PREFIX)
    plan_form.fields["neste_evaluering"].help_text = _limit_help(versjon, measures)
    return plan_form, measure_fs, goal_fs, activity_fs


@require_http_methods(["GET", "POST"])
def version_edit(request: HttpRequest, sak_id: int, versjon_id: int) -> HttpResponse:
    """The plan editor (PLAN-02), for use during the meeting with the family."""
    versjon = _version(request, sak_id, versjon_id, MACHINE["edit"].may)
    sak = versjon.plan.sak
    if MACHINE.offer(versjon, request.user, "edit") is None:
        messages.info(request, _("Only a draft can be changed. Make a new version instead."))
        return redirect("plans:version", sak_id=sak.pk, versjon_id=versjon.pk)
    focus = None
    notice = None
    if request.method == "POST":
        op = request.POST.get("op", "save")
        if op not in ("save", "submit"):
            data, focus = forms.apply_row_operation(request.POST, op)
            notice = _("The row change is shown below. Save to keep it.")
            plan_form, measure_fs, goal_fs, activity_fs = _editor_forms(request, sak, versjon, data)
        else:
            plan_form, measure_fs, goal_fs, activity_fs = _editor_forms(
                request, sak, versjon, request.POST
            )
            valid = all(f.is_valid() for f in (plan_form, measure_fs, goal_fs, activity_fs))
            if valid:
                ok, _saved = run_service(
                    plan_form,
                    lambda d: services.planversjon_update(
                        actor=request.user,
                        versjon_id=versjon.pk,
                        data=plan_form.service_data(),
                        tiltak=measure_fs.chosen(),
                        goals=forms.goal_rows(goal_fs),
                        activities=forms.goal_rows(activity_fs),
                        samtykke_ids=[int(x) for x in d["samtykker"]],
                    ),
                )
                if ok:
                    if op == "submit":
                        return redirect("plans:submit", sak_id=sak.pk, versjon_id=versjon.pk)
                    messages.success(request, MACHINE["edit"].done)
                    return redirect("plans:edit", sak_id=sak.pk, versjon_id=versjon.pk)
    else:
        plan_form, measure_fs, goal_fs, activity_fs = _editor_forms(request, sak, versjon)
    _mark_focus(focus, goal_fs, activity_fs)
    context = {
        "sak": sak,
        "versjon": versjon,
        "title": _("Plan of measures, version %(n)s") % {"n": versjon.nummer},
        "plan_form": plan_form,
        "measure_fs": measure_fs,
        "goal_fs": goal_fs,
        "activity_fs": activity_fs,
        "focus": focus,
        "notice": notice,
        "formsets_list": [measure_fs, goal_fs, activity_fs],
        "has_errors": bool(
            plan_form.errors
            or measure_fs.total_error_count()
            or goal_fs.total_error_count()
            or activity_fs.total_error_count()
        )
        if plan_form.is_bound
        else False,
    }
    return render(request, "plans/version_edit.html", context)


def _mark_focus(focus: str | None, *formsets) -> None:
    """After a row operation, the control the keyboard user was on keeps the focus: the new
    row's first field, or the moved row's move button (WCAG 2.4.3)."""
    if not focus:
        return
    for formset in formsets:
        for i, form in enumerate(formset.forms):
            form.focus_button = None
            for bound in form:
                if bound.auto_id == focus:
                    bound.field.widget.attrs["autofocus"] = True
            for direction in ("up", "down"):
                if focus == f"{direction}-{formset.prefix}-{i}":
                    form.focus_button = direction


# --- PLAN-03: the version's transitions -----------------------------------------------------------


def _version_action(
    request: HttpRequest,
    sak_id: int,
    versjon_id: int,
    name: str,
    *,
    template: str,
    context=None,
    cancel=None,
) -> HttpResponse:
    """The page of one action of the version's table (:func:`core.edge.action_page`): what
    blocks it, its button, and on a valid POST the action's service, then back to the version.
    ``context(versjon, offer)`` adds what the page shows besides."""
    versjon = _version(request, sak_id, versjon_id, MACHINE[name].may)
    offer = MACHINE.offer(versjon, request.user, name)
    return action_page(
        request,
        MACHINE,
        name,
        versjon,
        ids={"versjon_id": versjon.pk},
        template=template,
        context={
            "sak": versjon.plan.sak,
            "versjon": versjon,
            **(context(versjon, offer) if context else {}),
        },
        success=_version_url(versjon),
        cancel=cancel(versjon) if cancel else _version_url(versjon),
    )


@require_http_methods(["GET", "POST"])
def version_submit(request: HttpRequest, sak_id: int, versjon_id: int) -> HttpResponse:
    """PLAN-03: the caseworker sends a complete draft to a leader; the page lists what is
    missing (PLAN-01, PLAN-02, EVAL-02), what would stop the approval (PLAN-04) and what
    should be looked at (EVAL-01)."""

    def context(versjon, offer) -> dict:
        if offer is None:
            return {}
        return {
            "coverage": services.approval_problems(versjon) if versjon.gyldig_fra else [],
            # Not the kernel's warnings (those ask for a reason): what a leader should look at.
            "should": services.submission_warnings(versjon),
        }

    return _version_action(
        request,
        sak_id,
        versjon_id,
        "send_for_approval",
        template="plans/version_submit.html",
        context=context,
        cancel=_edit_url,
    )


@require_http_methods(["GET", "POST"])
def version_approve(request: HttpRequest, sak_id: int, versjon_id: int) -> HttpResponse:
    """PLAN-03/PLAN-04: the leader sees the plan and what the approval would break, and
    approves it or returns it with a comment (two actions of the table, one page)."""
    versjon = _version(request, sak_id, versjon_id, MACHINE["approve"].may)
    user = request.user
    returning = request.method == "POST" and request.POST.get("op") == "return"
    name = "return_to_draft" if returning else "approve"
    approve_form = ConfirmActionForm(
        request.POST if request.method == "POST" and not returning else None
    )
    # The comment goes through its form (LOG-02: a NUL byte or other bad input is a message
    # next to the field, not a database error).
    return_form = forms.ReturnForm(request.POST if returning else None)

    def call(d: dict):
        if returning:
            return services.planversjon_return_to_draft(
                actor=user, versjon_id=versjon.pk, comment=d["comment"]
            )
        return services.planversjon_approve(actor=user, versjon_id=versjon.pk)

    approve_offer = MACHINE.offer(versjon, user, "approve")
    return service_form(
        request,
        return_form if returning else approve_form,
        call,
        template="plans/version_approve.html",
        context={
            "sak": versjon.plan.sak,
            "versjon": versjon,
            "goals": selectors.goal_tree(versjon),
            "title": _("Approve the plan"),
            "approve_offer": approve_offer,
            "return_offer": MACHINE.offer(versjon, user, "return_to_draft"),
            "refused": None if approve_offer else MACHINE.state_breach(versjon, False),
            "should": services.submission_warnings(versjon) if approve_offer else [],
            "return_form": return_form,
        },
        success=_version_url(versjon),
        done=MACHINE[name].done,
    )


@require_http_methods(["GET", "POST"])
def version_discard(request: HttpRequest, sak_id: int, versjon_id: int) -> HttpResponse:
    return _version_action(
        request, sak_id, versjon_id, "discard", template="plans/version_discard.html"
    )


@require_http_methods(["GET", "POST"])
def version_send_out(request: HttpRequest, sak_id: int, versjon_id: int) -> HttpResponse:
    """PLAN-03/DOK-02: register that every party got the plan, when and how."""
    versjon = _version(request, sak_id, versjon_id, MACHINE["send_out"].may)
    return dispatch_page(
        request,
        versjon.plan.sak,
        source=versjon,
        type=documents.PLAN,
        offer=MACHINE.offer(versjon, request.user, "send_out"),
        call=lambda kanaler, when: services.planversjon_send_out(
            actor=request.user, versjon_id=versjon.pk, kanaler=kanaler, tidspunkt=when
        ),
        title=_("Send the plan to the parties"),
        back_url=_version_url(versjon),
    )


# --- EVAL-01: a longer interval for one plan ----------------------------------------------------


@require_http_methods(["GET", "POST"])
def plan_interval(request: HttpRequest, sak_id: int) -> HttpResponse:
    """EVAL-01: a longer evaluation interval for this plan, with a reason, by a leader."""
    state = _plan_page(request, sak_id, "set_interval")
    plan = state.plan
    if plan is None:
        raise Http404
    sak = state.sak
    return action_page(
        request,
        PLAN,
        "set_interval",
        state,
        ids={"sak_id": sak.pk},
        template="plans/plan_interval.html",
        context={"sak": sak, "plan": plan, "title": _("Evaluation interval"), "submit": _("Save")},
        success=_plan_url(sak),
        cancel=_plan_url(sak),
        form_kwargs={"default": schedule.default_interval()},
    )
