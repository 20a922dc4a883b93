"""Plausible input (issue 19, finding 8): text without hidden control characters, and dates of
events within a plausible range.

The forms of :mod:`core.forms` apply both to every field by themselves; the validators here
are the rules, usable as well on a model field or in a service that writes without a form.

- **Text** (:class:`PlainTextValidator`): no control character (Unicode category Cc) and no
  bidirectional control (U+202A–U+202E, U+2066–U+2069, U+200E, U+200F, U+061C). An override
  such as U+202E shows «exe.gnp» as «png.exe» and can make a name read as someone else's;
  control characters reach the terminal of whoever reads a log or an export. Multi-line text
  keeps its tab, line feed and carriage return.
- **Dates** (:class:`DateRange`): never before :data:`EARLIEST` nor before the child's birth
  when the form knows the child; a date of an event at most :data:`EVENT_YEARS_AHEAD` ahead,
  a plan's date (a deadline, a planned end) at most :data:`PLAN_YEARS_AHEAD`.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

#: The bidirectional controls: embeddings, overrides, isolates and the direction marks.
BIDI_CONTROLS = frozenset(
    "\u202a\u202b\u202c\u202d\u202e"  # LRE RLE PDF LRO RLO
    "\u2066\u2067\u2068\u2069"  # LRI RLI FSI PDI
    "\u200e\u200f\u061c"  # LRM RLM ALM
)
#: The control characters multi-line text keeps.
LINE_CONTROLS = frozenset("\t\n\r")

#: No event in a child welfare case lies before this day.
EARLIEST = date(1900, 1, 1)
EVENT_YEARS_AHEAD = 1
PLAN_YEARS_AHEAD = 10


def hidden_characters(value: str, *, multiline: bool = False) -> list[str]:
    """The characters of ``value`` that text may not hold, each once, in order."""
    allowed = LINE_CONTROLS if multiline else frozenset()
    found: dict[str, None] = {}
    for ch in value:
        if ch in BIDI_CONTROLS or (unicodedata.category(ch) == "Cc" and ch not in allowed):
            found[ch] = None
    return list(found)


def code_points(chars: list[str]) -> str:
    """``U+202E, U+0007``: how a message names characters that cannot be seen."""
    return ", ".join(f"U+{ord(ch):04X}" for ch in chars)


@deconstructible
class PlainTextValidator:
    """Refuses control characters and bidirectional controls (see the module)."""

    code = "hidden_character"

    def __init__(self, *, multiline: bool = False):
        self.multiline = multiline

    def __call__(self, value) -> None:
        if not isinstance(value, str):
            return
        chars = hidden_characters(value, multiline=self.multiline)
        if chars:
            message = ngettext(
                "Remove the invisible control character %(codes)s: characters that turn the "
                "direction of the text or control the screen are not allowed.",
                "Remove the invisible control characters %(codes)s: characters that turn the "
                "direction of the text or control the screen are not allowed.",
                len(chars),
            )
            raise ValidationError(message, code=self.code, params={"codes": code_points(chars)})

    def __eq__(self, other) -> bool:
        return isinstance(other, PlainTextValidator) and other.multiline == self.multiline

    def __hash__(self) -> int:
        return hash((PlainTextValidator, self.multiline))


def years_after(day: date, years: int) -> date:
    """The same day ``years`` later (the 28th of February for the 29th in a common year)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def _day(value: date | datetime) -> date:
    if isinstance(value, datetime):
        return timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    return value


@dataclass(frozen=True)
class DateRange:
    """The days a date may lie on: from :data:`EARLIEST` (or the child's birth) to
    ``years_ahead`` years after today."""

    years_ahead: int = EVENT_YEARS_AHEAD

    def bounds(self, *, born: date | None = None, today: date | None = None) -> tuple[date, date]:
        today = today or timezone.localdate()
        earliest = max(EARLIEST, born) if born else EARLIEST
        return earliest, years_after(today, self.years_ahead)

    def check(self, value: date | datetime | None, *, born: date | None = None) -> None:
        """Raise a :class:`ValidationError` that names the allowed range when ``value`` lies
        outside it."""
        if value is None:
            return
        earliest, latest = self.bounds(born=born)
        if earliest <= _day(value) <= latest:
            return
        params = {"earliest": f"{earliest:%d.%m.%Y}", "latest": f"{latest:%d.%m.%Y}"}
        if born and earliest == born:
            raise ValidationError(
                _("Enter a date from the child's birth date (%(earliest)s) to %(latest)s."),
                code="date_out_of_range",
                params=params,
            )
        raise ValidationError(
            _("Enter a date from %(earliest)s to %(latest)s."),
            code="date_out_of_range",
            params=params,
        )


EVENT = DateRange(EVENT_YEARS_AHEAD)
PLAN = DateRange(PLAN_YEARS_AHEAD)


@deconstructible
class DateRangeValidator:
    """:class:`DateRange` as a validator (for a model field or a service: no child known)."""

    def __init__(self, years_ahead: int = EVENT_YEARS_AHEAD):
        self.years_ahead = years_ahead

    def __call__(self, value) -> None:
        DateRange(self.years_ahead).check(value)

    def __eq__(self, other) -> bool:
        return isinstance(other, DateRangeValidator) and other.years_ahead == self.years_ahead

    def __hash__(self) -> int:
        return hash((DateRangeValidator, self.years_ahead))
