"""ETT-02: at 18 continuing, changing, ending or refusing measures is a decision with reasons
and complaint information; a declined offer records the youth's reason and that the youth may
change their mind until 25. What counts is the day of the decision (its sign-off): a draft made
at 17 is signed from the 18th birthday, with the youth's own consent (SAM-01)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.template.loader import render_to_string
from django.urls import reverse

from core.exceptions import RuleViolation
from ettervern import services
from ettervern.models import Ettervernvedtak
from rutiner import services as rutiner_services
from rutiner.models import SakSjekkliste
from tests.factories import make_sak
from tests.vedtak import factories as vf
from vedtak import selectors as vedtak_selectors
from vedtak import services as vedtak_services
from vedtak.models import Vedtak

from .conftest import BORN, EIGHTEEN, HALF, at, rule_ids

pytestmark = pytest.mark.django_db


def _consent(world, v: Vedtak, giver: str, given):
    return vedtak_services.samtykke_create(
        actor=world.saksbehandler,
        sak_id=v.sak_id,
        giver=giver,
        tiltak_ids=list(v.tiltak.values_list("pk", flat=True)),
        data={
            "formal": "Ettervern etter fylte 18 år.",
            "informasjon": "Opplysninger om behovet deles med den som utfører tiltaket.",
            "gitt_dato": given,
            "informert_om_tilbaketrekking": True,
            "informert_om_rettigheter": True,
        },
        order_document=False,
    )


def _checklist_done(world, sak) -> None:
    """RUT-01: the checklist «Ettervern» started and every item ticked."""
    started = rutiner_services.sak_sjekkliste_start(
        actor=world.saksbehandler, sak_id=sak.pk, kode="ettervern"
    )
    for punkt in started.punkter.all():
        rutiner_services.sjekkpunkt_tick(
            actor=world.saksbehandler, sak_id=sak.pk, punkt_id=punkt.pk, ticked=True
        )


def _continue_draft(world, sak) -> Vedtak:
    """An ettervern decision to continue with a new measure, its content written."""
    v = services.ettervernvedtak_create(
        actor=world.saksbehandler, sak_id=sak.pk, utfall="fortsette"
    )
    v = vedtak_services.vedtak_update(
        actor=world.saksbehandler, vedtak_id=v.pk, versjon=v.versjon, data=vf.CONTENT
    )
    t = vf.tiltakstype("stottekontakt")
    vedtak_services.tiltak_add(
        actor=world.saksbehandler,
        vedtak_id=v.pk,
        versjon=Vedtak.objects.get(pk=v.pk).versjon,
        data={"type": t, "omfang": "4 timer per uke", "startdato": EIGHTEEN},
    )
    return Vedtak.objects.get(pk=v.pk)


def _released(world, v: Vedtak) -> Vedtak:
    vedtak_services.vedtak_send_to_guidance(actor=world.saksbehandler, vedtak_id=v.pk)
    vedtak_services.vedtak_approve_measures(actor=world.teamleder, vedtak_id=v.pk)
    return vedtak_services.vedtak_release_for_approval(actor=world.teamleder, vedtak_id=v.pk)


def test_ETT_02_the_decision_is_drafted_from_17_and_a_half(world):
    with at(HALF - timedelta(days=1)):
        sak = make_sak(world.saksbehandler, world.team_a, born=BORN, parter=2)
        with pytest.raises(RuleViolation) as exc:
            services.ettervernvedtak_create(
                actor=world.saksbehandler, sak_id=sak.pk, utfall="fortsette"
            )
        assert rule_ids(exc) == {"ETT-02"}
    with at(HALF):
        v = services.ettervernvedtak_create(
            actor=world.saksbehandler, sak_id=sak.pk, utfall="fortsette"
        )
        assert v.hjemmel == "barnevernsloven § 3-6"
        assert v.type == Vedtak.Type.NYTT
        assert v.ettervern.utfall == "fortsette"


def test_ETT_02_RUT_01_the_checklist_ettervern_before_release_for_approval(world):
    with at(EIGHTEEN - timedelta(days=10)):
        sak = make_sak(world.saksbehandler, world.team_a, born=BORN, parter=2)
        v = _continue_draft(world, sak)
        vedtak_services.vedtak_send_to_guidance(actor=world.saksbehandler, vedtak_id=v.pk)
        vedtak_services.vedtak_approve_measures(actor=world.teamleder, vedtak_id=v.pk)
        with pytest.raises(RuleViolation) as exc:
            vedtak_services.vedtak_release_for_approval(actor=world.teamleder, vedtak_id=v.pk)
        assert rule_ids(exc) == {"RUT-01"}
        _checklist_done(world, sak)
        assert SakSjekkliste.objects.get(sak=sak, kode="ettervern").complete
        v = vedtak_services.vedtak_release_for_approval(actor=world.teamleder, vedtak_id=v.pk)
        assert v.status == Vedtak.Status.KLAR_FOR_GODKJENNING


def test_ETT_02_SAM_01_the_18th_birthday_between_draft_and_sign_off(world):
    """Drafted and released at 17 with the parent's consent: the day before the birthday the
    sign-off is refused (ETT-02: made at 18); on the birthday the parent's consent is not
    enough (SAM-01); with the youth's own consent it is signed, dated the birthday."""
    with at(EIGHTEEN - timedelta(days=10)):
        sak = make_sak(world.saksbehandler, world.team_a, born=BORN, parter=2)
        v = _continue_draft(world, sak)
        _checklist_done(world, sak)
        v = _released(world, v)
        vf.notify_all(world, v)
        mother = sak.parter.get(daglig_omsorg=True)
        _consent(world, v, f"part-{mother.pk}", EIGHTEEN - timedelta(days=10))
    with at(EIGHTEEN - timedelta(days=1)):
        with pytest.raises(RuleViolation) as exc:
            vf_approve(world, v)
        assert rule_ids(exc) == {"ETT-02"}
        assert "18" in str(exc.value) and "ETT-02" in str(exc.value)
    with at(EIGHTEEN):
        with pytest.raises(RuleViolation) as exc:
            vf_approve(world, v)
        assert rule_ids(exc) == {"VED-07"}
        assert "SAM-01" in str(exc.value)
        _consent(world, v, "barn", EIGHTEEN)
        v = vf_approve(world, v)
        assert v.status == Vedtak.Status.GODKJENT
        context = vedtak_selectors.vedtak_document_context(v.pk)
        assert context["godkjent_dato"] == EIGHTEEN
        assert context["ungdom_voksen"] is True


