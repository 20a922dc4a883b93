"""OPP-05's missing timesheets and reports, the work list, and the nightly deadline finders
(FRIST-01) that issue 6 calls: set-based, each row reaching its responsible caseworker."""

from datetime import timedelta

import pytest
from django.utils import timezone

from contractors import rules, selectors, services
from contractors.models import Oppdrag

from . import factories as f

pytestmark = pytest.mark.django_db


def today():
    return timezone.localdate()


def last_month():
    return rules.last_month(today())


def test_OPP_05_a_missing_timesheet_appears_on_the_work_list_and_disappears_when_received(world):
    oppdrag = f.running_assignment(world, started_days_ago=40)
    liste = selectors.arbeidsliste(world.kontorfaglig)
    row = next(o for o in liste.mangler if o.pk == oppdrag.pk)
    assert (row.mangler_timeliste, row.mangler_rapport) == (True, True)
    services.innlevering_register(
        actor=world.kontorfaglig,
        oppdrag_id=oppdrag.pk,
        type="timeliste",
        periode=last_month(),
        mottatt=today(),
    )
    row = next(o for o in selectors.arbeidsliste(world.kontorfaglig).mangler if o.pk == oppdrag.pk)
    assert (row.mangler_timeliste, row.mangler_rapport) == (False, True)
    services.innlevering_register(
        actor=world.saksbehandler,
        oppdrag_id=oppdrag.pk,
        type="rapport",
        periode=last_month(),
        mottatt=today(),
    )
    assert oppdrag.pk not in {o.pk for o in selectors.arbeidsliste(world.kontorfaglig).mangler}


def test_OPP_05_a_measure_started_this_month_owes_nothing_for_last_month(world):
    started = today().replace(day=1)
    oppdrag = f.running_assignment(world, started_days_ago=(today() - started).days)
    assert oppdrag.pk not in {o.pk for o in selectors.arbeidsliste(world.kontorfaglig).mangler}


def test_OPP_05_an_invoice_needs_no_timesheet_and_quarterly_reports_come_quarterly(world):
    sak, sb, bvl = world.sak_a, world.saksbehandler, world.barnevernleder
    fra = today() - timedelta(days=70)
    faktura = f.quick_oppdrag(sak, by=sb, approver=bvl, fra_dato=fra, godtgjoring="faktura")
    kvartal = f.quick_oppdrag(sak, by=sb, approver=bvl, fra_dato=fra, rapportering="kvartalsvis")
    rows = {o.pk: o for o in selectors.missing_reports(today())}
    assert rows[faktura.pk].mangler_timeliste is False
    assert rows[faktura.pk].mangler_rapport is True
    quarter_month = rules.report_due_in("kvartalsvis", last_month())
    assert rows[kvartal.pk].mangler_rapport is quarter_month


def test_OPP_05_the_work_list_is_the_services_own(world):
    f.running_assignment(world)
    assert selectors.arbeidsliste(world.kontorfaglig).mangler
    assert selectors.arbeidsliste(world.barnevernleder).mangler
    for user in (world.saksbehandler, world.annen_tjeneste, world.systemadmin):
        liste = selectors.arbeidsliste(user)
        assert (liste.mangler, liste.kontrakter) == ([], [])


def test_OPP_04_agreements_without_a_work_contract_are_on_the_work_list(world):
    oppdrag = f.running_assignment(world)
    assert oppdrag.pk in {o.pk for o in selectors.arbeidsliste(world.kontorfaglig).kontrakter}
    services.oppdrag_register_contract(
        actor=world.kontorfaglig, oppdrag_id=oppdrag.pk, dato=today()
    )
    assert oppdrag.pk not in {o.pk for o in selectors.arbeidsliste(world.kontorfaglig).kontrakter}


def test_FRIST_01_OPP_05_missing_reports_reach_the_responsible_caseworker(world):
    oppdrag = f.running_assignment(world)
    rows = list(selectors.missing_reports(today()))
    assert [r.pk for r in rows] == [oppdrag.pk]
    assert rows[0].sak.saksbehandler == world.saksbehandler


def test_FRIST_01_OPP_02_due_politiattest_finds_contractors_not_ready_before_the_start(world):
    sb = world.saksbehandler
    soon = f.assign(
        sb,
        f.godkjent_tiltak(world),
        f.make_oppdragstaker(sb, approved=False),
        fra_dato=today() + timedelta(days=5),
    )
    no_declaration = f.assign(
        sb,
        f.godkjent_tiltak(world),
        f.make_oppdragstaker(sb, taushetserklaering=False),
        fra_dato=today() + timedelta(days=10),
    )
    later = f.assign(
        sb,
        f.godkjent_tiltak(world),
        f.make_oppdragstaker(sb, approved=False),
        fra_dato=today() + timedelta(days=40),
    )
    ready = f.assign(
        sb, f.godkjent_tiltak(world), f.make_oppdragstaker(sb), fra_dato=today() + timedelta(days=3)
    )
    rows = {o.pk: o for o in selectors.due_politiattest(today(), 14)}
    assert set(rows) == {soon.pk, no_declaration.pk}
    assert (rows[soon.pk].mangler_godkjenning, rows[soon.pk].mangler_politiattest) == (True, False)
    assert rows[no_declaration.pk].mangler_taushetserklaering is True
    assert rows[soon.pk].frist == today() + timedelta(days=5)
    assert rows[soon.pk].sak.saksbehandler == sb
    assert later.pk in {o.pk for o in selectors.due_politiattest(today(), 60)}
    assert ready.pk not in {o.pk for o in selectors.due_politiattest(today(), 60)}


def test_OPP_02_stale_politiattest_is_flagged_for_contractors_in_work(world, settings):
    settings.POLITIATTEST_MAKS_ALDER_MANEDER = 36
    old = f.running_assignment(world, utstedt=today() - timedelta(days=40 * 31))
    fresh = f.running_assignment(world, sak=f.new_sak(world))
    found = set(selectors.stale_politiattest(today()).values_list("pk", flat=True))
    assert old.oppdragstaker_id in found
    assert fresh.oppdragstaker_id not in found


def test_finders_run_one_query(world, django_assert_num_queries):
    f.running_assignment(world)
    with django_assert_num_queries(1):
        list(selectors.missing_reports(today()))
    with django_assert_num_queries(1):
        list(selectors.due_politiattest(today(), 14))
    assert Oppdrag.objects.count() == 1
