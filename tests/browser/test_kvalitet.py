"""The quality indicators in the browser (KVAL-02, KVAL-03): the team leader opens the page from
the start page; each trend chart is an image with a text alternative (its <title> and <desc>,
the summary in words) and the same figures as a table; a figure links to the cases behind it.
axe checks the pages. No figure depends on the day: the records are built relative to today."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from kvalitet.services import indikatorer_beregn
from tests.kvalitet.conftest import evaluation, tiltak

from .conftest import assert_accessible, login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_KVAL_03_chart_has_a_text_alternative_and_a_table(page, live_server, world, artifacts):
    today = timezone.localdate()
    tiltak(world, world.sak_a, today - timedelta(days=120), today - timedelta(days=5))
    evaluation(world, world.sak_a, today - timedelta(days=10), child_view="Det går bedre.")
    indikatorer_beregn()

    login(page, live_server, world.teamleder)
    page.locator("#kvalitet-heading").wait_for()
    page.locator(f'#kvalitet-heading ~ p a[href="{reverse("kvalitet:page")}"]').click()
    page.wait_for_url(f"**{reverse('kvalitet:page')}")
    page.locator("#kvalitet-freshness").wait_for()

    chart = page.locator('svg[role="img"][aria-labelledby^="chart-barnets_stemme"]')
    expect(chart).to_have_count(1)
    title = chart.locator("title")
    desc = chart.locator("desc")
    assert title.text_content().strip()
    assert (
        desc.text_content().strip()
        == page.locator("#ind-barnets_stemme-summary").text_content().strip()
    )
    # The accessible name the chart gets from its <title> and <desc>.
    name = chart.evaluate(
        "el => el.getAttribute('aria-labelledby').split(' ')"
        ".map(id => document.getElementById(id).textContent).join(' ')"
    )
    assert "%" in name

    section = page.locator("#ind-barnets_stemme").locator("xpath=..")
    section.locator("details summary").click()
    table = section.locator("table")
    expect(table).to_be_visible()
    expect(table.locator("tbody tr")).to_have_count(8)
    page.screenshot(path=artifacts / "kvalitet-00-page.png", full_page=True)
    assert_accessible(page, "quality indicators")

    table.locator("a.ds-link").first.click()
    page.wait_for_url("**/kvalitet/barnets_stemme/**")
    expect(
        page.locator(f'main a[href="{reverse("cases:detail", args=[world.sak_a.pk])}"]')
    ).to_have_count(1)
    assert_accessible(page, "the cases behind a figure")
