"""Writes to the meetings of a case: one function per user intent (MOTE-01 … MOTE-05).

Each is one durable transaction, locks its row through the need-to-know scope (``NotFound``
otherwise, a 404 at the edge, ROLE-02), lets the kernel's tables check who may and the state
(:mod:`moter.actions`), and saves with history (LOG-01). Nothing is deleted: an outside
participant taken off the plan is marked removed, a meeting is cancelled, not erased.

Signing the minutes (:func:`mote_sign`) writes them as a journal note and signs it through the
journal's own services (MOTE-01, JOUR-02), inside the same transaction: both or neither.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from cases.models import Overforing, Part, Sak
from cases.permissions import get_visible_sak_for_update, saker_visible_to
from core.exceptions import NotFound, RuleBreach, RuleViolation
from core.history import full_clean_or_violation
from core.history import save_with_history as _save
from journal.services import notat_create, notat_sign
from vedtak.models import Tiltak

from . import documents, permissions, rules, selectors
from .actions import MACHINE, MOTER
from .models import Ansvarsgruppe, EksternDeltaker, Mote, Oppgave

#: What the plan form writes on the meeting itself.
FIELDS = ("type", "tidspunkt", "sted", "agenda", "anonym", "leder", "referent")
_TEXT_FIELDS = frozenset({"sted", "agenda"})

Outside = tuple[str, str]


def _sak(actor: User, sak_id: int) -> Sak:
    try:
        return get_visible_sak_for_update(actor, sak_id)
    except Http404:
        raise NotFound from None


def _lock(actor: User, mote_id: int, sak_id: int | None = None) -> Mote:
    """The meeting locked for update, through the need-to-know scope (ROLE-02)."""
    qs = Mote.objects.select_for_update(of=("self",)).select_related("sak")
    if sak_id is not None:
        qs = qs.filter(sak_id=sak_id)
    try:
        return qs.get(pk=mote_id, sak__in=saker_visible_to(actor))
    except Mote.DoesNotExist:
        raise NotFound from None


def _ids(values: Iterable[Any]) -> set[int]:
    return {v.pk if hasattr(v, "pk") else int(v) for v in values}


def _parter_of(sak: Sak, parter: Iterable[Any]) -> list[Part]:
    ids = _ids(parter)
    found = list(selectors.parties_of(sak).filter(pk__in=ids)) if ids else []
    if len(found) != len(ids):
        raise RuleViolation([RuleBreach("MOTE-01", _("Choose parties of this case."), "parter")])
    return found


def _staff(qs, ids: set[int], field: str) -> list[User]:
    found = list(qs.filter(pk__in=ids)) if ids else []
    if len(found) != len(ids):
        raise RuleViolation(
            [RuleBreach("MOTE-01", _("Choose staff of the case's service."), field)]
        )
    return found


def _one(qs, value, field: str, message: str) -> User | None:
    if value in (None, ""):
        return None
    found = qs.filter(pk=value.pk if hasattr(value, "pk") else int(value)).first()
    if found is None:
        raise RuleViolation([RuleBreach("MOTE-01", message, field)])
    return found


def _outside(mote: Mote, eksterne: Sequence[Outside]) -> list[tuple[str, str, Any]]:
    """MOTE-03: each outside participant with the consent that names their service (``None``
    in an anonymous drøftingsmøte). Refused, naming each one without a consent."""
    if not eksterne:
        return []
    if mote.anonym and mote.type == rules.DROFTINGSMOTE:
        return [(navn, tjeneste, None) for navn, tjeneste in eksterne]
    consents = selectors.sharing_consents_of(mote.sak)
    on = mote.dato or timezone.localdate()
    found, breaches = [], []
    for navn, tjeneste in eksterne:
        samtykke = rules.consent_for(tjeneste, consents, on, mote.sak.barn.fodselsdato)
        if samtykke is None:
            breaches.append(rules.mote03_breach(navn, tjeneste))
        found.append((navn, tjeneste, samtykke))
    if breaches:
        raise RuleViolation(breaches)
    return found


def _apply(
    mote: Mote,
    data: dict[str, Any],
    parter: Iterable[Any],
    ansatte: Iterable[Any],
    eksterne: Sequence[Outside],
):
    sak = mote.sak
    for name in FIELDS:
        if name not in data:
            continue
        value = data[name]
        if name in _TEXT_FIELDS:
            value = (value or "").strip()
        if name == "leder":
            value = _one(
                selectors.staff_of(sak), value, "leder", _("Choose staff of the case's service.")
            )
        if name == "referent":
            value = _one(
                selectors.team_staff_of(sak),
                value,
                "referent",
                _("The minutes are written by one of the case's team (MOTE-01)."),
            )
        setattr(mote, name, value)
    if mote.type != rules.DROFTINGSMOTE:
        mote.anonym = False
    chosen_parter = _parter_of(sak, parter)
    chosen_ansatte = _staff(selectors.staff_of(sak), _ids(ansatte), "ansatte")
    breaches = rules.plan_breaches(
        mote, parter=len(chosen_parter), ansatte=len(chosen_ansatte), eksterne=len(eksterne)
    )
    if breaches:
        raise RuleViolation(breaches)
    outside = _outside(mote, eksterne)
    full_clean_or_violation(
        mote,
        exclude=[
            "sak",
            "leder",
            "referent",
            "tiltak",
            "overforing",
            "ansvarsgruppe",
            "notat",
            "opprettet_av",
            "status",
        ],
    )
    return chosen_parter, chosen_ansatte, outside


def _save_outside(mote: Mote, outside: list[tuple[str, str, Any]], actor: User) -> None:
    """Keep the outside participants as planned: new ones added, those no longer on the plan
    marked removed (never deleted)."""
    existing = {(e.navn, e.tjeneste): e for e in mote.eksterne.filter(fjernet=False)}
    wanted = set()
    for navn, tjeneste, samtykke in outside:
        key = (navn, tjeneste)
        wanted.add(key)
        row = existing.get(key)
        if row is None:
            row = EksternDeltaker(mote=mote, navn=navn, tjeneste=tjeneste, samtykke=samtykke)
            full_clean_or_violation(row, exclude=["mote", "samtykke"], rule="MOTE-03")
            _save(row, actor=actor, reason=_("Outside participant added"))
        elif row.samtykke_id != getattr(samtykke, "pk", None):
            row.samtykke = samtykke
            _save(row, actor=actor, reason=_("Consent of an outside participant updated"))
    for key, row in existing.items():
        if key not in wanted:
            row.fjernet = True
            _save(row, actor=actor, reason=_("Outside participant removed"))


@transaction.atomic(durable=True)
def mote_plan(
    *,
    actor: User,
    sak_id: int,
    data: dict[str, Any],
    parter: Iterable[Any] = (),
    ansatte: Iterable[Any] = (),
    eksterne: Sequence[Outside] = (),
    tiltak_id: int | None = None,
    overforing_id: int | None = None,
    ansvarsgruppe_id: int | None = None,
) -> Mote:
    """MOTE-01: plan a meeting of the case. MOTE-03 for each outside participant. It may be
    the oppstartsmøte of a measure (MOTE-06), the overgangsmøte of a transfer (MOTE-02) or a
    meeting of the case's ansvarsgruppe (MOTE-05)."""
    sak = _sak(actor, sak_id)
    MOTER.check("plan", sak, actor)
    mote = Mote(sak=sak, opprettet_av=actor)
    if tiltak_id:
        mote.tiltak = Tiltak.objects.filter(pk=tiltak_id, vedtak__sak=sak).first()
        if mote.tiltak is None:
            raise NotFound
    if overforing_id:
        mote.overforing = Overforing.objects.filter(pk=overforing_id, sak=sak).first()
        if mote.overforing is None:
            raise NotFound
    if ansvarsgruppe_id:
        mote.ansvarsgruppe = Ansvarsgruppe.objects.filter(pk=ansvarsgruppe_id, sak=sak).first()
        if mote.ansvarsgruppe is None:
            raise NotFound
    chosen_parter, chosen_ansatte, outside = _apply(mote, data, parter, ansatte, eksterne)
    _save(mote, actor=actor, reason=_("Meeting planned"))
    mote.parter.set(chosen_parter)
    mote.ansatte.set(chosen_ansatte)
    _save_outside(mote, outside, actor)
    return mote


