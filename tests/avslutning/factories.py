"""The URL kwargs of the closing and checklist pages on a case (tests/test_need_to_know.py)."""

from __future__ import annotations

from avslutning.models import Avslutning
from rutiner import services as rutiner_services
from rutiner.models import SakSjekkliste


def need_to_know_kwargs(name: str, sak) -> dict:
    if name in {"avslutning:page", "rutiner:sak_list"}:
        return {}
    if name == "rutiner:sak_detail":
        started = SakSjekkliste.objects.filter(sak=sak).first()
        if started is None:
            started = rutiner_services.sak_sjekkliste_start(
                actor=sak.saksbehandler, sak_id=sak.pk, kode="avslutning"
            )
        return {"sjekkliste_id": started.pk}
    # A closing awaiting the team leader (set up directly: the rules are tested elsewhere).
    avslutning = Avslutning.objects.filter(sak=sak).first() or Avslutning.objects.create(
        sak=sak, oppsummering="Tiltakene har virket.", foreslatt_av=sak.saksbehandler
    )
    if name == "avslutning:action":
        return {"avslutning_id": avslutning.pk, "name": "approve"}
    return {"avslutning_id": avslutning.pk}
