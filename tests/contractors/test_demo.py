"""The demo has contractors in every state, planned and running assignments, and something on
the clerical officer's work list (issue 5: "it works in the running demo")."""

import pytest
from django.core.management import call_command
from django.utils import timezone

from accounts.models import User
from contractors import selectors
from contractors.models import Oppdrag, Oppdragstaker

pytestmark = pytest.mark.django_db


def test_demo_contractors_in_every_state_with_assignments(settings):
    settings.DEMO_MODE = True
    call_command("load_demo")
    assert set(Oppdragstaker.objects.values_list("status", flat=True)) == set(
        Oppdragstaker.Status.values
    )
    assert {"kommunalt_ansatt", "firma"} <= set(
        Oppdragstaker.objects.values_list("tilknytning", flat=True)
    )
    statuses = {o.status() for o in Oppdrag.objects.select_related("tiltak")}
    assert statuses == {"planlagt", "aktiv"}
    liste = selectors.arbeidsliste(User.objects.get(username="kontorfaglig"))
    assert liste.kontrakter
    assert any(o.mangler_timeliste for o in liste.mangler)
    assert any(o.mangler_rapport and not o.mangler_timeliste for o in liste.mangler)
    assert selectors.due_politiattest(timezone.localdate(), 14).exists()