@transaction.atomic(durable=True)
def mote_update(
    *,
    actor: User,
    mote_id: int,
    data: dict[str, Any],
    parter: Iterable[Any] = (),
    ansatte: Iterable[Any] = (),
    eksterne: Sequence[Outside] = (),
    sak_id: int | None = None,
) -> Mote:
    """Change a planned meeting (MOTE-01, MOTE-03 as when it was planned)."""
    mote = _lock(actor, mote_id, sak_id)
    MACHINE.check("edit", mote, actor)
    chosen_parter, chosen_ansatte, outside = _apply(mote, data, parter, ansatte, eksterne)
    _save(mote, actor=actor, reason=_("Meeting changed"))
    mote.parter.set(chosen_parter)
    mote.ansatte.set(chosen_ansatte)
    _save_outside(mote, outside, actor)
    return mote


@transaction.atomic(durable=True)
def mote_hold(*, actor: User, mote_id: int, sak_id: int | None = None) -> Mote:
    """The meeting took place (MOTE-01): the referent may write the minutes."""
    mote = _lock(actor, mote_id, sak_id)
    MACHINE.perform("hold", mote, actor)
    _save(mote, actor=actor, reason=_("Meeting held"), update_fields=["status"])
    return mote


@transaction.atomic(durable=True)
def mote_cancel(*, actor: User, mote_id: int, reason: str = "", sak_id: int | None = None) -> Mote:
    mote = _lock(actor, mote_id, sak_id)
    MACHINE.perform("cancel", mote, actor, reason=(reason or "").strip())
    full_clean_or_violation(mote, exclude=["sak", "leder", "referent", "opprettet_av", "status"])
    _save(
        mote, actor=actor, reason=_("Meeting cancelled"), update_fields=["status", "avlyst_grunn"]
    )
    return mote


