"""The measure-type catalogue in the admin (README: the system administrator keeps it)."""

from __future__ import annotations

import pytest
from django.contrib import admin
from django.urls import reverse

from tests.accounts.helpers import administrator
from tests.conftest import Client
from vedtak.catalogue import seed_tiltakstyper
from vedtak.models import Tiltakstype

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(db):
    seed_tiltakstyper()  # a transactional test before this one may have flushed them
    client = Client()
    client.force_login(administrator())
    return client


def test_catalogue_listed_and_changed_in_the_admin(admin_client):
    page = admin_client.get(reverse("admin:vedtak_tiltakstype_changelist")).content.decode()
    assert "Støttekontakt" in page
    stotte = Tiltakstype.objects.get(kode="stottekontakt")
    url = reverse("admin:vedtak_tiltakstype_change", args=[stotte.pk])
    form = admin_client.get(url)
    assert form.status_code == 200
    data = {
        "navn": "Støttekontakt/støtteperson",
        "rettet_mot_barnet": "on",
        "rekkefolge": str(stotte.rekkefolge),
    }
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    stotte.refresh_from_db()
    assert stotte.navn == "Støttekontakt/støtteperson"
    assert not stotte.aktiv  # taken out of use, not deleted
    assert stotte.kode == "stottekontakt"  # the code is fixed once made
    assert stotte.history.count() >= 1


def test_catalogue_type_added_in_the_admin(admin_client):
    r = admin_client.post(
        reverse("admin:vedtak_tiltakstype_add"),
        {"kode": "mst", "navn": "MST", "aktiv": "on", "rekkefolge": "200"},
    )
    assert r.status_code == 302, r.content.decode()[:3000]
    assert Tiltakstype.objects.filter(kode="mst", navn="MST").exists()


def test_catalogue_never_deleted(rf):
    request = rf.get("/")
    request.user = administrator()
    assert not admin.site._registry[Tiltakstype].has_delete_permission(request)


def test_catalogue_not_for_the_service_staff(client, world):
    client.force_login(world.barnevernleder)
    r = client.get(reverse("admin:vedtak_tiltakstype_changelist"))
    assert r.status_code in (302, 404)  # the admin's own login, never the list
