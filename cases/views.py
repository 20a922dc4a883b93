"""Case pages. Each view: access through the ROLE-02 scope (404 otherwise), one service, render."""

from __future__ import annotations

from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from core.exceptions import DomainError
from core.forms import add_domain_error
from core.models import AccessLogEntry

from . import permissions, selectors, services
from .forms import (
    BarnForm,
    ForlengelseForm,
    OverforingForm,
    PartForm,
    PartsstatusForm,
    SakCreateForm,
    SakFilterForm,
    UndersokelseAvsluttForm,
)
from .models import Part
from .pages import CASE_PAGE
from .pagination import keyset_page

#: The free-text search may be a child's name or fødselsnummer, so it never goes in a URL
#: (browser history, proxy logs): it is posted and kept in the session. The other filters
#: hold no personal data and stay in the query string, so links and pages can carry them.
SEARCH_SESSION_KEY = "cases:search"


@require_http_methods(["GET", "POST"])
def sak_list(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        request.session[SEARCH_SESSION_KEY] = request.POST.get("q", "").strip()[:100]
        # Only filter values the form accepts go into the URL (a tampered value is dropped,
        # never echoed into a redirect).
        posted = SakFilterForm(request.POST, teams=permissions.teams_visible_to(request.user))
        posted.is_valid()
        params = {
            # A checkbox stands as "on" whatever was posted (any text is "true" to Django).
            k: "on" if k == "mine" else request.POST[k]
            for k in SakFilterForm.URL_FIELDS
            if k not in posted.errors and request.POST.get(k)
        }
        params["sok"] = "1"  # this page shows the stored search term
        return redirect(f"{reverse('cases:list')}?{urlencode(params)}")
    data = request.GET.copy()
    data.pop("q", None)
    if data.get("sok"):
        data["q"] = request.session.get(SEARCH_SESSION_KEY, "")
    teams = permissions.teams_visible_to(request.user).order_by("navn")
    form = SakFilterForm(data or None, teams=teams)
    f = form.to_filter()
    # Keyset pagination (issue 8): the links carry the edge row's ordering values, so a deep
    # page costs what the first does; ``side`` is only the number shown.
    page = keyset_page(
        selectors.sak_list(request.user, f),
        selectors.SORTS.get(f.sort, selectors.SORTS["-opprettet"]),
        per_page=settings.CASE_LIST_PAGE_SIZE,
        after=request.GET.get("etter"),
        before=request.GET.get("for"),
        number=request.GET.get("side", 1),
    )
    query = request.GET.copy()
    for key in ("side", "q", "etter", "for"):
        query.pop(key, None)
    context = {
        "form": form,
        "page": page,
        "query": query.urlencode(),
        "can_create": permissions.can_create_sak(request.user),
    }
    template = "cases/sak_list.html#results" if request.htmx else "cases/sak_list.html"
    return render(request, template, context)


@require_http_methods(["GET", "POST"])
def sak_create(request: HttpRequest) -> HttpResponse:
    if not permissions.can_create_sak(request.user):
        raise Http404
    teams = permissions.teams_for_new_sak(request.user).order_by("navn")
    form = SakCreateForm(request.POST or None, teams=teams)
    if request.method == "POST" and form.is_valid():
        try:
            sak = services.sak_create(
                actor=request.user,
                team=form.cleaned_data["team"],
                barn_data=form.barn_data(),
                melding_mottatt=form.cleaned_data.get("melding_mottatt"),
            )
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(
                request, _("The case %(number)s was opened.") % {"number": sak.saksnummer}
            )
            return redirect("cases:detail", sak_id=sak.pk)
    return render(request, "cases/sak_form.html", {"form": form, "title": _("New case")})


def sak_detail(request: HttpRequest, sak_id: int) -> HttpResponse:
    sak = _case(request, sak_id)
    panels = _panels(request, sak)
    context = {
        "sak": sak,
        "barn": sak.barn,
        "parter": selectors.parter_for(sak),
        "soskensaker": selectors.soskensaker_for(request.user, sak),
        "overforing": selectors.siste_overforing(sak),
        **panels,
        "can_edit": permissions.can_edit_sak(request.user, sak),
        "can_transfer": permissions.can_transfer_sak(request.user, sak),
        "can_manage_investigation": permissions.can_manage_investigation(request.user, sak),
        "can_read_access_log": permissions.can_read_access_log(request.user, sak),
    }
    return render(request, "cases/sak_detail.html", context)


def _panels(request: HttpRequest, sak) -> dict:
    """What other apps show on the case page (decisions and measures, contractors, the plan
    …), each in a fixed number of queries, through :data:`cases.pages.CASE_PAGE`."""
    return CASE_PAGE.collect(request.user, sak)


def shielded_address(request: HttpRequest, sak_id: int, part_id: int | None = None):
    """SAK-05: a cleared user sees a shielded address on its own page; each view is logged."""
    found = {}

    def check(user, sak):
        person = sak.barn if part_id is None else Part.objects.filter(sak=sak, pk=part_id).first()
        found["person"] = person
        return person is not None and permissions.cleared_for_address(user, person)

    sak = _case(request, sak_id, check=check, action=AccessLogEntry.Action.ADDRESS)
    return render(
        request,
        "cases/address.html",
        {"sak": sak, "person": found["person"], "title": _("Shielded address")},
    )


def sak_history(request: HttpRequest, sak_id: int) -> HttpResponse:
    """LOG-01: every change to the case and its records, old and new values side by side."""
    sak = _case(request, sak_id, action=AccessLogEntry.Action.HISTORY)
    record = selectors.parse_record(request.GET.get("post"))
    if request.GET.get("post") and record is None:
        raise Http404
    record_name = ""
    if record is not None:
        record_name = selectors.record_name(sak, record)
        if record_name is None:
            raise Http404  # not a record of this case
    page = selectors.case_history(
        sak, record=record, older=request.GET.get("eldre"), newer=request.GET.get("nyere")
    )
    return render(
        request,
        "cases/sak_history.html",
        {
            "sak": sak,
            "page": page,
            "historikk": page.events,
            "record": record,
            "record_name": record_name,
            "query": urlencode({"post": request.GET["post"]}) if record else "",
            "title": _("History of a record") if record else _("Case history"),
        },
    )


def _case(request: HttpRequest, sak_id: int, check=None, action=None):
    """The case through the need-to-know scope and the page's own permission (404 otherwise),
    with its read written to the access log (ROLE-02, ROLE-03)."""
    return permissions.access_sak(
        request,
        sak_id,
        queryset=selectors.sak_detail_queryset(),
        check=check,
        action=action or AccessLogEntry.Action.VIEW,
    )


def _edit_view(request, sak, form, call, success_message, template, title, extra=None):
    """The shared shape of a case form view: validate, call one service, report, redirect."""
    if request.method == "POST" and form.is_valid():
        try:
            call(form.cleaned_data)
        except PermissionDenied:
            raise Http404 from None
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, success_message)
            return redirect("cases:detail", sak_id=sak.pk)
    context = {"sak": sak, "form": form, "title": title, **(extra or {})}
    return render(request, template, context)


