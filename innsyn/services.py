"""Writes of requests for access: one function per intent (INNSYN-01).

Each is one durable transaction that locks the case (or the request) through the need-to-know
scope (``NotFound`` otherwise, ROLE-02), lets the kernel's table check who may, checks the
input and writes with history (LOG-01). :func:`innsynskrav_answer` orders the answer letter to
the party (DOK-01, DOK-02) and writes one access-log row per document given (ROLE-03).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from cases.models import Part, Sak
from cases.permissions import get_visible_sak_for_update, saker_visible_to
from core.exceptions import NotFound, RuleBreach, RuleViolation
from core.history import save_with_history as _save
from core.models import AccessLogEntry
from documents.models import Dokument
from documents.recipients import Recipient
from documents.services import dokument_create

from . import selectors
from .actions import INNSYN, MACHINE
from .models import Innsynskrav, Vurdering

logger = logging.getLogger(__name__)


@transaction.atomic(durable=True)
def innsynskrav_register(
    *,
    actor: User,
    sak_id: int,
    part_id: int | None,
    mottatt: date | None,
    kanal: str,
    hva: str,
) -> Innsynskrav:
    """INNSYN-01: register a party's request to see the case documents (fvl § 18)."""
    sak = get_visible_sak_for_update(actor, sak_id)
    INNSYN.check("register", sak, actor)
    breaches = []
    part = Part.objects.filter(sak=sak, aktiv=True, pk=part_id).first() if part_id else None
    if part is None:
        breaches.append(
            RuleBreach("INNSYN-01", _("Choose the party of the case who asks."), "part")
        )
    if mottatt is None:
        breaches.append(RuleBreach("INNSYN-01", _("Give the date it was received."), "mottatt"))
    elif mottatt > timezone.localdate():
        breaches.append(
            RuleBreach("INNSYN-01", _("The date received cannot be in the future."), "mottatt")
        )
    if kanal not in Innsynskrav.Kanal.values:
        breaches.append(RuleBreach("INNSYN-01", _("Choose how the request came."), "kanal"))
    if not (hva or "").strip():
        breaches.append(RuleBreach("INNSYN-01", _("Write what the party asks to see."), "hva"))
    if breaches:
        raise RuleViolation(breaches)
    krav = Innsynskrav(
        sak=sak, part=part, mottatt=mottatt, kanal=kanal, hva=hva.strip(), registrert_av=actor
    )
    _save(krav, actor=actor, reason=_("Request for access registered"))
    logger.info("innsyn.registered", extra={"krav_id": krav.pk, "sak_id": sak.pk})
    return krav


def _locked(actor: User, krav_id: int) -> Innsynskrav:
    krav = (
        Innsynskrav.objects.select_for_update(of=("self",))
        .select_related("sak", "part")
        .filter(sak__in=saker_visible_to(actor), pk=krav_id)
        .first()
    )
    if krav is None:
        raise NotFound
    return krav


@dataclass(frozen=True)
class Decision:
    """What the caseworker chose for one document: given or withheld, the ground, the text."""

    utfall: str
    grunn: str = ""
    begrunnelse: str = ""


def decision_breaches(key: str, d: Decision) -> list[RuleBreach]:
    """INNSYN-01: a withheld document has its fvl § 19 ground; «another ground» is described."""
    if d.utfall not in Vurdering.Utfall.values:
        return [RuleBreach("INNSYN-01", _("Choose given or withheld."), f"{key}_utfall")]
    if d.utfall != Vurdering.Utfall.UNNTATT:
        return []
    if d.grunn not in Vurdering.Grunn.values:
        return [
            RuleBreach(
                "INNSYN-01",
                _("A withheld document needs its legal ground (fvl § 19)."),
                f"{key}_grunn",
            )
        ]
    if d.grunn == Vurdering.Grunn.ANNET and not d.begrunnelse.strip():
        return [
            RuleBreach(
                "INNSYN-01",
                _("Describe the ground for withholding the document."),
                f"{key}_begrunnelse",
            )
        ]
    return []


