"""Issue 20, item 6: every date on a page is written by one filter, in one of two forms.

``{% load dates %}`` then

- ``{{ d|dato }}`` in tables and short lines: «4.12.2026»; a moment in time «4.12.2026 kl. 14.05»;
- ``{{ d|dato:"long" }}`` in prose: «4. desember 2026»; a moment «4. desember 2026 kl. 14.05»;
- ``{{ d|dato:"weekday" }}`` «fredag 4. desember 2026», ``{{ d|dato:"month" }}`` «desember 2026»;
- ``{{ d|dato:"iso" }}`` for a ``<time datetime>`` attribute, ``{{ d|dato:"iso-month" }}``
  «2026-12» for a query string; ``{{ t|dato:"time" }}`` «14.05» where the sentence says «kl.».

A moment in time is shown in the local time zone (Europe/Oslo). No template calls Django's
``date`` filter itself (tests/core/test_dates.py checks it), so a screen never mixes
«04.12.2026», «4.12.2026» and «4. desember 2026».
"""

from django import template

from core.dates import format_dato

register = template.Library()


@register.filter(expects_localtime=True, is_safe=False)
def dato(value, style: str = "") -> str:
    """``value`` (a date or a datetime) in ``style`` (see the module); empty for no value, so
    ``|default:"–"`` can follow."""
    try:
        return format_dato(value, style)
    except ValueError as exc:
        raise template.TemplateSyntaxError(f"dato: {exc}") from None
