"""Plan pages under a case. Each view: the case through the ROLE-02 scope (404 otherwise, the
read logged by ``access_sak``), one service, render. A POST the user may not make answers 404.

Every action page also answers GET with a page that explains the action and holds its button,
so each step works without JavaScript and can be linked to.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from cases.permissions import access_sak
from cases.selectors import sak_detail_queryset
from core.exceptions import DomainError
from core.forms import add_domain_error
from evaluations import rules as eval_rules
from evaluations import selectors as eval_selectors

from . import documents, forms, permissions, selectors, services
from .models import Planversjon


def _case(request: HttpRequest, sak_id: int, check=None):
    return access_sak(request, sak_id, queryset=sak_detail_queryset(), check=check)


def _version(sak, versjon_id: int) -> Planversjon:
    versjon = selectors.version_in_sak(sak.pk, versjon_id)
    if versjon is None:
        raise Http404
    versjon.plan.sak = sak
    return versjon


def _plan(sak):
    plan = selectors.plan_for_sak(sak)
    if plan is None:
        raise Http404
    plan.sak = sak
    return plan


def _documents_for(versjon):
    from django.apps import apps

    if not apps.is_installed("documents"):
        return []
    from documents.selectors import dokumenter_for

    return dokumenter_for(versjon.plan.sak_id, source=versjon)


# --- The plan page -------------------------------------------------------------------------------


@require_http_methods(["GET"])
def plan_detail(request: HttpRequest, sak_id: int) -> HttpResponse:
    sak = _case(request, sak_id)
    summary = selectors.plan_summary(sak)
    plan = selectors.plan_for_sak(sak)
    context = {
        "sak": sak,
        "summary": summary,
        "plan": plan,
        "versjoner": selectors.versions_for(plan) if plan else [],
        "evalueringer": eval_selectors.evaluations_for(plan) if plan else [],
        "can_edit": permissions.can_edit_plan(request.user, sak),
        "can_approve": permissions.can_approve_plan(request.user, sak),
        "measures": selectors.measure_choices(sak.pk),
    }
    return render(request, "plans/plan_detail.html", context)


@require_http_methods(["GET", "POST"])
def plan_create(request: HttpRequest, sak_id: int) -> HttpResponse:
    """PLAN-01: start the plan. GET explains; POST starts it and opens the editor."""
    sak = _case(request, sak_id, permissions.can_edit_plan)
    if selectors.plan_for_sak(sak) is not None:
        return redirect("plans:detail", sak_id=sak.pk)
    error = None
    if request.method == "POST":
        try:
            versjon = services.tiltaksplan_create(actor=request.user, sak_id=sak.pk)
        except PermissionDenied:
            raise Http404 from None
        except DomainError as exc:
            error = exc
        else:
            messages.success(
                request, _("The plan was started. Fill it in together with the family.")
            )
            return redirect("plans:edit", sak_id=sak.pk, versjon_id=versjon.pk)
    context = {
        "sak": sak,
        "title": _("Make a plan of measures"),
        "error": error,
        "measures": selectors.measure_choices(sak.pk),
    }
    return render(request, "plans/plan_create.html", context)


@require_http_methods(["GET", "POST"])
def version_create(request: HttpRequest, sak_id: int) -> HttpResponse:
    """PLAN-03: a change makes a new version, copied from the latest."""
    sak = _case(request, sak_id, permissions.can_edit_plan)
    plan = _plan(sak)
    summary = selectors.plan_summary(sak)
    error = None
    if request.method == "POST":
        try:
            versjon = services.planversjon_create(actor=request.user, sak_id=sak.pk)
        except PermissionDenied:
            raise Http404 from None
        except DomainError as exc:
            error = exc
        else:
            messages.success(request, _("A new version was made from the latest one."))
            return redirect("plans:edit", sak_id=sak.pk, versjon_id=versjon.pk)
    context = {
        "sak": sak,
        "plan": plan,
        "summary": summary,
        "title": _("Change the plan"),
        "error": error,
    }
    return render(request, "plans/version_create.html", context)


@require_http_methods(["GET"])
def plan_history(request: HttpRequest, sak_id: int) -> HttpResponse:
    """PLAN-03: every version, with what changed from the one before."""
    sak = _case(request, sak_id)
    plan = _plan(sak)
    context = {"sak": sak, "plan": plan, "diffs": selectors.plan_history(plan)}
    return render(request, "plans/plan_history.html", context)


@require_http_methods(["GET"])
def version_detail(request: HttpRequest, sak_id: int, versjon_id: int) -> HttpResponse:
    sak = _case(request, sak_id)
    versjon = _version(sak, versjon_id)
    context = {
        "sak": sak,
        "versjon": versjon,
        "goals": selectors.goal_tree(versjon),
        "can_edit": permissions.can_edit_plan(request.user, sak),
        "can_approve": permissions.can_approve_plan(request.user, sak),
        "dokumenter": _documents_for(versjon),
    }
    return render(request, "plans/version_detail.html", context)


# --- The editor ----------------------------------------------------------------------------------


def _limit_help(versjon, measures) -> str:
    """EVAL-01/02 in the editor: the recommended window and the latest allowed date."""
    named = [pt.tiltak_id for pt in versjon.plantiltak.all()]
    first = selectors.first_start(versjon.plan_id, named)
    s = eval_rules.schedule(
        first_start=first,
        last_completed=selectors.last_completed(versjon.plan_id),
        months=versjon.plan.intervall,
    )
    if s is None:
        return _("Choose the measures first: the date counts from their start (EVAL-01).")
    text = _("At the latest %(limit)s (EVAL-02).") % {"limit": _date(s.limit)}
    if s.window:
        text = (
            _("The first evaluation 4–6 weeks after the start: %(a)s–%(b)s. ")
            % {
                "a": _date(s.window[0]),
                "b": _date(s.window[1]),
            }
            + text
        )
    return text


def _date(value) -> str:
    from django.utils.formats import date_format

    return date_format(value, "j. F Y")


def _editor_forms(request, sak, versjon, data=None):
    measures = selectors.measure_choices(sak.pk, versjon)
    consents = selectors.consent_choices(sak.pk)
    if data is None:
        plan_form = forms.PlanForm(
            initial={
                **{f: getattr(versjon, f) for f in (*services.TEXT_FIELDS, *services.DATE_FIELDS)},
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
    sak = _case(request, sak_id, permissions.can_edit_plan)
    versjon = _version(sak, versjon_id)
    if not versjon.er_redigerbar:
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
                try:
                    services.planversjon_update(
                        actor=request.user,
                        versjon_id=versjon.pk,
                        data=plan_form.service_data(),
                        tiltak=measure_fs.chosen(),
                        goals=forms.goal_rows(goal_fs),
                        activities=forms.goal_rows(activity_fs),
                        samtykke_ids=[int(x) for x in plan_form.cleaned_data["samtykker"]],
                    )
                except PermissionDenied:
                    raise Http404 from None
                except DomainError as exc:
                    add_domain_error(plan_form, exc)
                else:
                    if op == "submit":
                        return redirect("plans:submit", sak_id=sak.pk, versjon_id=versjon.pk)
                    messages.success(request, _("The draft was saved."))
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


# --- PLAN-03: approval ----------------------------------------------------------------------------


def _action_page(request, sak, versjon, *, template, call, success, title, extra=None):
    error = None
    if request.method == "POST":
        try:
            call()
        except PermissionDenied:
            raise Http404 from None
        except DomainError as exc:
            error = exc
        else:
            messages.success(request, success)
            return redirect("plans:version", sak_id=sak.pk, versjon_id=versjon.pk)
    context = {"sak": sak, "versjon": versjon, "title": title, "error": error, **(extra or {})}
    return render(request, template, context)


@require_http_methods(["GET", "POST"])
def version_submit(request: HttpRequest, sak_id: int, versjon_id: int) -> HttpResponse:
    sak = _case(request, sak_id, permissions.can_edit_plan)
    versjon = _version(sak, versjon_id)
    return _action_page(
        request,
        sak,
        versjon,
        template="plans/version_submit.html",
        call=lambda: services.planversjon_send_for_approval(
            actor=request.user, versjon_id=versjon.pk
        ),
        success=_("The plan was sent to a leader for approval."),
        title=_("Send the plan for approval"),
        extra={
            "problems": services.submission_problems(versjon) if versjon.er_redigerbar else [],
            "coverage": services.approval_problems(versjon)
            if versjon.er_redigerbar and versjon.gyldig_fra
            else [],
            "warnings": services.submission_warnings(versjon) if versjon.er_redigerbar else [],
        },
    )


@require_http_methods(["GET", "POST"])
def version_approve(request: HttpRequest, sak_id: int, versjon_id: int) -> HttpResponse:
    """PLAN-03/PLAN-04: the leader sees the plan and what the approval would break, and
    approves or returns it with a comment."""
    sak = _case(request, sak_id, permissions.can_approve_plan)
    versjon = _version(sak, versjon_id)
    return_form = forms.ReturnForm(request.POST if request.POST.get("op") == "return" else None)
    error = None
    returning = request.POST.get("op") == "return"
    # The comment goes through its form (LOG-02: a NUL byte or other bad input is a message
    # next to the field, not a database error).
    if request.method == "POST" and (not returning or return_form.is_valid()):
        try:
            if returning:
                services.planversjon_return_to_draft(
                    actor=request.user,
                    versjon_id=versjon.pk,
                    comment=return_form.cleaned_data["comment"],
                )
                done = _("The plan was returned to the caseworker.")
            else:
                services.planversjon_approve(actor=request.user, versjon_id=versjon.pk)
                done = _("The plan was approved. Send it to the parties when the letter is ready.")
        except PermissionDenied:
            raise Http404 from None
        except DomainError as exc:
            if returning:
                add_domain_error(return_form, exc)
            else:
                error = exc
        else:
            messages.success(request, done)
            return redirect("plans:version", sak_id=sak.pk, versjon_id=versjon.pk)
    problems = (
        services.approval_problems(versjon)
        if versjon.status == Planversjon.Status.TIL_GODKJENNING
        else []
    )
    context = {
        "sak": sak,
        "versjon": versjon,
        "goals": selectors.goal_tree(versjon),
        "title": _("Approve the plan"),
        "problems": problems,
        "warnings": services.submission_warnings(versjon),
        "error": error,
        "return_form": return_form,
    }
    return render(request, "plans/version_approve.html", context)


@require_http_methods(["GET", "POST"])
def version_discard(request: HttpRequest, sak_id: int, versjon_id: int) -> HttpResponse:
    sak = _case(request, sak_id, permissions.can_edit_plan)
    versjon = _version(sak, versjon_id)
    return _action_page(
        request,
        sak,
        versjon,
        template="plans/version_discard.html",
        call=lambda: services.planversjon_discard(actor=request.user, versjon_id=versjon.pk),
        success=_("The draft was discarded. It stays in the history."),
        title=_("Discard the draft"),
    )


@require_http_methods(["GET", "POST"])
def version_send_out(request: HttpRequest, sak_id: int, versjon_id: int) -> HttpResponse:
    """PLAN-03/DOK-02: register that every party got the plan, when and how."""
    sak = _case(request, sak_id, permissions.can_edit_plan)
    versjon = _version(sak, versjon_id)
    return dispatch_page(
        request,
        sak,
        source=versjon,
        type=documents.PLAN,
        call=lambda kanaler, when: services.planversjon_send_out(
            actor=request.user, versjon_id=versjon.pk, kanaler=kanaler, tidspunkt=when
        ),
        ready=versjon.er_godkjent,
        title=_("Send the plan to the parties"),
        back=("plans:version", {"sak_id": sak.pk, "versjon_id": versjon.pk}),
    )


def dispatch_page(request, sak, *, source, type, call, ready, title, back):
    """The shared DOK-02 page: one channel per party that has not got the document yet."""
    from documents.models import Utsending

    doc = documents.latest(source, type)
    done_parts = {u.part_id for u in doc.utsendinger.all()} if doc else set()
    child_done = bool(doc) and any(u.barnet for u in doc.utsendinger.all())
    recipients = [
        (
            documents.recipient_key(part, is_child),
            sak.barn.fullt_navn
            if is_child
            else f"{part.fullt_navn} ({part.get_relasjon_display().lower()})",
            child_done if is_child else part.pk in done_parts,
        )
        for part, is_child in documents.recipients_of(sak)
    ]
    form = forms.DispatchForm(
        request.POST or None,
        recipients=recipients,
        channels=Utsending.Kanal.choices,
        initial={"tidspunkt": timezone.localtime().replace(second=0, microsecond=0)},
    )
    if request.method == "POST" and form.is_valid():
        try:
            call(form.kanaler(), form.cleaned_data["tidspunkt"])
        except PermissionDenied:
            raise Http404 from None
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, _("The dispatch to the parties was registered."))
            name, kwargs = back
            return redirect(name, **kwargs)
    context = {
        "sak": sak,
        "title": title,
        "form": form,
        "doc": doc,
        "ready": ready and doc is not None and doc.is_downloadable,
        "recipients": recipients,
        "back_url": reverse(back[0], kwargs=back[1]),
    }
    return render(request, "plans/dispatch.html", context)


@require_http_methods(["GET", "POST"])
def plan_interval(request: HttpRequest, sak_id: int) -> HttpResponse:
    """EVAL-01: a longer evaluation interval for this plan, with a reason, by a leader."""
    sak = _case(request, sak_id, permissions.can_approve_interval)
    plan = _plan(sak)
    form = forms.IntervalForm(
        request.POST or None,
        default=eval_rules.default_interval(),
        initial={"months": plan.intervall_maneder, "reason": plan.intervall_begrunnelse},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.tiltaksplan_set_interval(
                actor=request.user,
                sak_id=sak.pk,
                months=form.cleaned_data["months"],
                reason=form.cleaned_data["reason"],
            )
        except PermissionDenied:
            raise Http404 from None
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, _("The evaluation interval was saved."))
            return redirect("plans:detail", sak_id=sak.pk)
    context = {"sak": sak, "plan": plan, "form": form, "title": _("Evaluation interval")}
    return render(request, "plans/plan_interval.html", context)
