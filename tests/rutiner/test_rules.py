"""RUT-01: the service's checklists, started on a case, ticked with who and when, and the
kernel rule an action requires."""

import pytest

from rutiner import defaults, services
from rutiner.models import Rutine, SakSjekkliste, Sjekkliste
from rutiner.rules import checklist_complete

pytestmark = pytest.mark.django_db


def test_RUT_01_a_service_has_the_six_checklists_of_source_002(world):
    codes = set(Sjekkliste.objects.filter(tjeneste=world.tjeneste).values_list("kode", flat=True))
    assert codes == {
        "avslutning",
        "ettervern",
        "familierad",
        "fylkesnemnda",
        "akuttarbeid",
        "plassering",
    }
    names = set(Sjekkliste.objects.filter(tjeneste=world.tjeneste).values_list("navn", flat=True))
    assert "Avslutning av sak" in names
    assert "Sak for fylkesnemnda" in names


def test_RUT_02_a_service_has_the_routine_table_of_source_002(world):
    rows = Rutine.objects.filter(tjeneste=world.tjeneste)
    assert rows.count() == len(defaults.ROUTINES)
    assert rows.filter(nokkel=Rutine.Nokkel.OVERFORING).exists()


def test_RUT_01_the_rule_blocks_until_the_checklist_is_complete(world):
    sak = world.sak_a
    rule = checklist_complete("avslutning")
    assert rule is checklist_complete("avslutning")
    [breach] = rule.unmet(sak)
    assert breach.rule_id == "RUT-01"
    assert "«Avslutning av sak»" in breach.message
    assert str(breach).endswith("(RUT-01)")

    started = services.sak_sjekkliste_start(
        actor=world.saksbehandler, sak_id=sak.pk, kode="avslutning"
    )
    punkter = list(started.punkter.all())
    assert [p.tekst for p in punkter] == defaults.CHECKLISTS[0]["punkter"]
    for punkt in punkter[:-1]:
        services.sjekkpunkt_tick(
            actor=world.saksbehandler, sak_id=sak.pk, punkt_id=punkt.pk, ticked=True
        )
    [breach] = rule.unmet(sak)
    assert "1 of 7" in breach.message or "1 av 7" in breach.message
    last = services.sjekkpunkt_tick(
        actor=world.teamleder, sak_id=sak.pk, punkt_id=punkter[-1].pk, ticked=True
    )
    assert last.avkrysset_av == world.teamleder
    assert last.avkrysset is not None
    assert rule.unmet(sak) == []
    assert last.history.count() == 2  # started, ticked (LOG-01)


def test_RUT_01_a_record_of_the_case_is_asked_through_its_case(world):
    class Record:
        sak = world.sak_a

    assert checklist_complete("ettervern").unmet(Record())[0].rule_id == "RUT-01"


def test_RUT_01_outside_the_team_no_checklist_is_started(world):
    from core.exceptions import NotFound

    with pytest.raises((NotFound, Exception)):
        services.sak_sjekkliste_start(
            actor=world.saksbehandler_b, sak_id=world.sak_a.pk, kode="avslutning"
        )
    assert not SakSjekkliste.objects.exists()


def test_RUT_01_seeding_twice_changes_nothing(world):
    before = Sjekkliste.objects.count(), Rutine.objects.count()
    services.ensure_defaults(world.tjeneste.pk)
    assert (Sjekkliste.objects.count(), Rutine.objects.count()) == before
