"""A referral to a centre for parents and children in the browser, to its offer and the course
page (SENTER-02, SENTER-03): the course page is reached from the case page; sending without a
Bufetat investigation warns (SENTER-02) and is refused until the caseworker gives a reason,
which the course page then shows; after the offer the caseworker records the centre's call.
axe checks every page. Pages are found by address and field, not by their text."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from henvisning import services as henv
from henvisning.models import Henvisning
from innkommende.demo import tiny_pdf
from senter.models import Senterforlop
from tests.documents.helpers import documents_storage  # noqa: F401  (a fixture)

from ..factories import make_sak
from ..henvisning import factories as hf
from ..senter.factories import senter
from .conftest import assert_accessible, login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _submit(page) -> None:
    page.locator("main form.app-form button[type=submit]").first.click()


def test_SENTER_02_SENTER_03_from_referral_to_offer_to_the_course(
    page,
    live_server,
    world,
    artifacts,
    documents_storage,  # noqa: F811
):
    sak = make_sak(world.saksbehandler, world.team_a, age=3, parter=2)
    h = hf.made(hf.draft(sak, senter(world.tjeneste)))
    login(page, live_server, world.saksbehandler)

    # The course page, from the case page's panel.
    page.goto(live_server.url + reverse("cases:detail", args=[sak.pk]))
    course = reverse("senter:detail", args=[sak.pk, h.pk])
    page.locator(f'main a[href="{course}"]').first.click()
    page.wait_for_url(f"**{course}")
    assert_accessible(page, "centre course (draft referral)")
    expect(
        page.locator(
            f'main a[href="{reverse("senter:action", args=[sak.pk, h.pk, "investigation"])}"]'
        )
    ).to_be_visible()

    # SENTER-02: no Bufetat investigation recorded: the send page warns and wants a reason.
    send = reverse("henvisning:action", args=[sak.pk, h.pk, "send"])
    page.goto(live_server.url + send)
    assert_accessible(page, "send the referral to a centre (warning)")
    expect(page.locator("main")).to_contain_text("SENTER-02")
    page.locator("#id_kanal").select_option("brev")
    _submit(page)
    expect(page.locator("#id_override_reason")).to_have_attribute("aria-invalid", "true")
    assert Henvisning.objects.get(pk=h.pk).status != Henvisning.Status.SENDT
    page.locator("#id_override_reason").fill("Kommunen fullfinansierer; familien trenger hjelp nå.")
    _submit(page)
    page.wait_for_url(f"**{reverse('henvisning:detail', args=[sak.pk, h.pk])}")
    assert Henvisning.objects.get(pk=h.pk).status == Henvisning.Status.SENDT

    # The centre's offer (recorded through the referral's own service, tested there).
    today = timezone.localdate()
    henv.henvisning_record_answer(
        actor=world.saksbehandler,
        henvisning_id=h.pk,
        utfall=Henvisning.Utfall.TILBUD,
        svar_dato=today,
        fil=SimpleUploadedFile("tilbud.pdf", tiny_pdf("Tilbud"), content_type="application/pdf"),
        tilbud_hva="Omsorgsendrende hjelpetiltak i hjemmet",
        tilbud_fra=today + timedelta(days=14),
    )

    # SENTER-03: the centre's vurderingsmøte and its call, on the course page.
    page.goto(live_server.url + course)
    expect(page.locator("main")).to_contain_text("Kommunen fullfinansierer")
    contact = reverse("senter:action", args=[sak.pk, h.pk, "centre_contact"])
    page.locator(f'main a[href="{contact}"]').first.click()
    page.wait_for_url(f"**{contact}")
    assert_accessible(page, "the centre's call")
    page.locator("#id_vurderingsmote").fill(today.isoformat())
    page.locator("#id_kontaktet").fill(today.isoformat())
    _submit(page)
    page.wait_for_url(f"**{course}")
    expect(page.locator("#senter-meetings-heading")).to_be_visible()
    assert_accessible(page, "centre course (offered)")
    page.screenshot(path=artifacts / "senter-00-course.png", full_page=True)
    forlop = Senterforlop.objects.get(henvisning=h)
    assert forlop.vurderingsmote == today
    assert forlop.videre_begrunnelse.startswith("Kommunen fullfinansierer")
