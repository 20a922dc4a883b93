"""KVAL-02, KVAL-03 and ROLE-02 on the indicators' pages: who sees which unit, the cases behind
a figure under need-to-know, the export without personal data and safe from formula
injection, the chart's text alternative and table, and a constant number of queries."""

from __future__ import annotations

import csv
import io
import re
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import Team
from core.models import AccessLogEntry
from kvalitet.services import indikatorer_beregn
from kvalitet.views import safe_cell
from tests.kvalitet.conftest import evaluation, new_sak, tiltak

pytestmark = pytest.mark.django_db

PAGE = reverse("kvalitet:page")


def late_evaluation(world, team=None):
    """A case whose only evaluation in Q1 2026 came a day after its limit."""
    sak = new_sak(world, team)
    tiltak(world, sak, date(2025, 10, 1), date(2026, 1, 3))
    evaluation(world, sak, date(2026, 1, 2))
    return sak


def cases_url(key="evaluering_i_tide", kvartal="2026-1"):
    return reverse("kvalitet:cases", args=[key, kvartal])


def test_KVAL_02_page_for_leaders_only(client, world):
    """ROLE-02: the head of service and the team leaders see the page; a caseworker, the
    clerical officer and a user with no role get 404."""
    indikatorer_beregn()
    for name in ("teamleder", "barnevernleder", "annen_tjeneste"):
        client.force_login(getattr(world, name))
        assert client.get(PAGE).status_code == 200, name
    for name in ("saksbehandler", "kontorfaglig", "systemadmin", "uten_rolle"):
        client.force_login(getattr(world, name))
        assert client.get(PAGE).status_code == 404, name
        assert client.get(cases_url()).status_code == 404, name
        assert client.get(reverse("kvalitet:export")).status_code == 404, name


def test_KVAL_02_a_team_leader_sees_only_the_teams_they_lead(client, world):
    client.force_login(world.teamleder)
    assert client.get(PAGE, {"team": world.team_a.pk}).status_code == 200
    assert client.get(PAGE, {"team": world.team_b.pk}).status_code == 404
    assert client.get(PAGE, {"tjeneste": world.tjeneste.pk}).status_code == 404
    assert client.get(cases_url(), {"team": world.team_b.pk}).status_code == 404
    client.force_login(world.annen_tjeneste)  # the head of another service
    assert client.get(PAGE, {"tjeneste": world.tjeneste.pk}).status_code == 404
    assert client.get(PAGE, {"team": world.team_a.pk}).status_code == 404


def test_KVAL_02_the_cases_behind_a_figure_under_need_to_know(client, world):
    """The figure links to its cases; each user is shown only the cases they may see, and the
    list's read is logged (ROLE-03)."""
    sak_a = late_evaluation(world)
    sak_b = late_evaluation(world, world.team_b)
    indikatorer_beregn()

    client.force_login(world.barnevernleder)
    page = client.get(PAGE, {"tjeneste": world.tjeneste.pk}).content.decode()
    assert cases_url() + f"?tjeneste={world.tjeneste.pk}" in page
    body = client.get(cases_url(), {"tjeneste": world.tjeneste.pk}).content.decode()
    assert sak_a.saksnummer in body and sak_b.saksnummer in body
    row = AccessLogEntry.objects.filter(user=world.barnevernleder).latest("pk")
    assert row.action == AccessLogEntry.Action.LIST
    assert sorted(row.saker) == sorted([sak_a.pk, sak_b.pk])

    client.force_login(world.teamleder)
    body = client.get(cases_url(), {"team": world.team_a.pk}).content.decode()
    assert sak_a.saksnummer in body and sak_b.saksnummer not in body


def test_KVAL_02_no_figure_for_an_unknown_indicator_or_quarter(client, world):
    client.force_login(world.barnevernleder)
    assert client.get(cases_url(key="finnes_ikke")).status_code == 404
    assert client.get(cases_url(kvartal="2026-5")).status_code == 404


