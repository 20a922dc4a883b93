"""SAM-01 as amended, for consents to share information (SAM-04): from the 18th birthday only
the youth's own consent counts — for a referral's legal basis (HENV-01) and for an outside
participant at a meeting (MOTE-03) alike. The clock is frozen on a fixed day."""

from __future__ import annotations

from datetime import date
from types import SimpleNamespace

import pytest

from cases.models import Barn
from core.exceptions import RuleViolation
from henvisning import services
from henvisning.models import Henvisning
from moter import rules as moter_rules
from tests.factories import make_sak
from vedtak.rules import counts_from_18

from . import factories as f

DAY = date(2027, 3, 10)
EIGHTEEN_TODAY = date(2009, 3, 10)
SEVENTEEN = date(2009, 3, 11)


@pytest.mark.parametrize(
    ("born", "by_youth", "counts"),
    [
        (SEVENTEEN, False, True),
        (SEVENTEEN, True, True),
        (EIGHTEEN_TODAY, False, False),
        (EIGHTEEN_TODAY, True, True),
    ],
)
def test_SAM_01_from_18_only_the_youths_own_consent_counts(born, by_youth, counts):
    assert counts_from_18(SimpleNamespace(gitt_av_barnet=by_youth), born, DAY) is counts


@pytest.fixture
def sak(world):
    return make_sak(world.saksbehandler, world.team_a, parter=2)


def _born(sak, day: date):
    # The birth date follows the identity number on save(); set here as a fact of the test.
    Barn.objects.filter(pk=sak.barn_id).update(fodselsdato=day)


def test_SAM_01_HENV_01_a_parents_sharing_consent_is_no_basis_at_18(world, sak):
    bup = f.mottaker(world.tjeneste)
    _born(sak, EIGHTEEN_TODAY)
    with f.at(DAY):
        parents = f.consent(sak, bup.navn, gitt=date(2027, 1, 5))
        with pytest.raises(RuleViolation) as e:
            services.henvisning_create(
                actor=sak.saksbehandler, sak_id=sak.pk, data=f.data(bup, parents)
            )
        assert {b.field for b in e.value.breaches} == {"samtykke"}
        assert "SAM-01" in e.value.breaches[0].message
        assert not Henvisning.objects.exists()

        youths = f.consent(sak, bup.navn, gitt=DAY, part=None)
        # ``part=None`` in the factory means the first party; the youth's own is made here.
        youths.part, youths.gitt_av_barnet = None, True
        youths.save(update_fields=["part", "gitt_av_barnet"])
        h = services.henvisning_create(
            actor=sak.saksbehandler, sak_id=sak.pk, data=f.data(bup, youths)
        )
        assert h.samtykke == youths


def test_SAM_01_HENV_01_a_parents_sharing_consent_counts_before_18(world, sak):
    bup = f.mottaker(world.tjeneste)
    _born(sak, SEVENTEEN)
    with f.at(DAY):
        parents = f.consent(sak, bup.navn, gitt=date(2027, 1, 5))
        h = services.henvisning_create(
            actor=sak.saksbehandler, sak_id=sak.pk, data=f.data(bup, parents)
        )
    assert h.samtykke == parents


def test_SAM_01_MOTE_03_a_parents_consent_does_not_admit_an_outsider_at_18():
    def consent(by_youth):
        return SimpleNamespace(
            er_informasjonsdeling=True,
            er_gyldig=lambda on: True,
            mottaker="Solbakken skole",
            gitt_av_barnet=by_youth,
        )

    parents, youths = consent(False), consent(True)
    assert moter_rules.consent_for("Solbakken skole", [parents], DAY, SEVENTEEN) is parents
    assert moter_rules.consent_for("Solbakken skole", [parents], DAY, EIGHTEEN_TODAY) is None
    assert moter_rules.consent_for("Solbakken skole", [parents, youths], DAY, EIGHTEEN_TODAY) is (
        youths
    )
