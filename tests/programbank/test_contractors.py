"""BANK-01, BANK-04: contractors trained in a programme (the relation is the contractors' own),
shown in the bank with their running assignments."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from contractors import services as contractor_services
from programbank.models import Program
from programbank.selectors import providers
from tests.contractors.factories import quick_oppdrag

pytestmark = pytest.mark.django_db


def test_BANK_04_trained_contractor_listed_with_running_assignments(client, world):
    pmto = Program.objects.create(tjeneste=world.tjeneste, navn="PMTO")
    today = timezone.localdate()
    running = quick_oppdrag(
        world.sak_a, by=world.saksbehandler, approver=world.barnevernleder, fra_dato=today
    )
    o = running.oppdragstaker
    # A second assignment of the same contractor, on a measure not started: not running.
    later = quick_oppdrag(
        world.sak_a, by=world.saksbehandler, approver=world.barnevernleder, fra_dato=None
    )
    later.oppdragstaker = o
    later.save()
    contractor_services.oppdragstaker_update(
        actor=world.saksbehandler, oppdragstaker_id=o.pk, data={"programmer": [pmto]}
    )
    assert list(o.programmer.all()) == [pmto]
    found = providers(pmto, today)
    assert [(p.kind, p.id, p.load) for p in found] == [("contractor", o.pk, 1)]
    assert providers(pmto, today - timedelta(days=1))[0].load == 0  # not yet running then
    client.force_login(world.saksbehandler)
    page = client.get(reverse("programbank:detail", args=[pmto.pk])).content.decode()
    assert o.navn in page


def test_BANK_01_contractor_trained_only_in_its_own_services_programmes(world):
    other = Program.objects.create(tjeneste=world.sak_annen.tjeneste, navn="PMTO")
    running = quick_oppdrag(
        world.sak_a, by=world.saksbehandler, approver=world.barnevernleder, fra_dato=None
    )
    o = running.oppdragstaker
    contractor_services.oppdragstaker_update(
        actor=world.saksbehandler, oppdragstaker_id=o.pk, data={"programmer": [other]}
    )
    assert not o.programmer.exists()
