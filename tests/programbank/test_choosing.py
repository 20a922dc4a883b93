"""Choosing a programme in the decision draft (BANK-02 … BANK-04), through the services and the
pages: the warnings before the decision goes to the team leader and the recorded assessment,
the refusal of another service's programme and of an assessment tool, the provider among the
trained and their load."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from cases.models import Part
from core.exceptions import RuleViolation
from programbank.models import Program
from programbank.selectors import providers
from tests.factories import make_sak
from tests.vedtak import factories as f
from vedtak import services
from vedtak.models import Tiltak, Vedtak
from vedtak.selectors import provider_load

pytestmark = pytest.mark.django_db


def make_program(world, **kw) -> Program:
    return Program.objects.create(tjeneste=world.tjeneste, navn=kw.pop("navn", "Testprogram"), **kw)


def measure_data(program, **kw) -> dict:
    return {
        "type": f.tiltakstype("foreldreveiledning"),
        "program": program,
        "omfang": "8 samlinger",
        # A week ahead: a child of exactly N years today is still N then.
        "startdato": timezone.localdate() + timedelta(days=7),
        **kw,
    }


def draft_with(world, program, *, sak=None, **kw) -> Vedtak:
    v = f.draft(world, sak=sak, tiltak=())
    services.tiltak_add(
        actor=world.saksbehandler,
        vedtak_id=v.pk,
        versjon=Vedtak.objects.get(pk=v.pk).versjon,
        data=measure_data(program, **kw),
    )
    return Vedtak.objects.get(pk=v.pk)


def send(world, v, reason=None) -> Vedtak:
    return services.vedtak_send_to_guidance(
        actor=world.saksbehandler, vedtak_id=v.pk, override_reason=reason
    )


def breaches(exc) -> list[tuple[str, str | None]]:
    return [(b.rule_id, b.field) for b in exc.value.breaches]


# --- BANK-02: the warnings and the recorded assessment ---------------------------------------


@pytest.mark.parametrize(("age", "warns"), [(2, True), (3, False), (10, False), (11, True)])
def test_BANK_02_age_boundaries_at_min_and_max(world, age, warns):
    """A programme for 3–10 years: a child of 3 or of 10 goes on; 2 and 11 need an assessment."""
    program = make_program(world, alder_min=3, alder_maks=10)
    sak = make_sak(world.saksbehandler, world.team_a, age=age, parter=1)
    v = draft_with(world, program, sak=sak)
    if warns:
        with pytest.raises(RuleViolation) as exc:
            send(world, v)
        assert breaches(exc) == [("BANK-02", "override_reason")]
        assert "3–10" in str(exc.value)
        v.refresh_from_db()
        assert v.status == Vedtak.Status.UTKAST
    else:
        assert send(world, v).status == Vedtak.Status.TIL_VEILEDNING


def test_BANK_02_override_records_reason_who_and_when(world):
    program = make_program(world, alder_min=0, alder_maks=5)  # the child of sak_a is about 8
    v = draft_with(world, program)
    with pytest.raises(RuleViolation):
        send(world, v, reason="   ")  # blank is no reason
    v = send(world, v, reason="Yngre søsken deltar; familien har nytte av det.")
    assert v.status == Vedtak.Status.TIL_VEILEDNING
    assert v.program_vurdering == "Yngre søsken deltar; familien har nytte av det."
    assert v.program_vurdert_av == world.saksbehandler
    assert v.program_vurdert is not None
    assert v.history.first().program_vurdering == v.program_vurdering  # LOG-01


def test_BANK_02_no_programme_no_warning(world):
    v = f.draft(world)
    assert send(world, v).program_vurdering == ""


def test_BANK_02_interpreter_needed_by_a_party(world):
    no_interpreter = make_program(world, tolk_mulig=False)
    v = draft_with(world, no_interpreter)
    assert send(world, v).status == Vedtak.Status.TIL_VEILEDNING  # nobody needs one
    Part.objects.filter(sak=world.sak_a).update(tolk_behov=True)
    v2 = draft_with(world, no_interpreter)
    with pytest.raises(RuleViolation) as exc:
        send(world, v2)
    assert breaches(exc) == [("BANK-02", "override_reason")]
    assert "tolk" in str(exc.value).lower() or "interpreter" in str(exc.value).lower()


def test_BANK_02_interpreter_needed_by_the_child_and_unknown_programme(world):
    world.sak_a.barn.__class__.objects.filter(pk=world.sak_a.barn_id).update(tolk_behov=True)
    unknown = make_program(world, navn="Ikke registrert", tolk_mulig=None)
    assert send(world, draft_with(world, unknown)).status == Vedtak.Status.TIL_VEILEDNING
    cannot = make_program(world, navn="Uten tolk", tolk_mulig=False)
    with pytest.raises(RuleViolation):
        send(world, draft_with(world, cannot))


def test_BANK_02_contra_indication(world):
    program = make_program(world, kontraindikasjoner="Bør ikke brukes ved aktiv rus.")
    v = draft_with(world, program)
    with pytest.raises(RuleViolation) as exc:
        send(world, v)
    assert "aktiv rus" in str(exc.value)
    assert send(world, v, reason="Vurdert med VOP: ikke aktiv rus nå.").program_vurdering


def test_BANK_02_page_asks_for_the_assessment_and_keeps_it(client, world):
    program = make_program(world, kontraindikasjoner="Bør ikke brukes ved aktiv rus.")
    v = draft_with(world, program)
    client.force_login(world.saksbehandler)
    url = reverse(
        "vedtak:transition",
        kwargs={"sak_id": v.sak_id, "vedtak_id": v.pk, "action": "send_to_guidance"},
    )
    page = client.get(url).content.decode()
    assert "BANK-02" in page and 'name="override_reason"' in page
    r = client.post(url, {"versjon": v.versjon, "comment": ""})
    assert r.status_code == 200 and "BANK-02" in r.content.decode()
    r = client.post(url, {"versjon": v.versjon, "override_reason": "Vurdert: passer likevel."})
    assert r.status_code == 302
    v.refresh_from_db()
    assert v.status == Vedtak.Status.TIL_VEILEDNING
    detail = client.get(reverse("vedtak:detail", args=[v.sak_id, v.pk])).content.decode()
    assert "Vurdert: passer likevel." in detail


# --- BANK-03: referral instead, never an assessment tool --------------------------------------


def test_BANK_03_another_services_programme_is_refused_as_a_measure(world):
    icdp = make_program(world, navn="ICDP", gis_av=Program.GisAv.ANNEN)
    with pytest.raises(RuleViolation) as exc:
        draft_with(world, icdp)
    assert breaches(exc) == [("BANK-03", "program")]
    assert not Tiltak.objects.filter(program=icdp).exists()


def test_BANK_03_an_assessment_tool_is_never_a_measure(world):
    tool = make_program(world, navn="SARA V3", kartleggingsverktoy=True)
    with pytest.raises(RuleViolation) as exc:
        draft_with(world, tool)
    assert breaches(exc) == [("BANK-03", "program")]


def test_BANK_03_the_page_offers_a_referral_and_refuses_the_measure(client, world):
    icdp = make_program(world, navn="ICDP", gis_av=Program.GisAv.ANNEN)
    make_program(world, navn="SARA V3", kartleggingsverktoy=True)
    v = f.draft(world, tiltak=())
    client.force_login(world.saksbehandler)
    url = reverse("vedtak:tiltak_add", args=[v.sak_id, v.pk])
    page = client.get(url).content.decode()
    assert "ICDP" in page and "SARA V3" not in page  # an assessment tool is not offered
    try:
        referral = reverse("henvisning:create", kwargs={"sak_id": v.sak_id})
    except NoReverseMatch:  # the referrals' pages not installed: the name only
        referral = None
    if referral:
        assert f"{referral}?program={icdp.pk}" in page
    data = {
        "type": f.tiltakstype("foreldreveiledning").pk,
        "program": icdp.pk,
        "omfang": "8 samlinger",
        "startdato": (timezone.localdate() + timedelta(days=7)).isoformat(),
        "versjon": v.versjon,
    }
    r = client.post(url, data)
    assert r.status_code == 200 and "BANK-03" in r.content.decode()
    assert "8 samlinger" in r.content.decode()  # nothing typed is lost
    assert not Tiltak.objects.filter(vedtak=v).exists()


# --- BANK-04: the provider among the trained, with their load ---------------------------------


def test_BANK_04_provider_must_be_trained(world):
    program = make_program(world)
    with pytest.raises(RuleViolation) as exc:
        draft_with(world, program, utforer=world.saksbehandler_b)
    assert breaches(exc) == [("BANK-04", "utforer")]
    program.utdannede.add(world.saksbehandler_b)
    v = draft_with(world, program, utforer=world.saksbehandler_b)
    assert v.tiltak.get().utforer == world.saksbehandler_b


def test_BANK_04_load_counts_running_measures_only(world):
    trained = world.saksbehandler_b
    program = make_program(world)
    program.utdannede.add(trained)
    today = timezone.localdate()
    rows = [f.godkjent(world).tiltak.get() for _ in range(3)]
    # One running, one ended yesterday, one not started yet.
    Tiltak.objects.filter(pk=rows[0].pk).update(utforer=trained, fra_dato=today)
    Tiltak.objects.filter(pk=rows[1].pk).update(
        utforer=trained, fra_dato=today - timedelta(days=10), til_dato=today - timedelta(days=1)
    )
    Tiltak.objects.filter(pk=rows[2].pk).update(utforer=trained)
    assert provider_load({trained.pk}, today) == {trained.pk: 1}
    assert [(p.id, p.load) for p in providers(program, today)] == [(trained.pk, 1)]


def test_BANK_04_form_offers_the_trained_with_their_load(client, world):
    program = make_program(world, navn="PMTO")
    program.utdannede.add(world.saksbehandler_b)
    v = f.draft(world, tiltak=())
    client.force_login(world.saksbehandler)
    page = client.get(reverse("vedtak:tiltak_add", args=[v.sak_id, v.pk])).content.decode()
    assert '<optgroup label="PMTO">' in page
    assert world.saksbehandler_b.get_full_name() in page
