"""The demo's closed case (AVS-02): the last case that only lacks its checklist is closed."""

import pytest

from avslutning.demo import load_closing_demo
from avslutning.models import Avslutning
from cases.models import Sak
from tests.factories import make_sak
from tests.innkommende.factories import receive

pytestmark = pytest.mark.django_db


def test_AVS_02_the_demo_closes_a_case_that_only_lacks_its_checklist(world):
    quiet = make_sak(world.saksbehandler, world.team_a)
    busy = make_sak(world.saksbehandler, world.team_a, parter=2)
    receive(world.saksbehandler, busy)  # an unread document stands in the way
    users = world.users()
    assert load_closing_demo(users=users, saker=[quiet, busy]) == 1
    quiet.refresh_from_db()
    busy.refresh_from_db()
    assert (quiet.status, busy.status) == (Sak.Status.AVSLUTTET, Sak.Status.AKTIV)
    closing = Avslutning.objects.get(sak=quiet)
    assert (closing.foreslatt_av, closing.godkjent_av) == (world.saksbehandler, world.teamleder)
