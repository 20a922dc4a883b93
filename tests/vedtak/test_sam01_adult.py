"""SAM-01 from 18 (ettervern, bvl § 3-6): from the 18th birthday only the youth's own consent
counts, for every voluntary measure; the parents' is neither needed nor enough (VED-07).

Every date here is fixed: the birth dates are chosen so that the 18th birthday is a known day,
and the clock is frozen (time-machine) where a service reads today. The tests pass whatever
the real date is. A birthday on 29 February falls on 1 March in common years
(:func:`cases.rules.add_years`)."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine

from core.exceptions import RuleViolation
from tests.factories import make_sak
from vedtak import rules, services
from vedtak.models import Vedtak

from . import factories as f

pytestmark = pytest.mark.django_db

OSLO = ZoneInfo("Europe/Oslo")

#: A youth born 20 May 2013 turns 18 on 20 May 2031.
BORN = date(2013, 5, 20)
EIGHTEEN = date(2031, 5, 20)
#: A youth born 29 February 2012 turns 18 on 1 March 2030 (2030 is a common year).
BORN_LEAP = date(2012, 2, 29)
EIGHTEEN_LEAP = date(2030, 3, 1)


def at(day: date):
    """The clock frozen at noon in Oslo on ``day``."""
    return time_machine.travel(datetime.combine(day, time(12), tzinfo=OSLO), tick=False)


def rule_ids(exc: pytest.ExceptionInfo) -> set[str]:
    return {b.rule_id for b in exc.value.breaches}


def consent(world, v: Vedtak, giver: str, given: date):
    return services.samtykke_create(
        actor=world.saksbehandler,
        sak_id=v.sak_id,
        giver=giver,
        tiltak_ids=list(v.tiltak.values_list("pk", flat=True)),
        data={
            "formal": "Hjelpetiltak etter vedtak.",
            "informasjon": "Opplysninger om behovet deles med den som utfører tiltaket.",
            "gitt_dato": given,
            "informert_om_tilbaketrekking": True,
            "informert_om_rettigheter": True,
        },
        order_document=False,
    )


def parent(v: Vedtak) -> str:
    return f"part-{v.sak.parter.get(daglig_omsorg=True).pk}"


def ready(world, sak, tiltak=("okonomisk-stonad",)) -> Vedtak:
    """A decision with its advance notices answered, ready to sign but for its consents."""
    v = f.klar_for_godkjenning(world, sak=sak, tiltak=tiltak)
    f.notify_all(world, v)
    return Vedtak.objects.get(pk=v.pk)


def approve(world, v: Vedtak) -> Vedtak:
    return services.vedtak_approve(
        actor=world.barnevernleder, vedtak_id=v.pk, override_reason="Planen lages nå."
    )


def test_SAM_01_the_18th_birthday_is_exact_also_for_29_february():
    assert rules.adult_from(BORN) == EIGHTEEN
    assert rules.adult_from(BORN_LEAP) == EIGHTEEN_LEAP
    assert rules.adult_from(date(2010, 2, 28)) == date(2028, 2, 28)


@pytest.mark.parametrize(("born", "eighteen"), [(BORN, EIGHTEEN), (BORN_LEAP, EIGHTEEN_LEAP)])
def test_SAM_01_at_17_years_364_days_the_parents_consent_at_18_only_the_youths(
    world, born, eighteen
):
    """The day before the 18th birthday the parent with daily care consents (and the youth,
    a party, to a measure directed at them); from the birthday the youth alone, for every
    measure, directed at them or not."""
    with at(eighteen - timedelta(days=10)):
        sak = make_sak(world.saksbehandler, world.team_a, born=born, parter=2)
        v = f.draft(world, sak=sak, tiltak=("okonomisk-stonad", "stottekontakt"))
    stonad, stotte = v.tiltak.order_by("rekkefolge")
    day_before = eighteen - timedelta(days=1)
    mother = sak.parter.get(daglig_omsorg=True)
    assert rules.required_consenters(v, stonad, day_before) == [(mother, False)]
    assert rules.required_consenters(v, stotte, day_before) == [(mother, False), (None, True)]
    assert rules.required_consenters(v, stonad, eighteen) == [(None, True)]
    assert rules.required_consenters(v, stotte, eighteen) == [(None, True)]


def test_VED_07_SAM_01_the_parents_consent_is_not_enough_from_18(world):
    with at(EIGHTEEN - timedelta(days=10)):
        sak = make_sak(world.saksbehandler, world.team_a, born=BORN, parter=2)
        v = ready(world, sak)
        consent(world, v, parent(v), EIGHTEEN - timedelta(days=10))
    assert rules.consent_problems(v, EIGHTEEN - timedelta(days=1)) == []
    problems = rules.consent_problems(v, EIGHTEEN)
    assert len(problems) == 1
    assert "ungdommen" in problems[0] and "SAM-01" in problems[0]


def test_VED_07_SAM_01_from_18_no_party_with_daily_care_does_not_block(world):
    with at(EIGHTEEN - timedelta(days=10)):
        sak = make_sak(world.saksbehandler, world.team_a, born=BORN, parter=0)
        v = ready(world, sak)
        consent(world, v, "barn", EIGHTEEN - timedelta(days=10))
    assert rules.consent_problems(v, EIGHTEEN - timedelta(days=1)) == [
        "Ingen part med daglig omsorg er registrert i saken."
    ]
    assert rules.consent_problems(v, EIGHTEEN) == []


def test_VED_07_SAM_01_birthday_between_draft_and_sign_off(world):
    """Drafted at 17 with the parent's consent, signed on the 18th birthday: refused until
    the youth consents. The youth's consent counts whenever it was given."""
    with at(EIGHTEEN - timedelta(days=3)):
        sak = make_sak(world.saksbehandler, world.team_a, born=BORN, parter=2)
        v = ready(world, sak)
        consent(world, v, parent(v), EIGHTEEN - timedelta(days=3))
        # The day before, it could have been signed.
        assert rules.VED_07.unmet(v, EIGHTEEN - timedelta(days=1)) == []
    with at(EIGHTEEN):
        with pytest.raises(RuleViolation) as exc:
            approve(world, v)
        assert rule_ids(exc) == {"VED-07"}
        assert "ungdommen" in str(exc.value)
        consent(world, v, "barn", EIGHTEEN)
        assert approve(world, v).status == Vedtak.Status.GODKJENT


