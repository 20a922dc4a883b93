"""The referral's writes (HENV-01 … HENV-03) and the receiver list's. Each is one transaction;
the state changes go through :data:`henvisning.actions.MACHINE`."""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any

from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from cases.models import Sak
from cases.permissions import get_visible_sak_for_update, saker_visible_to
from core.exceptions import NotFound, RuleBreach, RuleViolation
from core.history import full_clean_or_violation
from core.history import save_with_history as _save
from documents.models import Dokument, Utsending
from documents.services import dokument_register_dispatch
from innkommende.models import InnkommendeDokument
from innkommende.services import receive_in_sak
from plans.models import Maal
from vedtak.models import Samtykke, Tiltakstype
from vedtak.services import tiltak_add, vedtak_create

from . import documents, permissions, registry, rules
from .actions import MACHINE
from .models import Henvisning, Henvisningsoppsett, Mottaker

#: The fields a referral's form gives (the ids are checked against the case).
FIELDS = ("sporsmal", "bakgrunn", "hjemmel_type", "lovhjemmel")
_EXCLUDE = [
    "sak",
    "mottaker",
    "samtykke",
    "opprettet_av",
    "status",
    "godkjent_av",
    "brev",
    "sendt_av",
    "svar_dokument",
    "svar_registrert_av",
    "vedtak",
    "avsluttet_av",
]


def _sak_for_update(actor: User, sak_id: int) -> Sak:
    try:
        return get_visible_sak_for_update(actor, sak_id)
    except Http404:
        raise NotFound from None


def _lock(actor: User, henvisning_id: int, sak_id: int | None = None) -> Henvisning:
    try:
        h = (
            Henvisning.objects.select_for_update(of=("self",))
            .select_related("sak", "mottaker", "samtykke", "brev")
            .get(pk=henvisning_id, sak__in=saker_visible_to(actor))
        )
    except Henvisning.DoesNotExist:
        raise NotFound from None
    if sak_id is not None and h.sak_id != sak_id:
        raise NotFound
    return h


def _ids(values) -> list[int]:
    return sorted({int(v) for v in values or []})


def _apply(h: Henvisning, sak: Sak, data: dict[str, Any]) -> tuple[list, list, list]:
    """Set the referral's fields from ``data``; an id that is not the case's (a receiver of
    another service, another case's goal, consent or document) is :class:`NotFound` (ROLE-02).
    Returns the goals and the attachments for the many-to-many fields."""
    mottaker_id = data.get("mottaker_id")
    if mottaker_id is not None:
        mottaker = Mottaker.objects.filter(pk=mottaker_id, tjeneste_id=sak.tjeneste_id).first()
        if mottaker is None:
            raise NotFound
        h.mottaker = mottaker
    for field in FIELDS:
        if field in data:
            setattr(h, field, (data[field] or "").strip())
    if h.hjemmel_type not in Henvisning.Hjemmel.values:
        h.hjemmel_type = Henvisning.Hjemmel.SAMTYKKE
    samtykke_id = data.get("samtykke_id")
    h.samtykke = None
    if h.hjemmel_type == Henvisning.Hjemmel.SAMTYKKE:
        if samtykke_id:
            h.samtykke = Samtykke.objects.filter(pk=samtykke_id, sak=sak).first()
            if h.samtykke is None:
                raise NotFound
        h.lovhjemmel = ""
    maal_ids = _ids(data.get("maal_ids"))
    maal = list(Maal.objects.filter(pk__in=maal_ids, versjon__plan__sak=sak))
    dok_ids = _ids(data.get("vedlegg_dokument_ids"))
    dokumenter = list(Dokument.objects.filter(pk__in=dok_ids, sak=sak))
    inn_ids = _ids(data.get("vedlegg_innkommende_ids"))
    innkommende = list(
        InnkommendeDokument.objects.filter(
            pk__in=inn_ids, sak=sak, status=InnkommendeDokument.Status.MOTTATT
        )
    )
    # An attachment or a goal of another case: as if it did not exist (need-to-know).
    if len(maal) != len(maal_ids) or len(dokumenter) != len(dok_ids):
        raise NotFound
    if len(innkommende) != len(inn_ids):
        raise NotFound
    breaches = rules.content_breaches(h, timezone.localdate())
    if h.mottaker_id is not None:
        breaches.extend(rules.legal_basis_breaches(h, timezone.localdate()))
    if breaches:
        raise RuleViolation(breaches)
    full_clean_or_violation(h, exclude=_EXCLUDE, rule="HENV-01")
    return maal, dokumenter, innkommende


