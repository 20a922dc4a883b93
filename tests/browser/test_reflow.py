"""WCAG 2.1 AA reflow (1.4.10, issue 20 item 3): at 320 CSS px no page scrolls sideways.

Each role logs in to the demo municipality in a window 320 px wide and walks its pages: the
start page, a few of its cases (the one with most decisions, one with a plan and evaluations,
one with a contractor) and their documents, then breadth first every page they link to: two
levels from the start page (the menu's pages and what they list), three inside a case (a
decision, its draft, a measure; the plan, a version, its editor). Links only (GET), never a
form; at most two pages of one view. On every page the document is no wider than the window
(1 px of rounding allowed) and the link led somewhere (no 4xx/5xx); a wide table may scroll
inside its own region (``.app-table-scroll``), never the page. At 390 px the header menu
collapses behind «Meny» and, opened, shows «Oppdragstakere» whole; without JavaScript it stays
open. Screenshots of a case page at 320 px and of the open menu at 390 px are saved under
test-artifacts/.

The same walk reads every page for English (issue 20, item 2): a page under ``nb`` shows no
sentence of the catalogue's English and no line of English grammar (:mod:`tests.english`).
"""

from __future__ import annotations

from collections import Counter, deque
from urllib.parse import urldefrag, urlsplit

import pytest
from django.db.models import Count, Q
from django.urls import reverse

from accounts.demo import DEMO_PASSWORD
from accounts.models import User
from cases.permissions import saker_visible_to
from tests.crawl import view_name
from tests.documents.helpers import documents_storage  # noqa: F401  (a fixture)
from tests.english import english_in

from .conftest import fresh_session, login

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("documents_storage"),
]

#: One demo user per role.
ROLES = ("saksbehandler", "teamleder", "barnevernleder", "kontorfaglig", "admin")
NARROW = {"width": 320, "height": 800}
#: Pages of one view visited per role: enough to meet each kind of page, not every case.
PER_VIEW = 2
#: Views that are not pages: files, the health check.
SKIP_VIEWS = {"documents:download", "innkommende:download", "core:healthz", "kvalitet:export"}

#: The elements that stick out of the window, widest first, for the failure message: those
#: outside a table's scroll region, or else any (a visually hidden text in a table positioned
#: against the page).
_WHAT_STICKS_OUT = """() => {
  const limit = document.documentElement.clientWidth + 1;
  const out = [], inside = [];
  for (const el of document.querySelectorAll("body *")) {
    const r = el.getBoundingClientRect();
    if (!r.width || r.right <= limit) continue;
    const name = el.tagName.toLowerCase() + (el.id ? "#" + el.id : "")
      + (typeof el.className === "string" && el.className.trim()
         ? "." + el.className.trim().split(/\\s+/).join(".") : "");
    const inRegion = el.parentElement && el.parentElement.closest(".app-table-scroll");
    (inRegion ? inside : out).push([Math.round(r.right), name]);
  }
  const list = out.length ? out : inside;
  list.sort((a, b) => b[0] - a[0]);
  return list.slice(0, 4);
}"""


#: What a user reads or hears on a page: its title, its text (visually hidden text included),
#: the accessible names and hints given in attributes, the placeholders.
_WHAT_IS_READ = """() => [document.title, document.body.innerText].concat(
  Array.from(document.querySelectorAll("[aria-label], [title], [placeholder], img[alt]"),
    el => el.getAttribute("aria-label") || el.getAttribute("title")
      || el.getAttribute("placeholder") || el.getAttribute("alt"))
).join("\\n")"""


def _demo(settings):
    from demo.data import load_demo

    settings.DEMO_MODE = True
    load_demo(children=30)


def _cases_for(user) -> list[int]:
    """A few of the user's cases: the one with most decisions, one with a plan and its
    evaluations, one with a contractor's assignment."""
    saker = saker_visible_to(user).annotate(
        n_vedtak=Count("vedtak", distinct=True),
        n_eval=Count("tiltaksplan__evalueringer", distinct=True),
        n_oppdrag=Count("oppdrag", distinct=True),
    )
    picks = [
        saker.filter(n_vedtak__gt=0).order_by("-n_vedtak", "pk").first(),
        saker.filter(n_eval__gt=0).order_by("-n_eval", "pk").first(),
        saker.filter(~Q(n_oppdrag=0)).order_by("-n_oppdrag", "pk").first(),
    ]
    seen: list[int] = []
    for sak in picks:
        if sak and sak.pk not in seen:
            seen.append(sak.pk)
    return seen


def _page_links(page, origin: str) -> list[str]:
    hrefs = page.eval_on_selector_all("a[href]", "els => els.map(a => a.href)")
    links = []
    for href in hrefs:
        href, _fragment = urldefrag(href)
        if href.startswith(origin) and href not in links:
            links.append(href)
    return links


def _view_name(url: str) -> str | None:
    return view_name(urlsplit(url).path, SKIP_VIEWS)


