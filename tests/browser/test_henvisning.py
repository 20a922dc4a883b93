"""From referral to offer to decision in the browser (HENV-01, HENV-02, HENV-03): the caseworker
writes a referral to MST from the case page – refused without what it asks for (next to the
field, the input kept) – makes its letter, records its dispatch, records the answer with an
offer, and takes the offer up: a draft decision opens with the measure filled in. axe checks
every page. Pages are found by address and field, not by their text. (The centre course's
part of this journey is the senter tests'.)"""

import time

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from henvisning.models import Henvisning
from innkommende.demo import tiny_pdf
from tests.documents.helpers import documents_storage  # noqa: F401  (a fixture)
from vedtak.models import Tiltakstype, Vedtak

from ..factories import make_sak
from ..henvisning import factories as f
from .conftest import assert_accessible, login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _wait_for_letter(h: Henvisning, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        h.refresh_from_db()
        if h.brev_id is not None and h.brev.is_downloadable:
            return
        time.sleep(0.5)
    raise AssertionError("the referral's letter was not made")


def _submit(page) -> None:
    page.locator("main form.app-form button[type=submit]").first.click()


def test_HENV_01_HENV_02_HENV_03_from_referral_to_offer_to_decision(
    page,
    live_server,
    world,
    artifacts,
    tmp_path,
    documents_storage,  # noqa: F811
):
    sak = make_sak(world.saksbehandler, world.team_a, parter=2)
    typ = Tiltakstype.objects.get(kode="foreldreveiledning")
    mst = f.mottaker(
        world.tjeneste, "MST-teamet Nord", type="mst", krever_vedtak=True, tiltakstype=typ
    )
    samtykke = f.consent(sak, mst.navn)
    login(page, live_server, world.saksbehandler)

    # HENV-01: from the case page.
    page.goto(live_server.url + reverse("cases:detail", args=[sak.pk]))
    create = reverse("henvisning:create", kwargs={"sak_id": sak.pk})
    page.locator(f'main a[href="{create}"]').first.click()
    page.wait_for_url(f"**{create}")
    assert_accessible(page, "referral form")
    page.locator("#id_mottaker").select_option(str(mst.pk))
    page.locator("#id_bakgrunn").fill("Mye konflikt hjemme.")
    page.locator("#id_samtykke").select_option(str(samtykke.pk))
    _submit(page)
    # Refused next to the field, the input kept, nothing stored.
    expect(page.locator("#id_sporsmal")).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#id_bakgrunn")).to_have_value("Mye konflikt hjemme.")
    assert not Henvisning.objects.exists()
    assert_accessible(page, "referral refused")
    page.locator("#id_sporsmal").fill("Vi ber om MST for familien.")
    _submit(page)
    page.wait_for_url("**/henvisninger/*/")
    h = Henvisning.objects.get()
    detail = reverse("henvisning:detail", args=[sak.pk, h.pk])
    assert_accessible(page, "referral (draft)")

    # DOK-01: the letter, made after the response.
    make = reverse("henvisning:action", args=[sak.pk, h.pk, "make_letter"])
    page.locator(f'main a[href="{make}"]').first.click()
    page.wait_for_url(f"**{make}")
    _submit(page)
    page.wait_for_url(f"**{detail}")
    _wait_for_letter(h)

    # DOK-02: its dispatch recorded.
    send = reverse("henvisning:action", args=[sak.pk, h.pk, "send"])
    page.goto(live_server.url + detail)
    page.locator(f'main a[href="{send}"]').first.click()
    page.wait_for_url(f"**{send}")
    assert_accessible(page, "send the referral")
    page.locator("#id_kanal").select_option("brev")
    _submit(page)
    page.wait_for_url(f"**{detail}")
    h.refresh_from_db()
    assert h.status == Henvisning.Status.SENDT

    # HENV-02: the answer, an offer, with its letter.
    answer = reverse("henvisning:action", args=[sak.pk, h.pk, "record_answer"])
    page.locator(f'main a[href="{answer}"]').first.click()
    page.wait_for_url(f"**{answer}")
    assert_accessible(page, "record the answer")
    page.locator("#id_utfall_0").check()
    page.locator("#id_svar_dato").fill(timezone.localdate().isoformat())
    svar = tmp_path / "svar.pdf"
    svar.write_bytes(tiny_pdf("Svar fra MST"))
    page.locator("#id_fil").set_input_files(str(svar))
    page.locator("#id_tilbud_hva").fill("MST i 5 måneder")
    page.locator("#id_tilbud_fra").fill(timezone.localdate().isoformat())
    page.locator("#id_tilbud_kontakt").fill("Terapeut i MST")
    _submit(page)
    page.wait_for_url(f"**{detail}")
    expect(page.locator("#henv-answer-heading")).to_be_visible()
    assert_accessible(page, "referral (answered)")
    page.screenshot(path=artifacts / "henvisning-00-answered.png", full_page=True)

    # HENV-03: the offer taken up through a decision.
    take_up = reverse("henvisning:action", args=[sak.pk, h.pk, "take_up"])
    page.locator(f'main a[href="{take_up}"]').first.click()
    page.wait_for_url(f"**{take_up}")
    assert_accessible(page, "take up the offer")
    expect(page.locator("#id_tiltakstype")).to_have_value(str(typ.pk))
    page.locator("#id_omfang").fill("2 økter per uke")
    _submit(page)
    page.wait_for_url(f"**{detail}")
    h.refresh_from_db()
    v = h.vedtak
    assert v is not None and v.status == Vedtak.Status.UTKAST
    page.locator(f'main a[href="{reverse("vedtak:detail", args=[sak.pk, v.pk])}"]').click()
    page.wait_for_url(f"**/vedtak/{v.pk}/")
    assert v.tiltak.get().type == typ
    assert_accessible(page, "draft decision from the offer")
    page.screenshot(path=artifacts / "henvisning-01-decision.png", full_page=True)
