"""The demo shows the quality indicators: computed once when the demo is loaded (KVAL-01)."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.urls import reverse

from accounts.models import User
from kvalitet.models import Beregning, Indikatortall

pytestmark = pytest.mark.django_db


def test_KVAL_01_the_demo_has_its_indicators(settings, client):
    settings.DEMO_MODE = True
    call_command("load_demo")
    assert Beregning.objects.exists()
    assert Indikatortall.objects.filter(team__isnull=True, antall__gt=0).exists()
    client.force_login(User.objects.get(username="barnevernleder"))
    page = client.get(reverse("kvalitet:page")).content.decode()
    assert 'role="img"' in page
