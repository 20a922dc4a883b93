"""SAM-01 as amended (with SAM-04): from the 18th birthday the youth is the party who gets the
letters; the parents are no longer parties unless the youth consents to sharing information
with them. The youth's consent is the only one that counts (tests/vedtak/test_sam01_adult.py
proves it for the decision's approval)."""

from __future__ import annotations

from datetime import timedelta

import pytest

from documents.models import Dokument
from documents.recipients import parties_of
from tests.factories import make_sak
from tests.vedtak import factories as vf
from vedtak import rules as vedtak_rules
from vedtak import services as vedtak_services
from vedtak.models import Samtykke

from .conftest import BORN, EIGHTEEN, at

pytestmark = pytest.mark.django_db


def _keys(sak, on) -> list[str]:
    return sorted(r.key for r in parties_of(sak, on))


def _sharing(world, sak, mottaker: str, given) -> Samtykke:
    return Samtykke.objects.create(
        sak=sak,
        formal_type=Samtykke.Formal.INFORMASJONSDELING,
        gitt_av_barnet=True,
        formal="Mor skal få brevene.",
        informasjon="Vedtak og planer.",
        mottaker=mottaker,
        mottakertype=Samtykke.Mottakertype.ANNET,
        gitt_dato=given,
        informert_om_tilbaketrekking=True,
        informert_om_rettigheter=True,
        registrert_av=world.saksbehandler,
    )


def test_SAM_01_SAM_04_from_18_the_youth_gets_the_letters_not_the_parents(world):
    with at(EIGHTEEN - timedelta(days=5)):
        sak = make_sak(world.saksbehandler, world.team_a, born=BORN, parter=2)
    mother, father = sak.parter.order_by("pk")
    day_before = EIGHTEEN - timedelta(days=1)
    assert _keys(sak, day_before) == sorted(["barn", f"part-{mother.pk}", f"part-{father.pk}"])
    assert _keys(sak, EIGHTEEN) == ["barn"]
    # A consent to share given before 18 is the child's, not the adult youth's: not enough.
    _sharing(world, sak, mother.fullt_navn, day_before)
    assert _keys(sak, EIGHTEEN) == ["barn"]
    # The youth's own consent, naming the mother, keeps her a recipient; the father is not.
    given = _sharing(world, sak, f"Til  {mother.fullt_navn.upper()}", EIGHTEEN)
    assert _keys(sak, EIGHTEEN) == sorted(["barn", f"part-{mother.pk}"])
    # Withdrawn (SAM-03): she is no longer one.
    Samtykke.objects.filter(pk=given.pk).update(trukket_dato=EIGHTEEN + timedelta(days=3))
    assert _keys(sak, EIGHTEEN + timedelta(days=3)) == ["barn"]


def test_SAM_01_VED_06_VED_10_a_decision_at_18_goes_to_the_youth(world):
    """The advance notice and the decision letter of a decision signed at 18 are the youth's;
    the parents were notified at 17, and are not asked again."""
    with at(EIGHTEEN - timedelta(days=10)):
        sak = make_sak(world.saksbehandler, world.team_a, born=BORN, parter=2)
        v = vf.klar_for_godkjenning(world, sak=sak)
        vf.notify_all(world, v)
        assert len(vedtak_rules.parties_to_notify(v, EIGHTEEN - timedelta(days=1))) == 3
    with at(EIGHTEEN):
        assert vedtak_rules.parties_to_notify(v, EIGHTEEN) == [(None, True)]
        vedtak_services.samtykke_create(
            actor=world.saksbehandler,
            sak_id=sak.pk,
            giver="barn",
            tiltak_ids=list(v.tiltak.values_list("pk", flat=True)),
            data={
                "formal": "Tiltak etter fylte 18 år.",
                "informasjon": "Opplysninger deles med støttekontakten.",
                "gitt_dato": EIGHTEEN,
                "informert_om_tilbaketrekking": True,
                "informert_om_rettigheter": True,
            },
            order_document=False,
        )
        v = vedtak_services.vedtak_approve(
            actor=world.barnevernleder, vedtak_id=v.pk, override_reason="Min plan lages nå."
        )
        letters = Dokument.objects.filter(sak=sak, type="vedtak")
        assert sorted(d.copy_key for d in letters) == ["barn"]


def test_SAM_01_SAM_04_the_case_page_says_who_gets_the_letters_from_18(world, client):
    from django.urls import reverse

    with at(EIGHTEEN):
        sak = make_sak(world.saksbehandler, world.team_a, born=BORN, parter=2)
        client.force_login(world.saksbehandler)
        page = " ".join(client.get(reverse("cases:detail", args=[sak.pk])).content.decode().split())
        assert "Fra 18 år er det ungdommen som er part og får brevene" in page