@transaction.atomic(durable=True)
def mote_write_minutes(
    *,
    actor: User,
    mote_id: int,
    referat: str,
    vurdering: str = "",
    sak_id: int | None = None,
) -> Mote:
    """MOTE-01: the referent writes (and rewrites) the minutes until they are signed."""
    mote = _lock(actor, mote_id, sak_id)
    MACHINE.check("minutes", mote, actor)
    mote.referat = (referat or "").strip()
    mote.vurdering = (vurdering or "").strip()
    full_clean_or_violation(
        mote, exclude=["sak", "leder", "referent", "opprettet_av", "status", "notat"]
    )
    _save(mote, actor=actor, reason=_("Minutes saved"), update_fields=["referat", "vurdering"])
    return mote


def _deltakere(mote: Mote) -> str:
    """Who took part, in words, for the journal note (JOUR-01)."""
    lines = [u.get_full_name() or u.get_username() for u in mote.ansatte.all()]
    lines += [f"{e.navn} ({e.tjeneste})" for e in mote.eksterne.filter(fjernet=False)]
    leder = mote.leder.get_full_name() or mote.leder.get_username()
    referent = mote.referent.get_full_name() or mote.referent.get_username()
    lines.append(
        _("Led by %(leder)s; minutes by %(referent)s") % {"leder": leder, "referent": referent}
    )
    return "\n".join(lines)


def _note_text(mote: Mote) -> str:
    parts = [f"{mote.get_type_display()}"]
    if mote.agenda:
        parts.append(_("Agenda:") + "\n" + mote.agenda)
    parts.append(mote.referat)
    return "\n\n".join(parts)


@transaction.atomic(durable=True)
def mote_sign(*, actor: User, mote_id: int, sak_id: int | None = None) -> Mote:
    """MOTE-01: the referent signs the minutes. They are written as a note of kind «møte» in
    the case's journal and signed there (JOUR-02: locked from now on); the meeting links it."""
    mote = _lock(actor, mote_id, sak_id)
    MACHINE.check("sign", mote, actor)
    notat = notat_create(
        actor=actor,
        sak_id=mote.sak_id,
        data={
            "type": "mote",
            "dato": mote.dato,
            "deltakere": _deltakere(mote),
            "hva_ble_sagt": _note_text(mote),
            "vurdering": mote.vurdering,
            "tiltak": mote.tiltak_id,
        },
        parter=list(mote.parter.all()),
    )
    notat = notat_sign(actor=actor, notat_id=notat.pk, sak_id=mote.sak_id)
    MACHINE.perform("sign", mote, actor, notat=notat)
    _save(mote, actor=actor, reason=_("Minutes signed"), update_fields=["status", "notat"])
    return mote