def vf_approve(world, v: Vedtak) -> Vedtak:
    return vedtak_services.vedtak_approve(
        actor=world.barnevernleder, vedtak_id=v.pk, override_reason="Min plan lages nå."
    )


def _running_measure(world, sak) -> Vedtak:
    """An approved decision from before 17½, its measure running (not yet ended)."""
    return vf.godkjent(world, sak=sak, tiltak=("stottekontakt",))


def test_ETT_02_a_declined_offer_records_the_youths_reason(world, client):
    with at(HALF - timedelta(days=30)):
        sak = make_sak(world.saksbehandler, world.team_a, born=BORN, parter=2)
        old = _running_measure(world, sak)
    with at(EIGHTEEN):
        running = old.tiltak.get()
        client.force_login(world.saksbehandler)
        url = reverse("ettervern:sak_action", args=[sak.pk, "create_decision"])
        response = client.post(url, {"utfall": "takker_nei", "endrer_tiltak": [running.pk]})
        assert response.status_code == 302
        v = Vedtak.objects.get(sak=sak, ettervern__isnull=False)
        assert v.type == Vedtak.Type.AVSLUTNING
        assert response["Location"] == reverse("vedtak:detail", args=[sak.pk, v.pk])
        v = vedtak_services.vedtak_update(
            actor=world.saksbehandler, vedtak_id=v.pk, versjon=v.versjon, data=vf.CONTENT
        )
        row = v.tiltak.get()
        vedtak_services.tiltak_update(
            actor=world.saksbehandler,
            tiltak_id=row.pk,
            versjon=v.versjon,
            data={"startdato": EIGHTEEN},
        )
        with pytest.raises(RuleViolation) as exc:
            vedtak_services.vedtak_send_to_guidance(actor=world.saksbehandler, vedtak_id=v.pk)
        assert rule_ids(exc) == {"ETT-02"}
        assert {b.field for b in exc.value.breaches} == {"ungdommens_begrunnelse"}
        # The page of the decision shows the outcome and offers to change it.
        page = client.get(reverse("vedtak:detail", args=[sak.pk, v.pk])).content.decode()
        assert "Ungdommen takker nei til tilbudet" in page
        change = reverse("ettervern:vedtak_action", args=[sak.pk, v.pk, "change_outcome"])
        assert change in page
        response = client.post(
            change,
            {
                "utfall": "takker_nei",
                "ungdommens_begrunnelse": "Jeg vil klare meg selv nå.",
            },
        )
        assert response.status_code == 302
        v = vedtak_services.vedtak_send_to_guidance(actor=world.saksbehandler, vedtak_id=v.pk)
        assert v.status == Vedtak.Status.TIL_VEILEDNING


def test_ETT_02_the_letter_of_a_declined_offer_says_the_youth_may_ask_again_until_25(world):
    with at(HALF - timedelta(days=30)):
        sak = make_sak(world.saksbehandler, world.team_a, born=BORN, parter=2)
        old = _running_measure(world, sak)
    with at(EIGHTEEN + timedelta(days=2)):
        v = services.ettervernvedtak_create(
            actor=world.saksbehandler,
            sak_id=sak.pk,
            utfall="takker_nei",
            endrer_tiltak_ids=[old.tiltak.get().pk],
            ungdommens_begrunnelse="Jeg vil klare meg selv nå.",
        )
        letter = render_to_string(
            "documents/nb/vedtak.html", vedtak_selectors.vedtak_document_context(v.pk)
        )
        text = " ".join(letter.split())
        assert "Vedtak om ettervern" in text
        assert "Du har takket nei til tilbudet om ettervern" in text
        assert "Jeg vil klare meg selv nå." in text
        assert "fram til du fyller 25 år, 20. mai 2038" in text
        assert "Du har rett til å klage" in text  # complaint information (VED-10)


def test_ETT_02_ending_and_going_on_are_different_decisions(world):
    with at(HALF - timedelta(days=30)):
        sak = make_sak(world.saksbehandler, world.team_a, born=BORN, parter=2)
        old = _running_measure(world, sak)
    with at(EIGHTEEN):
        v = services.ettervernvedtak_create(
            actor=world.saksbehandler,
            sak_id=sak.pk,
            utfall="avslutte",
            endrer_tiltak_ids=[old.tiltak.get().pk],
        )
        with pytest.raises(RuleViolation) as exc:
            services.ettervernvedtak_update(
                actor=world.saksbehandler, vedtak_id=v.pk, utfall="fortsette"
            )
        assert rule_ids(exc) == {"ETT-02"}
        e = services.ettervernvedtak_update(
            actor=world.saksbehandler,
            vedtak_id=v.pk,
            utfall="takker_nei",
            ungdommens_begrunnelse="Vil ikke.",
        )
        assert Ettervernvedtak.objects.get(pk=e.pk).er_avslag