def _set_many(h: Henvisning, maal, dokumenter, innkommende) -> None:
    h.maal.set(maal)
    h.vedlegg_dokumenter.set(dokumenter)
    h.vedlegg_innkommende.set(innkommende)


@transaction.atomic(durable=True)
def henvisning_create(*, actor: User, sak_id: int, data: dict[str, Any]) -> Henvisning:
    """HENV-01: a draft referral of the case to a receiver on the service's list."""
    sak = _sak_for_update(actor, sak_id)
    if not permissions.can_write_on(sak, actor):
        raise NotFound
    h = Henvisning(sak=sak, opprettet_av=actor)
    many = _apply(h, sak, data)
    _save(h, actor=actor, reason=_("Referral written"))
    _set_many(h, *many)
    return h


@transaction.atomic(durable=True)
def henvisning_update(
    *, actor: User, sak_id: int, henvisning_id: int, data: dict[str, Any]
) -> Henvisning:
    """HENV-01: change a draft. A letter made before is no longer the referral's: it is made
    again before the referral is sent."""
    h = _lock(actor, henvisning_id, sak_id)
    if not permissions.can_edit(h, actor):
        raise NotFound
    if h.status != Henvisning.Status.UTKAST:
        raise RuleViolation([MACHINE.state_breach(h, False)])
    many = _apply(h, h.sak, data)
    h.brev = None
    _save(h, actor=actor, reason=_("Referral changed"))
    _set_many(h, *many)
    return h


@transaction.atomic(durable=True)
def henvisning_submit(*, actor: User, henvisning_id: int, sak_id: int | None = None) -> Henvisning:
    h = _lock(actor, henvisning_id, sak_id)
    if not Henvisningsoppsett.krever_godkjenning_for(h.sak.tjeneste_id):
        raise RuleViolation(
            [RuleBreach("HENV-01", _("The service does not ask the team leader to approve."))]
        )
    MACHINE.perform("submit", h, actor)
    _save(h, actor=actor, reason=_("Referral sent for approval"))
    return h


@transaction.atomic(durable=True)
def henvisning_approve(*, actor: User, henvisning_id: int, sak_id: int | None = None) -> Henvisning:
    h = _lock(actor, henvisning_id, sak_id)
    MACHINE.perform("approve", h, actor)
    _save(h, actor=actor, reason=_("Referral approved"))
    return h


@transaction.atomic(durable=True)
def henvisning_send_back(
    *, actor: User, henvisning_id: int, tilbakemelding: str, sak_id: int | None = None
) -> Henvisning:
    h = _lock(actor, henvisning_id, sak_id)
    tilbakemelding = (tilbakemelding or "").strip()
    if not tilbakemelding:
        raise RuleViolation(
            [RuleBreach("HENV-01", _("Write what the caseworker should change."), "tilbakemelding")]
        )
    MACHINE.perform("send_back", h, actor, tilbakemelding=tilbakemelding)
    _save(h, actor=actor, reason=_("Referral sent back"))
    return h


def _approval_pending(h: Henvisning) -> bool:
    """The service asks the team leader to approve, and this draft is not approved."""
    return h.status == Henvisning.Status.UTKAST and Henvisningsoppsett.krever_godkjenning_for(
        h.sak.tjeneste_id
    )


def _needs_approval() -> RuleViolation:
    return RuleViolation(
        [
            RuleBreach(
                "HENV-01",
                _(
                    "The service's setting: the team leader approves the referral before it is "
                    "made and sent."
                ),
            )
        ]
    )


