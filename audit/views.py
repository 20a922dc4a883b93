"""Audit pages: break-the-glass (ROLE-04) and the access log (ROLE-03) under need-to-know."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from core.edge import service_form

from . import selectors, services
from .forms import AccessLogFilterForm, NodtilgangForm


@require_http_methods(["GET", "POST"])
def nodtilgang(request: HttpRequest) -> HttpResponse:
    """ROLE-04: open a case of one's own service outside one's teams, stating why."""
    if not services.may_break_glass(request.user):
        raise Http404
    form = NodtilgangForm(request.POST or None)

    def opened(result) -> HttpResponse:
        sak, granted = result
        if granted:
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
