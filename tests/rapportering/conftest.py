import pytest
from django.utils import timezone

from cases.models import Undersokelse
from programbank.models import Program
from rapportering.catalogue import seed_kategorier
from rapportering.models import Avgiver
from vedtak.models import Tiltakstype


@pytest.fixture(autouse=True)
def _private_storage(settings, tmp_path):
    """The extracts' files in a temporary directory (the documents' private storage)."""
    settings.DOCUMENTS_STORAGE = {
        "BACKEND": "documents.storage.PrivateFileSystemStorage",
        "OPTIONS": {"location": str(tmp_path / "dokumenter")},
    }


@pytest.fixture
def avgiver(world):
    seed_kategorier(Tiltakstype, Program)  # a transactional test may have flushed them
    return Avgiver.objects.create(tjeneste=world.tjeneste, organisasjonsnummer="912345678")


@pytest.fixture
def reported(world, avgiver):
    """Case A with an approved decision, its measure started 10 days ago, an approved plan and
    a completed evaluation: what the extract has to carry."""
    from tests.plans.factories import evaluation, running_plan

    vedtak, versjon, tiltak = running_plan(world, started_days_ago=10)
    evaluation(world)
    # Case B: a report under investigation (Sak Kontroll 21 asks an open case to hold some).
    b = world.sak_b
    b.undersokelse = Undersokelse.objects.create(
        barn=b.barn, team=b.team, melding_mottatt=timezone.localdate()
    )
    b.save(update_fields=["undersokelse"])
    return vedtak, versjon, tiltak