@transaction.atomic(durable=True)
def innsynskrav_review(*, actor: User, krav_id: int, decisions: dict[str, Decision]) -> Innsynskrav:
    """INNSYN-01: record, for the case's documents, which are given and which withheld and why.
    ``decisions`` maps a document's key (:attr:`selectors.CaseDocument.key`) to the choice; a
    document left out stays as it was. Nothing is saved when one choice is refused."""
    krav = _locked(actor, krav_id)
    MACHINE.check("review", krav, actor)
    documents = {d.key: d for d in selectors.documents_for_review(krav)}
    breaches = []
    for key, decision in decisions.items():
        if key not in documents:
            raise NotFound
        breaches.extend(decision_breaches(key, decision))
    if breaches:
        raise RuleViolation(breaches)
    for key, decision in decisions.items():
        doc = documents[key]
        withheld = decision.utfall == Vurdering.Utfall.UNNTATT
        v = doc.vurdering or Vurdering(krav=krav, kilde=doc.kilde, ref_id=doc.ref_id)
        new = (
            decision.utfall,
            decision.grunn if withheld else "",
            decision.begrunnelse.strip() if withheld else "",
        )
        if v.pk is not None and (v.utfall, v.grunn, v.begrunnelse) == new:
            continue
        v.utfall, v.grunn, v.begrunnelse = new
        v.tittel = doc.tittel[:250]
        v.vurdert_av = actor
        _save(v, actor=actor, reason=_("Access decided for a document"))
    return krav


def _log_given(actor: User, krav: Innsynskrav, given: list[Vurdering]) -> None:
    """ROLE-03: one access-log row per document given to the party (ids only, no titles)."""
    path = reverse("innsyn:detail", args=[krav.sak_id, krav.pk])[:300]
    AccessLogEntry.objects.bulk_create(
        [
            AccessLogEntry(
                user=actor,
                sak_id=krav.sak_id,
                tjeneste_id=krav.sak.tjeneste_id,
                action=AccessLogEntry.Action.EXPORT,
                path=path,
                reason=_("Given on request for access %(krav)s: %(kind)s %(ref)s")
                % {"krav": krav.pk, "kind": v.kilde, "ref": v.ref_id},
            )
            for v in given
        ]
    )


@transaction.atomic(durable=True)
def innsynskrav_answer(*, actor: User, krav_id: int) -> Innsynskrav:
    """INNSYN-01: answer the request by a letter to the party (DOK-01, DOK-02) that lists the
    documents given and, without naming them, those withheld with their grounds. Every
    document of the case must be decided first. What was given is logged (ROLE-03)."""
    krav = _locked(actor, krav_id)
    MACHINE.check("answer", krav, actor)
    rows = selectors.documents_for_review(krav)
    if undecided := [r for r in rows if r.vurdering is None]:
        raise RuleViolation(
            [
                RuleBreach(
                    "INNSYN-01",
                    _("Decide on every document of the case first: %(n)s not decided.")
                    % {"n": len(undecided)},
                )
            ]
        )
    # The case's row is locked too: the letter takes its version under it.
    get_visible_sak_for_update(actor, krav.sak_id)
    krav.status = Innsynskrav.Status.BESVART
    krav.besvart = timezone.localdate()
    krav.besvart_av = actor
    _save(krav, actor=actor, reason=_("Request for access answered"))
    sak: Sak = krav.sak
    dokument_create(
        actor=actor,
        sak=sak,
        type=Dokument.Type.INNSYNSSVAR,
        source=krav,
        recipient=Recipient(krav.part),
    )
    _log_given(actor, krav, [r.vurdering for r in rows if r.vurdering.utfall == "gitt"])
    logger.info("innsyn.answered", extra={"krav_id": krav.pk, "sak_id": sak.pk})
    return krav
