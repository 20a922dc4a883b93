"""RUT-01/02 and issue 26: a service is seeded with source 002's checklists and routine table in
its own written form (docs/nynorsk.md); the codes are the same in both forms, and rows once
seeded are the service's own (a later change of form leaves them as they are)."""

from __future__ import annotations

import pytest
from django.utils import translation
from django.utils.translation import gettext

from accounts.models import Tjeneste
from rutiner import defaults, services
from rutiner.models import Rutine, Sjekkliste
from rutiner.rules import checklist_name
from tests.nynorsk.telltale import bokmal_in

pytestmark = pytest.mark.django_db

ROUTINE_TEXTS = ("aktivitet", "utfor", "ansvar", "utfores_i")


def _service(malform: str, kommunenummer: str = "9931") -> Tjeneste:
    return Tjeneste.objects.create(
        navn=f"Barnevernet {kommunenummer}",
        kommune=f"Kommune {kommunenummer}",
        kommunenummer=kommunenummer,
        malform=malform,
    )


def _texts(tjeneste: Tjeneste) -> str:
    lines = []
    for sjekkliste in Sjekkliste.objects.filter(tjeneste=tjeneste):
        lines += [sjekkliste.navn, *sjekkliste.punkter]
    for rutine in Rutine.objects.filter(tjeneste=tjeneste):
        lines += [getattr(rutine, name) for name in ROUTINE_TEXTS]
    return "\n".join(lines)


def _reasons(tjeneste: Tjeneste) -> set[str]:
    return set(
        Sjekkliste.history.filter(tjeneste_id=tjeneste.pk).values_list(
            "history_change_reason", flat=True
        )
    ) | set(
        Rutine.history.filter(tjeneste_id=tjeneste.pk).values_list(
            "history_change_reason", flat=True
        )
    )


def test_RUT_01_the_defaults_have_the_same_codes_and_items_in_both_forms():
    """Logic reads the codes (AVSLUTNING, ETTERVERN …), never the texts."""
    assert [c["kode"] for c in defaults.CHECKLISTS_NN] == [c["kode"] for c in defaults.CHECKLISTS]
    assert [len(c["punkter"]) for c in defaults.CHECKLISTS_NN] == [
        len(c["punkter"]) for c in defaults.CHECKLISTS
    ]
    assert [r["nokkel"] for r in defaults.ROUTINES_NN] == [r["nokkel"] for r in defaults.ROUTINES]
    assert all(
        set(nn) == set(nb) for nn, nb in zip(defaults.ROUTINES_NN, defaults.ROUTINES, strict=True)
    )
    assert defaults.checklists("nn") is defaults.CHECKLISTS_NN
    assert defaults.checklists("nb") is defaults.CHECKLISTS
    assert defaults.checklists("") is defaults.CHECKLISTS  # no form: the default, bokmål
    assert defaults.routines("nn") is defaults.ROUTINES_NN


def test_RUT_01_RUT_02_a_nynorsk_service_is_seeded_in_nynorsk():
    tjeneste = _service("nn")
    rows = {c.kode: c for c in Sjekkliste.objects.filter(tjeneste=tjeneste)}
    assert {k: (c.navn, c.punkter) for k, c in rows.items()} == {
        c["kode"]: (c["navn"], c["punkter"]) for c in defaults.CHECKLISTS_NN
    }
    assert rows[defaults.AVSLUTNING].navn == "Avslutting av sak"
    routines = list(Rutine.objects.filter(tjeneste=tjeneste).order_by("rekkefolge"))
    assert [{n: getattr(r, n) for n in ROUTINE_TEXTS} for r in routines] == [
        {n: r[n] for n in ROUTINE_TEXTS} for r in defaults.ROUTINES_NN
    ]
    assert routines[1].ansvar == "Sakshandsamar"
    assert bokmal_in(_texts(tjeneste)) == []
    for row in [*rows.values(), *routines]:
        row.full_clean(exclude=["tjeneste"])  # the texts fit the fields as an edit would
    # The history says it in the service's form too (LOG-01).
    with translation.override("nn"):
        expected = gettext("Seeded from source 002")
    assert _reasons(tjeneste) == {expected}
    assert bokmal_in(expected) == []


def test_RUT_01_RUT_02_a_bokmal_service_keeps_the_bokmal_texts():
    tjeneste = _service("nb")
    assert {c.kode: (c.navn, c.punkter) for c in Sjekkliste.objects.filter(tjeneste=tjeneste)} == {
        c["kode"]: (c["navn"], c["punkter"]) for c in defaults.CHECKLISTS
    }
    routines = Rutine.objects.filter(tjeneste=tjeneste).order_by("rekkefolge")
    assert [r.ansvar for r in routines] == [r["ansvar"] for r in defaults.ROUTINES]
    with translation.override("nb"):
        assert _reasons(tjeneste) == {gettext("Seeded from source 002")}


def test_RUT_01_seeding_later_reads_the_services_form():
    """A service whose defaults are seeded on first use (a checklist started on a case) gets
    them in the form it has then."""
    tjeneste = _service("nb")
    Sjekkliste.objects.filter(tjeneste=tjeneste).delete()  # as if made before rutiner
    Rutine.objects.filter(tjeneste=tjeneste).delete()
    Tjeneste.objects.filter(pk=tjeneste.pk).update(malform="nn")
    services.ensure_defaults(tjeneste.pk)
    assert (
        Sjekkliste.objects.get(tjeneste=tjeneste, kode="ettervern").punkter
        == (defaults.CHECKLISTS_NN[1]["punkter"])
    )
    assert bokmal_in(_texts(tjeneste)) == []


def test_RUT_01_a_change_of_form_leaves_the_services_rows_as_they_are():
    """The rows are the service's own, maybe edited: a new form only governs new seeding."""
    tjeneste = _service("nb")
    before = _texts(tjeneste)
    tjeneste.malform = "nn"
    tjeneste.save()
    services.ensure_defaults(tjeneste.pk)
    assert _texts(tjeneste) == before
    assert Sjekkliste.objects.filter(tjeneste=tjeneste).count() == len(defaults.CHECKLISTS)


def test_RUT_01_an_unseeded_checklists_name_is_in_the_readers_form(world):
    Sjekkliste.objects.filter(tjeneste=world.tjeneste, kode="avslutning").delete()
    with translation.override("nn"):
        assert checklist_name(world.sak_a, "avslutning") == "Avslutting av sak"
    with translation.override("nb"):
        assert checklist_name(world.sak_a, "avslutning") == "Avslutning av sak"
