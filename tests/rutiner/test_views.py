"""RUT-01/02 pages: the head of service keeps the checklists and the routine table (with
history); everyone in the service reads the routine behind a «Rutine» link; the case's team
starts and ticks a case's checklist."""

import pytest
from django.urls import reverse

from rutiner.models import Rutine, SakSjekkliste, Sjekkliste, Sjekkpunkt
from tests.contractors import factories as cf

pytestmark = pytest.mark.django_db

STAFF = ["saksbehandler", "teamleder", "barnevernleder", "kontorfaglig"]


@pytest.mark.parametrize("role", STAFF)
def test_RUT_02_everyone_in_the_service_reads_the_routines(client, world, role):
    client.force_login(world.users()[role])
    response = client.get(reverse("rutiner:rutine", args=["overforing"]))
    assert response.status_code == 200
    assert "Overgangsmøte" in response.content.decode()
    assert client.get(reverse("rutiner:index")).status_code == 200


def test_RUT_02_outside_the_service_the_routines_are_not_found(client, world):
    client.force_login(world.uten_rolle)
    assert client.get(reverse("rutiner:rutine", args=["overforing"])).status_code == 404
    assert client.get(reverse("rutiner:index")).status_code == 404
    client.force_login(world.saksbehandler)
    assert client.get(reverse("rutiner:rutine", args=["ingen"])).status_code == 404


@pytest.mark.parametrize("role", ["saksbehandler", "teamleder", "kontorfaglig", "annen_tjeneste"])
def test_RUT_02_only_the_head_of_service_edits(client, world, role):
    """The head of another service keeps that service's, not this one's."""
    rutine = Rutine.objects.filter(tjeneste=world.tjeneste).first()
    sjekkliste = Sjekkliste.objects.filter(tjeneste=world.tjeneste).first()
    client.force_login(world.users()[role])
    for url in (
        reverse("rutiner:rutine_edit", args=[rutine.pk]),
        reverse("rutiner:sjekkliste_edit", args=[sjekkliste.pk]),
        *(
            ()
            if role == "annen_tjeneste"
            else (reverse("rutiner:rutine_create"), reverse("rutiner:sjekkliste_create"))
        ),
    ):
        assert client.get(url).status_code == 404, url
        assert client.post(url, {"aktivitet": "x"}).status_code == 404, url
    assert Rutine.objects.get(pk=rutine.pk).history.count() == 1


def test_RUT_02_the_head_of_service_edits_a_routine_with_history(client, world):
    rutine = Rutine.objects.get(tjeneste=world.tjeneste, nokkel=Rutine.Nokkel.OVERFORING)
    client.force_login(world.barnevernleder)
    url = reverse("rutiner:rutine_edit", args=[rutine.pk])
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "aktivitet": "Overgangsmøte",
            "utfor": "Inviter, led møtet, skriv referat.",
            "ansvar": "Saksbehandlere begge team",
            "nokkel": "overforing",
            "utfores_i": "Journal",
            "rekkefolge": 1,
            "aktiv": "on",
        },
    )
    assert response.status_code == 302
    rutine.refresh_from_db()
    assert rutine.ansvar == "Saksbehandlere begge team"
    last = rutine.history.first()
    assert (last.history_user_id, rutine.history.count()) == (world.barnevernleder.pk, 2)
    assert "Saksbehandlere begge team" in client.get(url).content.decode()


def test_RUT_01_the_head_of_service_keeps_a_checklist_and_adds_one(client, world):
    client.force_login(world.barnevernleder)
    sjekkliste = Sjekkliste.objects.get(tjeneste=world.tjeneste, kode="familierad")
    response = client.post(
        reverse("rutiner:sjekkliste_edit", args=[sjekkliste.pk]),
        {"navn": "Familieråd", "kode": "familierad", "punkter": "Ett\n\nTo\n", "aktiv": "on"},
    )
    assert response.status_code == 302
    sjekkliste.refresh_from_db()
    assert sjekkliste.punkter == ["Ett", "To"]
    # A checklist of its own; a code taken, or no item, is refused next to the field.
    response = client.post(
        reverse("rutiner:sjekkliste_create"),
        {"navn": "Egen", "kode": "familierad", "punkter": "", "aktiv": "on"},
    )
    assert response.status_code == 200
    assert Sjekkliste.objects.filter(tjeneste=world.tjeneste).count() == 6
    response = client.post(
        reverse("rutiner:sjekkliste_create"),
        {"navn": "Egen sjekkliste", "kode": "egen", "punkter": "Punkt", "aktiv": "on"},
    )
    assert response.status_code == 302
    assert Sjekkliste.objects.filter(tjeneste=world.tjeneste, kode="egen").exists()


def test_RUT_01_the_team_starts_and_ticks_a_checklist_on_the_case(client, world):
    sak = world.sak_a
    client.force_login(world.saksbehandler)
    response = client.post(reverse("rutiner:sak_list", args=[sak.pk]), {"kode": "plassering"})
    started = SakSjekkliste.objects.get(sak=sak, kode="plassering")
    assert response.status_code == 302
    assert response["Location"] == reverse("rutiner:sak_detail", args=[sak.pk, started.pk])
    punkt = started.punkter.order_by("nr").first()
    url = reverse("rutiner:sak_detail", args=[sak.pk, started.pk])
    assert client.post(url, {"punkt": punkt.pk, "ticked": "on"}).status_code == 302
    punkt.refresh_from_db()
    assert punkt.avkrysset_av == world.saksbehandler
    page = client.get(url).content.decode()
    assert str(world.saksbehandler) in page
    # The head of service reads it, but does not tick (404, nothing changes).
    client.force_login(world.barnevernleder)
    assert client.get(url).status_code == 200
    other = started.punkter.order_by("nr").last()
    assert client.post(url, {"punkt": other.pk, "ticked": "on"}).status_code == 404
    assert Sjekkpunkt.objects.get(pk=other.pk).avkrysset is None


def test_RUT_02_the_routine_is_linked_next_to_the_actions_it_governs(client, world):
    sak = world.sak_a
    client.force_login(world.teamleder)
    for name, key in (
        ("cases:transfer", "overforing"),
        ("plans:detail", "tiltaksplan"),
        ("avslutning:page", "avslutning"),
        ("henvisning:create", "henvisning"),
    ):
        page = client.get(reverse(name, args=[sak.pk])).content.decode()
        assert reverse("rutiner:rutine", args=[key]) in page, name
    # A contractor's assignment to a granted measure: the routine for contractors beside it.
    tiltak = cf.godkjent_tiltak(world)
    client.force_login(world.saksbehandler)
    url = reverse("contractors:oppdrag_create", args=[sak.pk, tiltak.pk])
    page = client.get(url).content.decode()
    assert reverse("rutiner:rutine", args=["oppdragstaker"]) in page
