"""The documents of a case in the browser: the list, the download link and the dispatch form
(DOK-01, DOK-02); axe finds no serious or critical violations. Screenshots in test-artifacts/."""

import pytest
from django.urls import reverse

from documents.models import Utsending
from tests.documents.helpers import documents_storage, make_dokument  # noqa: F401  (a fixture)

from .conftest import assert_accessible, login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_DOK_02_caseworker_registers_a_dispatch(
    page,
    live_server,
    world,
    artifacts,
    documents_storage,  # noqa: F811
):
    sak = world.sak_a
    dokument = make_dokument(world.saksbehandler, sak)
    part = sak.parter.order_by("pk").first()
    list_url = reverse("documents:list", kwargs={"sak_id": sak.pk})
    login(page, live_server, world.saksbehandler, next_url=list_url)

    assert page.get_by_role("heading", level=1).inner_text() == "Dokumenter"
    download = page.get_by_role("link", name="Last ned PDF")
    assert download.get_attribute("href") == reverse(
        "documents:download", kwargs={"sak_id": sak.pk, "dokument_id": dokument.pk}
    )
    assert dokument.checksum_prefix in page.content()
    assert_accessible(page, "document list")
    page.screenshot(path=artifacts / "dokumenter-1-liste.png", full_page=True)

    # The download is the stored PDF, as an attachment.
    with page.expect_download() as info:
        download.click()
    assert info.value.suggested_filename == dokument.download_filename

    page.get_by_role("link", name="Registrer utsending").click()
    page.wait_for_url(f"**/dokumenter/{dokument.pk}/utsending/")
    assert_accessible(page, "dispatch form")
    # Nothing chosen: the error is shown next to the field, in Norwegian.
    page.get_by_role("button", name="Registrer utsending").click()
    assert page.get_by_label("Mottaker", exact=True).get_attribute("aria-invalid") == "true"
    assert_accessible(page, "dispatch form with errors")
    page.get_by_label("Mottaker", exact=True).select_option(str(part.pk))
    page.get_by_label("Hvordan det ble sendt").select_option("digital")
    page.get_by_role("button", name="Registrer utsending").click()
    page.wait_for_url(live_server.url + list_url)
    assert page.get_by_text("Utsendingen er registrert.").is_visible()
    assert part.fullt_navn in page.content()
    page.screenshot(path=artifacts / "dokumenter-2-sendt.png", full_page=True)
    assert Utsending.objects.get().part_id == part.pk
