"""The demo's reporting (RAPP-01 … RAPP-04): the categories of the seeded types and programmes,
the demo service's organisation number, and today's extract on the page «Rapportering»."""

from __future__ import annotations

from accounts.models import Tjeneste
from programbank.models import Program
from vedtak.models import Tiltakstype

from .catalogue import seed_kategorier
from .models import Avgiver
from .services import uttrekk_build

#: A made-up organisation number (nine digits; not a real municipality's).
DEMO_ORGNR = "999999999"


def load_rapportering_demo() -> int:
    """Returns how many extracts were built (one per service)."""
    seed_kategorier(Tiltakstype, Program)
    built = 0
    for tjeneste in Tjeneste.objects.order_by("pk"):
        Avgiver.objects.get_or_create(
            tjeneste=tjeneste, defaults={"organisasjonsnummer": DEMO_ORGNR}
        )
        uttrekk_build(tjeneste_id=tjeneste.pk)
        built += 1
    return built