@transaction.atomic(durable=True)
def oppgave_create(
    *,
    actor: User,
    mote_id: int,
    ansvarlig: Any,
    hva: str,
    frist: date | None,
    sak_id: int | None = None,
) -> Oppgave:
    """MOTE-04: an action agreed in the meeting: who (staff), what, by when."""
    mote = _lock(actor, mote_id, sak_id)
    MACHINE.check("oppgave", mote, actor)
    who = _one(
        selectors.staff_of(mote.sak),
        ansvarlig,
        "ansvarlig",
        _("Choose staff of the case's service."),
    )
    breaches = rules.oppgave_breaches(ansvarlig=who, hva=hva, frist=frist)
    if breaches:
        raise RuleViolation(breaches)
    oppgave = Oppgave(mote=mote, ansvarlig=who, hva=hva.strip(), frist=frist, opprettet_av=actor)
    full_clean_or_violation(oppgave, exclude=["mote", "ansvarlig", "opprettet_av", "utfort_av"])
    _save(oppgave, actor=actor, reason=_("Agreed action recorded"))
    return oppgave


@transaction.atomic(durable=True)
def oppgave_complete(*, actor: User, oppgave_id: int, sak_id: int | None = None) -> Oppgave:
    """MOTE-04: the agreed action is done; it leaves «Mine frister» and the digest."""
    qs = Oppgave.objects.select_for_update(of=("self",)).select_related("mote__sak")
    if sak_id is not None:
        qs = qs.filter(mote__sak_id=sak_id)
    try:
        oppgave = qs.get(pk=oppgave_id, mote__sak__in=saker_visible_to(actor))
    except Oppgave.DoesNotExist:
        raise NotFound from None
    if not permissions.can_complete_oppgave(oppgave, actor):
        raise NotFound
    oppgave.utfort = timezone.localdate()
    oppgave.utfort_av = actor
    _save(
        oppgave, actor=actor, reason=_("Agreed action done"), update_fields=["utfort", "utfort_av"]
    )
    return oppgave


@transaction.atomic(durable=True)
def ansvarsgruppe_create(*, actor: User, sak_id: int, data: dict[str, Any]) -> Ansvarsgruppe:
    """MOTE-05: the case's ansvarsgruppe, with its members, coordinator and rhythm."""
    sak = _sak(actor, sak_id)
    MOTER.check("ansvarsgruppe", sak, actor)
    koordinator = _one(
        selectors.staff_of(sak),
        data.get("koordinator"),
        "koordinator",
        _("Choose staff of the case's service."),
    )
    breaches = []
    if koordinator is None:
        breaches.append(RuleBreach("MOTE-05", _("Choose the coordinator."), "koordinator"))
    if not (data.get("medlemmer") or "").strip():
        breaches.append(RuleBreach("MOTE-05", _("Name the members."), "medlemmer"))
    if not data.get("rytme_uker"):
        breaches.append(RuleBreach("MOTE-05", _("Give the meeting rhythm in weeks."), "rytme_uker"))
    if breaches:
        raise RuleViolation(breaches)
    group = Ansvarsgruppe(
        sak=sak,
        koordinator=koordinator,
        medlemmer=data["medlemmer"].strip(),
        rytme_uker=data["rytme_uker"],
        startdato=data.get("startdato") or timezone.localdate(),
        opprettet_av=actor,
    )
    full_clean_or_violation(group, exclude=["sak", "koordinator", "opprettet_av"])
    _save(group, actor=actor, reason=_("Responsibility group set up"))
    return group


@transaction.atomic(durable=True)
def mote_order_invitation(*, actor: User, mote_id: int, sak_id: int | None = None) -> Mote:
    """DOK-01/DOK-02: the invitation as letters, one copy per party invited (the worker makes
    the PDFs after the commit)."""
    mote = _lock(actor, mote_id, sak_id)
    MACHINE.check("invitation", mote, actor)
    documents.order(mote, type=documents.INVITATION, actor=actor)
    return mote


@transaction.atomic(durable=True)
def mote_order_minutes_letter(*, actor: User, mote_id: int, sak_id: int | None = None) -> Mote:
    """DOK-01/DOK-02: the signed minutes as letters, one copy per party who took part."""
    mote = _lock(actor, mote_id, sak_id)
    MACHINE.check("minutes_letter", mote, actor)
    documents.order(mote, type=documents.MINUTES, actor=actor)
    return mote
