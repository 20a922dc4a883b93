"""Audit pages: break-the-glass (ROLE-04) and the access log (ROLE-03) under need-to-know."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from core.edge import action_page, service_form

from . import selectors, services
from .actions import NODTILGANG
from .forms import AccessLogFilterForm, NodtilgangForm
from .models import Nodtilgang


@require_http_methods(["GET", "POST"])
def nodtilgang(request: HttpRequest) -> HttpResponse:
    """ROLE-04: open a case of one's own service outside one's teams, stating why."""
    if not services.may_break_glass(request.user):
        raise Http404
    form = NodtilgangForm(request.POST or None)

    def opened(result) -> HttpResponse:
        sak, grant = result
        if grant is not None and grant.status == Nodtilgang.Status.VENTER:
            # Over the limit: nothing opens until a leader approves (issue 19, finding 9).
            messages.warning(
                request,
                _(
                    "You have opened %(n)d cases by break-the-glass in the last 24 hours. This "
                    "request waits for your team leader's approval, and the case stays closed "
                    "until then. Your start page tells you when it is decided (ROLE-04)."
                )
                % {"n": services.NODTILGANG_PER_DOGN},
            )
            return redirect("core:home")
        if grant is not None:
            messages.warning(
                request,
                _(
                    "You have opened the case by break-the-glass. Every page you open is "
                    "logged with your reason, and the team leader is told (ROLE-04)."
                ),
            )
        return redirect("cases:detail", sak_id=sak.pk)

    return service_form(
        request,
        form,
        lambda d: services.nodtilgang_open(
            actor=request.user, saksnummer=d["saksnummer"], begrunnelse=d["begrunnelse"]
        ),
        template="audit/nodtilgang.html",
        context={"title": _("Break-the-glass access")},
        success=opened,
    )


@require_http_methods(["GET", "POST"])
def nodtilgang_decide(request: HttpRequest, nodtilgang_id: int, name: str) -> HttpResponse:
    """ROLE-04, issue 19 finding 9: a leader approves or refuses a request over the limit
    (:data:`audit.actions.NODTILGANG`). 404 for anybody who may not decide it."""
    grant = selectors.access_nodtilgang(request.user, nodtilgang_id)
    if grant is None:
        raise Http404
    home = reverse("core:home")
    return action_page(
        request,
        NODTILGANG,
        name,
        grant,
        ids={"nodtilgang_id": grant.pk},
        success=home,
        cancel=home,
        template="audit/nodtilgang_decide.html",
        context={
            "grant": grant,
            "grants_last_day": selectors.grants_last_day(grant),
        },
    )


def access_log(request: HttpRequest) -> HttpResponse:
    """ROLE-03: who looked at which case, when and why – and what a user looked at."""
    if not selectors.may_read_access_log(request.user):
        raise Http404
    form = AccessLogFilterForm(request.GET or None, users=selectors.users_in_scope(request.user))
    f = selectors.LogFilter()
    if form.is_bound and form.is_valid():
        d = form.cleaned_data
        f = selectors.LogFilter(
            saksnummer=d["saksnummer"].strip(),
            sak_id=d["sak"],
            user_id=d["bruker"].pk if d["bruker"] else None,
            action=d["handling"],
            fra=d["fra"],
            til=d["til"],
            nodtilgang=d["nodtilgang"],
            before_id=d["for"],
        )
    page = selectors.access_log(request.user, f)
    query = {k: v for k, v in request.GET.items() if k != "for" and v}
    return render(
        request,
        "audit/access_log.html",
        {
            "form": form,
            "page": page,
            "query": urlencode(query),
            "next_query": urlencode({**query, "for": page.next_cursor}) if page.next_cursor else "",
            "title": _("Access log"),
        },
    )
