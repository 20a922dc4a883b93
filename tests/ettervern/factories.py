"""Ettervern records for the need-to-know matrix (tests/test_need_to_know.py)."""

from __future__ import annotations

from ettervern.models import Ettervernvedtak

from ..vedtak import factories as vf


def need_to_know_kwargs(name: str, sak) -> dict:
    """The case's dialogue page; the outcome of a draft ettervern decision of the case."""
    if name == "ettervern:sak_action":
        return {"name": "record_dialogue"}
    record = Ettervernvedtak.objects.filter(vedtak__sak=sak).first()
    if record is None:
        world = type("W", (), {"saksbehandler": sak.saksbehandler, "sak_a": sak})
        record = Ettervernvedtak.objects.create(vedtak=vf.draft(world, sak=sak), utfall="fortsette")
    return {"vedtak_id": record.vedtak_id, "name": "change_outcome"}
