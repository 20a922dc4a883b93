"""Issue 20, finding 11 (DOK-01): the page a letter is ordered from answers at once, says
«Lages …» and updates by itself (htmx) when the letter is made, without a reload and without
moving the focus; the list's polite live region says the letter is ready.

No broker here (the embedded default): the letters are made in the server's process after the
response. The test holds the render until it has seen the page answer with «Lages …», so that
what it checks does not depend on how fast the machine makes a PDF.
"""

import threading
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from documents import services
from documents.models import Dokument
from tests.documents.helpers import documents_storage  # noqa: F401  (a fixture)

from .conftest import assert_accessible, login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_DOK_01_the_advance_notice_page_says_being_made_then_shows_the_letter(
    page,
    live_server,
    world,
    artifacts,
    monkeypatch,
    documents_storage,  # noqa: F811
):
    from tests.vedtak import factories as vf

    v = vf.draft(world)
    today = timezone.localdate()
    gate = threading.Event()
    letter_to_pdf = services.letter_to_pdf

    def held(html):
        # The server's thread makes the letter after the response: it waits for the test.
        gate.wait(timeout=60)
        return letter_to_pdf(html)

    monkeypatch.setattr(services, "letter_to_pdf", held)
    try:
        detail = reverse("vedtak:detail", kwargs={"sak_id": v.sak_id, "vedtak_id": v.pk})
        login(page, live_server, world.saksbehandler, next_url=detail)
        page.get_by_role("link", name="Send forhåndsvarsel").click()
        page.locator("#id_sendt").fill(today.isoformat())
        page.locator("#id_frist").fill((today + timedelta(days=14)).isoformat())
        page.get_by_role("button", name="Registrer forhåndsvarsel").click()
        # The answer came while no letter was made yet.
        page.wait_for_url(live_server.url + detail)
        docs = page.locator("section[aria-labelledby=docs-heading]")
        being_made = docs.get_by_text("Lages …")
        expect(being_made.first).to_be_visible()
        letters = Dokument.objects.filter(sak=v.sak, type=Dokument.Type.FORHANDSVARSEL)
        assert letters.exists()
        assert set(letters.values_list("status", flat=True)) == {Dokument.Status.BESTILT}
        assert docs.locator("tr[hx-get]").count() == letters.count()
        status = page.locator("#dokumenter-melding")
        assert status.get_attribute("aria-live") == "polite"
        assert status.inner_text() == ""
        assert_accessible(page, "decision page, letters being made")
        page.screenshot(path=artifacts / "brev-1-lages.png", full_page=True)

        # The user is somewhere on the page: the update does not move them.
        page.get_by_role("heading", level=1).click()
        page.keyboard.press("Tab")
        focused = page.evaluate("document.activeElement && document.activeElement.outerHTML")
        url = page.url
        gate.set()
        expect(being_made).to_have_count(0, timeout=60_000)
        expect(docs.get_by_role("link", name="Last ned PDF").first).to_be_visible()
        assert docs.get_by_role("link", name="Last ned PDF").count() == letters.count()
        assert docs.locator("tr[hx-get]").count() == 0  # polling has stopped
        expect(status).to_contain_text("Dokumentet er klart: Forhåndsvarsel, versjon 1.")
        assert page.url == url  # no reload
        assert (
            page.evaluate("document.activeElement && document.activeElement.outerHTML") == focused
        )
        assert set(letters.values_list("status", flat=True)) == {Dokument.Status.FERDIG}
        assert_accessible(page, "decision page, letters made")
        page.screenshot(path=artifacts / "brev-2-klar.png", full_page=True)
    finally:
        gate.set()