def _check(page, url: str, problems: list[str], role: str) -> bool:
    response = page.goto(url)
    if response is None or "text/html" not in (response.headers.get("content-type") or ""):
        return False
    if not response.ok:  # a link the page offered leads nowhere
        problems.append(f"{role} {urlsplit(url).path}: HTTP {response.status}")
    english = english_in(page.evaluate(_WHAT_IS_READ))
    if english:
        problems.append(f"{role} {urlsplit(url).path}: English: {english[:3]}")
    width = page.evaluate("document.documentElement.scrollWidth")
    if width > NARROW["width"] + 1:
        path = urlsplit(url).path
        problems.append(f"{role} {path}: {width}px; {page.evaluate(_WHAT_STICKS_OUT)}")
    return True


def _crawl(page, origin: str, role: str, cases: list[int], problems: list[str]) -> list[str]:
    """Visit the start page, the cases and their documents, then breadth first what they link
    to: two levels from the start page (the menu's pages and theirs), three inside a case (the
    decision, its draft, a measure; the plan, a version, its editor). At most PER_VIEW pages of
    one view. Return the pages visited."""
    visited: list[str] = []
    per_view: Counter[str] = Counter()
    case_prefixes = tuple(f"/saker/{pk}/" for pk in cases)
    queue: deque[tuple[str, int]] = deque([(origin + reverse("core:home"), 0)])
    for pk in cases:
        queue.append((origin + reverse("cases:detail", args=[pk]), 0))
        queue.append((origin + reverse("documents:list", args=[pk]), 1))
    while queue:
        url, depth = queue.popleft()
        name = _view_name(url)
        if url in visited or name is None or per_view[name] >= PER_VIEW:
            continue
        per_view[name] += 1
        visited.append(url)
        if not _check(page, url, problems, role):
            continue
        limit = 3 if urlsplit(url).path.startswith(case_prefixes) else 2
        if depth < limit:
            queue.extend((link, depth + 1) for link in _page_links(page, origin))
    return visited


def test_WCAG_1_4_10_no_page_scrolls_sideways_at_320_px(page, live_server, settings, artifacts):
    _demo(settings)
    page.set_viewport_size(NARROW)
    problems: list[str] = []
    report: dict[str, int] = {}

    # The login pages, before anyone is logged in.
    _check(page, live_server.url + reverse("accounts:login"), problems, "anonym")

    for role in ROLES:
        user = User.objects.get(username=role)
        fresh_session(page)
        login(page, live_server, user, password=DEMO_PASSWORD)
        cases = _cases_for(user)
        visited = _crawl(page, live_server.url, role, cases, problems)
        report[role] = len(visited)
        if role == "saksbehandler":
            page.goto(f"{live_server.url}/saker/{cases[0]}/")
            page.screenshot(path=artifacts / "reflow-320-sak.png", full_page=True)

    # Every role met its pages; the caseworker a good many of them.
    assert report["saksbehandler"] >= 25, report
    assert all(report.values()), report
    assert not problems, "Pages wider than 320 px, with English, or links that fail:\n" + "\n".join(
        problems
    )


def test_WCAG_1_4_10_the_menu_collapses_and_shows_every_item(
    page, live_server, settings, artifacts
):
    _demo(settings)
    user = User.objects.get(username="saksbehandler")
    page.set_viewport_size({"width": 390, "height": 800})
    login(page, live_server, user, password=DEMO_PASSWORD)

    toggle = page.get_by_role("button", name="Meny")
    assert toggle.is_visible()
    assert toggle.get_attribute("aria-expanded") == "false"
    link = page.get_by_role("link", name="Oppdragstakere")
    assert not link.is_visible()

    toggle.click()
    assert toggle.get_attribute("aria-expanded") == "true"
    assert link.is_visible()
    for item in page.locator("nav.app-nav a").all():
        box = item.bounding_box()
        assert box and box["x"] >= 0 and box["x"] + box["width"] <= 390, item.inner_text()
        clipped = item.evaluate("a => a.scrollWidth > a.clientWidth + 1")
        assert not clipped, item.inner_text()
    assert page.evaluate("document.documentElement.scrollWidth") <= 391
    page.screenshot(path=artifacts / "reflow-390-meny.png")

    # Escape closes it and gives the focus back to the button.
    link.focus()
    page.keyboard.press("Escape")
    assert toggle.get_attribute("aria-expanded") == "false"
    assert page.evaluate("document.activeElement.textContent.trim()") == "Meny"

    # On a wide screen there is no button: the menu is always there.
    page.set_viewport_size({"width": 1280, "height": 800})
    assert not toggle.is_visible()
    assert link.is_visible()


def test_WCAG_1_4_10_without_javascript_the_menu_is_open(browser, live_server, settings):
    """No script: no button that does nothing, every menu item shown (wrapped)."""
    _demo(settings)
    context = browser.new_context(
        java_script_enabled=False, locale="nb-NO", viewport={"width": 320, "height": 800}
    )
    page = context.new_page()
    try:
        login(page, live_server, "saksbehandler", password=DEMO_PASSWORD)
        assert not page.get_by_role("button", name="Meny").is_visible()
        assert page.get_by_role("link", name="Oppdragstakere").is_visible()
        assert page.evaluate("document.documentElement.scrollWidth") <= 321
    finally:
        context.close()
