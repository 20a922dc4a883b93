"""The complaint's writes (KLAGE-01 … KLAGE-03). Each is one transaction; the state changes go
through :data:`klage.actions.MACHINE`."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from cases.permissions import get_visible_sak_for_update, saker_visible_to
from core.exceptions import NotFound, RuleBreach, RuleViolation
from core.history import full_clean_or_violation
from core.history import save_with_history as _save
from documents.models import Dokument, Utsending
from innkommende.models import InnkommendeDokument
from innkommende.services import receive_in_sak
from journal.models import Journalnotat
from journal.services import notat_create
from vedtak.models import Tiltak, Vedtak
from vedtak.services import vedtak_create

from . import documents, permissions, rules
from .actions import MACHINE
from .models import Klage

STATSFORVALTEREN = "Statsforvalteren"


def notified_on(vedtak: Vedtak, part_id: int) -> date | None:
    """KLAGE-01: the day the party was notified of the decision – the recorded dispatch of the
    party's copy (DOK-02, VED-10); the day the decision was sent when no dispatch to the party
    is recorded; ``None`` for a decision never sent."""
    if vedtak.ekspedert is None:
        return None
    sent = (
        Utsending.objects.filter(
            dokument__type=Dokument.Type.VEDTAK,
            dokument__content_type__model="vedtak",
            dokument__object_id=vedtak.pk,
            part_id=part_id,
        )
        .order_by("tidspunkt")
        .values_list("tidspunkt", flat=True)
        .first()
    )
    return timezone.localdate(sent or vedtak.ekspedert)


def _lock(actor: User, klage_id: int, sak_id: int | None = None) -> Klage:
    try:
        klage = (
            Klage.objects.select_for_update(of=("self",))
            .select_related("sak", "vedtak", "klager")
            .get(pk=klage_id, sak__in=saker_visible_to(actor))
        )
    except Klage.DoesNotExist:
        raise NotFound from None
    if sak_id is not None and klage.sak_id != sak_id:
        raise NotFound
    return klage


@transaction.atomic(durable=True)
def klage_register(
    *,
    actor: User,
    sak_id: int,
    vedtak_id: int,
    klager_id: int,
    mottatt: date | None,
    kanal: str,
    gjelder: str,
    behandles_likevel: bool | None = None,
    likevel_begrunnelse: str = "",
    fil=None,
) -> Klage:
    """KLAGE-01: a party's complaint against a sent decision, with its date received, what it
    complains of, the deadline from the party's notification and whether it came late."""
    try:
        sak = get_visible_sak_for_update(actor, sak_id)
    except Http404:
        raise NotFound from None
    if not permissions.can_register_on(sak, actor):
        raise NotFound
    vedtak = Vedtak.objects.filter(pk=vedtak_id, sak=sak).first()
    part = sak.parter.filter(pk=klager_id).first()
    if vedtak is None:
        raise NotFound
    gjelder = (gjelder or "").strip()
    likevel_begrunnelse = (likevel_begrunnelse or "").strip()
    breaches: list[RuleBreach] = []
    notified = None
    if vedtak.status != Vedtak.Status.EKSPEDERT or vedtak.ekspedert is None:
        breaches.append(
            RuleBreach("KLAGE-01", _("Only a decision that has been sent can be complained of."))
        )
    if part is None:
        breaches.append(RuleBreach("KLAGE-01", _("Choose the party who complains."), "klager_id"))
    elif vedtak.ekspedert is not None:
        notified = notified_on(vedtak, part.pk)
    if kanal not in Klage.Kanal.values:
        breaches.append(RuleBreach("KLAGE-01", _("Choose how the complaint came in."), "kanal"))
    if not gjelder:
        breaches.append(RuleBreach("KLAGE-01", _("Write what the complaint is about."), "gjelder"))
    if mottatt is None:
        breaches.append(RuleBreach("KLAGE-01", _("Give the date it was received."), "mottatt"))
    elif mottatt > timezone.localdate():
        breaches.append(
            RuleBreach("KLAGE-01", _("The date received cannot be in the future."), "mottatt")
        )
    elif vedtak.ekspedert is not None and mottatt < timezone.localdate(vedtak.ekspedert):
        breaches.append(
            RuleBreach(
                "KLAGE-01",
                _("The date received cannot be before the decision was sent."),
                "mottatt",
            )
        )
    late = bool(notified and mottatt and rules.is_late(mottatt, notified))
    if late and behandles_likevel is None:
        breaches.append(
            RuleBreach(
                "KLAGE-01",
                _("The complaint came after the deadline: say whether it is considered anyway."),
                "behandles_likevel",
            )
        )
    if late and behandles_likevel and not likevel_begrunnelse:
        breaches.append(
            RuleBreach(
                "KLAGE-01",
                _("Give the reason for considering a late complaint (fvl § 31)."),
                "likevel_begrunnelse",
            )
        )
    if breaches:
        raise RuleViolation(breaches)
    klage = Klage(
        sak=sak,
        vedtak=vedtak,
        klager=part,
        mottatt=mottatt,
        kanal=kanal,
        gjelder=gjelder,
        underrettet=notified,
        frist=rules.complaint_deadline(notified),
        for_sent=late,
        behandles_likevel=behandles_likevel if late else None,
        likevel_begrunnelse=likevel_begrunnelse if late else "",
        registrert_av=actor,
    )
    full_clean_or_violation(
        klage,
        exclude=["sak", "vedtak", "klager", "registrert_av", "status", "brev", "notat"],
        rule="KLAGE-01",
    )
    if kanal == Klage.Kanal.MUNTLIG:
        # An oral complaint is written down in the journal.
        klage.notat = notat_create(
            actor=actor,
            sak_id=sak.pk,
            data={
                "type": Journalnotat.Type.SAMTALE,
                "dato": mottatt,
                "hva_ble_sagt": _("Oral complaint from %(name)s against the decision: %(what)s")
                % {"name": part.fullt_navn, "what": gjelder},
            },
            parter=[part],
        )
    elif fil is not None:
        klage.brev = receive_in_sak(
            actor=actor,
            sak=sak,
            fil=fil,
            type=InnkommendeDokument.Type.BREV_PART,
            avsender=part.fullt_navn,
            mottatt=mottatt,
            tittel=_("Complaint against a decision"),
        )
    _save(klage, actor=actor, reason=_("Complaint registered"))
    return klage


