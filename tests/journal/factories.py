"""Journal notes made through the real services (Zulip's rule), signed when asked."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from journal import services


def note_data(**overrides) -> dict:
    data = {
        "type": "telefon",
        "dato": timezone.localdate() - timedelta(days=1),
        "deltakere": "Mor, saksbehandler",
        "hva_ble_sagt": "Mor fortalte at samtalen med skolen gikk bra.",
        "vurdering": "Tjenesten vurderer at familien følger opp avtalen.",
    }
    data.update(overrides)
    return data


def make_note(actor, sak, *, signed: bool = False, parter=None, **overrides):
    notat = services.notat_create(
        actor=actor, sak_id=sak.pk, data=note_data(**overrides), parter=parter
    )
    if signed:
        notat = services.notat_sign(actor=actor, notat_id=notat.pk, override_reason="")
    return notat


def need_to_know_kwargs(name: str, sak) -> dict:
    """A draft note of the case's caseworker; a signed one to correct (tests/test_need_to_know)."""
    from journal.models import Journalnotat

    signed = name == "journal:correct"
    notat = Journalnotat.objects.filter(sak=sak, status="signert" if signed else "utkast").first()
    if notat is None:
        notat = make_note(sak.saksbehandler, sak, signed=signed)
    return {"notat_id": notat.pk}
