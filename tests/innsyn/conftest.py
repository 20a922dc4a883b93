from datetime import timedelta

import pytest
from django.utils import timezone

from tests.factories import make_sak


@pytest.fixture
def sak(world):
    """Team A's case with two parties."""
    return make_sak(
        world.saksbehandler,
        world.team_a,
        melding_mottatt=timezone.localdate() - timedelta(days=20),
        parter=2,
    )