@transaction.atomic(durable=True)
def henvisning_make_letter(
    *, actor: User, henvisning_id: int, sak_id: int | None = None
) -> Henvisning:
    """DOK-01: the referral's letter, the next version, made by the worker."""
    h = _lock(actor, henvisning_id, sak_id)
    if _approval_pending(h):
        raise _needs_approval()
    MACHINE.perform("make_letter", h, actor)
    h.brev = documents.order(h, actor=actor)
    _save(h, actor=actor, reason=_("Referral letter ordered"))
    return h


@transaction.atomic(durable=True)
def henvisning_send(
    *,
    actor: User,
    henvisning_id: int,
    kanal: str,
    sendt: date | None,
    override_reason: str | None = None,
    sak_id: int | None = None,
) -> Henvisning:
    """HENV-01, DOK-02: the letter's dispatch to the receiver is recorded; the answer is
    expected the receiver's answer time after (HENV-02). The rules and warnings the apps above
    register (:mod:`henvisning.registry`) are checked on the day it is sent; a warning goes on
    with the caseworker's reason, which the warning app records (``AFTER_SEND``)."""
    h = _lock(actor, henvisning_id, sak_id)
    if _approval_pending(h):
        raise _needs_approval()
    today = timezone.localdate()
    breaches = []
    if sendt is None:
        breaches.append(RuleBreach("HENV-01", _("Give the date it was sent."), "sendt"))
    elif sendt > today:
        breaches.append(
            RuleBreach("HENV-01", _("The date it was sent cannot be in the future."), "sendt")
        )
    elif (
        h.brev is not None and h.brev.rendered_at and sendt < timezone.localdate(h.brev.rendered_at)
    ):
        breaches.append(
            RuleBreach(
                "HENV-01", _("The date it was sent cannot be before the letter was made."), "sendt"
            )
        )
    if kanal not in Utsending.Kanal.values:
        breaches.append(RuleBreach("DOK-02", _("Choose how the letter was sent."), "kanal"))
    if breaches:
        raise RuleViolation(breaches)
    svarfrist = rules.expected_answer(sendt, h.mottaker.svarfrist_dager)
    MACHINE.perform(
        "send",
        h,
        actor,
        sendt=sendt,
        svarfrist=svarfrist,
        as_of=sendt,
        override_reason=override_reason,
    )
    when = timezone.now() if sendt == today else _noon(sendt)
    dokument_register_dispatch(
        actor=actor, dokument=h.brev, part=None, kanal=kanal, tidspunkt=when,
        mottaker=h.mottaker.navn[:200],
    )  # fmt: skip
    _save(h, actor=actor, reason=_("Referral sent"))
    for record in registry.AFTER_SEND:
        record(h, actor=actor, override_reason=(override_reason or "").strip())
    return h


def _noon(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(12)))


