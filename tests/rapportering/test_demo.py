"""RAPP-02: the demo's extract is built and every document validates against the vendored
schema."""

import io
import zipfile

import pytest
from django.core.management import call_command

from rapportering import schema
from rapportering.models import Kontrollfunn, Uttrekk

pytestmark = pytest.mark.django_db(transaction=True)


def test_RAPP_02_the_demo_s_extract_validates(settings):
    settings.DEMO_MODE = True
    call_command("load_demo")
    uttrekk = Uttrekk.objects.exclude(status=Uttrekk.Status.FEILET)
    assert uttrekk.exists()
    assert not Kontrollfunn.objects.filter(alvorlighetsgrad="FATAL").exists(), list(
        Kontrollfunn.objects.filter(alvorlighetsgrad="FATAL").values_list("kontroll", "melding")
    )
    for u in uttrekk:
        with u.fil.open("rb") as f, zipfile.ZipFile(io.BytesIO(f.read())) as zf:
            names = zf.namelist()
            assert len(names) == u.antall_saker > 0
            for name in names:
                assert schema.errors(zf.read(name)) == [], name