@require_http_methods(["GET", "POST"])
def barn_edit(request: HttpRequest, sak_id: int) -> HttpResponse:
    sak = _case(request, sak_id, permissions.can_edit_sak)
    form = BarnForm(request.POST or None, instance=sak.barn, user=request.user)
    return _edit_view(
        request,
        sak,
        form,
        lambda data: services.barn_update(actor=request.user, sak_id=sak.pk, data=data),
        _("The child's details were saved."),
        "cases/barn_form.html",
        _("Edit the child's details"),
    )


@require_http_methods(["GET", "POST"])
def part_edit(request: HttpRequest, sak_id: int, part_id: int | None = None) -> HttpResponse:
    sak = _case(request, sak_id, permissions.can_edit_sak)
    part = None
    if part_id is not None:
        part = Part.objects.filter(sak=sak, pk=part_id).first()
        if part is None:
            raise Http404
    form = PartForm(request.POST or None, instance=part, user=request.user)

    def call(data):
        if part is None:
            return services.part_create(actor=request.user, sak_id=sak.pk, data=data)
        return services.part_update(actor=request.user, sak_id=sak.pk, part_id=part.pk, data=data)

    return _edit_view(
        request,
        sak,
        form,
        call,
        _("The party was saved."),
        "cases/part_form.html",
        _("Edit party") if part else _("Add party"),
    )


@require_http_methods(["GET", "POST"])
def sak_transfer(request: HttpRequest, sak_id: int) -> HttpResponse:
    sak = _case(request, sak_id, permissions.can_transfer_sak)
    form = OverforingForm(
        request.POST or None,
        teams=sak.team.tjeneste.team.order_by("navn"),
        caseworkers=selectors.caseworkers_for_transfer(request.user, sak),
        initial={"til_team": sak.team_id},
    )
    return _edit_view(
        request,
        sak,
        form,
        lambda d: services.sak_transfer(actor=request.user, sak_id=sak.pk, **d),
        _("The case was transferred."),
        "cases/sak_transfer.html",
        _("Transfer case"),
    )


@require_http_methods(["GET", "POST"])
def undersokelse_extend(request: HttpRequest, sak_id: int) -> HttpResponse:
    sak = _case(request, sak_id, permissions.can_manage_investigation)
    return _edit_view(
        request,
        sak,
        ForlengelseForm(request.POST or None),
        lambda d: services.undersokelse_extend(
            actor=request.user, sak_id=sak.pk, begrunnelse=d["begrunnelse"]
        ),
        _("The investigation deadline was extended to 6 months."),
        "cases/undersokelse_extend.html",
        _("Extend the investigation deadline"),
    )


@require_http_methods(["GET", "POST"])
def undersokelse_complete(request: HttpRequest, sak_id: int) -> HttpResponse:
    sak = _case(request, sak_id, permissions.can_complete_investigation)
    return _edit_view(
        request,
        sak,
        UndersokelseAvsluttForm(request.POST or None),
        lambda d: services.undersokelse_complete(actor=request.user, sak_id=sak.pk, **d),
        _("The investigation was marked as completed."),
        "cases/undersokelse_complete.html",
        _("Complete the investigation"),
    )


@require_http_methods(["GET", "POST"])
def partsstatus_grant(request: HttpRequest, sak_id: int) -> HttpResponse:
    sak = _case(request, sak_id, permissions.can_transfer_sak)
    return _edit_view(
        request,
        sak,
        PartsstatusForm(request.POST or None),
        lambda d: services.sak_grant_child_party_status(
            actor=request.user, sak_id=sak.pk, granted_on=d["innvilget"], grounds=d["begrunnelse"]
        ),
        _("The child's party status was recorded."),
        "cases/partsstatus_form.html",
        _("Party status for the child"),
    )
