"""ETT-01: the dialogue about ettervern starts at least 6 months before the 18th birthday and is
recorded (a signed journal note or a held meeting with the youth). The case shows «Ettervern:
samtale må starte» from 17 years 6 months until the dialogue is recorded."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.urls import reverse

from core.exceptions import RuleViolation
from ettervern import rules, selectors, services
from ettervern.models import Ettervernsamtale
from tests.factories import make_sak
from tests.journal.factories import make_note
from tests.moter.factories import make_mote

from .conftest import BORN, EIGHTEEN, HALF, TWENTY_FIVE, at, rule_ids

pytestmark = pytest.mark.django_db

BANNER = "Ettervern: samtale må starte"


def test_ETT_01_the_days_of_ettervern():
    assert rules.dialogue_from(BORN) == HALF
    assert rules.eighteenth(BORN) == EIGHTEEN
    assert rules.twenty_fifth(BORN) == TWENTY_FIVE
    # 29 February: the 18th birthday is 1 March in a common year, 17½ six months before it.
    assert rules.eighteenth(date(2012, 2, 29)) == date(2030, 3, 1)
    assert rules.dialogue_from(date(2012, 2, 29)) == date(2029, 9, 1)
    # 31 August: 28 February + 6 months is 28 August, so from 1 March (as the digest counts).
    assert rules.dialogue_from(date(2011, 8, 31)) == date(2029, 3, 1)


def test_ETT_01_due_from_17_years_6_months_exactly_not_the_day_before():
    assert not rules.dialogue_due(BORN, HALF - timedelta(days=1), recorded=False)
    assert rules.dialogue_due(BORN, HALF, recorded=False)
    assert rules.dialogue_due(BORN, EIGHTEEN + timedelta(days=30), recorded=False)
    assert not rules.dialogue_due(BORN, HALF, recorded=True)
    assert not rules.dialogue_due(BORN, TWENTY_FIVE, recorded=False)


def test_ETT_01_the_case_page_shows_the_banner_from_17_and_a_half(world, client):
    """17 years 6 months minus a day: the ettervern panel, no banner; exactly 17½: the banner."""
    with at(HALF - timedelta(days=1)):
        sak = make_sak(world.saksbehandler, world.team_a, born=BORN, parter=2)
        client.force_login(world.saksbehandler)
        page = client.get(reverse("cases:detail", args=[sak.pk])).content.decode()
        assert "Ettervern (18–25 år)" in page
        assert BANNER not in page
        assert reverse("rutiner:rutine", args=["ettervern"]) in page  # RUT-02
    with at(HALF):
        client.force_login(world.saksbehandler)
        page = client.get(reverse("cases:detail", args=[sak.pk])).content.decode()
        assert BANNER in page
        assert "(ETT-01)" in page


def test_ETT_01_no_panel_and_no_query_for_a_younger_child(world, django_assert_num_queries):
    with at(HALF):
        sak = make_sak(world.saksbehandler, world.team_a, born=BORN + timedelta(days=400))
        assert sak.barn.fodselsdato  # loaded, as the case page has it
        with django_assert_num_queries(0):
            assert selectors.case_panel(world.saksbehandler, sak) is None


def test_ETT_01_a_signed_note_records_the_dialogue_and_the_banner_goes(world, client):
    with at(HALF + timedelta(days=3)):
        sak = make_sak(world.saksbehandler, world.team_a, born=BORN, parter=2)
        note = make_note(
            world.saksbehandler, sak, signed=True, type="samtale", dato=HALF + timedelta(days=2)
        )
        client.force_login(world.saksbehandler)
        url = reverse("ettervern:sak_action", args=[sak.pk, "record_dialogue"])
        assert client.get(url).status_code == 200
        response = client.post(url, {"notat": note.pk})
        assert response.status_code == 302
        samtale = Ettervernsamtale.objects.get(sak=sak)
        assert (samtale.notat_id, samtale.dato) == (note.pk, HALF + timedelta(days=2))
        page = client.get(reverse("cases:detail", args=[sak.pk])).content.decode()
        assert BANNER not in page
        assert selectors.case_panel(world.saksbehandler, sak)["must_start"] is False


def test_ETT_01_a_held_meeting_records_the_dialogue(world):
    with at(HALF + timedelta(days=3)):
        sak = make_sak(world.saksbehandler, world.team_a, born=BORN, parter=2)
        mote = make_mote(world.saksbehandler, sak, held=True)
        samtale = services.ettervernsamtale_register(
            actor=world.saksbehandler, sak_id=sak.pk, mote_id=mote.pk
        )
        assert samtale.mote_id == mote.pk


def test_ETT_01_a_draft_note_or_a_planned_meeting_does_not_count(world):
    with at(HALF + timedelta(days=3)):
        sak = make_sak(world.saksbehandler, world.team_a, born=BORN, parter=2)
        draft = make_note(world.saksbehandler, sak)
        with pytest.raises(RuleViolation) as exc:
            services.ettervernsamtale_register(
                actor=world.saksbehandler, sak_id=sak.pk, notat_id=draft.pk
            )
        assert rule_ids(exc) == {"ETT-01"}
        from django.utils import timezone

        planned = make_mote(world.saksbehandler, sak, tidspunkt=timezone.now() + timedelta(days=2))
        with pytest.raises(RuleViolation) as exc:
            services.ettervernsamtale_register(
                actor=world.saksbehandler, sak_id=sak.pk, mote_id=planned.pk
            )
        assert rule_ids(exc) == {"ETT-01"}
        assert not Ettervernsamtale.objects.filter(sak=sak).exists()


def test_ETT_01_only_the_team_records_it(world):
    from core.exceptions import NotFound

    with at(HALF + timedelta(days=3)):
        sak = make_sak(world.saksbehandler, world.team_a, born=BORN, parter=2)
        note = make_note(world.saksbehandler, sak, signed=True)
        for outsider in (world.saksbehandler_b, world.kontorfaglig):
            with pytest.raises(NotFound):
                services.ettervernsamtale_register(actor=outsider, sak_id=sak.pk, notat_id=note.pk)


def test_ETT_01_FRIST_01_the_digest_warns_until_the_dialogue_is_recorded(world):
    from reminders import finders

    with at(HALF):
        sak = make_sak(world.saksbehandler, world.team_a, born=BORN, parter=2)
        assert sak.pk in set(finders.turning_18(HALF).values_list("pk", flat=True))
        note = make_note(world.saksbehandler, sak, signed=True, dato=HALF)
        services.ettervernsamtale_register(
            actor=world.saksbehandler, sak_id=sak.pk, notat_id=note.pk
        )
        assert sak.pk not in set(finders.turning_18(HALF).values_list("pk", flat=True))
