"""ETT-03: no measure runs on or after the youth's 25th birthday; a decision or plan that runs
past it is refused (a measure ending the day before is allowed, on the day refused).
ETT-04: «min plan» is made with the youth, in the youth's words, with only the youth's consent
(SAM-01 from 18)."""

from __future__ import annotations

from datetime import timedelta

import pytest

from core.exceptions import RuleViolation
from plans import rules as plan_rules
from plans import services as plan_services
from plans.models import Planversjon
from tests.factories import make_sak
from tests.plans import factories as pf
from tests.vedtak import factories as vf
from vedtak import rules as vedtak_rules
from vedtak import services as vedtak_services
from vedtak.models import Samtykke, Vedtak

from .conftest import BORN, EIGHTEEN, TWENTY_FIVE, at, rule_ids

pytestmark = pytest.mark.django_db

NEAR_25 = TWENTY_FIVE - timedelta(days=100)


def _decision_ending(world, sak, end) -> Vedtak:
    v = vedtak_services.vedtak_create(actor=world.saksbehandler, sak_id=sak.pk)
    v = vedtak_services.vedtak_update(
        actor=world.saksbehandler, vedtak_id=v.pk, versjon=v.versjon, data=vf.CONTENT
    )
    vedtak_services.tiltak_add(
        actor=world.saksbehandler,
        vedtak_id=v.pk,
        versjon=v.versjon,
        data={
            "type": vf.tiltakstype("stottekontakt"),
            "omfang": "4 timer per uke",
            "startdato": NEAR_25,
            "sluttdato": end,
        },
    )
    return Vedtak.objects.get(pk=v.pk)


def test_ETT_03_a_measure_ending_the_day_before_the_25th_birthday_is_allowed(world):
    with at(NEAR_25):
        sak = make_sak(world.saksbehandler, world.team_a, born=BORN, parter=2)
        v = _decision_ending(world, sak, TWENTY_FIVE - timedelta(days=1))
        assert vedtak_rules.ETT_03.unmet(v) == []
        v = vedtak_services.vedtak_send_to_guidance(actor=world.saksbehandler, vedtak_id=v.pk)
        assert v.status == Vedtak.Status.TIL_VEILEDNING


def test_ETT_03_a_measure_ending_on_the_25th_birthday_is_refused(world):
    with at(NEAR_25):
        sak = make_sak(world.saksbehandler, world.team_a, born=BORN, parter=2)
        v = _decision_ending(world, sak, TWENTY_FIVE)
        with pytest.raises(RuleViolation) as exc:
            vedtak_services.vedtak_send_to_guidance(actor=world.saksbehandler, vedtak_id=v.pk)
        assert rule_ids(exc) == {"ETT-03"}
        assert "ETT-03" in str(exc.value) and "25-årsdag" in str(exc.value)


def _plan_near_25(world):
    """A measure approved near 25 with the youth's consent, and a plan drafted for it."""
    with at(NEAR_25 - timedelta(days=10)):
        sak = make_sak(world.saksbehandler, world.team_a, born=BORN, parter=2)
        v = vf.klar_for_godkjenning(world, sak=sak)
        vf.notify_all(world, v)
        _youth_consent(world, sak, v.tiltak.get())
        v = vedtak_services.vedtak_approve(
            actor=world.barnevernleder, vedtak_id=v.pk, override_reason="Min plan lages nå."
        )
    with at(NEAR_25):
        tiltak = v.tiltak.get()
        versjon = pf.draft(world, sak, tiltak=[tiltak])
    return sak, tiltak, versjon


def _plan_ids(versjon) -> set[str]:
    return {b.rule_id for b in plan_rules.ett03_breaches(Planversjon.objects.get(pk=versjon.pk))}


def test_ETT_03_a_plan_measure_planned_to_the_day_before_25_allowed_on_the_day_refused(world):
    _sak, tiltak, versjon = _plan_near_25(world)
    with at(NEAR_25):
        for end, refused in ((TWENTY_FIVE - timedelta(days=1), False), (TWENTY_FIVE, True)):
            plan_services.planversjon_update(
                actor=world.saksbehandler, versjon_id=versjon.pk, data={}, tiltak=[(tiltak.pk, end)]
            )
            assert ("ETT-03" in _plan_ids(versjon)) is refused
        with pytest.raises(RuleViolation) as exc:
            plan_services.planversjon_send_for_approval(
                actor=world.saksbehandler, versjon_id=versjon.pk
            )
        assert "ETT-03" in rule_ids(exc)
        assert any("ETT-03" in b.message for b in exc.value.breaches)


