"""OPP-01 … OPP-06 through the real services, each test named by the rule it proves."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone
from django.utils.translation import gettext as _

from contractors import services
from contractors.models import Innlevering, Oppdrag, Oppdragstaker
from core.exceptions import NotFound, RuleViolation
from documents.models import Dokument
from vedtak import services as vs
from vedtak.models import Tiltak

from ..vedtak import factories as vf
from . import factories as f

pytestmark = pytest.mark.django_db


def rule_ids(exc_info) -> set[str]:
    return {b.rule_id for b in exc_info.value.breaches}


def today():
    return timezone.localdate()


# --- OPP-01: kinds ---------------------------------------------------------------------------


@pytest.mark.parametrize("kind", [k for k in Oppdragstaker.Type.values if k != "kjopt_tjeneste"])
def test_OPP_01_each_kind_can_be_registered(world, kind):
    o = f.make_oppdragstaker(world.saksbehandler, type=kind, politiattest=False)
    assert o.type == kind
    assert o.status == Oppdragstaker.Status.REGISTRERT
    assert o.tjeneste_id == world.tjeneste.pk
    assert o.history.first().history_user_id == world.saksbehandler.pk


def test_OPP_01_a_bought_service_is_a_companys_service(world):
    with pytest.raises(RuleViolation) as exc:
        services.oppdragstaker_create(
            actor=world.saksbehandler,
            data={
                "type": "kjopt_tjeneste",
                "tilknytning": "oppdragstaker",
                "fornavn": "A",
                "etternavn": "B",
            },
        )
    assert rule_ids(exc) == {"OPP-01"}
    with pytest.raises(RuleViolation) as exc:
        services.oppdragstaker_create(
            actor=world.saksbehandler,
            data={
                "type": "kjopt_tjeneste",
                "tilknytning": "firma",
                "fornavn": "A",
                "etternavn": "B",
            },
        )
    assert {(b.rule_id, b.field) for b in exc.value.breaches} == {("OPP-03", "firmanavn")}


def test_OPP_01_only_caseworkers_and_team_leaders_register(world):
    for user in (world.kontorfaglig, world.barnevernleder, world.systemadmin, world.uten_rolle):
        with pytest.raises(PermissionDenied):
            services.oppdragstaker_create(
                actor=user, data={"type": "stottekontakt", "fornavn": "A", "etternavn": "B"}
            )


# --- OPP-02: police certificate and confidentiality declaration --------------------------------


def test_OPP_02_documentation_needs_an_assessed_certificate_and_a_signed_declaration(world):
    sb = world.saksbehandler
    o = f.make_oppdragstaker(sb, politiattest=False, taushetserklaering=False)
    with pytest.raises(RuleViolation) as exc:
        services.oppdragstaker_receive_documentation(actor=sb, oppdragstaker_id=o.pk)
    assert rule_ids(exc) == {"OPP-02"}
    assert len(exc.value.breaches) == 2
    services.politiattest_register(
        actor=sb,
        oppdragstaker_id=o.pk,
        utstedt_dato=today() - timedelta(days=5),
        vurdert_dato=today(),
        resultat="ingen_merknader",
    )
    with pytest.raises(RuleViolation):
        services.oppdragstaker_receive_documentation(actor=sb, oppdragstaker_id=o.pk)
    services.taushetserklaering_register(actor=sb, oppdragstaker_id=o.pk, signert_dato=today())
    o = services.oppdragstaker_receive_documentation(actor=sb, oppdragstaker_id=o.pk)
    assert o.status == "dokumentasjon_mottatt"
    attest = o.politiattester.get()
    assert (attest.vurdert_av_id, attest.resultat) == (sb.pk, "ingen_merknader")


def test_OPP_02_approval_needs_documentation_received_first(world):
    o = f.make_oppdragstaker(world.saksbehandler, documented=False)
    with pytest.raises(RuleViolation):
        services.oppdragstaker_approve(actor=world.saksbehandler, oppdragstaker_id=o.pk)


def test_OPP_02_a_certificate_not_accepted_suspends_and_blocks(world):
    sb = world.saksbehandler
    o = f.make_oppdragstaker(sb)
    assert o.status == "godkjent"
    services.politiattest_register(
        actor=sb,
        oppdragstaker_id=o.pk,
        utstedt_dato=today() - timedelta(days=3),
        vurdert_dato=today(),
        resultat="ikke_godkjent",
        vurdering="Forholdene gjør personen uegnet.",
    )
    o.refresh_from_db()
    assert o.status == "suspendert"
    with pytest.raises(RuleViolation) as exc:
        services.oppdragstaker_resume(actor=sb, oppdragstaker_id=o.pk)
    assert rule_ids(exc) == {"OPP-02"}


def test_OPP_02_remarks_need_a_written_assessment(world):
    o = f.make_oppdragstaker(world.saksbehandler, politiattest=False)
    with pytest.raises(RuleViolation) as exc:
        services.politiattest_register(
            actor=world.saksbehandler,
            oppdragstaker_id=o.pk,
            utstedt_dato=today(),
            vurdert_dato=today(),
            resultat="merknader_akseptert",
        )
    assert {(b.rule_id, b.field) for b in exc.value.breaches} == {("OPP-02", "vurdering")}


def test_OPP_02_assigning_an_unapproved_contractor_to_a_measure_that_starts_is_refused(world):
    tiltak = f.godkjent_tiltak(world)
    o = f.make_oppdragstaker(world.saksbehandler, approved=False)
    assert o.status == "dokumentasjon_mottatt"
    with pytest.raises(RuleViolation) as exc:
        f.assign(world.saksbehandler, tiltak, o, fra_dato=today())
    assert rule_ids(exc) == {"OPP-02"}
    assert {b.field for b in exc.value.breaches} == {"oppdragstaker"}
    assert not Oppdrag.objects.exists()


def test_OPP_02_assigning_an_unapproved_contractor_to_a_started_measure_is_refused(world):
    tiltak = f.godkjent_tiltak(world, approved_days_ago=3)
    f.plan_for(world, tiltak, today() - timedelta(days=2))
    f.start(world, tiltak, today() - timedelta(days=2))
    tiltak.refresh_from_db()
    o = f.make_oppdragstaker(world.saksbehandler, politiattest=False)
    with pytest.raises(RuleViolation) as exc:
        # Even with an agreement that begins next week: the measure is running.
        f.assign(world.saksbehandler, tiltak, o, fra_dato=today() + timedelta(days=7))
    assert rule_ids(exc) == {"OPP-02"}
    ready = f.make_oppdragstaker(world.saksbehandler)
    assert f.assign(world.saksbehandler, tiltak, ready, fra_dato=today()).pk


def test_OPP_02_a_planned_assignment_blocks_the_measures_start_until_approved(world):
    sb = world.saksbehandler
    tiltak = f.godkjent_tiltak(world)
    o = f.make_oppdragstaker(sb, approved=False)
    oppdrag = f.assign(sb, tiltak, o, fra_dato=today() + timedelta(days=7))
    assert oppdrag.status() == "planlagt"
    f.plan_for(world, tiltak, today())
    with pytest.raises(RuleViolation) as exc:
        f.start(world, tiltak, today())
    assert "OPP-02" in rule_ids(exc)
    assert Tiltak.objects.get(pk=tiltak.pk).fra_dato is None
    services.oppdragstaker_approve(actor=sb, oppdragstaker_id=o.pk)
    assert f.start(world, tiltak, today()).fra_dato == today()


def test_OPP_02_a_suspended_contractor_blocks_the_start(world):
    sb = world.saksbehandler
    tiltak = f.godkjent_tiltak(world)
    o = f.make_oppdragstaker(sb)
    f.assign(sb, tiltak, o, fra_dato=today() + timedelta(days=3))
    services.oppdragstaker_suspend(actor=world.barnevernleder, oppdragstaker_id=o.pk, reason="x")
    f.plan_for(world, tiltak, today())
    with pytest.raises(RuleViolation) as exc:
        f.start(world, tiltak, today())
    assert "OPP-02" in rule_ids(exc)
    services.oppdragstaker_resume(actor=sb, oppdragstaker_id=o.pk)
    assert Oppdragstaker.objects.get(pk=o.pk).status == "godkjent"
    assert f.start(world, tiltak, today()).fra_dato == today()


def test_OPP_02_an_ended_contractor_is_never_assigned(world):
    sb = world.saksbehandler
    o = f.make_oppdragstaker(sb)
    services.oppdragstaker_end(actor=sb, oppdragstaker_id=o.pk, reason="Flyttet.")
    tiltak = f.godkjent_tiltak(world)
    with pytest.raises(RuleViolation) as exc:
        f.assign(sb, tiltak, o, fra_dato=today() + timedelta(days=30))
    assert rule_ids(exc) == {"OPP-02"}


# --- OPP-03: approval document and its exceptions -------------------------------------------


def test_OPP_03_a_municipal_employee_without_approval_document_can_be_assigned(world):
    sb = world.saksbehandler
    o = f.make_oppdragstaker(sb, tilknytning="kommunalt_ansatt", approved=False)
    assert o.status == "dokumentasjon_mottatt"
    tiltak = f.godkjent_tiltak(world)
    oppdrag = f.assign(sb, tiltak, o, fra_dato=today())
    assert oppdrag.pk
    assert not Dokument.objects.filter(type="godkjenningsdokument").exists()
    f.plan_for(world, tiltak, today())
    assert f.start(world, tiltak, today()).fra_dato == today()


def test_OPP_03_a_municipal_employee_without_a_politiattest_cannot_be_assigned(world):
    sb = world.saksbehandler
    o = f.make_oppdragstaker(sb, tilknytning="kommunalt_ansatt", politiattest=False)
    assert o.status == "registrert"
    tiltak = f.godkjent_tiltak(world)
    with pytest.raises(RuleViolation) as exc:
        f.assign(sb, tiltak, o, fra_dato=today())
    assert rule_ids(exc) == {"OPP-02"}
    no_certificate = _("No police certificate has been obtained and assessed.")
    assert any(no_certificate in str(b.message) for b in exc.value.breaches)
    with pytest.raises(RuleViolation):
        services.oppdragstaker_receive_documentation(actor=sb, oppdragstaker_id=o.pk)


def test_OPP_03_a_companys_service_without_child_contact_needs_no_certificate(world):
    sb = world.saksbehandler
    o = f.make_oppdragstaker(
        sb,
        type="kjopt_tjeneste",
        tilknytning="firma",
        firmanavn="Familiekompetanse AS",
        arbeider_med_barnet=False,
        politiattest=False,
        taushetserklaering=False,
        documented=True,
        approved=False,
    )
    assert o.status == "dokumentasjon_mottatt"
    assert f.assign(sb, f.godkjent_tiltak(world), o, fra_dato=today()).pk


def test_OPP_03_a_companys_person_who_works_with_the_child_needs_opp02(world):
    sb = world.saksbehandler
    o = f.make_oppdragstaker(
        sb,
        type="veileder",
        tilknytning="firma",
        firmanavn="Familiekompetanse AS",
        politiattest=False,
        documented=False,
    )
    with pytest.raises(RuleViolation) as exc:
        services.oppdragstaker_receive_documentation(actor=sb, oppdragstaker_id=o.pk)
    assert rule_ids(exc) == {"OPP-02"}


def test_OPP_03_approval_records_who_and_when(world):
    o = f.make_oppdragstaker(world.saksbehandler)
    assert o.status == "godkjent"
    assert (o.godkjent_av_id, o.godkjent_dato) == (world.saksbehandler.pk, today())


# --- OPP-04: the assignment agreement and the work contract -----------------------------------


def test_OPP_04_assignment_only_under_an_approved_decision(world):
    draft = vf.draft(world)
    o = f.make_oppdragstaker(world.saksbehandler)
    with pytest.raises(RuleViolation) as exc:
        f.assign(world.saksbehandler, draft.tiltak.get(), o, fra_dato=today() + timedelta(days=3))
    assert "OPP-04" in rule_ids(exc)


def test_OPP_04_assignment_by_the_cases_team_only(world):
    tiltak = f.godkjent_tiltak(world)
    o = f.make_oppdragstaker(world.saksbehandler)
    with pytest.raises(NotFound):
        f.assign(world.saksbehandler_b, tiltak, o)
    with pytest.raises(NotFound):
        f.assign(world.kontorfaglig, tiltak, o)
    with pytest.raises(PermissionDenied):
        f.assign(world.barnevernleder, tiltak, o)


def test_OPP_04_the_agreement_orders_its_document_and_a_change_a_new_version(world):
    sb = world.saksbehandler
    oppdrag = f.assign(sb, f.godkjent_tiltak(world), f.make_oppdragstaker(sb))
    docs = Dokument.objects.for_source(oppdrag).filter(type="oppdragsavtale")
    assert [d.versjon for d in docs] == [1]
    assert docs.get().sak_id == oppdrag.sak_id
    services.oppdrag_register_contract(
        actor=world.kontorfaglig, oppdrag_id=oppdrag.pk, dato=today()
    )
    # A change of the text only: a new document, the work contract stands.
    services.oppdrag_update(actor=sb, oppdrag_id=oppdrag.pk, data={"oppgaver": "Svømming."})
    oppdrag.refresh_from_db()
    assert oppdrag.arbeidskontrakt_dato == today()
    # A change of the terms: the work contract must be made again (back on the work list).
    services.oppdrag_update(actor=sb, oppdrag_id=oppdrag.pk, data={"timer": 6})
    oppdrag.refresh_from_db()
    assert oppdrag.arbeidskontrakt_dato is None
    assert oppdrag.versjon == 3
    assert sorted(d.versjon for d in docs.all()) == [1, 2, 3]


def test_OPP_04_the_kontorfaglig_makes_the_work_contract(world):
    sb = world.saksbehandler
    oppdrag = f.assign(sb, f.godkjent_tiltak(world), f.make_oppdragstaker(sb))
    with pytest.raises(PermissionDenied):
        services.oppdrag_register_contract(actor=sb, oppdrag_id=oppdrag.pk, dato=today())
    with pytest.raises(NotFound):
        services.oppdrag_register_contract(
            actor=world.annen_tjeneste, oppdrag_id=oppdrag.pk, dato=today()
        )
    services.oppdrag_register_contract(
        actor=world.kontorfaglig, oppdrag_id=oppdrag.pk, dato=today()
    )
    oppdrag.refresh_from_db()
    assert oppdrag.arbeidskontrakt_av_id == world.kontorfaglig.pk


def test_OPP_04_a_contractor_ends_after_the_assignments(world):
    sb = world.saksbehandler
    o = f.make_oppdragstaker(sb)
    oppdrag = f.assign(sb, f.godkjent_tiltak(world), o)
    with pytest.raises(RuleViolation) as exc:
        services.oppdragstaker_end(actor=sb, oppdragstaker_id=o.pk, reason="Slutter.")
    assert rule_ids(exc) == {"OPP-04"}
    services.oppdrag_end(actor=sb, oppdrag_id=oppdrag.pk, dato=today(), reason="Slutter.")
    assert services.oppdragstaker_end(
        actor=sb, oppdragstaker_id=o.pk, reason="Slutter."
    ).status == ("avsluttet")


def test_OPP_04_one_open_assignment_per_contractor_and_measure(world):
    sb = world.saksbehandler
    tiltak, o = f.godkjent_tiltak(world), f.make_oppdragstaker(sb)
    f.assign(sb, tiltak, o)
    with pytest.raises(RuleViolation) as exc:
        f.assign(sb, tiltak, o)
    assert rule_ids(exc) == {"OPP-04"}


# --- OPP-05: supervision, timesheets, reports, the final report --------------------------------


def test_OPP_05_the_agreement_has_a_supervision_plan(world):
    sb = world.saksbehandler
    with pytest.raises(RuleViolation) as exc:
        f.assign(sb, f.godkjent_tiltak(world), f.make_oppdragstaker(sb), veiledningsplan=" ")
    assert {(b.rule_id, b.field) for b in exc.value.breaches} == {("OPP-05", "veiledningsplan")}


def test_OPP_05_a_month_is_registered_once(world):
    oppdrag = f.running_assignment(world)
    month = today().replace(day=1) - timedelta(days=1)
    services.innlevering_register(
        actor=world.kontorfaglig,
        oppdrag_id=oppdrag.pk,
        type="timeliste",
        periode=month,
        mottatt=today(),
    )
    with pytest.raises(RuleViolation) as exc:
        services.innlevering_register(
            actor=world.saksbehandler,
            oppdrag_id=oppdrag.pk,
            type="timeliste",
            periode=month,
            mottatt=today(),
        )
    assert rule_ids(exc) == {"OPP-05"}
    stored = Innlevering.objects.get()
    assert stored.periode == month.replace(day=1)


def test_OPP_05_only_the_clerical_officer_and_the_cases_team_register(world):
    oppdrag = f.running_assignment(world)
    for user in (world.saksbehandler_b, world.teamleder_b):
        with pytest.raises(PermissionDenied):
            services.innlevering_register(
                actor=user,
                oppdrag_id=oppdrag.pk,
                type="rapport",
                periode=today(),
                mottatt=today(),
            )
    with pytest.raises(NotFound):
        services.innlevering_register(
            actor=world.annen_tjeneste,
            oppdrag_id=oppdrag.pk,
            type="rapport",
            periode=today(),
            mottatt=today(),
        )


def _end_vedtak(world, tiltak):
    sb, tl = world.saksbehandler, world.teamleder
    v = vs.vedtak_create(
        actor=sb, sak_id=tiltak.vedtak.sak_id, type="avslutning", endrer_tiltak_ids=[tiltak.pk]
    )
    v = vs.vedtak_update(actor=sb, vedtak_id=v.pk, versjon=v.versjon, data=vf.CONTENT)
    row = v.tiltak.get()
    vs.tiltak_update(actor=sb, tiltak_id=row.pk, versjon=v.versjon, data={"startdato": today()})
    vs.vedtak_send_to_guidance(actor=sb, vedtak_id=v.pk)
    vs.vedtak_approve_measures(actor=tl, vedtak_id=v.pk)
    vs.vedtak_release_for_approval(actor=tl, vedtak_id=v.pk)
    vf.notify_all(world, v)
    return v


def test_OPP_05_a_guidance_measure_cannot_end_without_its_final_report(world):
    oppdrag = f.running_assignment(world, kode="foreldreveiledning", type="veileder")
    assert oppdrag.tiltak.type.veiledning
    v = _end_vedtak(world, oppdrag.tiltak)
    with pytest.raises(RuleViolation) as exc:
        vs.vedtak_approve(actor=world.barnevernleder, vedtak_id=v.pk)
    assert rule_ids(exc) == {"OPP-05"}
    assert Tiltak.objects.get(pk=oppdrag.tiltak_id).til_dato is None
    services.innlevering_register(
        actor=world.saksbehandler, oppdrag_id=oppdrag.pk, type="sluttrapport", mottatt=today()
    )
    vs.vedtak_approve(actor=world.barnevernleder, vedtak_id=v.pk)
    assert Tiltak.objects.get(pk=oppdrag.tiltak_id).til_dato == today()
    assert Oppdrag.objects.get(pk=oppdrag.pk).status() == "aktiv"  # its last day is today


def test_OPP_05_other_measures_end_without_a_final_report(world):
    oppdrag = f.running_assignment(world, kode="stottekontakt")
    v = _end_vedtak(world, oppdrag.tiltak)
    vs.vedtak_approve(actor=world.barnevernleder, vedtak_id=v.pk)
    assert Tiltak.objects.get(pk=oppdrag.tiltak_id).til_dato == today()


# --- OPP-06: the briefing of a veileder/terapeut -----------------------------------------------


def test_OPP_06_a_veileder_is_briefed_before_the_measure_starts(world):
    sb = world.saksbehandler
    tiltak = f.godkjent_tiltak(world, kode="stottekontakt")
    oppdrag = f.assign(sb, tiltak, f.make_oppdragstaker(sb, type="veileder"))
    assert oppdrag.trenger_orientering
    f.plan_for(world, tiltak, today())
    with pytest.raises(RuleViolation) as exc:
        f.start(world, tiltak, today())
    assert rule_ids(exc) == {"OPP-06"}
    with pytest.raises(RuleViolation) as exc:
        services.oppdrag_brief(actor=sb, oppdrag_id=oppdrag.pk, orientert_dato=today(), notat="")
    assert rule_ids(exc) == {"OPP-06"}
    services.oppdrag_brief(
        actor=sb, oppdrag_id=oppdrag.pk, orientert_dato=today(), notat="Gjennomgang av saken."
    )
    assert f.start(world, tiltak, today()).fra_dato == today()


def test_OPP_06_a_guidance_measure_needs_the_briefing_whoever_delivers_it(world):
    sb = world.saksbehandler
    tiltak = f.godkjent_tiltak(world, kode="foreldreveiledning")
    oppdrag = f.assign(
        sb, tiltak, f.make_oppdragstaker(sb, tilknytning="kommunalt_ansatt", approved=False)
    )
    assert oppdrag.trenger_orientering


def test_LOG_01_every_change_has_its_history(world):
    sb = world.saksbehandler
    o = f.make_oppdragstaker(sb)
    reasons = list(
        o.history.order_by("history_date").values_list("history_change_reason", flat=True)
    )
    assert reasons == [
        _("Contractor registered"),
        _("Documentation received"),
        _("Approved as a contractor"),
    ]
