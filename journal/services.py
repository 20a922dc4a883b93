"""Writes to the case journal: one function per user intent (JOUR-01 … JOUR-04).

Each is one transaction (``atomic``, not durable: the meetings' minutes will become a note
from inside their own signing, MOTE-01), locks its row through the need-to-know scope
(``NotFound`` otherwise, a 404 at the edge, ROLE-02), lets the kernel's tables check who may
and the state (:mod:`journal.actions`), saves with history (LOG-01) and keeps the note's search
vector. Nothing is deleted; a signed note is never changed, it is corrected by a new note
(JOUR-02).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.contrib.postgres.search import SearchVector
from django.db import connection, transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from cases.models import Part, Sak
from cases.permissions import get_visible_sak_for_update, saker_visible_to
from core.exceptions import NotFound, RuleBreach, RuleViolation
from core.history import full_clean_or_violation
from core.history import save_with_history as _save
from vedtak.models import Tiltak

from . import rules
from .actions import JOURNAL, MACHINE
from .models import Journalnotat

#: What a note's form writes (the parties apart: ``parter``).
FIELDS = (
    "type",
    "dato",
    "deltakere",
    "hva_ble_sagt",
    "vurdering",
    "tiltak",
    "barnet_fortalt",
    "barnets_ord",
    "barnet_informert_om_skriving",
    "ekstern_kilde",
    "kilde",
)
_TEXT_FIELDS = frozenset(
    {"deltakere", "hva_ble_sagt", "vurdering", "barnet_fortalt", "barnets_ord", "kilde"}
)


def search_vector():
    """The note's text as PostgreSQL reads it for the search, in its ``norwegian``
    configuration: what was said and the assessment weigh most."""
    strong = SearchVector("hva_ble_sagt", "vurdering", weight="A", config="norwegian")
    rest = SearchVector(
        "deltakere", "barnet_fortalt", "barnets_ord", "kilde", weight="B", config="norwegian"
    )
    return strong + rest


def _index(notat: Journalnotat) -> None:
    """Keep the note's search vector (PostgreSQL only; SQLite searches the text itself).

    ``update()`` on purpose: the vector is derived from the saved text and left out of the
    history, so there is no change to record."""
    if connection.vendor == "postgresql":
        Journalnotat.objects.filter(pk=notat.pk).update(sok=search_vector())


def _lock(actor: User, notat_id: int, sak_id: int | None = None) -> Journalnotat:
    """The note locked for update, through the need-to-know scope (ROLE-02)."""
    qs = Journalnotat.objects.select_for_update(of=("self",)).select_related("sak")
    if sak_id is not None:
        qs = qs.filter(sak_id=sak_id)
    try:
        return qs.get(pk=notat_id, sak__in=saker_visible_to(actor))
    except Journalnotat.DoesNotExist:
        raise NotFound from None


def _apply(notat: Journalnotat, data: dict[str, Any], parter: Iterable[Any] | None) -> list[Part]:
    """Put the form's values on the note and check them: the measure and the parties belong to
    the case, the date has happened (JOUR-01), text without control characters (LOG-02) and a
    named outside source (JOUR-04). Returns the parties chosen."""
    for name in FIELDS:
        if name not in data:
            continue
        value = data[name]
        if name in _TEXT_FIELDS:
            value = (value or "").strip()
        if name == "tiltak":
            value = _tiltak_of(notat.sak, value)
        setattr(notat, name, value)
    if not notat.ekstern_kilde:
        notat.kilde = ""
    if notat.type != rules.CHILD_CONVERSATION:
        notat.barnet_fortalt = notat.barnets_ord = ""
        notat.barnet_informert_om_skriving = None
    chosen = _parter_of(notat.sak, parter) if parter is not None else None
    if chosen is not None:
        notat._chosen_parter = chosen
    breaches: list[RuleBreach] = []
    if notat.dato and notat.dato > timezone.localdate():
        breaches.append(
            RuleBreach("JOUR-01", _("The date of a note cannot be in the future."), "dato")
        )
    for rule in rules.SAVE:
        breaches.extend(rule.unmet(notat))
    if breaches:
        raise RuleViolation(breaches)
    full_clean_or_violation(
        notat, exclude=["sak", "forfatter", "tiltak", "korrigerer", "signert_av", "status"]
    )
    return chosen


def _tiltak_of(sak: Sak, value) -> Tiltak | None:
    if value in (None, ""):
        return None
    tiltak_id = value.pk if isinstance(value, Tiltak) else int(value)
    tiltak = Tiltak.objects.filter(pk=tiltak_id, vedtak__sak=sak).first()
    if tiltak is None:
        raise RuleViolation([RuleBreach("JOUR-01", _("Choose a measure of this case."), "tiltak")])
    return tiltak


def _parter_of(sak: Sak, parter: Iterable[Any]) -> list[Part]:
    ids = {p.pk if isinstance(p, Part) else int(p) for p in parter}
    found = list(Part.objects.filter(sak=sak, pk__in=ids)) if ids else []
    if len(found) != len(ids):
        raise RuleViolation([RuleBreach("JOUR-01", _("Choose parties of this case."), "parter")])
    return found


@transaction.atomic
def notat_create(
    *,
    actor: User,
    sak_id: int,
    data: dict[str, Any],
    parter: Iterable[Any] | None = None,
    notat_id: int | None = None,
) -> Journalnotat:
    """A new note in the case's journal, as a draft of ``actor`` (JOUR-01). With ``notat_id``
    the new note corrects that signed note (JOUR-02): the old one stays as it was."""
    try:
        sak = get_visible_sak_for_update(actor, sak_id)
    except Http404:
        raise NotFound from None
    original = None
    if notat_id is not None:
        original = _lock(actor, notat_id, sak_id=sak.pk)
        MACHINE.check("correct", original, actor)
    else:
        JOURNAL.check("create", sak, actor)
    notat = Journalnotat(sak=sak, forfatter=actor, korrigerer=original)
    chosen = _apply(notat, data, parter)
    reason = _("Correction of a signed note written") if original else _("Journal note written")
    _save(notat, actor=actor, reason=reason)
    if chosen:
        notat.parter.set(chosen)
    _index(notat)
    return notat


@transaction.atomic
def notat_update(
    *,
    actor: User,
    notat_id: int,
    data: dict[str, Any],
    parter: Iterable[Any] | None = None,
    sak_id: int | None = None,
) -> Journalnotat:
    """Save the draft as it is. A signed note is locked (JOUR-02): refused."""
    notat = _lock(actor, notat_id, sak_id=sak_id)
    MACHINE.check("edit", notat, actor)
    chosen = _apply(notat, data, parter)
    _save(notat, actor=actor, reason=_("Journal note draft saved"))
    if chosen is not None:
        notat.parter.set(chosen)
    _index(notat)
    return notat


@transaction.atomic
def notat_sign(
    *,
    actor: User,
    notat_id: int,
    override_reason: str | None = None,
    sak_id: int | None = None,
) -> Journalnotat:
    """JOUR-02: the author signs the note; from now on it is locked. JOUR-01 must hold;
    JOUR-03 only warns, and a reason for going on is recorded on the note."""
    notat = _lock(actor, notat_id, sak_id=sak_id)
    MACHINE.perform("sign", notat, actor, override_reason=override_reason)
    _save(
        notat,
        actor=actor,
        reason=_("Journal note signed"),
        update_fields=["status", "signert_av", "signert", "avvik_begrunnelse"],
    )
    return notat