def test_KVAL_02_export_holds_no_personal_data(client, world):
    """The export holds counts and shares per team and quarter: no name, birth date,
    fødselsnummer or case number of any child or party."""
    sak = late_evaluation(world)
    sak.refresh_from_db()
    indikatorer_beregn()
    client.force_login(world.barnevernleder)
    response = client.get(reverse("kvalitet:export"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    text = b"".join(response).decode("utf-8-sig")
    barn = sak.barn
    for secret in (
        barn.fornavn,
        barn.etternavn,
        barn.fodselsnummer,
        barn.fodselsnummer[:6],
        barn.fodselsdato.isoformat(),
        barn.fodselsdato.strftime("%d.%m.%Y"),
        sak.saksnummer,
        world.saksbehandler.get_full_name(),
    ):
        assert secret not in text, secret
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert rows[0][0] == "Tjeneste"
    q1 = [r for r in rows if r[2] == "evaluering_i_tide" and r[5] == "2026-1" and r[1] == ""]
    assert q1 and q1[0][6:8] == ["1", "0"]


def test_KVAL_02_export_is_safe_from_formula_injection(client, world):
    """A cell a spreadsheet would run as a formula is prefixed with ' (CSV injection)."""
    for text in ("=1+2", "+1", "-1", "@SUM(A1)", "\tx", "\rx"):
        assert safe_cell(text) == "'" + text
    assert safe_cell("Tiltaksteamet") == "Tiltaksteamet"
    assert safe_cell(2.5) == "2,5"
    Team.objects.filter(pk=world.team_a.pk).update(navn='=HYPERLINK("http://x","y")')
    late_evaluation(world)
    indikatorer_beregn()
    client.force_login(world.barnevernleder)
    text = b"".join(client.get(reverse("kvalitet:export"))).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    teams = {r[1] for r in rows[1:]}
    assert '\'=HYPERLINK("http://x","y")' in teams
    assert not any(cell.startswith(("=", "+", "-", "@")) for r in rows for cell in r)


def test_KVAL_03_chart_has_a_text_alternative_and_a_table(client, world):
    """Each indicator's trend is an SVG with role="img", a <title> and a <desc> (the text
    summary), markers and values written out, and the same figures as a table."""
    late_evaluation(world)
    indikatorer_beregn()
    client.force_login(world.teamleder)
    page = client.get(PAGE).content.decode()
    assert page.count('role="img"') >= 7
    assert '<title id="chart-evaluering_i_tide-title">' in page
    assert '<desc id="chart-evaluering_i_tide-desc">1. kv. 2026: 0 % (0 av 1).' in page
    assert "<rect" in page  # the 90th percentile: squares (and a dashed line)
    # Coordinates are numbers an SVG reads (never a Norwegian decimal comma).
    assert not re.search(r'\b(?:x|y|cx|cy|y1|y2)="\d+,\d', page)
    assert page.count("<table") >= 8
    assert "ingen data" in page
    assert "Beregnet " in page  # how fresh the figures are


def test_KVAL_01_the_ettervern_and_referral_indicators_are_shown(client, world):
    indikatorer_beregn()
    client.force_login(world.barnevernleder)
    page = client.get(PAGE).content.decode()
    assert "Svar på henvisninger innen fristen" in page
    assert "Dialog om ettervern innen 17½ år" in page


def test_KVAL_01_start_page_shows_the_leaders_indicators(client, world):
    late_evaluation(world)
    indikatorer_beregn()
    client.force_login(world.teamleder)
    page = client.get(reverse("core:home")).content.decode()
    assert 'id="kvalitet-heading"' in page
    assert PAGE in page
    assert f'<a href="{PAGE}"' in page  # the leaders' menu
    client.force_login(world.saksbehandler)
    page = client.get(reverse("core:home")).content.decode()
    assert 'id="kvalitet-heading"' not in page
    assert PAGE not in page


def test_KVAL_01_head_computes_now(client, world):
    late_evaluation(world)
    client.force_login(world.teamleder)
    assert client.post(reverse("kvalitet:refresh")).status_code == 404
    client.force_login(world.barnevernleder)
    response = client.post(reverse("kvalitet:refresh"), {"enhet": f"team={world.team_a.pk}"})
    assert response.status_code == 302
    assert response["Location"].endswith(f"?team={world.team_a.pk}")
    page = client.get(response["Location"]).content.decode()
    assert "0 %" in page


def test_KVAL_01_page_query_count_is_constant(client, world):
    """The page reads the stored summary: the same number of queries with 1 case or 12."""
    late_evaluation(world)
    indikatorer_beregn()
    client.force_login(world.barnevernleder)
    client.get(PAGE)
    with CaptureQueriesContext(connection) as small:
        assert client.get(PAGE).status_code == 200
    for _ in range(11):
        late_evaluation(world)
        late_evaluation(world, world.team_b)
    indikatorer_beregn()
    with CaptureQueriesContext(connection) as large:
        assert client.get(PAGE).status_code == 200
    assert len(large) == len(small)
    assert len(small) <= 12
