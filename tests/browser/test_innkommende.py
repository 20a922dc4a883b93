"""Incoming documents in the browser (INN-01): the caseworker uploads a real PDF on a case from
the case page, sees it listed, downloads it (an attachment, never cached: ``no-store``), and
tries an executable renamed ``.pdf`` – refused by its content with the Norwegian message next to
the file field, nothing stored. axe checks every page."""

from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from innkommende.models import InnkommendeDokument
from tests.innkommende.factories import EXE, pdf_bytes

from .conftest import assert_accessible, login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _storage(settings, tmp_path):
    """The uploaded files go to a temporary private directory (INN-01 storage)."""
    settings.DOCUMENTS_STORAGE = {
        "BACKEND": "documents.storage.PrivateFileSystemStorage",
        "OPTIONS": {"location": str(tmp_path / "dokumenter")},
    }


def _fill(page, *, tittel: str, file) -> None:
    page.locator("#id_fil").set_input_files(str(file))
    page.locator("#id_type").select_option(InnkommendeDokument.Type.RAPPORT_SENTER)
    page.locator("#id_avsender").fill("Senter for foreldre og barn")
    page.locator("#id_mottatt").fill(timezone.localdate().isoformat())
    page.locator("#id_tittel").fill(tittel)
    page.locator("main form.app-form button[type=submit]").click()


def test_INN_01_upload_a_pdf_list_it_download_it_and_refuse_an_executable(
    page, live_server, world, artifacts, tmp_path
):
    sak = world.sak_a
    content = pdf_bytes("Rapport fra senteret, mai")
    pdf = tmp_path / "Rapport mai.pdf"
    pdf.write_bytes(content)
    exe = tmp_path / "faktura.pdf"
    exe.write_bytes(EXE)
    create = reverse("innkommende:create", args=[sak.pk])
    login(page, live_server, world.saksbehandler)

    # From the case page's panel to the form.
    page.goto(live_server.url + reverse("cases:detail", kwargs={"sak_id": sak.pk}))
    page.locator(f'main a[href="{create}"]').first.click()
    page.wait_for_url(f"**{create}")
    assert_accessible(page, "incoming document form")
    _fill(page, tittel="Rapport fra senteret", file=pdf)
    dokument = InnkommendeDokument.objects.get(sak=sak)
    detail = reverse("innkommende:detail", args=[sak.pk, dokument.pk])
    page.wait_for_url(f"**{detail}")
    assert dokument.filnavn == "Rapport mai.pdf"
    assert dokument.storrelse == len(content)
    assert_accessible(page, "incoming document")
    page.screenshot(path=artifacts / "innkommende-00-detail.png", full_page=True)

    # Listed on the case's incoming documents.
    page.goto(live_server.url + reverse("innkommende:list", args=[sak.pk]))
    expect(page.locator(f'main a[href="{detail}"]')).to_have_count(1)
    expect(page.locator("main")).to_contain_text("Rapport fra senteret")
    assert_accessible(page, "incoming documents")

    # The download: the same bytes, as an attachment, never cached.
    download_url = reverse("innkommende:download", args=[sak.pk, dokument.pk])
    page.goto(live_server.url + detail)
    with page.expect_download() as info:
        page.locator(f'main a[href="{download_url}"]').click()
    download = info.value
    assert download.suggested_filename == "Rapport mai.pdf"
    assert Path(download.path()).read_bytes() == content
    response = page.request.get(live_server.url + download_url)
    assert response.ok
    assert response.body() == content
    assert response.headers["content-type"] == "application/pdf"
    assert response.headers["content-disposition"].startswith("attachment;")
    assert "no-store" in response.headers["cache-control"]
    assert response.headers["x-content-type-options"] == "nosniff"

    # An executable renamed .pdf: refused by its content, next to the field; nothing stored.
    page.goto(live_server.url + create)
    _fill(page, tittel="Faktura", file=exe)
    page.wait_for_url(f"**{create}")
    error = page.locator("#id_fil_error")
    expect(error).to_contain_text("Bare PDF-, PNG- og JPEG-filer")
    expect(page.locator("#id_fil")).to_have_attribute("aria-invalid", "true")
    assert InnkommendeDokument.objects.filter(sak=sak).count() == 1
    assert_accessible(page, "incoming document form with the refusal")
    page.screenshot(path=artifacts / "innkommende-01-refused.png", full_page=True)
