"""Issue 20, item 6: dates in one format, written by one filter (core/templatetags/dates.py).

Tables and short lines write «4.12.2026», prose «4. desember 2026», a moment in time adds
«kl. 14.05» in Oslo time; no template calls Django's ``date`` filter itself."""

import re
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from django.conf import settings
from django.template import Context, Template, TemplateSyntaxError
from django.utils import translation

TEMPLATES = Path(settings.BASE_DIR) / "templates"
#: The letters are whole per-language documents reviewed as prose (templates/documents/nb/).
#: The letters are whole prose per written form (documents/nb, documents/nn: issue 26).
LETTERS = (TEMPLATES / "documents" / "nb", TEMPLATES / "documents" / "nn")


def render(source: str, **context) -> str:
    with translation.override("nb"):
        return Template("{% load dates %}" + source).render(Context(context))


@pytest.mark.parametrize(
    ("style", "expected"),
    [
        ("", "4.12.2026"),
        (':"long"', "4. desember 2026"),
        (':"weekday"', "fredag 4. desember 2026"),
        (':"month"', "desember 2026"),
        (':"iso"', "2026-12-04"),
        (':"iso-month"', "2026-12"),
    ],
)
def test_a_day_in_each_style(style, expected):
    assert render("{{ d|dato" + style + " }}", d=date(2026, 12, 4)) == expected


def test_a_table_date_has_no_leading_zeros():
    assert render("{{ d|dato }}", d=date(2011, 7, 6)) == "6.7.2011"


def test_a_moment_is_written_in_oslo_time_with_kl():
    moment = datetime(2026, 12, 4, 13, 5, tzinfo=UTC)  # 14.05 in Oslo (winter time)
    assert render("{{ t|dato }}", t=moment) == "4.12.2026 kl. 14.05"
    assert render('{{ t|dato:"long" }}', t=moment) == "4. desember 2026 kl. 14.05"
    assert render('{{ t|dato:"iso" }}', t=moment) == "2026-12-04T14:05:00+01:00"
    assert render('{{ t|dato:"time" }}', t=moment) == "14.05"


def test_no_value_is_empty_so_a_default_can_follow():
    assert render('{{ d|dato|default:"–" }}', d=None) == "–"


def test_an_unknown_style_is_an_error():
    with pytest.raises(TemplateSyntaxError):
        render('{{ d|dato:"fancy" }}', d=date(2026, 12, 4))


def test_no_template_calls_the_date_filter_directly():
    """Every date goes through ``dato`` (the letters under documents/nb and nn are their own
    prose)."""
    direct = re.compile(r"\|\s*date\b(?!_)")
    found = [
        str(path.relative_to(TEMPLATES))
        for path in TEMPLATES.rglob("*")
        if path.is_file()
        and path.suffix in {".html", ".txt"}
        and not any(letters in path.parents for letters in LETTERS)
        and direct.search(path.read_text())
    ]
    assert found == []
