"""The centre course's writes (SENTER-02, SENTER-03, SENTER-05): one transaction each, through
the course's action table (:data:`senter.actions.MACHINE`) on the locked referral.

A record of another case (a meeting, an incoming document, a measure) is :class:`NotFound`, as
for a case the actor may not see (ROLE-02)."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from cases.permissions import saker_visible_to
from core.exceptions import NotFound, RuleBreach, RuleViolation
from core.history import save_with_history as _save
from henvisning.models import Henvisning, Mottaker
from moter.models import Mote

from . import selectors
from .actions import MACHINE
from .models import MOTETYPER, Senterforlop, Sentermote


def _lock(actor: User, henvisning_id: int, sak_id: int | None = None) -> Senterforlop:
    """The referral to a centre, locked, in the actor's scope; its course (unsaved when it has
    none yet)."""
    h = (
        Henvisning.objects.select_for_update(of=("self",))
        .select_related("sak__barn", "mottaker")
        .filter(
            pk=henvisning_id,
            sak__in=saker_visible_to(actor),
            mottaker__type=Mottaker.Type.SENTER,
        )
        .first()
    )
    if h is None or (sak_id is not None and h.sak_id != sak_id):
        raise NotFound
    return selectors.forlop_of(h, by=actor)


def _not_future(value: date | None, field: str) -> list[RuleBreach]:
    if value is not None and value > timezone.localdate():
        return [RuleBreach("SENTER-03", _("The date cannot be in the future."), field)]
    return []


@transaction.atomic
def forlop_record_investigation(
    *,
    actor: User,
    henvisning_id: int,
    bufetat_utredning_avsluttet: date | None,
    sak_id: int | None = None,
) -> Senterforlop:
    """SENTER-02: when Bufetat's investigation of the family ended (``None``: none)."""
    forlop = _lock(actor, henvisning_id, sak_id)
    MACHINE.perform("investigation", forlop, actor)
    if bufetat_utredning_avsluttet is not None and bufetat_utredning_avsluttet > (
        timezone.localdate()
    ):
        raise RuleViolation(
            [
                RuleBreach(
                    "SENTER-02",
                    _("The investigation cannot have ended in the future."),
                    "bufetat_utredning_avsluttet",
                )
            ]
        )
    forlop.bufetat_utredning_avsluttet = bufetat_utredning_avsluttet
    _save(forlop, actor=actor, reason=_("Bufetat's investigation recorded"))
    return forlop


def record_reason_for_sending(henvisning, *, actor: User, override_reason: str = "") -> None:
    """SENTER-02, called by the referral's send (:data:`henvisning.registry.AFTER_SEND`) in its
    transaction: a referral to a centre keeps the caseworker's reason for sending it although
    it warned."""
    if not henvisning.mottaker.er_senter or not (override_reason or "").strip():
        return
    forlop = selectors.forlop_of(henvisning, by=actor)
    forlop.videre_begrunnelse = override_reason.strip()
    _save(forlop, actor=actor, reason=_("Reason for sending the referral anyway (SENTER-02)"))


@transaction.atomic
def forlop_record_contact(
    *,
    actor: User,
    henvisning_id: int,
    vurderingsmote: date,
    kontaktet: date | None,
    sak_id: int | None = None,
) -> Senterforlop:
    """SENTER-03: the centre's vurderingsmøte and the day it called for the henvisningsmøte."""
    forlop = _lock(actor, henvisning_id, sak_id)
    MACHINE.perform("centre_contact", forlop, actor)
    breaches = _not_future(vurderingsmote, "vurderingsmote") + _not_future(kontaktet, "kontaktet")
    if kontaktet is not None and vurderingsmote is not None and kontaktet < vurderingsmote:
        breaches.append(
            RuleBreach(
                "SENTER-03",
                _("The centre calls after its vurderingsmøte, not before it."),
                "kontaktet",
            )
        )
    h = forlop.henvisning
    if vurderingsmote is not None and h.sendt is not None and vurderingsmote < h.sendt:
        breaches.append(
            RuleBreach(
                "SENTER-03",
                _("The vurderingsmøte cannot be before the referral was sent."),
                "vurderingsmote",
            )
        )
    if breaches:
        raise RuleViolation(breaches)
    forlop.vurderingsmote = vurderingsmote
    forlop.kontaktet = kontaktet
    _save(forlop, actor=actor, reason=_("The centre's call recorded"))
    return forlop


@transaction.atomic
def forlop_add_meeting(
    *, actor: User, henvisning_id: int, mote: int, sak_id: int | None = None
) -> Sentermote:
    """SENTER-03: a meeting of the case belongs to the course."""
    forlop = _lock(actor, henvisning_id, sak_id)
    MACHINE.perform("add_meeting", forlop, actor)
    found = Mote.objects.filter(pk=mote, sak_id=forlop.sak_id).first()
    if found is None:
        raise NotFound
    if found.type not in MOTETYPER or found.status == Mote.Status.AVLYST:
        raise RuleViolation(
            [
                RuleBreach(
                    "SENTER-03",
                    _(
                        "The course's meetings are the henvisningsmøte, the oppstartsmøte, the "
                        "samarbeidsmøter and the tilbakemeldingsmøte, not cancelled."
                    ),
                    "mote",
                )
            ]
        )
    if Sentermote.objects.filter(mote=found).exists():
        raise RuleViolation(
            [RuleBreach("SENTER-03", _("The meeting already belongs to a course."), "mote")]
        )
    if forlop.pk is None:
        _save(forlop, actor=actor, reason=_("Centre course started"))
    link = Sentermote(forlop=forlop, mote=found)
    _save(link, actor=actor, reason=_("Meeting added to the centre course"))
    return link


@transaction.atomic
def forlop_record_reports(
    *,
    actor: User,
    henvisning_id: int,
    handlingsplan: int | None,
    sluttrapport: int | None,
    sak_id: int | None = None,
) -> Senterforlop:
    """SENTER-03/INN-01: the centre's handlingsplan and sluttrapport, among the case's incoming
    documents."""
    forlop = _lock(actor, henvisning_id, sak_id)
    MACHINE.perform("reports", forlop, actor)
    documents = {d.pk: d for d in selectors.reports_of(forlop.sak)}
    for value in (handlingsplan, sluttrapport):
        if value is not None and value not in documents:
            raise NotFound
    forlop.handlingsplan = documents.get(handlingsplan)
    forlop.sluttrapport = documents.get(sluttrapport)
    _save(forlop, actor=actor, reason=_("The centre's reports recorded"))
    return forlop


@transaction.atomic
def forlop_record_measure(
    *, actor: User, henvisning_id: int, tiltak: int, sak_id: int | None = None
) -> Senterforlop:
    """SENTER-05: the measure the service evaluates as its own."""
    forlop = _lock(actor, henvisning_id, sak_id)
    MACHINE.perform("measure", forlop, actor)
    found = selectors.measures_of(forlop.sak).filter(pk=tiltak).first()
    if found is None:
        raise NotFound
    forlop.tiltak = found
    _save(forlop, actor=actor, reason=_("The course's measure recorded"))
    return forlop
