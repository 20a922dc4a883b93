"""The case services: opening a case (SAK-01), parties (SAK-02), investigations (SAK-03),
transfers (SAK-04), and the history of every change (LOG-01)."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils import timezone

from accounts.models import Rolle
from cases import services
from cases.models import Barn, Part, Sak, Undersokelse
from core.exceptions import RuleViolation

from ..factories import grant, make_sak, make_user

pytestmark = pytest.mark.django_db


def test_SAK_01_case_opened_with_birth_date_from_number_and_number_per_service(world):
    sak = make_sak(world.saksbehandler, world.team_a, age=10)
    assert sak.barn.fodselsdato == sak.barn.__class__.objects.get(pk=sak.barn_id).fodselsdato
    year = timezone.localdate().year
    first = Sak.objects.filter(tjeneste=world.tjeneste).order_by("pk").first()
    assert first.saksnummer == f"{year}/00001"
    assert sak.saksnummer == f"{year}/00003"
    # Another municipality's numbering is its own.
    assert world.sak_annen.saksnummer == f"{year}/00001"
    assert sak.saksbehandler == world.saksbehandler  # SAK-04: the opener is responsible


def test_SAK_01_invalid_number_refused_by_field(world):
    with pytest.raises(RuleViolation) as exc:
        services.sak_create(
            actor=world.saksbehandler,
            team=world.team_a,
            barn_data={"fornavn": "A", "etternavn": "B", "fodselsnummer": "12345678901"},
        )
    assert exc.value.breaches[0].field == "fodselsnummer"
    assert "SAK-01" in str(exc.value)
    assert not Barn.objects.filter(fornavn="A").exists()


def test_SAK_01_one_case_per_child(world):
    with pytest.raises(RuleViolation):
        services.sak_create(
            actor=world.saksbehandler,
            team=world.team_a,
            barn_data={
                "fornavn": "A",
                "etternavn": "B",
                "fodselsnummer": world.sak_a.barn.fodselsnummer,
            },
        )


def test_SAK_01_production_refuses_synthetic_numbers(world, settings):
    settings.ALLOW_SYNTHETIC_IDS = False
    with pytest.raises(RuleViolation, match="SAK-01"):
        make_sak(world.saksbehandler, world.team_a)


def test_case_opened_only_in_own_team(world):
    with pytest.raises(PermissionDenied):
        make_sak(world.saksbehandler, world.team_b)
    with pytest.raises(PermissionDenied):
        make_sak(world.barnevernleder, world.team_a)


def test_SAK_02_parties_with_daily_care(world):
    parter = list(world.sak_a.parter.order_by("pk"))
    assert [p.daglig_omsorg for p in parter] == [True, False]
    part = services.part_update(
        actor=world.saksbehandler,
        sak_id=world.sak_a.pk,
        part_id=parter[1].pk,
        data={"daglig_omsorg": True},
    )
    assert part.daglig_omsorg
    assert Part.history.filter(id=part.pk).count() == 2


def test_SAK_02_child_party_status_derived_from_age(world):
    young = make_sak(world.saksbehandler, world.team_a, age=14)
    old = make_sak(world.saksbehandler, world.team_a, age=15)
    assert not young.barn_er_part()
    assert old.barn_er_part()


def test_SAK_02_younger_child_granted_party_status_by_leader(world):
    sak = make_sak(world.saksbehandler, world.team_a, age=12)
    with pytest.raises(PermissionDenied):
        services.sak_grant_child_party_status(
            actor=world.saksbehandler,
            sak_id=sak.pk,
            granted_on=timezone.localdate(),
            grounds="Moden nok",
        )
    with pytest.raises(RuleViolation, match="SAK-02"):
        services.sak_grant_child_party_status(
            actor=world.teamleder, sak_id=sak.pk, granted_on=timezone.localdate(), grounds=" "
        )
    services.sak_grant_child_party_status(
        actor=world.teamleder,
        sak_id=sak.pk,
        granted_on=timezone.localdate(),
        grounds="Barnet er modent og har bedt om det.",
    )
    sak.refresh_from_db()
    assert sak.barn_er_part()


def test_SAK_03_case_from_investigation_has_deadline(world):
    received = timezone.localdate() - timedelta(days=10)
    sak = make_sak(world.saksbehandler, world.team_a, melding_mottatt=received)
    assert sak.undersokelse.melding_mottatt == received
    assert sak.undersokelse.frist > timezone.localdate()
    assert not sak.undersokelse.is_overdue()


def test_SAK_03_extension_needs_reason_and_leader_and_time_left(world):
    received = timezone.localdate() - timedelta(days=40)
    sak = make_sak(world.saksbehandler, world.team_a, melding_mottatt=received)
    with pytest.raises(PermissionDenied):
        services.undersokelse_extend(actor=world.saksbehandler, sak_id=sak.pk, begrunnelse="x")
    with pytest.raises(RuleViolation, match="SAK-03"):
        services.undersokelse_extend(actor=world.teamleder, sak_id=sak.pk, begrunnelse="  ")
    u = services.undersokelse_extend(
        actor=world.teamleder, sak_id=sak.pk, begrunnelse="Venter på BUP."
    )
    assert u.forlenget
    assert (u.frist.year - received.year) * 12 + u.frist.month - received.month == 6
    with pytest.raises(RuleViolation, match="SAK-03"):
        services.undersokelse_extend(actor=world.teamleder, sak_id=sak.pk, begrunnelse="igjen")


def test_SAK_03_no_extension_after_the_deadline_passed(world):
    received = timezone.localdate() - timedelta(days=100)
    sak = make_sak(world.saksbehandler, world.team_a, melding_mottatt=received)
    assert sak.undersokelse.is_overdue()
    with pytest.raises(RuleViolation, match="SAK-03"):
        services.undersokelse_extend(actor=world.teamleder, sak_id=sak.pk, begrunnelse="sent")


def test_SAK_03_complete_investigation(world):
    received = timezone.localdate() - timedelta(days=30)
    sak = make_sak(world.saksbehandler, world.team_a, melding_mottatt=received)
    with pytest.raises(RuleViolation, match="SAK-03"):
        services.undersokelse_complete(
            actor=world.saksbehandler,
            sak_id=sak.pk,
            avsluttet=received - timedelta(days=1),
            konklusjon="tiltak",
        )
    services.undersokelse_complete(
        actor=world.saksbehandler,
        sak_id=sak.pk,
        avsluttet=timezone.localdate(),
        konklusjon=Undersokelse.Konklusjon.TILTAK,
    )
    sak.undersokelse.refresh_from_db()
    assert sak.undersokelse.avsluttet == timezone.localdate()
    assert not sak.undersokelse.is_overdue(timezone.localdate() + timedelta(days=365))


def _transfer(world, actor, **overrides):
    kwargs = {
        "actor": actor,
        "sak_id": world.sak_b.pk,
        "til_saksbehandler": world.saksbehandler,
        "til_team": world.team_a,
        "overgangsmote_dato": timezone.localdate(),
        "overgangsmote_notat": "Gjennomgått undersøkelsen og avtalt videre tiltak.",
    }
    kwargs.update(overrides)
    return services.sak_transfer(**kwargs)


def test_SAK_04_transfer_records_overgangsmote_and_moves_the_case(world):
    overforing = _transfer(world, world.teamleder_b)
    sak = Sak.objects.get(pk=world.sak_b.pk)
    assert sak.saksbehandler == world.saksbehandler
    assert sak.team == world.team_a
    assert overforing.fra_saksbehandler == world.saksbehandler_b
    assert overforing.fra_team == world.team_b
    assert "avtalt" in overforing.overgangsmote_notat
    last = Sak.history.filter(id=sak.pk).latest("history_date")
    assert last.history_user == world.teamleder_b
    assert last.history_change_reason


def test_SAK_04_transfer_needs_a_note(world):
    with pytest.raises(RuleViolation, match="SAK-04") as exc:
        _transfer(world, world.teamleder_b, overgangsmote_notat="   ")
    assert exc.value.breaches[0].field == "overgangsmote_notat"


def test_SAK_04_new_caseworker_must_work_in_target_team(world):
    with pytest.raises(RuleViolation, match="SAK-04"):
        _transfer(world, world.teamleder_b, til_saksbehandler=world.saksbehandler_b)


def test_SAK_04_only_leaders_transfer_and_only_within_the_service(world):
    with pytest.raises(PermissionDenied):
        _transfer(world, world.saksbehandler_b)
    with pytest.raises(Http404):  # a leader of another service does not even see the case
        _transfer(world, world.annen_tjeneste)
    outsider = grant(make_user(), Rolle.SAKSBEHANDLER, team=world.sak_annen.team)
    with pytest.raises(RuleViolation, match="SAK-04"):
        _transfer(
            world,
            world.barnevernleder,
            til_saksbehandler=outsider,
            til_team=outsider.rolletildelinger.get().team,
        )


def test_LOG_01_every_change_is_kept_with_who_and_what(world):
    services.barn_update(
        actor=world.saksbehandler, sak_id=world.sak_a.pk, data={"sprak": "arabisk"}
    )
    history = Barn.history.filter(id=world.sak_a.barn_id).order_by("history_date")
    assert [h.history_type for h in history] == ["+", "~"]
    first, last = history
    assert (first.sprak, last.sprak) == ("norsk", "arabisk")
    assert last.history_user == world.saksbehandler
    delta = last.diff_against(first)
    assert [c.field for c in delta.changes] == ["sprak"]


def test_LOG_01_nothing_is_hard_deleted(world):
    from django.db.models import ProtectedError

    with pytest.raises(ProtectedError):
        world.sak_a.barn.delete()
