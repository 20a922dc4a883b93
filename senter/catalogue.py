"""The measure types of a course at a senter for foreldre og barn (source 001), added to the
service's tiltaksbank: help at home or in the day (the rule), and residential help (døgn, the
exception), which a pålegg orders for at most 3 months (SENTER-04). Used by the data migration,
and by the demo and the tests after a database flush."""

from __future__ import annotations

from vedtak.models import Tiltakstype

TYPER = [
    # kode, navn, døgn
    ("senter-hjelpetiltak", "Omsorgsendrende hjelpetiltak, senter for foreldre og barn", False),
    ("senter-dogn", "Døgnopphold, senter for foreldre og barn", True),
]

#: The code of the residential type (SENTER-04).
DOGN = "senter-dogn"


def seed_senter_types(model=None) -> None:
    """Create the types that are missing (``model`` is the historical model in a migration)."""
    model = model or Tiltakstype
    for i, (kode, navn, dogn) in enumerate(TYPER):
        model.objects.get_or_create(
            kode=kode,
            defaults={
                "navn": navn,
                "rettet_mot_barnet": False,
                "veiledning": False,
                "senter_dogn": dogn,
                "rekkefolge": 200 + i * 10,
            },
        )