@transaction.atomic(durable=True)
def henvisning_record_answer(
    *,
    actor: User,
    henvisning_id: int,
    utfall: str,
    svar_dato: date | None,
    svar_dokument_id: int | None = None,
    fil=None,
    tilbud_hva: str = "",
    tilbud_hvor: str = "",
    tilbud_fra: date | None = None,
    tilbud_kostnad: str = "",
    tilbud_kontakt: str = "",
    avslag_begrunnelse: str = "",
    sak_id: int | None = None,
) -> Henvisning:
    """HENV-02: the receiver's answer – an incoming document (chosen, or the file received now)
    and its outcome: an offer (what, where, from when, the cost to the municipality, the
    contact person) or a refusal with its reason."""
    h = _lock(actor, henvisning_id, sak_id)
    svar = None
    if svar_dokument_id:
        svar = InnkommendeDokument.objects.filter(
            pk=svar_dokument_id, sak_id=h.sak_id, status=InnkommendeDokument.Status.MOTTATT
        ).first()
        if svar is None:
            raise NotFound
    if h.status != Henvisning.Status.SENDT:
        MACHINE.check("record_answer", h, actor)  # the state's message (or 404)
    clean = {k: (v or "").strip() for k, v in {
        "tilbud_hva": tilbud_hva, "tilbud_hvor": tilbud_hvor, "tilbud_kostnad": tilbud_kostnad,
        "tilbud_kontakt": tilbud_kontakt, "avslag_begrunnelse": avslag_begrunnelse,
    }.items()}  # fmt: skip
    breaches = rules.answer_date_breaches(h, svar_dato, timezone.localdate())
    if utfall not in Henvisning.Utfall.values:
        breaches.append(
            RuleBreach("HENV-02", _("Choose whether it is an offer or a refusal."), "utfall")
        )
    elif utfall == Henvisning.Utfall.TILBUD and not clean["tilbud_hva"]:
        breaches.append(RuleBreach("HENV-02", _("Write what is offered (HENV-02)."), "tilbud_hva"))
    elif utfall == Henvisning.Utfall.AVSLAG and not clean["avslag_begrunnelse"]:
        breaches.append(
            RuleBreach(
                "HENV-02", _("Write the reason for the refusal (HENV-02)."), "avslag_begrunnelse"
            )
        )
    if svar is None and fil is None:
        breaches.append(
            RuleBreach(
                "HENV-02",
                _("Choose the answer among the incoming documents, or add its file."),
                "fil",
            )
        )
    if breaches:
        raise RuleViolation(breaches)
    if utfall == Henvisning.Utfall.AVSLAG:
        for key in ("tilbud_hva", "tilbud_hvor", "tilbud_kostnad", "tilbud_kontakt"):
            clean[key] = ""
        tilbud_fra = None
    else:
        clean["avslag_begrunnelse"] = ""
    if svar is None:
        svar = receive_in_sak(
            actor=actor,
            sak=h.sak,
            fil=fil,
            type=InnkommendeDokument.Type.SVAR_HENVISNING,
            avsender=h.mottaker.navn[:200],
            mottatt=svar_dato,
            tittel=_("Answer to the referral"),
        )
    MACHINE.perform(
        "record_answer",
        h,
        actor,
        utfall=utfall,
        svar_dato=svar_dato,
        svar_dokument=svar,
        tilbud_fra=tilbud_fra,
        **clean,
    )
    full_clean_or_violation(h, exclude=_EXCLUDE, rule="HENV-02")
    _save(h, actor=actor, reason=_("Answer to the referral recorded"))
    return h


@transaction.atomic(durable=True)
def henvisning_take_up(
    *,
    actor: User,
    henvisning_id: int,
    oppfolging: str,
    tiltakstype_id: int | None = None,
    omfang: str = "",
    merknad: str = "",
    sak_id: int | None = None,
) -> Henvisning:
    """HENV-03: an offer taken up opens a draft decision with the measure filled in (what is
    offered, from when), or is recorded as a collaboration when the receiver's own law needs
    no decision; going on without one where the receiver needs it asks for a reason."""
    h = _lock(actor, henvisning_id, sak_id)
    MACHINE.perform("take_up", h, actor)
    merknad = (merknad or "").strip()
    breaches = []
    if oppfolging not in Henvisning.Oppfolging.values:
        breaches.append(RuleBreach("HENV-03", _("Choose what follows the offer."), "oppfolging"))
    tiltakstype = None
    if oppfolging == Henvisning.Oppfolging.VEDTAK:
        tiltakstype = Tiltakstype.objects.filter(pk=tiltakstype_id, aktiv=True).first()
        if tiltakstype is None:
            breaches.append(
                RuleBreach("HENV-03", _("Choose the measure of the decision."), "tiltakstype")
            )
    elif oppfolging == Henvisning.Oppfolging.TAKKET_NEI and not merknad:
        breaches.append(
            RuleBreach("HENV-03", _("Write why the offer was declined (HENV-03)."), "merknad")
        )
    elif oppfolging and h.mottaker.krever_vedtak and not merknad:
        breaches.append(
            RuleBreach(
                "HENV-03",
                _(
                    "An offer from «%(name)s» becomes a measure through a decision: give the "
                    "reason for going on without one (HENV-03)."
                )
                % {"name": h.mottaker.navn},
                "merknad",
            )
        )
    if breaches:
        raise RuleViolation(breaches)
    h.oppfolging = oppfolging
    h.oppfolging_merknad = merknad
    if tiltakstype is not None:
        vedtak = vedtak_create(actor=actor, sak_id=h.sak_id)
        beskrivelse = h.tilbud_hva
        if h.tilbud_hvor:
            beskrivelse += "\n" + _("Where: %(where)s") % {"where": h.tilbud_hvor}
        beskrivelse += "\n" + _("Offered by %(name)s after a referral.") % {"name": h.mottaker.navn}
        tiltak_add(
            actor=actor,
            vedtak_id=vedtak.pk,
            versjon=vedtak.versjon,
            data={
                "type": tiltakstype,
                "beskrivelse": beskrivelse,
                "omfang": (omfang or "").strip()[:200],
                "startdato": h.tilbud_fra,
                "rettet_mot_barnet": tiltakstype.rettet_mot_barnet,
            },
        )
        h.vedtak = vedtak
    _save(h, actor=actor, reason=_("Offer followed up"))
    return h


