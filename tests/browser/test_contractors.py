"""A caseworker takes a new contractor to an active assignment through the pages (OPP-01 …
OPP-04), and the clerical officer clears a missing timesheet from the work list (OPP-05).

Fields are found by their ids, not their labels: the labels are translated."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from contractors import rules
from contractors.models import Innlevering, Oppdrag, Oppdragstaker
from tests.contractors import factories as f
from tests.documents.helpers import documents_storage  # noqa: F401  (a fixture)

from .conftest import assert_accessible, login

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("documents_storage"),
]


def submit(page):
    page.locator("main form.app-form button[type=submit]").click()


def test_OPP_02_OPP_04_from_a_new_contractor_to_an_active_assignment(
    page, live_server, world, artifacts
):
    today = timezone.localdate()
    tiltak = f.godkjent_tiltak(world, approved_days_ago=3)
    f.plan_for(world, tiltak, today - timedelta(days=2))
    f.start(world, tiltak, today - timedelta(days=2))

    login(page, live_server, world.saksbehandler)
    page.locator(f"nav a[href='{reverse('contractors:list')}']").click()
    page.wait_for_url(f"**{reverse('contractors:list')}")
    assert_accessible(page, "contractor list")
    page.locator(f"a[href='{reverse('contractors:create')}']").click()

    # Register the contractor (OPP-01).
    page.locator("#id_type").select_option("stottekontakt")
    page.locator("#id_fornavn").fill("Vilde")
    page.locator("#id_etternavn").fill("Støttekontaktsen")
    page.locator("#id_telefon").fill("99 88 77 66")
    submit(page)
    page.wait_for_url("**/oppdragstakere/*/")
    o = Oppdragstaker.objects.get(etternavn="Støttekontaktsen")
    detail = reverse("contractors:detail", kwargs={"oppdragstaker_id": o.pk})
    # Not yet allowed to act: the reasons name OPP-02.
    assert "OPP-02" in page.locator("#why-receive_documentation").inner_text()
    assert_accessible(page, "new contractor")
    page.screenshot(path=artifacts / "oppdragstaker-1-registrert.png", full_page=True)

    # The police certificate, assessed (OPP-02).
    page.locator(f"a[href='{reverse('contractors:politiattest', args=[o.pk])}']").click()
    page.locator("#id_utstedt_dato").fill((today - timedelta(days=10)).isoformat())
    page.locator("#id_vurdert_dato").fill(today.isoformat())
    page.locator("#id_resultat").select_option("ingen_merknader")
    assert_accessible(page, "police certificate form")
    submit(page)
    page.wait_for_url(f"**{detail}")

    # The signed confidentiality declaration (OPP-02).
    page.locator(f"a[href='{reverse('contractors:taushetserklaering', args=[o.pk])}']").click()
    page.locator("#id_signert_dato").fill(today.isoformat())
    submit(page)
    page.wait_for_url(f"**{detail}")

    # Documentation received, then approved (OPP-03: the approval is recorded).
    for action in ("receive_documentation", "approve"):
        page.locator(f"form[action$='/handling/{action}/'] button").click()
        page.wait_for_url(f"**{detail}")
    o.refresh_from_db()
    assert o.status == "godkjent"
    assert_accessible(page, "approved contractor")
    page.screenshot(path=artifacts / "oppdragstaker-2-godkjent.png", full_page=True)

    # From the case page: assign to the running measure with the agreement (OPP-04).
    sak = tiltak.vedtak.sak
    page.goto(live_server.url + reverse("cases:detail", kwargs={"sak_id": sak.pk}))
    create = reverse(
        "contractors:oppdrag_create", kwargs={"sak_id": sak.pk, "tiltak_id": tiltak.pk}
    )
    page.locator(f"a[href='{create}']").click()
    page.locator("#id_oppdragstaker").select_option(str(o.pk))
    page.locator("#id_fra_dato").fill(today.isoformat())
    page.locator("#id_timer").fill("4")
    page.locator("#id_veiledningsplan").fill("Veiledning hos saksbehandler hver måned.")
    assert_accessible(page, "assignment form")
    submit(page)
    page.wait_for_url("**/oppdrag/*/")
    oppdrag = Oppdrag.objects.get(oppdragstaker=o)
    assert oppdrag.status() == "aktiv"
    assert page.locator("h1").inner_text().endswith("Vilde Støttekontaktsen")
    assert_accessible(page, "active assignment")
    page.screenshot(path=artifacts / "oppdragstaker-3-aktivt-oppdrag.png", full_page=True)


def test_OPP_05_the_clerical_officer_clears_a_missing_timesheet(
    page, live_server, world, artifacts
):
    oppdrag = f.running_assignment(world, started_days_ago=40)
    month = rules.last_month(timezone.localdate())
    login(page, live_server, world.kontorfaglig)
    page.goto(live_server.url + reverse("contractors:worklist"))
    assert_accessible(page, "work list")
    page.screenshot(path=artifacts / "oppdragstaker-4-arbeidsliste.png", full_page=True)
    link = page.locator(f"a[href*='/oppdrag/{oppdrag.pk}/innlevering/?type=timeliste']")
    link.click()
    assert page.locator("#id_type").input_value() == "timeliste"
    assert_accessible(page, "register timesheet")
    submit(page)
    page.wait_for_url(f"**{reverse('contractors:worklist')}")
    assert Innlevering.objects.get(oppdrag=oppdrag, type="timeliste").periode == month
    assert (
        page.locator(f"a[href*='/oppdrag/{oppdrag.pk}/innlevering/?type=timeliste']").count() == 0
    )