@transaction.atomic(durable=True)
def klage_assess(*, actor: User, klage_id: int, vurdering: str, sak_id: int | None = None) -> Klage:
    """KLAGE-02: the service's own assessment of the complaint (fvl § 33)."""
    klage = _lock(actor, klage_id, sak_id)
    vurdering = (vurdering or "").strip()
    if not vurdering:
        raise RuleViolation(
            [RuleBreach("KLAGE-02", _("Write the service's assessment."), "vurdering")]
        )
    MACHINE.perform("assess", klage, actor, vurdering=vurdering)
    full_clean_or_violation(
        klage, exclude=["sak", "vedtak", "klager", "registrert_av", "status"], rule="KLAGE-02"
    )
    _save(klage, actor=actor, reason=_("Complaint assessed"))
    return klage


def _open_decision(klage: Klage, *, actor: User) -> Vedtak:
    """A draft decision linked to the complaint: a change of the decision's running measures,
    or a new decision when none of them runs."""
    running = list(
        Tiltak.objects.filter(
            vedtak=klage.vedtak, til_dato__isnull=True, bortfalt_dato__isnull=True
        ).values_list("pk", flat=True)
    )
    return vedtak_create(
        actor=actor,
        sak_id=klage.sak_id,
        type=Vedtak.Type.ENDRING if running else Vedtak.Type.NYTT,
        endrer_tiltak_ids=running,
    )


@transaction.atomic(durable=True)
def klage_change(*, actor: User, klage_id: int, sak_id: int | None = None) -> Klage:
    """KLAGE-02: the service agrees and changes its decision: a linked change decision."""
    klage = _lock(actor, klage_id, sak_id)
    MACHINE.perform("change", klage, actor)
    klage.nytt_vedtak = _open_decision(klage, actor=actor)
    _save(klage, actor=actor, reason=_("Decision changed after the complaint"))
    return klage


@transaction.atomic(durable=True)
def klage_forward(*, actor: User, klage_id: int, sak_id: int | None = None) -> Klage:
    """KLAGE-02: the complaint goes to the statsforvalteren with the service's comments: the
    letter addressed to the statsforvalteren, and a copy for every party (the dispatch of each
    is then recorded, DOK-02)."""
    klage = _lock(actor, klage_id, sak_id)
    MACHINE.perform("forward", klage, actor)
    _save(klage, actor=actor, reason=_("Complaint sent to the statsforvalteren"))
    documents.order(klage, actor=actor)
    return klage


def _sender(klage: Klage) -> str:
    """The statsforvalteren the service has set (KLAGE-02), else «Statsforvalteren»."""
    found = documents.statsforvalter(klage.sak.tjeneste_id)
    return found.navn if found is not None else STATSFORVALTEREN


@transaction.atomic(durable=True)
def klage_record_outcome(
    *,
    actor: User,
    klage_id: int,
    utfall: str,
    utfall_dato: date | None,
    fil=None,
    sak_id: int | None = None,
) -> Klage:
    """KLAGE-03: the statsforvalteren's outcome with its date and letter; one that changes or
    sets aside the decision opens a draft decision linked to the complaint."""
    klage = _lock(actor, klage_id, sak_id)
    breaches = []
    if utfall not in Klage.Utfall.values:
        breaches.append(RuleBreach("KLAGE-03", _("Choose the outcome."), "utfall"))
    if utfall_dato is None:
        breaches.append(RuleBreach("KLAGE-03", _("Give the date of the outcome."), "utfall_dato"))
    elif utfall_dato > timezone.localdate():
        breaches.append(
            RuleBreach("KLAGE-03", _("The date cannot be in the future."), "utfall_dato")
        )
    elif klage.behandlet and utfall_dato < timezone.localdate(klage.behandlet):
        breaches.append(
            RuleBreach(
                "KLAGE-03",
                _("The date cannot be before the complaint was sent."),
                "utfall_dato",
            )
        )
    if breaches:
        raise RuleViolation(breaches)
    MACHINE.perform("record_outcome", klage, actor, utfall=utfall, utfall_dato=utfall_dato)
    if fil is not None:
        klage.utfall_brev = receive_in_sak(
            actor=actor,
            sak=klage.sak,
            fil=fil,
            type=InnkommendeDokument.Type.ANNET,
            avsender=_sender(klage),
            mottatt=utfall_dato,
            tittel=_("The statsforvalteren's decision on a complaint"),
        )
    if utfall in (Klage.Utfall.ENDRET, Klage.Utfall.OPPHEVET):
        klage.nytt_vedtak = _open_decision(klage, actor=actor)
    _save(klage, actor=actor, reason=_("The statsforvalteren's outcome recorded"))
    return klage
