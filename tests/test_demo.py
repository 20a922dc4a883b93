"""The demo data: a fictional municipality with every role, ~60 children, synthetic numbers."""

from pathlib import Path

import pytest
from django.core.management import call_command

from accounts.demo import DEMO_USERS
from accounts.models import Rolle, User
from cases.models import Barn, Part, Sak
from cases.rules import parse_id_number

pytestmark = pytest.mark.django_db

SOURCES = Path(__file__).resolve().parents[2] / "shared" / "domain" / "sources"


def test_SAK_01_demo_data_complete_synthetic_and_fictional(settings, capsys):
    settings.DEMO_MODE = True
    call_command("load_demo")
    out = capsys.readouterr().out
    assert "demo-passord" in out
    for username, *_ in DEMO_USERS:
        assert username in out
        assert User.objects.filter(username=username).exists()
    for rolle in (Rolle.SAKSBEHANDLER, Rolle.TEAMLEDER, Rolle.BARNEVERNLEDER, Rolle.KONTORFAGLIG):
        assert User.objects.filter(rolletildelinger__rolle=rolle).exists()
    assert Barn.objects.count() == 60
    assert Part.objects.count() > 60
    # SAK-01: every number in the demo is synthetic (month + 80), never a real one.
    numbers = list(Barn.objects.values_list("fodselsnummer", flat=True)) + [
        n for n in Part.objects.values_list("fodselsnummer", flat=True) if n
    ]
    assert all(parse_id_number(n, allow_synthetic=True).is_synthetic for n in numbers)
    # Never a name from the source documents.
    if SOURCES.exists():
        text = " ".join(p.read_text(encoding="utf-8") for p in SOURCES.glob("*.txt"))
        for barn in Barn.objects.all():
            assert f"{barn.fornavn} {barn.etternavn}" not in text
    # Investigations in every state, transfers with notes, siblings.
    assert Sak.objects.filter(
        undersokelse__isnull=False, undersokelse__avsluttet__isnull=True
    ).exists()
    assert Sak.objects.filter(undersokelse__avsluttet__isnull=False).exists()
    assert Sak.objects.filter(overforinger__isnull=False).exists()
    # Running it again changes nothing.
    call_command("load_demo")
    assert Barn.objects.count() == 60


def test_demo_refused_without_demo_mode(settings):
    from django.core.management.base import CommandError

    settings.DEMO_MODE = False
    with pytest.raises(CommandError):
        call_command("load_demo")
