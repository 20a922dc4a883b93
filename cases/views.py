"""Case pages. Each view: access through the ROLE-02 scope (404 otherwise), one service, render."""

from __future__ import annotations

from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from core.access import log_list
from core.edge import action_page, service_form
from core.http import client_ip
from core.models import AccessLogEntry

from . import permissions, selectors, services
from .actions import DUPLIKAT, PART, SAK, SAKER, UNDERSOKELSE
from .forms import SakCreateForm, SakFilterForm
from .models import Part
from .pages import CASE_LINKS, CASE_PAGE
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
    # ROLE-03: the page's cases (children's names) in one access-log row, before it is shown.
    log_list(request, AccessLogEntry.Liste.SAKER, page.object_list)
    query = request.GET.copy()
    for key in ("side", "q", "etter", "for"):
        query.pop(key, None)
    context = {
        "form": form,
        "page": page,
        "query": query.urlencode(),
        # «New case»: an action on the user's own work (cases.actions.SAKER).
        "actions": SAKER.offers(request.user, request.user),
    }
    template = "cases/sak_list.html#results" if request.htmx else "cases/sak_list.html"
    return render(request, template, context)


@require_http_methods(["GET", "POST"])
def sak_create(request: HttpRequest) -> HttpResponse:
    action = SAKER["create"]
    if not action.is_permitted(request.user, request.user):
        raise Http404
    teams = permissions.teams_for_new_sak(request.user).order_by("navn")
    form = SakCreateForm(request.POST or None, teams=teams)

    def opened(sak) -> HttpResponse:
        messages.success(request, str(action.done) % {"number": sak.saksnummer})
        return redirect("cases:detail", sak_id=sak.pk)

    return service_form(
        request,
        form,
        lambda d: services.sak_create(
            actor=request.user,
            team=d["team"],
            barn_data=form.barn_data(),
            melding_mottatt=d.get("melding_mottatt"),
            ip_address=client_ip(request),
            age_confirmed=d.get("bekreft_alder", False),
        ),
        template="cases/sak_form.html",
        context={"title": action.label},
        success=opened,
    )


def sak_detail(request: HttpRequest, sak_id: int) -> HttpResponse:
    sak = _case(request, sak_id)
    user = request.user
    panels = _panels(request, sak)
    own = panels.pop("case_page")
    parter = own["parter"]
    for part in parter:
        # One link per row: what the user may do with this party (cases.actions.PART).
        part.offers = PART.offers(part, user)
    context = {
        "sak": sak,
        "barn": sak.barn,
        "parter": parter,
        "soskensaker": own["soskensaker"],
        "overforing": own["overforing"],
        **panels,
        # What the user may do, where the page shows it (cases.actions): the template renders
        # these offers and decides nothing.
        "case_actions": SAK.offers(sak, user, names=["transfer"]),
        "child_actions": SAK.offers(sak, user, names=["edit_child"]),
        "party_status_actions": SAK.offers(sak, user, names=["grant_party_status"]),
        "party_actions": SAK.offers(sak, user, names=["add_party"]),
        "investigation_actions": UNDERSOKELSE.offers(sak, user),
        # The links other apps give the case page (the access log: audit, ROLE-03).
        "case_links": [link for links in CASE_LINKS.collect(user, sak).values() for link in links],
    }
    return render(request, "cases/sak_detail.html", context)


def _panels(request: HttpRequest, sak) -> dict:
    """What other apps show on the case page (decisions and measures, contractors, the plan
    …), each in a fixed number of queries, through :data:`cases.pages.CASE_PAGE`; their lists
    and the page's own (``case_page``) are read in one statement (:mod:`core.batch`)."""
    user = request.user
    return CASE_PAGE.collect(user, sak, also={"case_page": selectors.case_page_batched(user, sak)})


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


@require_GET
def id_number(request: HttpRequest, sak_id: int) -> HttpResponse:
    """Issue 19, finding 10: the case page shows the child's number masked; the full number
    is on this page of its own, and each view of it is logged (as SAK-05's addresses are).
    The number is never in a URL."""
    sak = _case(request, sak_id, action=AccessLogEntry.Action.ID_NUMBER)
    return render(
        request,
        "cases/id_number.html",
        {"sak": sak, "barn": sak.barn, "title": _("National identity number")},
    )


