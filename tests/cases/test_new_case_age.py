"""Issue 20, item 7 (SAK-01): a number that makes the «child» older than any child case is
questioned next to the field and needs an explicit confirmation (18–25 is aftercare and passes);
a new case guides the caseworker to its parties instead of saying that there are none."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from cases import rules
from cases.models import Sak

from ..factories import make_sak

pytestmark = pytest.mark.django_db


def _born_aged(years: int, *, days_more: int = 10):
    """A birth date that makes the child ``years`` old today, whatever today is."""
    return rules.add_years(timezone.localdate(), -years) - timedelta(days=days_more)


def _number(born) -> str:
    """A synthetic number for ``born`` in any century (the factories' numbers start at 500)."""
    return next(
        n
        for i in rules.synthetic_individual_numbers(born)
        if (n := rules.make_synthetic_id_number(born, i))
    )


def _new_case(world, born, **extra):
    return {
        "team": world.team_a.pk,
        "fornavn": "Ola",
        "etternavn": "Eldstemann",
        "fodselsnummer": _number(born),
        "sprak": "norsk",
        "adressebeskyttelse": "ingen",
        **extra,
    }


def test_SAK_01_age_limit_of_a_child_case():
    today = timezone.localdate()
    assert rules.age_beyond_child_case(_born_aged(25, days_more=300), today) is None
    assert rules.age_beyond_child_case(_born_aged(26), today) == 26
    assert rules.age_beyond_child_case(_born_aged(110), today) == 110


def test_SAK_01_over_25_is_questioned_next_to_the_number_and_needs_a_confirmation(client, world):
    client.force_login(world.saksbehandler)
    data = _new_case(world, _born_aged(110))
    response = client.post(reverse("cases:create"), data)
    assert response.status_code == 200
    page = response.content.decode()
    error = page.split('id="id_fodselsnummer_error"')[1].split("</div>")[0]
    assert "barnet 110 år" in error
    assert "(SAK-01)" in error
    assert 'name="bekreft_alder"' in page
    # The confirmation stands right after the number.
    assert page.index('name="fodselsnummer"') < page.index('name="bekreft_alder"')
    assert page.index('name="bekreft_alder"') < page.index('name="sprak"')
    assert not Sak.objects.filter(barn__etternavn="Eldstemann").exists()

    response = client.post(reverse("cases:create"), {**data, "bekreft_alder": "on"})
    assert response.status_code == 302
    assert Sak.objects.get(barn__etternavn="Eldstemann").barn.alder() == 110


def test_SAK_01_aftercare_ages_pass_without_a_question(client, world):
    """18–25 is aftercare (ettervern): an ordinary case, no confirmation asked."""
    client.force_login(world.saksbehandler)
    response = client.post(reverse("cases:create"), _new_case(world, _born_aged(25, days_more=300)))
    assert response.status_code == 302


def test_SAK_01_a_child_is_not_asked_to_confirm(client, world):
    client.force_login(world.saksbehandler)
    assert 'name="bekreft_alder"' not in client.get(reverse("cases:create")).content.decode()
    response = client.post(reverse("cases:create"), _new_case(world, _born_aged(8)))
    assert response.status_code == 302


def test_a_new_case_guides_to_adding_the_parties(client, world):
    client.force_login(world.saksbehandler)
    response = client.post(reverse("cases:create"), _new_case(world, _born_aged(8)))
    page = client.get(response["Location"]).content.decode()
    guide = page.split('id="parties-next-step"')[1].split("</div>")[0]
    assert "Legg til foreldre og andre parter" in guide
    sak = Sak.objects.get(barn__etternavn="Eldstemann")
    assert reverse("cases:part_create", args=[sak.pk]) in page.split('id="parties-next-step"')[1]
    assert "Ingen parter er registrert." not in page


def test_a_case_with_parties_shows_them_and_no_guide(client, world):
    client.force_login(world.saksbehandler)
    page = client.get(reverse("cases:detail", args=[world.sak_a.pk])).content.decode()
    assert 'id="parties-next-step"' not in page
    assert "Forelder0" in page


def test_a_child_party_with_no_other_parties_is_listed_under_the_guide(client, world):
    sak = make_sak(world.saksbehandler, world.team_a, age=16)
    client.force_login(world.saksbehandler)
    page = client.get(reverse("cases:detail", args=[sak.pk])).content.decode()
    assert 'id="parties-next-step"' in page
    assert "Barnet" in page.split('id="parties-next-step"')[1]