def test_ETT_03_a_plan_that_applies_to_the_25th_birthday_is_refused(world):
    _sak, tiltak, versjon = _plan_near_25(world)
    with at(NEAR_25):
        ok = TWENTY_FIVE - timedelta(days=1)
        plan_services.planversjon_update(
            actor=world.saksbehandler,
            versjon_id=versjon.pk,
            data={"gyldig_til": ok},
            tiltak=[(tiltak.pk, ok)],
        )
        assert _plan_ids(versjon) == set()
        plan_services.planversjon_update(
            actor=world.saksbehandler, versjon_id=versjon.pk, data={"gyldig_til": TWENTY_FIVE}
        )
        assert _plan_ids(versjon) == {"ETT-03"}


def _youth_consent(world, sak, tiltak) -> Samtykke:
    return vedtak_services.samtykke_create(
        actor=world.saksbehandler,
        sak_id=sak.pk,
        giver="barn",
        tiltak_ids=[tiltak.pk],
        data={
            "formal": "Min plan og tiltakene i den.",
            "informasjon": "Opplysninger deles med støttekontakten.",
            "gitt_dato": NEAR_25 - timedelta(days=10),
            "informert_om_tilbaketrekking": True,
            "informert_om_rettigheter": True,
        },
        order_document=False,
    )


def _ett04(versjon) -> list:
    return plan_rules.ett04_breaches(Planversjon.objects.get(pk=versjon.pk))


def test_ETT_04_min_plan_in_the_youths_words_with_the_youths_consent_only(world):
    sak, tiltak, versjon = _plan_near_25(world)
    with at(NEAR_25):
        end = TWENTY_FIVE - timedelta(days=1)
        plan_services.planversjon_update(
            actor=world.saksbehandler,
            versjon_id=versjon.pk,
            data={"min_plan": True, "medvirkning_foreldre": ""},
            tiltak=[(tiltak.pk, end)],
        )
        assert {b.field for b in _ett04(versjon)} == {"ungdommens_ord"}
        plan_services.planversjon_update(
            actor=world.saksbehandler, versjon_id=versjon.pk, data={}, samtykke_ids=[]
        )
        assert {b.field for b in _ett04(versjon)} == {"ungdommens_ord", "samtykker"}
        # A parent's consent (given before 18) is neither asked nor enough.
        parent = Samtykke.objects.create(
            sak=sak,
            part=sak.parter.get(daglig_omsorg=True),
            formal="Tiltak før 18 år.",
            gitt_dato=EIGHTEEN - timedelta(days=30),
            informert_om_tilbaketrekking=True,
            informert_om_rettigheter=True,
            registrert_av=world.saksbehandler,
        )
        youth = Samtykke.objects.get(sak=sak, gitt_av_barnet=True)
        plan_services.planversjon_update(
            actor=world.saksbehandler,
            versjon_id=versjon.pk,
            data={"ungdommens_ord": "Jeg vil ha egen leilighet og jobb innen jul."},
            samtykke_ids=[parent.pk, youth.pk],
        )
        breaches = _ett04(versjon)
        assert [b.field for b in breaches] == ["samtykker"]
        assert "ETT-04" in breaches[0].message and "SAM-01" in breaches[0].message
        plan_services.planversjon_update(
            actor=world.saksbehandler, versjon_id=versjon.pk, data={}, samtykke_ids=[youth.pk]
        )
        assert _ett04(versjon) == []
        # The parents took no part in the youth's own plan: PLAN-01 asks nothing of them.
        fields = {b.field for b in plan_rules.submission_breaches(versjon)}
        assert "medvirkning_foreldre" not in fields


def test_ETT_04_min_plan_is_the_plan_of_a_youth_of_18(world):
    _sak, _tiltak, versjon = _plan_near_25(world)
    with at(NEAR_25):
        plan_services.planversjon_update(
            actor=world.saksbehandler,
            versjon_id=versjon.pk,
            data={"min_plan": True, "gyldig_fra": EIGHTEEN - timedelta(days=1)},
        )
        assert "min_plan" in {b.field for b in _ett04(versjon)}
        plan_services.planversjon_update(
            actor=world.saksbehandler, versjon_id=versjon.pk, data={"gyldig_fra": EIGHTEEN}
        )
        assert "min_plan" not in {b.field for b in _ett04(versjon)}


def test_ETT_04_the_editor_asks_and_the_version_page_shows_min_plan(world, client):
    from django.urls import reverse

    sak, _tiltak, versjon = _plan_near_25(world)
    with at(NEAR_25):
        client.force_login(world.saksbehandler)
        edit = client.get(reverse("plans:edit", args=[sak.pk, versjon.pk])).content.decode()
        assert 'name="min_plan"' in edit and 'name="ungdommens_ord"' in edit
        plan_services.planversjon_update(
            actor=world.saksbehandler,
            versjon_id=versjon.pk,
            data={"min_plan": True, "ungdommens_ord": "Jeg vil bo for meg selv."},
        )
        page = client.get(reverse("plans:version", args=[sak.pk, versjon.pk])).content.decode()
        assert "ungdommens egen plan" in page and "Jeg vil bo for meg selv." in page