@require_http_methods(["GET", "POST"])
def duplikat_action(request: HttpRequest, duplikat_id: int, name: str) -> HttpResponse:
    """SAK-01: a team leader decides a possible duplicate of a case of their team
    (:data:`cases.actions.DUPLIKAT`). 404 outside their scope; both cases' reads logged."""
    duplikat = permissions.access_duplikat(request, duplikat_id)
    back = reverse("cases:detail", kwargs={"sak_id": duplikat.eksisterende_id})
    return action_page(
        request,
        DUPLIKAT,
        name,
        duplikat,
        ids={"duplikat_id": duplikat.pk},
        success=back,
        cancel=reverse("core:home"),
        template="cases/duplikat_action.html",
        context={"duplikat": duplikat},
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


def _action(
    request: HttpRequest,
    machine,
    name: str,
    obj,
    sak,
    *,
    template: str,
    title,
    submit=None,
    ids: dict | None = None,
    form_kwargs: dict | None = None,
) -> HttpResponse:
    """The page of one action of the case's tables (:mod:`cases.actions`): 404 when it is not
    the user's (ROLE-02), why it is blocked, the form, the service, back to the case page."""
    back = reverse("cases:detail", kwargs={"sak_id": sak.pk})
    return action_page(
        request,
        machine,
        name,
        obj,
        ids={"sak_id": sak.pk, **(ids or {})},
        success=back,
        cancel=back,
        template=template,
        context={"sak": sak, "title": title, "submit": submit or _("Save")},
        form_kwargs=form_kwargs,
    )


@require_http_methods(["GET", "POST"])
def barn_edit(request: HttpRequest, sak_id: int) -> HttpResponse:
    sak = _case(request, sak_id, permissions.can_edit_sak)
    return _action(
        request,
        SAK,
        "edit_child",
        sak,
        sak,
        template="cases/barn_form.html",
        title=_("Edit the child's details"),
        # SAK-01: a new number that is another case's in the service is logged from here.
        ids={"ip_address": client_ip(request)},
        form_kwargs={"user": request.user},
    )


@require_http_methods(["GET", "POST"])
def part_edit(request: HttpRequest, sak_id: int, part_id: int | None = None) -> HttpResponse:
    sak = _case(request, sak_id, permissions.can_edit_sak)
    if part_id is None:
        machine, name, obj, ids, title = SAK, "add_party", sak, {}, _("Add party")
    else:
        obj = sak.parter.filter(pk=part_id).first()
        if obj is None:
            raise Http404
        machine, name, ids, title = PART, "edit", {"part_id": obj.pk}, _("Edit party")
    return _action(
        request,
        machine,
        name,
        obj,
        sak,
        ids=ids,
        template="cases/part_form.html",
        title=title,
        form_kwargs={"user": request.user},
    )


@require_http_methods(["GET", "POST"])
def sak_transfer(request: HttpRequest, sak_id: int) -> HttpResponse:
    sak = _case(request, sak_id, permissions.can_transfer_sak)
    return _action(
        request,
        SAK,
        "transfer",
        sak,
        sak,
        template="cases/sak_transfer.html",
        title=_("Transfer case"),
        submit=_("Transfer"),
        form_kwargs={"caseworkers": selectors.caseworkers_for_transfer(request.user, sak)},
    )


@require_http_methods(["GET", "POST"])
def undersokelse_extend(request: HttpRequest, sak_id: int) -> HttpResponse:
    sak = _case(request, sak_id, permissions.can_manage_investigation)
    return _action(
        request,
        UNDERSOKELSE,
        "extend",
        sak,
        sak,
        template="cases/undersokelse_extend.html",
        title=_("Extend the investigation deadline"),
        submit=_("Extend to 6 months"),
    )


@require_http_methods(["GET", "POST"])
def undersokelse_complete(request: HttpRequest, sak_id: int) -> HttpResponse:
    sak = _case(request, sak_id, permissions.can_complete_investigation)
    return _action(
        request,
        UNDERSOKELSE,
        "complete",
        sak,
        sak,
        template="cases/undersokelse_complete.html",
        title=_("Complete the investigation"),
        submit=_("Mark as completed"),
    )


@require_http_methods(["GET", "POST"])
def partsstatus_grant(request: HttpRequest, sak_id: int) -> HttpResponse:
    sak = _case(request, sak_id, permissions.can_transfer_sak)
    return _action(
        request,
        SAK,
        "grant_party_status",
        sak,
        sak,
        template="cases/partsstatus_form.html",
        title=_("Party status for the child"),
    )