@transaction.atomic(durable=True)
def henvisning_close(
    *, actor: User, henvisning_id: int, begrunnelse: str, sak_id: int | None = None
) -> Henvisning:
    h = _lock(actor, henvisning_id, sak_id)
    begrunnelse = (begrunnelse or "").strip()
    if not begrunnelse:
        raise RuleViolation(
            [RuleBreach("HENV-01", _("Write why the referral is closed."), "begrunnelse")]
        )
    MACHINE.perform("close", h, actor, begrunnelse=begrunnelse)
    _save(h, actor=actor, reason=_("Referral closed"))
    return h


# --- The receiver list and the setting (the head of the service) ----------------------------


@transaction.atomic(durable=True)
def mottaker_save(
    *, actor: User, tjeneste_id: int, data: dict[str, Any], mottaker_id: int | None = None
) -> Mottaker:
    """Add or change a receiver on the service's list (HENV-01)."""
    if not permissions.keeps_receivers_of(actor, tjeneste_id):
        raise NotFound
    if mottaker_id is None:
        mottaker = Mottaker(tjeneste_id=tjeneste_id)
    else:
        mottaker = (
            Mottaker.objects.select_for_update()
            .filter(pk=mottaker_id, tjeneste_id=tjeneste_id)
            .first()
        )
        if mottaker is None:
            raise NotFound
    for field in (
        "navn",
        "type",
        "adresse",
        "telefon",
        "epost",
        "svarfrist_dager",
        "krever_vedtak",
        "tiltakstype",
        "aktiv",
    ):
        if field in data:
            value = data[field]
            setattr(mottaker, field, value.strip() if isinstance(value, str) else value)
    if (
        Mottaker.objects.filter(tjeneste_id=tjeneste_id, navn__iexact=mottaker.navn)
        .exclude(pk=mottaker.pk)
        .exists()
    ):
        raise RuleViolation(
            [RuleBreach("HENV-01", _("The list already has a receiver by that name."), "navn")]
        )
    full_clean_or_violation(mottaker, exclude=["tjeneste", "tiltakstype"], rule="HENV-01")
    _save(mottaker, actor=actor, reason=_("Referral receiver saved"))
    return mottaker


@transaction.atomic(durable=True)
def oppsett_save(*, actor: User, tjeneste_id: int, krever_godkjenning: bool) -> Henvisningsoppsett:
    if not permissions.keeps_receivers_of(actor, tjeneste_id):
        raise NotFound
    oppsett, _created = Henvisningsoppsett.objects.select_for_update().get_or_create(
        tjeneste_id=tjeneste_id
    )
    oppsett.krever_godkjenning = bool(krever_godkjenning)
    _save(oppsett, actor=actor, reason=_("Referral setting changed"))
    return oppsett
