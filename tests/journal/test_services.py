"""Writing, signing and correcting notes through the services (JOUR-01 … JOUR-04)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from core.exceptions import NotFound, RuleViolation
from journal import services
from journal.models import Journalnotat

from .factories import make_note, note_data

pytestmark = pytest.mark.django_db


def _ids(exc):
    return {(b.rule_id, b.field) for b in exc.value.breaches}


def test_JOUR_01_a_note_is_written_as_a_draft_of_its_author(world, sak):
    parter = list(sak.parter.all())
    notat = make_note(world.saksbehandler, sak, parter=[p.pk for p in parter])
    notat.refresh_from_db()
    assert notat.status == Journalnotat.Status.UTKAST
    assert notat.forfatter_id == world.saksbehandler.pk
    assert {p.pk for p in notat.parter.all()} == {p.pk for p in parter}
    # LOG-01: the note and its parties are in its history, under its author.
    assert {h.history_user_id for h in notat.history.all()} == {world.saksbehandler.pk}


def test_JOUR_01_every_kind_of_the_rule_can_be_written(world, sak):
    kinds = {k for k, _label in Journalnotat.Type.choices}
    assert {"samtale", "telefon", "hjemmebesok", "drofting", "mote", "epost_brev", "annet"} <= kinds
    for kind in sorted(kinds):
        make_note(world.saksbehandler, sak, type=kind, signed=kind != "samtale_barn")


def test_JOUR_01_a_draft_may_be_half_written_but_signing_needs_it_all(world, sak):
    notat = make_note(world.saksbehandler, sak, vurdering="", deltakere="")
    with pytest.raises(RuleViolation) as exc:
        services.notat_sign(actor=world.saksbehandler, notat_id=notat.pk)
    assert _ids(exc) == {("JOUR-01", "vurdering"), ("JOUR-01", "deltakere")}
    notat.refresh_from_db()
    assert notat.status == Journalnotat.Status.UTKAST


def test_JOUR_01_the_date_of_a_note_is_not_in_the_future(world, sak):
    with pytest.raises(RuleViolation) as exc:
        make_note(world.saksbehandler, sak, dato=timezone.localdate() + timedelta(days=2))
    assert _ids(exc) == {("JOUR-01", "dato")}


def test_JOUR_02_the_author_signs_and_the_note_is_locked(world, sak):
    notat = make_note(world.saksbehandler, sak, signed=True)
    notat.refresh_from_db()
    assert notat.status == Journalnotat.Status.SIGNERT
    assert notat.signert_av_id == world.saksbehandler.pk and notat.signert is not None
    with pytest.raises(RuleViolation) as exc:
        services.notat_update(
            actor=world.saksbehandler, notat_id=notat.pk, data={"hva_ble_sagt": "Endret"}
        )
    assert {b.rule_id for b in exc.value.breaches} == {"JOUR-02"}
    with pytest.raises(RuleViolation):
        services.notat_sign(actor=world.saksbehandler, notat_id=notat.pk)
    notat.refresh_from_db()
    assert notat.hva_ble_sagt != "Endret"


def test_JOUR_02_only_the_author_edits_and_signs_a_draft(world, sak):
    notat = make_note(world.saksbehandler, sak)
    for other in (world.teamleder, world.barnevernleder, world.saksbehandler_b):
        with pytest.raises(NotFound):
            services.notat_update(actor=other, notat_id=notat.pk, data={"hva_ble_sagt": "X"})
        with pytest.raises(NotFound):
            services.notat_sign(actor=other, notat_id=notat.pk)


def test_JOUR_02_a_correction_is_a_new_note_and_both_stay_readable(world, sak):
    original = make_note(world.saksbehandler, sak, signed=True)
    correction = services.notat_create(
        actor=world.teamleder,
        sak_id=sak.pk,
        data=note_data(hva_ble_sagt="Rettelse: mor sa at samtalen gikk dårlig."),
        notat_id=original.pk,
    )
    assert correction.pk != original.pk
    assert correction.korrigerer_id == original.pk
    assert correction.status == Journalnotat.Status.UTKAST
    original.refresh_from_db()
    assert original.status == Journalnotat.Status.SIGNERT
    assert original.hva_ble_sagt == "Mor fortalte at samtalen med skolen gikk bra."
    assert list(original.korrigeringer.all()) == [correction]


def test_JOUR_02_a_draft_is_not_corrected_but_edited(world, sak):
    draft = make_note(world.saksbehandler, sak)
    with pytest.raises(RuleViolation) as exc:
        services.notat_create(
            actor=world.saksbehandler, sak_id=sak.pk, data=note_data(), notat_id=draft.pk
        )
    assert {b.rule_id for b in exc.value.breaches} == {"JOUR-02"}


def test_JOUR_03_signing_a_conversation_with_the_child_without_its_fields_needs_a_reason(
    world, sak
):
    notat = make_note(world.saksbehandler, sak, type="samtale_barn")
    with pytest.raises(RuleViolation) as exc:
        services.notat_sign(actor=world.saksbehandler, notat_id=notat.pk)
    assert {b.rule_id for b in exc.value.breaches} == {"JOUR-03"}
    assert {b.field for b in exc.value.breaches} == {"override_reason"}
    services.notat_sign(
        actor=world.saksbehandler,
        notat_id=notat.pk,
        override_reason="Barnet ville ikke snakke denne gangen.",
    )
    notat.refresh_from_db()
    assert notat.er_signert
    assert notat.avvik_begrunnelse == "Barnet ville ikke snakke denne gangen."


def test_JOUR_03_a_full_conversation_with_the_child_signs_without_warning(world, sak):
    notat = make_note(
        world.saksbehandler,
        sak,
        type="samtale_barn",
        barnet_fortalt="At tjenesten skal hjelpe mamma.",
        barnets_ord="«Jeg liker å være hos bestemor.»",
        barnet_informert_om_skriving=True,
        signed=True,
    )
    notat.refresh_from_db()
    assert notat.er_signert and notat.avvik_begrunnelse == ""
    assert notat.barnets_ord == "«Jeg liker å være hos bestemor.»"


def test_JOUR_03_the_child_fields_are_kept_only_on_a_conversation_with_the_child(world, sak):
    notat = make_note(world.saksbehandler, sak, type="telefon", barnets_ord="Skal bort")
    assert notat.barnets_ord == ""


def test_JOUR_04_an_outside_source_must_be_named(world, sak):
    with pytest.raises(RuleViolation) as exc:
        make_note(world.saksbehandler, sak, ekstern_kilde=True, kilde="")
    assert _ids(exc) == {("JOUR-04", "kilde")}
    notat = make_note(world.saksbehandler, sak, ekstern_kilde=True, kilde="Helsesykepleier")
    assert notat.kilde == "Helsesykepleier"


def test_control_characters_are_refused(world, sak):
    with pytest.raises(RuleViolation) as exc:
        make_note(world.saksbehandler, sak, hva_ble_sagt="Mor sa \u202eabc")
    assert {b.field for b in exc.value.breaches} == {"hva_ble_sagt"}
    assert not Journalnotat.objects.exists()


def test_a_measure_and_parties_of_another_case_are_refused(world, sak):
    from tests.factories import make_sak

    other = make_sak(world.saksbehandler, world.team_a, parter=1)
    with pytest.raises(RuleViolation) as exc:
        make_note(world.saksbehandler, sak, parter=[other.parter.first().pk])
    assert _ids(exc) == {("JOUR-01", "parter")}


def test_ROLE_02_outside_the_team_nobody_writes(world, sak):
    for outsider in (world.saksbehandler_b, world.annen_tjeneste, world.kontorfaglig):
        with pytest.raises(NotFound):
            make_note(outsider, sak)
    # The head of service reads the case but does not write in its journal.
    with pytest.raises(NotFound):
        make_note(world.barnevernleder, sak)