def test_VED_07_SAM_01_signed_the_day_before_the_birthday_needs_the_parents(world):
    """The reverse: the youth's own consent alone, signed at 17 years 364 days, is refused
    until the parent with daily care consents."""
    day_before = EIGHTEEN_LEAP - timedelta(days=1)
    with at(day_before - timedelta(days=5)):
        sak = make_sak(world.saksbehandler, world.team_a, born=BORN_LEAP, parter=2)
        v = ready(world, sak)
        consent(world, v, "barn", day_before - timedelta(days=5))
    with at(day_before):
        with pytest.raises(RuleViolation) as exc:
            approve(world, v)
        assert rule_ids(exc) == {"VED-07"}
        assert "Forelder0" in str(exc.value)
        consent(world, v, parent(v), day_before)
        assert approve(world, v).status == Vedtak.Status.GODKJENT


def test_SAM_01_a_parents_consent_given_from_18_is_refused(world):
    """Given on the 18th birthday or later, a parent's consent is refused; one given at 17
    years 364 days is kept (it counts for a decision signed before the birthday)."""
    with at(EIGHTEEN - timedelta(days=3)):
        sak = make_sak(world.saksbehandler, world.team_a, born=BORN, parter=2)
        v = f.draft(world, sak=sak, tiltak=("okonomisk-stonad",))
    with at(EIGHTEEN + timedelta(days=1)):
        with pytest.raises(RuleViolation) as exc:
            consent(world, v, parent(v), EIGHTEEN)
        assert rule_ids(exc) == {"SAM-01"}
        assert {b.field for b in exc.value.breaches} == {"giver"}
        assert consent(world, v, parent(v), EIGHTEEN - timedelta(days=1)).part_id
        assert consent(world, v, "barn", EIGHTEEN).gitt_av_barnet


def test_SAM_01_the_consent_form_offers_the_youth_first_from_18(world, client):
    from django.urls import reverse

    with at(EIGHTEEN):
        adult = make_sak(world.saksbehandler, world.team_a, born=BORN, parter=2)
        child = make_sak(world.saksbehandler, world.team_a, born=BORN + timedelta(days=1), parter=2)
        client.force_login(world.saksbehandler)
        form = client.get(reverse("vedtak:samtykke_create", args=[adult.pk])).context["form"]
        assert form.fields["giver"].choices[1] == (
            "barn",
            "Ungdommen (18 år eller eldre: bare ungdommen samtykker)",
        )
        form = client.get(reverse("vedtak:samtykke_create", args=[child.pk])).context["form"]
        assert form.fields["giver"].choices[-1] == ("barn", "Barnet")


def test_SAM_01_the_letters_of_an_adult_youth_name_the_youths_own_consent(world):
    """The decision letter of a youth of 18 says the measures rest on the youth's own consent
    (not on those with daily care), and the consent form names the youth, not «barnet»."""
    from django.template.loader import render_to_string

    with at(EIGHTEEN - timedelta(days=3)):
        sak = make_sak(world.saksbehandler, world.team_a, born=BORN, parter=2)
        v = ready(world, sak)
    with at(EIGHTEEN):
        given = consent(world, v, "barn", EIGHTEEN)
        approve(world, v)
        from vedtak import selectors

        letter = render_to_string(
            "documents/nb/vedtak.html", selectors.vedtak_document_context(v.pk)
        )
        assert "ungdommens eget samtykke" in letter
        assert "daglige omsorgen" not in letter
        form = render_to_string(
            "documents/nb/samtykkeerklaering.html", selectors.samtykke_document_context(given.pk)
        )
        assert "Samtykke gitt av ungdommen" in " ".join(form.split())


def test_SAM_01_a_consent_the_youth_gave_from_18_names_the_youth(world, client):
    """SAM-01 from 18: the consent is the youth's own, and the pages say whose: «Ungdommen»,
    not «Barnet». One the child gave at 17 years 364 days still names «Barnet»."""
    from django.urls import reverse

    from vedtak.models import Samtykke

    with at(EIGHTEEN - timedelta(days=3)):
        sak = make_sak(world.saksbehandler, world.team_a, born=BORN, parter=2)
        v = f.draft(world, sak=sak, tiltak=("stottekontakt",))
    with at(EIGHTEEN - timedelta(days=1)):
        at_17 = consent(world, v, "barn", EIGHTEEN - timedelta(days=1))
    with at(EIGHTEEN):
        at_18 = consent(world, v, "barn", EIGHTEEN)
        assert Samtykke.objects.get(pk=at_17.pk).gitt_av_navn == "Barnet"
        assert Samtykke.objects.get(pk=at_18.pk).gitt_av_navn == "Ungdommen"
        client.force_login(world.saksbehandler)
        consents = client.get(reverse("vedtak:samtykker", args=[sak.pk])).content.decode()
        assert '<th scope="row">Ungdommen</th>' in consents
        assert '<th scope="row">Barnet</th>' in consents
        page = client.get(reverse("vedtak:detail", args=[sak.pk, v.pk])).content.decode()
        assert "Ungdommen" in page
