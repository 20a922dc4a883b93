"""Reads of ettervern, scoped by the page that opened the case (ROLE-02), each in a fixed
number of queries: none for a child younger than 17, one for the case page and one for the
decision page otherwise."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from accounts.models import User
from cases.models import Part, Sak
from cases.rules import add_years
from core import batch
from journal.models import Journalnotat
from moter.models import Mote
from vedtak.models import Samtykke

from . import rules
from .actions import SAK, VEDTAK
from .models import Ettervernsamtale, Ettervernvedtak

#: The case page shows ettervern from 17 (the dialogue may start before 17½).
SHOWN_FROM_AGE = 17


def _shown(born: date, on: date) -> bool:
    return add_years(born, SHOWN_FROM_AGE) <= on < rules.twenty_fifth(born)


def case_panel(user: User, sak: Sak) -> dict[str, Any] | None:
    """ETT-01: from 17 to 25, the dialogue and its due day, «Ettervern: samtale må starte» from
    17 years 6 months until the dialogue is recorded, and the offers (one query)."""
    born = sak.barn.fodselsdato
    today = timezone.localdate()
    if not _shown(born, today):
        return None
    samtaler = list(
        Ettervernsamtale.objects.filter(sak=sak).select_related("notat", "mote").order_by("dato")
    )
    return {
        "samtaler": samtaler,
        "must_start": rules.dialogue_due(born, today, recorded=bool(samtaler)),
        "dialogue_from": rules.dialogue_from(born),
        "eighteen": rules.eighteenth(born),
        "twenty_five": rules.twenty_fifth(born),
        "adult": today >= rules.eighteenth(born),
        "actions": SAK.offers(sak, user),
    }


def decision_panel(user: User, vedtak, found=None) -> batch.Panel:
    """ETT-02: the outcome of an ettervern decision and the youth's reason (a query in the
    decision page's statement, none for a child younger than 17½: no ettervern decision is
    made for one)."""
    born = vedtak.sak.barn.fodselsdato
    if timezone.localdate() < rules.dialogue_from(born):
        return None
    ettervern = yield from _ettervern_panel(vedtak)
    if ettervern is None:
        return None
    ettervern.vedtak = vedtak
    return {"ettervern": ettervern, "actions": VEDTAK.offers(ettervern, user)}


def ettervern_of(vedtak) -> Ettervernvedtak | None:
    """The decision's ettervern outcome (ETT-02), read once per decision object."""
    return batch.resolve(_ettervern_panel(vedtak))


def _ettervern_panel(vedtak) -> batch.Panel:
    """:func:`ettervern_of` as a panel: no query once the decision object has read it."""
    cached = getattr(vedtak, "_ettervern_cache", False)
    if cached is False:
        rows = yield Ettervernvedtak.objects.filter(vedtak_id=vedtak.pk).order_by("pk")[:1]
        cached = vedtak._ettervern_cache = rows[0] if rows else None
    return cached


def cases_with_dialogue() -> QuerySet:
    """ETT-01: the ids of the cases whose dialogue with the youth is recorded (a subquery for
    the nightly digest, which warns until then)."""
    return Ettervernsamtale.objects.values("sak_id")


def dialogue_notes(sak: Sak) -> QuerySet[Journalnotat]:
    """ETT-01: the case's signed notes (a meeting's minutes are notes too)."""
    return Journalnotat.objects.filter(sak=sak, status=Journalnotat.Status.SIGNERT).order_by(
        "-dato", "-pk"
    )


def dialogue_meetings(sak: Sak) -> QuerySet[Mote]:
    """ETT-01: the case's meetings that were held."""
    return Mote.objects.filter(
        sak=sak, status__in=[Mote.Status.AVHOLDT, Mote.Status.SIGNERT]
    ).order_by("-tidspunkt", "-pk")


def _names(text: str) -> str:
    return " ".join(text.split()).casefold()


def shared_with(sak: Sak, on: date, parties: list[Part]) -> set[int]:
    """SAM-04 from 18: the parties the youth has consented to share information with: a valid
    consent to share information, the youth's own (given on or after the 18th birthday),
    naming the party as its recipient (the party's full name)."""
    eighteen = rules.eighteenth(sak.barn.fodselsdato)
    recipients = [
        _names(s.mottaker)
        for s in Samtykke.objects.filter(
            sak=sak,
            formal_type=Samtykke.Formal.INFORMASJONSDELING,
            gitt_av_barnet=True,
            gitt_dato__gte=eighteen,
        )
        if s.er_gyldig(on)
    ]
    return {p.pk for p in parties if any(_names(p.fullt_navn) in r for r in recipients)}


def history_sources(sak: Sak) -> list[tuple[type, QuerySet, str]]:
    """LOG-01: the ettervern records in the case history (one query per model)."""
    return [
        (Ettervernsamtale, Ettervernsamtale.history.filter(sak_id=sak.pk), "ettervernsamtale"),
        (
            Ettervernvedtak,
            Ettervernvedtak.history.filter(vedtak_id__in=sak.vedtak.values("pk")),
            "ettervernvedtak",
        ),
    ]
