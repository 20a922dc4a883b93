"""Issue 19, finding 10: the full fødselsnummer is no longer on every case page.

The case page shows the birth date and the number masked (``170516 *****``); «Vis
fødselsnummer» opens the full number on a page of its own, and each view of it writes its own
access-log row (as a shielded address does, SAK-05). The number is never in a URL.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from cases.rules import mask_id_number
from core.models import AccessLogEntry

from ..conftest import Client

pytestmark = pytest.mark.django_db

READERS = {"saksbehandler", "teamleder", "barnevernleder"}


def _pages(sak) -> dict[str, str]:
    return {
        "case": reverse("cases:detail", kwargs={"sak_id": sak.pk}),
        "number": reverse("cases:id_number", kwargs={"sak_id": sak.pk}),
    }


def test_finding10_mask_keeps_the_birth_date_and_hides_the_personal_digits():
    assert mask_id_number("17051612345") == "170516 *****"
    assert mask_id_number("170516 12345") == "170516 *****"
    assert mask_id_number("") == ""


@pytest.mark.parametrize("who", sorted(READERS))
def test_finding10_the_case_page_shows_the_birth_date_and_a_masked_number(world, who):
    sak = world.sak_a
    number = sak.barn.fodselsnummer
    client = Client()
    client.force_login(getattr(world, who))
    page = client.get(_pages(sak)["case"]).text
    assert number not in page
    assert f"{number[:6]} *****" in page
    assert sak.barn.fodselsdato.strftime("%Y") in page  # the birth date, written out
    assert _pages(sak)["number"] in page
    assert "Vis fødselsnummer" in page


@pytest.mark.parametrize("who", sorted(READERS))
def test_finding10_show_number_reveals_it_and_writes_its_own_log_row(world, who):
    sak = world.sak_a
    number = sak.barn.fodselsnummer
    user = getattr(world, who)
    client = Client()
    client.force_login(user)
    url = _pages(sak)["number"]
    assert number not in url
    last = AccessLogEntry.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    response = client.get(url)
    assert response.status_code == 200
    assert number in response.text
    rows = list(AccessLogEntry.objects.filter(pk__gt=last))
    assert [(r.user, r.sak, r.action, r.path) for r in rows] == [
        (user, sak, AccessLogEntry.Action.ID_NUMBER, url)
    ]
    # A view of its own: the next one is logged again.
    client.get(url)
    assert AccessLogEntry.objects.filter(pk__gt=last).count() == 2


def test_finding10_show_number_is_need_to_know_and_get_only(world):
    sak = world.sak_a
    url = _pages(sak)["number"]
    for who, user in world.users().items():
        client = Client()
        client.force_login(user)
        before = AccessLogEntry.objects.count()
        response = client.get(url)
        if who in READERS:
            assert response.status_code == 200, who
        else:
            assert response.status_code == 404, who
            assert sak.barn.fodselsnummer not in response.text
            assert AccessLogEntry.objects.count() == before
    client = Client()
    client.force_login(world.saksbehandler)
    assert client.post(url).status_code == 405


def test_finding10_the_history_shows_a_changed_number_masked(world):
    """LOG-01 keeps every change; the history page shows a number as the case page does."""
    from cases import services

    from ..factories import synthetic_number

    sak = world.sak_a
    old = sak.barn.fodselsnummer
    new = synthetic_number(sak.barn.fodselsdato)
    services.barn_update(actor=world.saksbehandler, sak_id=sak.pk, data={"fodselsnummer": new})
    client = Client()
    client.force_login(world.saksbehandler)
    page = client.get(reverse("cases:history", kwargs={"sak_id": sak.pk})).text
    assert old not in page
    assert new not in page
    assert f"{new[:6]} *****" in page
