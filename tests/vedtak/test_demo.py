"""The demo has decisions in every state (VED-03), so the queue and the dashboard are not empty,
and the sent ones have a copy of their letter for every party, each sent (DOK-02)."""

import pytest
from django.core.management import call_command

from documents.models import Dokument
from vedtak.models import Vedtak

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("documents_storage")]


def test_VED_03_demo_has_decisions_in_every_state(settings):
    settings.DEMO_MODE = True
    call_command("load_demo")
    states = set(Vedtak.objects.values_list("status", flat=True))
    assert states == set(Vedtak.Status.values)
    for v in Vedtak.objects.filter(status="ekspedert"):
        copies = Dokument.objects.for_source(v).filter(type="vedtak")
        # DOK-02: a copy for every party, each sent to its own party.
        assert copies.count() >= v.sak.parter.filter(aktiv=True).count()
        for doc in copies:
            assert doc.status == "sendt"
            assert [u.part_id for u in doc.utsendinger.all()] == [doc.part_id]
    assert Vedtak.objects.filter(kommentarer__type="retur").exists()


from tests.documents.helpers import documents_storage  # noqa: E402, F401  (a fixture)
