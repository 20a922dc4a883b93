"""SAK-05: a shielded address is shown only to a cleared user, on its own page, and each view
is logged; an uncleared user never gets it in a page or a form and may not lift the shield."""

import pytest
from django.urls import reverse

from cases import services
from core.exceptions import RuleViolation
from core.models import AccessLogEntry

pytestmark = pytest.mark.django_db

SECRET = "Hemmeligveien 12, 9999 Fjordvik"


@pytest.fixture
def shielded(world):
    barn = world.sak_a.barn
    barn.adresse = SECRET
    barn.adressebeskyttelse = "fortrolig"
    barn.save()
    return world


def _clear(user, level):
    user.adresseklarering = level
    user.save()


def test_SAK_05_uncleared_user_never_sees_the_address(client, shielded):
    client.force_login(shielded.saksbehandler)
    sak = shielded.sak_a
    page = client.get(reverse("cases:detail", kwargs={"sak_id": sak.pk})).content.decode()
    assert SECRET not in page
    assert reverse("cases:address_barn", kwargs={"sak_id": sak.pk}) not in page
    before = AccessLogEntry.objects.count()
    assert client.get(reverse("cases:address_barn", kwargs={"sak_id": sak.pk})).status_code == 404
    assert AccessLogEntry.objects.count() == before
    form = client.get(reverse("cases:barn_edit", kwargs={"sak_id": sak.pk})).content.decode()
    assert SECRET not in form
    assert "SAK-05" in form


def test_SAK_05_cleared_user_opens_the_address_and_the_view_is_logged(client, shielded):
    _clear(shielded.saksbehandler, "fortrolig")
    client.force_login(shielded.saksbehandler)
    sak = shielded.sak_a
    url = reverse("cases:address_barn", kwargs={"sak_id": sak.pk})
    page = client.get(reverse("cases:detail", kwargs={"sak_id": sak.pk})).content.decode()
    assert SECRET not in page  # not on the case page, only behind the logged link
    assert url in page
    response = client.get(url)
    assert response.status_code == 200
    assert SECRET in response.content.decode()
    row = AccessLogEntry.objects.order_by("-pk").first()
    assert (row.user, row.sak, row.action, row.path) == (
        shielded.saksbehandler,
        sak,
        AccessLogEntry.Action.ADDRESS,
        url,
    )


def test_SAK_05_confidential_clearance_does_not_cover_strictly_confidential(client, shielded):
    barn = shielded.sak_a.barn
    barn.adressebeskyttelse = "strengt_fortrolig"
    barn.save()
    _clear(shielded.saksbehandler, "fortrolig")
    client.force_login(shielded.saksbehandler)
    url = reverse("cases:address_barn", kwargs={"sak_id": shielded.sak_a.pk})
    assert client.get(url).status_code == 404
    _clear(shielded.saksbehandler, "strengt_fortrolig")
    assert client.get(url).status_code == 200


def test_SAK_05_clearance_does_not_widen_need_to_know(client, shielded):
    _clear(shielded.saksbehandler_b, "strengt_fortrolig")
    client.force_login(shielded.saksbehandler_b)
    url = reverse("cases:address_barn", kwargs={"sak_id": shielded.sak_a.pk})
    assert client.get(url).status_code == 404


def test_SAK_05_saving_the_form_keeps_the_address(client, shielded):
    client.force_login(shielded.saksbehandler)
    barn = shielded.sak_a.barn
    response = client.post(
        reverse("cases:barn_edit", kwargs={"sak_id": shielded.sak_a.pk}),
        {
            "fornavn": "Nytt",
            "etternavn": barn.etternavn,
            "fodselsnummer": barn.fodselsnummer,
            "sprak": barn.sprak,
            "adressebeskyttelse": "fortrolig",
        },
    )
    assert response.status_code == 302
    barn.refresh_from_db()
    assert (barn.fornavn, barn.adresse) == ("Nytt", SECRET)


def test_SAK_05_only_a_cleared_user_may_change_or_unshield_the_address(shielded):
    sak = shielded.sak_a
    with pytest.raises(RuleViolation, match="SAK-05"):
        services.barn_update(
            actor=shielded.saksbehandler, sak_id=sak.pk, data={"adressebeskyttelse": "ingen"}
        )
    with pytest.raises(RuleViolation, match="SAK-05"):
        services.barn_update(actor=shielded.saksbehandler, sak_id=sak.pk, data={"adresse": "X"})
    _clear(shielded.saksbehandler, "fortrolig")
    services.barn_update(
        actor=shielded.saksbehandler, sak_id=sak.pk, data={"adressebeskyttelse": "ingen"}
    )
