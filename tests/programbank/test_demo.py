"""The demo's programme bank: the seeded programmes appear, with a trained provider or two."""

import pytest

from programbank.defaults import PROGRAMMER
from programbank.demo import load_program_demo
from programbank.models import Program

pytestmark = pytest.mark.django_db


def test_BANK_01_demo_bank_has_the_defaults_and_trained_staff(world):
    users = {
        "barnevernleder": world.barnevernleder,
        "saksbehandler": world.saksbehandler,
        "teamleder": world.teamleder,
    }
    assert load_program_demo(users=users) == len(PROGRAMMER)
    cos = Program.objects.get(tjeneste=world.tjeneste, kode="cos-p")
    assert set(cos.utdannede.all()) == {world.saksbehandler, world.teamleder}
    assert load_program_demo(users=users) == len(PROGRAMMER)  # twice: nothing more
