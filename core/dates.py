"""Dates as the pages write them (issue 20, item 6): one format for tables and short lines,
one for prose. The template filter ``dato`` (core/templatetags/dates.py) and the few texts
made in Python (a decision's name in the breadcrumbs) both use :func:`format_dato`."""

from __future__ import annotations

from datetime import date, datetime

from django.utils import timezone
from django.utils.dateformat import format as date_format

#: The day (and the time) in each style, as Django's date format characters.
_DAY = {
    "": "j.n.Y",
    "short": "j.n.Y",
    "long": "j. F Y",
    "weekday": "l j. F Y",
    "month": "F Y",
    "iso": "Y-m-d",
    "iso-month": "Y-m",
    "time": "H.i",
}
#: «kl. 14.05»: the Norwegian way to write a time of day (Språkrådet).
_TIME = r" \k\l. H.i"


STYLES = frozenset(_DAY)


def format_dato(value, style: str = "") -> str:
    """``value`` (a date or a datetime) in ``style`` (see core/templatetags/dates.py); empty
    for no value. Raises ``ValueError`` for an unknown style."""
    if value in (None, ""):
        return ""
    if style not in _DAY:
        raise ValueError(f"unknown date style {style!r}")
    if isinstance(value, datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        if style == "iso":
            return value.isoformat()
        if style == "time":  # «14.05»: the sentence around it says «kl.»
            return date_format(value, _DAY[style])
        if style in ("", "short", "long"):
            return date_format(value, _DAY[style] + _TIME)
        return date_format(value, _DAY[style])
    if isinstance(value, date) and style != "time":
        return date_format(value, _DAY[style])
    return str(value)
