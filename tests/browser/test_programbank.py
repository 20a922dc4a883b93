"""The programme bank in the browser (BANK-01 … BANK-04): the head of service opens the bank
and a programme and edits it; the caseworker adds a measure with a programme and a trained
provider (their load in the choice), and sending to the team leader asks for the assessment of
a programme that may not fit, which is then shown on the decision. axe checks every page. Pages
are found by address and field, not by their text."""

import pytest
from django.urls import reverse
from django.utils import timezone

from programbank.models import Program
from programbank.services import program_seed_defaults
from vedtak.models import Tiltakstype, Vedtak

from ..vedtak import factories as vf
from .conftest import assert_accessible, fresh_session, login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _submit(page) -> None:
    page.locator("main form.app-form button[type=submit]").first.click()


def test_BANK_01_to_BANK_04_the_bank_and_the_choice_in_the_draft(page, live_server, world):
    program_seed_defaults(actor=world.barnevernleder, tjeneste_id=world.tjeneste.pk)
    cos = Program.objects.get(tjeneste=world.tjeneste, kode="cos-p")

    # BANK-01: the head of service's bank, a programme, its form.
    login(page, live_server, world.barnevernleder)
    page.goto(live_server.url + reverse("programbank:list"))
    assert_accessible(page, "the programme bank")
    page.locator(f'main a[href="{reverse("programbank:detail", args=[cos.pk])}"]').click()
    page.wait_for_url(live_server.url + reverse("programbank:detail", args=[cos.pk]))
    assert_accessible(page, "a programme")
    page.goto(live_server.url + reverse("programbank:edit", args=[cos.pk]))
    assert_accessible(page, "a programme's form")
    page.locator(f'#id_utdannede input[value="{world.saksbehandler_b.pk}"]').check()
    _submit(page)
    page.wait_for_url(live_server.url + reverse("programbank:detail", args=[cos.pk]))
    assert world.saksbehandler_b in cos.utdannede.all()
    fresh_session(page)

    # BANK-04: the caseworker picks COS-P and a trained provider in the draft.
    v = vf.draft(world, tiltak=())
    login(page, live_server, world.saksbehandler)
    page.goto(live_server.url + reverse("vedtak:tiltak_add", args=[v.sak_id, v.pk]))
    assert_accessible(page, "a measure with a programme")
    page.locator("#id_type").select_option(
        str(Tiltakstype.objects.get(kode="foreldreveiledning").pk)
    )
    page.locator("#id_program").select_option(str(cos.pk))
    page.locator("#id_utforer").select_option(str(world.saksbehandler_b.pk))
    page.locator("#id_omfang").fill("8 samlinger")
    page.locator("#id_startdato").fill(timezone.localdate().isoformat())
    _submit(page)
    page.wait_for_url(lambda url: "/tiltak/ny/" not in url)

    # BANK-02: COS-P records contra-indications: the assessment before the team leader.
    url = reverse(
        "vedtak:transition",
        kwargs={"sak_id": v.sak_id, "vedtak_id": v.pk, "action": "send_to_guidance"},
    )
    page.goto(live_server.url + url)
    assert_accessible(page, "sending with a warning")
    page.locator("#id_override_reason").fill("Vurdert med familien: ingen kontraindikasjon nå.")
    _submit(page)
    page.wait_for_url(lambda u: u.endswith(reverse("vedtak:detail", args=[v.sak_id, v.pk])))
    v.refresh_from_db()
    assert v.status == Vedtak.Status.TIL_VEILEDNING
    assert v.program_vurdert_av == world.saksbehandler
    assert_accessible(page, "the decision with the assessment")
