"""The quality indicators' pages (KVAL-01 … KVAL-03): the page of a team or the service, the
cases behind one figure, the export, and the head of service's «compute now».

The page reads the stored summary (:mod:`kvalitet.selectors`): a fixed number of queries
whatever the size of the service, with the time it was computed. Who sees which unit is
:mod:`kvalitet.permissions`; anybody else gets 404 (ROLE-02).
"""

from __future__ import annotations

import csv
import re

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from core.access import log_list
from core.models import AccessLogEntry

from . import permissions, selectors, services
from .indicators import BY_KEY
from .periods import Quarter

#: KVAL-02: a cell that a spreadsheet would read as a formula starts with one of these.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value) -> str:
    """A CSV cell that no spreadsheet runs as a formula (CSV injection): prefixed with ' when
    it starts like one. Decimals with a comma, as a Norwegian spreadsheet reads them."""
    text = str(value).replace(".", ",") if isinstance(value, float) else str(value)
    return "'" + text if text.startswith(FORMULA_START) else text


@require_GET
def page(request: HttpRequest) -> HttpResponse:
    unit = permissions.unit_from(request.user, request.GET)
    return render(
        request,
        "kvalitet/page.html",
        {
            "summary": selectors.summary(unit),
            "units": permissions.chooser(request.user, unit),
            "unit": unit,
            "may_refresh": permissions.may_refresh(request.user),
        },
    )


@require_GET
def cases(request: HttpRequest, key: str, kvartal: str) -> HttpResponse:
    """KVAL-02: the cases behind one figure, those the user may see (ROLE-02), the list's
    read logged (ROLE-03)."""
    indicator = BY_KEY.get(key)
    quarter = Quarter.parse(kvartal)
    if indicator is None or quarter is None or not indicator.available():
        raise Http404
    unit = permissions.unit_from(request.user, request.GET)
    rows, total = selectors.cases_behind(
        request.user, unit, indicator, quarter, timezone.localdate()
    )
    log_list(request, AccessLogEntry.Liste.KVALITET, [r.sak for r in rows])
    return render(
        request,
        "kvalitet/cases.html",
        {
            "indicator": indicator,
            "quarter": quarter,
            "unit": unit,
            "rows": rows,
            "total": total,
            "more": total > len(rows),
        },
    )


@require_GET
def export(request: HttpRequest) -> HttpResponse:
    """KVAL-02: the figures of every unit the user may see, as CSV: counts and shares only."""
    units = permissions.units_for(request.user)
    if not units:
        raise Http404
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="kvalitetsindikatorer.csv"'
    response.write("\ufeff")  # a spreadsheet then reads the file as UTF-8
    writer = csv.writer(response, delimiter=";")
    header = [
        _("Service"),
        _("Team"),
        _("Indicator code"),
        _("Indicator"),
        _("Rule"),
        _("Quarter"),
        _("Counted"),
        _("Met (PLAN-04: days without a plan)"),
        _("Value (per cent, days or median days)"),
        _("90th percentile (days)"),
        _("Computed"),
    ]
    writer.writerow([safe_cell(c) for c in header])
    for row in selectors.export_rows(units):
        writer.writerow([safe_cell(c) for c in row])
    return response


@require_POST
def refresh(request: HttpRequest) -> HttpResponse:
    """The head of service computes the figures now instead of waiting for the night."""
    if not permissions.may_refresh(request.user):
        raise Http404
    services.indikatorer_beregn()
    messages.success(request, _("The indicators are computed from the records as they are now."))
    enhet = request.POST.get("enhet", "")
    query = f"?{enhet}" if re.fullmatch(r"(team|tjeneste)=\d+", enhet) else ""
    return redirect(reverse("kvalitet:page") + query)
