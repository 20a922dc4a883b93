"""Writes to decisions: one function per user intent, each in its own transaction.

The sequence of every transition (STYLE.md §2): lock the row → check the version the user
saw (VED-12) → the action kernel (:data:`vedtak.actions.MACHINE`: the role, the state, the
person, the rules) → the transition → history user and reason → save → documents ordered
after commit. Views, commands, the demo loader and tests
all go through here; nothing calls a transition directly.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django_fsm import ConcurrentTransition

from accounts.models import User
from cases.models import Part, Sak
from cases.permissions import saker_visible_to
from core.exceptions import NotFound, RuleBreach, RuleViolation
from core.history import full_clean_or_violation as _full_clean
from core.history import save_with_history as _save
from documents.recipients import CHILD_KEY, Recipient

from . import documents, hooks, rules
from .actions import FORHANDSVARSEL, MACHINE, SAK, SAMTYKKE, TILTAK, UTKAST_TILTAK
from .models import Forhandsvarsel, Kommentar, Samtykke, Tiltak, Tiltakstype, Vedtak
from .programs import measure_problems

CONTENT_FIELDS = (
    "hjemmel",
    "bakgrunn",
    "vurdering",
    "barnets_mening",
    "barnets_mening_vekt",
    "barnets_beste",
    "palegg",
    "nemnd_referanse",
    "nemnd_vedtaksdato",
    "fristdato",
)
TILTAK_FIELDS = (
    "type",
    "program",
    "utforer",
    "beskrivelse",
    "omfang",
    "startdato",
    "sluttdato",
    "rettet_mot_barnet",
    "endrer",
)


def _stale() -> RuleViolation:
    return RuleViolation(
        [
            RuleBreach(
                "VED-12",
                _(
                    "Someone else changed this decision after you opened it. Nothing was saved; "
                    "your text is kept below. Check the decision and try again."
                ),
            )
        ]
    )


def _lock(actor: User, vedtak_id: int, versjon: int | None = None) -> Vedtak:
    """The decision locked for update, through the need-to-know scope (ROLE-02), at the version
    the user saw (VED-12)."""
    try:
        vedtak = (
            Vedtak.objects.select_for_update(of=("self",))
            .select_related("sak", "sak__barn")
            .get(pk=vedtak_id, sak__in=saker_visible_to(actor))
        )
    except Vedtak.DoesNotExist:
        raise NotFound from None
    if versjon is not None and vedtak.versjon != versjon:
        raise _stale()
    return vedtak


def _bump(vedtak: Vedtak) -> None:
    vedtak.versjon += 1
    vedtak.endret = timezone.now()


def _save_vedtak(vedtak: Vedtak, *, actor: User, reason: str) -> None:
    _bump(vedtak)
    try:
        _save(vedtak, actor=actor, reason=reason)
    except ConcurrentTransition:
        raise _stale() from None


def _draft_tiltak(actor: User, tiltak_id: int, versjon: int, name: str) -> Tiltak:
    """A measure of a draft, its decision locked at the version the user saw (VED-12), and the
    kernel's check of the action ``name`` on it (:data:`vedtak.actions.UTKAST_TILTAK`)."""
    try:
        tiltak = Tiltak.objects.get(pk=tiltak_id)
    except Tiltak.DoesNotExist:
        raise NotFound from None
    tiltak.vedtak = _lock(actor, tiltak.vedtak_id, versjon)
    UTKAST_TILTAK.check(name, tiltak, actor)
    return tiltak


# --- the draft ------------------------------------------------------------------------------


@transaction.atomic
def vedtak_create(
    *,
    actor: User,
    sak_id: int,
    type: str = Vedtak.Type.NYTT,
    endrer_tiltak_ids: list[int] | None = None,
) -> Vedtak:
    """VED-01: a new draft decision for a case. A change or an end names the running measures
    it changes or ends; each gets a row of its own in the new draft."""
    try:
        sak = (
            saker_visible_to(actor)
            .select_for_update(of=("self",))
            .select_related("undersokelse")
            .get(pk=sak_id)
        )
    except Sak.DoesNotExist:
        raise NotFound from None
    SAK.check("create_vedtak", sak, actor)
    endrer = list(
        Tiltak.objects.filter(
            pk__in=endrer_tiltak_ids or [],
            vedtak__sak=sak,
            vedtak__status__in=[Vedtak.Status.GODKJENT, Vedtak.Status.EKSPEDERT],
            til_dato__isnull=True,
            bortfalt_dato__isnull=True,
        ).select_related("type")
    )
    if type != Vedtak.Type.NYTT and not endrer:
        raise RuleViolation(
            [
                RuleBreach(
                    "VED-01",
                    _("Choose the running measures the decision changes or ends."),
                    "endrer_tiltak",
                )
            ]
        )
    fristdato = None
    if sak.undersokelse is not None and type == Vedtak.Type.NYTT:
        fristdato = sak.undersokelse.frist  # VED-08
    vedtak = Vedtak(sak=sak, type=type, opprettet_av=actor, fristdato=fristdato)
    _save(vedtak, actor=actor, reason=_("Draft decision created"))
    for i, old in enumerate(endrer):
        row = Tiltak(
            vedtak=vedtak,
            type=old.type,
            endrer=old,
            omfang="" if type == Vedtak.Type.AVSLUTNING else old.omfang,
            beskrivelse=old.beskrivelse,
            rettet_mot_barnet=old.rettet_mot_barnet,
            rekkefolge=i,
        )
        _save(row, actor=actor, reason=_("Measure added to the draft"))
    return vedtak


@transaction.atomic
def vedtak_update(*, actor: User, vedtak_id: int, versjon: int, data: dict[str, Any]) -> Vedtak:
    """Change the text of a draft (VED-02 content); a stale form is refused (VED-12)."""
    vedtak = _lock(actor, vedtak_id, versjon)
    MACHINE.check("edit", vedtak, actor)
    for field in CONTENT_FIELDS:
        if field in data:
            setattr(vedtak, field, data[field])
    if not vedtak.palegg:
        vedtak.nemnd_referanse, vedtak.nemnd_vedtaksdato = "", None
    _full_clean(vedtak, exclude=["sak", "opprettet_av", "status"])
    _save_vedtak(vedtak, actor=actor, reason=_("Draft changed"))
    return vedtak


def _tiltak_changed(vedtak: Vedtak, *, actor: User, reason: str) -> None:
    """VED-05: a changed set of measures needs the team leader's approval again."""
    vedtak.tiltak_godkjent_av = None
    vedtak.tiltak_godkjent = None
    _save_vedtak(vedtak, actor=actor, reason=reason)


def _check_program(tiltak: Tiltak, vedtak: Vedtak) -> None:
    """BANK-03, BANK-04: a programme that can be a measure, a provider trained in it."""
    if breaches := measure_problems(tiltak, vedtak.sak.tjeneste_id):
        raise RuleViolation(breaches)


@transaction.atomic
def tiltak_add(*, actor: User, vedtak_id: int, versjon: int, data: dict[str, Any]) -> Tiltak:
    vedtak = _lock(actor, vedtak_id, versjon)
    MACHINE.check("add_measure", vedtak, actor)
    last = vedtak.tiltak.aggregate(m=Max("rekkefolge"))["m"]
    tiltak = Tiltak(vedtak=vedtak, rekkefolge=(last or 0) + 1)
    for field in TILTAK_FIELDS:
        if field in data:
            setattr(tiltak, field, data[field])
    _check_program(tiltak, vedtak)
    _full_clean(tiltak, exclude=["vedtak"])
    _save(tiltak, actor=actor, reason=_("Measure added to the draft"))
    _tiltak_changed(vedtak, actor=actor, reason=_("Measure added"))
    return tiltak


@transaction.atomic
def tiltak_update(*, actor: User, tiltak_id: int, versjon: int, data: dict[str, Any]) -> Tiltak:
    tiltak = _draft_tiltak(actor, tiltak_id, versjon, "change")
    vedtak = tiltak.vedtak
    for field in TILTAK_FIELDS:
        if field in data:
            setattr(tiltak, field, data[field])
    _check_program(tiltak, vedtak)
    _full_clean(tiltak, exclude=["vedtak"])
    _save(tiltak, actor=actor, reason=_("Measure changed in the draft"))
    _tiltak_changed(vedtak, actor=actor, reason=_("Measure changed"))
    return tiltak


@transaction.atomic
def tiltak_remove(*, actor: User, tiltak_id: int, versjon: int) -> None:
    """Take a measure out of a draft. The row is kept, marked removed (LOG-01)."""
    tiltak = _draft_tiltak(actor, tiltak_id, versjon, "remove")
    vedtak = tiltak.vedtak
    tiltak.fjernet = True
    _save(
        tiltak, actor=actor, reason=_("Measure removed from the draft"), update_fields=["fjernet"]
    )
    _tiltak_changed(vedtak, actor=actor, reason=_("Measure removed"))


# --- the transitions (VED-03) ---------------------------------------------------------------


def _transition(
    *,
    actor: User,
    vedtak_id: int,
    versjon: int | None,
    name: str,
    reason: str,
    override_reason: str | None = None,
    **kwargs: Any,
) -> Vedtak:
    """Lock, check the version, then let the kernel check the role, the state, the person and
    the rules and take the transition; save with the history's reason.

    A *should* rule (RULES.md) only warns: the user goes on by giving ``override_reason``,
    which the transition records (VED-09)."""
    vedtak = _lock(actor, vedtak_id, versjon)
    MACHINE.perform(
        name,
        vedtak,
        actor,
        stale=versjon is not None,
        override_reason=override_reason,
        **kwargs,
    )
    _save_vedtak(vedtak, actor=actor, reason=reason)
    return vedtak


def _comment(vedtak: Vedtak, *, actor: User, text: str, type: str) -> None:
    if text.strip():
        _save(
            Kommentar(vedtak=vedtak, tekst=text.strip(), forfatter=actor, type=type),
            actor=actor,
            reason=_("Comment"),
        )


@transaction.atomic
def vedtak_send_to_guidance(
    *,
    actor: User,
    vedtak_id: int,
    versjon: int | None = None,
    comment: str = "",
    override_reason: str | None = None,
) -> Vedtak:
    """BANK-02 is a *should*: a programme that may not fit goes on with the caseworker's
    assessment, recorded on the decision with who and when."""
    vedtak = _transition(
        actor=actor,
        vedtak_id=vedtak_id,
        versjon=versjon,
        name="send_to_guidance",
        reason=_("Sent to the team leader for guidance"),
        override_reason=override_reason,
    )
    _comment(vedtak, actor=actor, text=comment, type=Kommentar.Type.VEILEDNING)
    return vedtak


@transaction.atomic
def vedtak_approve_measures(*, actor: User, vedtak_id: int, versjon: int | None = None) -> Vedtak:
    """VED-05: the team leader approves the proposed measures."""
    vedtak = _lock(actor, vedtak_id, versjon)
    MACHINE.check("approve_measures", vedtak, actor, stale=versjon is not None)
    vedtak.tiltak_godkjent_av = actor
    vedtak.tiltak_godkjent = timezone.now()
    _save_vedtak(vedtak, actor=actor, reason=_("Measures approved by the team leader"))
    return vedtak


@transaction.atomic
def vedtak_release_for_approval(
    *, actor: User, vedtak_id: int, versjon: int | None = None, comment: str = ""
) -> Vedtak:
    vedtak = _transition(
        actor=actor,
        vedtak_id=vedtak_id,
        versjon=versjon,
        name="release_for_approval",
        reason=_("Released for approval"),
    )
    _comment(vedtak, actor=actor, text=comment, type=Kommentar.Type.VEILEDNING)
    return vedtak


@transaction.atomic
def vedtak_return_to_draft(
    *, actor: User, vedtak_id: int, comment: str, versjon: int | None = None
) -> Vedtak:
    """VED-03: returned with a comment."""
    if not comment.strip():
        raise RuleViolation([RuleBreach("VED-03", _("Write what should be changed."), "comment")])
    vedtak = _transition(
        actor=actor,
        vedtak_id=vedtak_id,
        versjon=versjon,
        name="return_to_draft",
        reason=_("Returned to draft"),
    )
    _comment(vedtak, actor=actor, text=comment, type=Kommentar.Type.RETUR)
    return vedtak


@transaction.atomic
def vedtak_approve(
    *,
    actor: User,
    vedtak_id: int,
    versjon: int | None = None,
    override_reason: str = "",
) -> Vedtak:
    """The head of service signs (VED-04, VED-06, VED-07); the decision document is ordered.

    VED-09 is a *should*: without a plan the approver gives a reason, which is recorded.
    """
    vedtak = _transition(
        actor=actor,
        vedtak_id=vedtak_id,
        versjon=versjon,
        name="approve",
        reason=_("Approved by the head of service"),
        override_reason=override_reason,
    )
    for row in vedtak.tiltak.select_related("endrer", "endrer__type", "type"):
        if row.endrer_id and vedtak.type == Vedtak.Type.AVSLUTNING:
            _end_measure(row.endrer, row.startdato, actor=actor)
        elif row.endrer_id and vedtak.type == Vedtak.Type.ENDRING:
            _end_measure(row.endrer, row.startdato, actor=actor, replaced=True)
        if row.endrer_id:
            _withdrawal_handled(row.endrer, vedtak, actor=actor)
        _withdrawal_handled(row, vedtak, actor=actor)
    documents.order_vedtak_document(vedtak, actor=actor)
    return vedtak


def _withdrawal_handled(tiltak: Tiltak, vedtak: Vedtak, *, actor: User) -> None:
    """SAM-03: a withdrawn consent stays on the caseworker's lists until a new decision handles
    the measure. An approved change or end handles the measure it changes or ends; an approved
    decision handles its own measures too, since VED-07 has just found the consents they need
    (or the county board's order)."""
    if tiltak.samtykke_trukket is None or tiltak.samtykke_trukket_behandlet is not None:
        return
    tiltak.samtykke_trukket_behandlet = timezone.now()
    _save(
        tiltak,
        actor=actor,
        reason=_("Withdrawn consent handled by decision %(id)s (SAM-03)") % {"id": vedtak.pk},
        update_fields=["samtykke_trukket_behandlet"],
    )


def _end_measure(old: Tiltak, end: date, *, actor: User, replaced: bool = False) -> None:
    """VED-01: a running measure ends only by a decision; one never started lapses."""
    if old.til_dato or old.bortfalt_dato:
        return
    breaches = rules.end_problems(old, end) + hooks.end_breaches(old, end)
    if breaches:
        raise RuleViolation(breaches)
    if old.fra_dato is None:
        old.bortfalt_dato = end
        _save(
            old, actor=actor, reason=_("Lapsed by a new decision"), update_fields=["bortfalt_dato"]
        )
    else:
        # A change takes effect on its start date: the old row ends the day before.
        old.til_dato = max(old.fra_dato, end - timedelta(days=1)) if replaced else end
        _save(old, actor=actor, reason=_("Ended by a new decision"), update_fields=["til_dato"])


@transaction.atomic
def vedtak_send_out(
    *,
    actor: User,
    vedtak_id: int,
    kanaler: dict[str, str],
    versjon: int | None = None,
    tidspunkt=None,
) -> Vedtak:
    """VED-10/DOK-02: every party gets the original; record who got it, when and how.

    ``kanaler`` maps each recipient key (``part-<id>`` or ``barn``) to a channel.
    """
    vedtak = _lock(actor, vedtak_id, versjon)
    recipients = rules.parties_to_notify(vedtak, timezone.localdate())
    missing = [
        (_("the child") if is_child else part.fullt_navn)
        for part, is_child in recipients
        if not kanaler.get(Recipient.of(part, is_child).key)
    ]
    if missing:
        raise RuleViolation(
            [
                RuleBreach(
                    "VED-10",
                    _("Every party gets the decision; choose how it is sent to: %(names)s.")
                    % {"names": ", ".join(missing)},
                )
            ]
        )
    vedtak = _transition(
        actor=actor,
        vedtak_id=vedtak_id,
        versjon=None,
        name="send_out",
        reason=_("Sent to the parties"),
    )
    documents.register_vedtak_dispatch(
        vedtak, recipients=recipients, kanaler=kanaler, actor=actor, tidspunkt=tidspunkt
    )
    return vedtak


@transaction.atomic
def vedtak_withdraw(
    *, actor: User, vedtak_id: int, reason: str, versjon: int | None = None
) -> Vedtak:
    if not reason.strip():
        raise RuleViolation(
            [RuleBreach("VED-03", _("Give the reason for withdrawing the decision."), "reason")]
        )
    return _transition(
        actor=actor,
        vedtak_id=vedtak_id,
        versjon=versjon,
        name="withdraw",
        reason=_("Withdrawn"),
        reason_text=reason.strip(),
    )


@transaction.atomic
def vedtak_comment(*, actor: User, vedtak_id: int, text: str) -> Kommentar:
    vedtak = _lock(actor, vedtak_id)
    MACHINE.check("comment", vedtak, actor)
    if not text.strip():
        raise RuleViolation([RuleBreach("LOG-02", _("Write a comment."), "tekst")])
    kommentar = Kommentar(vedtak=vedtak, tekst=text.strip(), forfatter=actor)
    _save(kommentar, actor=actor, reason=_("Comment"))
    return kommentar


# --- VED-06: advance notice -----------------------------------------------------------------


def _recipient(vedtak: Vedtak, key: str) -> tuple[Part | None, bool]:
    recipient = Recipient.parse(vedtak.sak, key)
    return recipient.part, recipient.is_child


@transaction.atomic
def forhandsvarsel_send(
    *,
    actor: User,
    vedtak_id: int,
    mottakere: list[str],
    sendt: date,
    frist: date,
) -> list[Forhandsvarsel]:
    """VED-06: notify parties before the decision, with a deadline for their statement; a
    letter is produced for each."""
    vedtak = _lock(actor, vedtak_id)
    MACHINE.check("notify", vedtak, actor)
    breaches = []
    if not mottakere:
        breaches.append(RuleBreach("VED-06", _("Choose at least one party."), "mottakere"))
    if sendt > timezone.localdate():
        breaches.append(RuleBreach("VED-06", _("The date cannot be in the future."), "sendt"))
    if frist < sendt:
        breaches.append(
            RuleBreach("VED-06", _("The deadline must be on or after the date sent."), "frist")
        )
    if breaches:
        raise RuleViolation(breaches)
    created = []
    existing = list(vedtak.forhandsvarsler.all())
    for key in mottakere:
        part, is_child = _recipient(vedtak, key)
        if any((n.til_barnet if is_child else n.part_id == part.pk) for n in existing):
            name = _("the child") if is_child else part.fullt_navn
            raise RuleViolation(
                [
                    RuleBreach(
                        "VED-06",
                        _("%(name)s has already been notified.") % {"name": name},
                        "mottakere",
                    )
                ]
            )
        notice = Forhandsvarsel(
            vedtak=vedtak,
            part=part,
            til_barnet=is_child,
            sendt=sendt,
            frist=frist,
            registrert_av=actor,
        )
        _full_clean(notice, exclude=["vedtak", "part", "registrert_av"], rule="VED-06")
        _save(notice, actor=actor, reason=_("Advance notice sent"))
        created.append(notice)
    _save_vedtak(vedtak, actor=actor, reason=_("Advance notice sent"))
    for notice in created:
        documents.order_forhandsvarsel_document(notice, actor=actor)
    return created


@transaction.atomic
def forhandsvarsel_register_statement(
    *, actor: User, forhandsvarsel_id: int, mottatt: date, uttalelse: str
) -> Forhandsvarsel:
    """VED-06: the party's statement is recorded (what they said, and when), or changed; the
    history keeps the earlier version (LOG-01)."""
    try:
        notice = Forhandsvarsel.objects.get(pk=forhandsvarsel_id)
    except Forhandsvarsel.DoesNotExist:
        raise NotFound from None
    vedtak = notice.vedtak = _lock(actor, notice.vedtak_id)
    changed = notice.uttalelse_mottatt is not None
    FORHANDSVARSEL.check(statement_action(notice), notice, actor)
    breaches = []
    if mottatt > timezone.localdate():
        breaches.append(RuleBreach("VED-06", _("The date cannot be in the future."), "mottatt"))
    if mottatt < notice.sendt:
        breaches.append(
            RuleBreach("VED-06", _("The statement cannot come before the notice."), "mottatt")
        )
    if not uttalelse.strip():
        breaches.append(
            RuleBreach(
                "VED-06",
                _("Write down what the party said, or that they had no comments."),
                "uttalelse",
            )
        )
    if breaches:
        raise RuleViolation(breaches)
    notice.uttalelse_mottatt = mottatt
    notice.uttalelse = uttalelse.strip()
    reason = _("Statement changed") if changed else _("Statement received")
    _save(notice, actor=actor, reason=reason)
    _save_vedtak(vedtak, actor=actor, reason=reason)
    return notice


def statement_action(notice: Forhandsvarsel) -> str:
    """The action on a notice's statement (:data:`vedtak.actions.FORHANDSVARSEL`): recorded the
    first time, changed after that (its earlier versions kept in the history)."""
    return "record_statement" if notice.uttalelse_mottatt is None else "change_statement"


# --- SAM: consent ---------------------------------------------------------------------------


@transaction.atomic
def samtykke_create(
    *,
    actor: User,
    sak_id: int,
    data: dict[str, Any],
    giver: str,
    tiltak_ids: list[int] | None = None,
    order_document: bool = True,
) -> Samtykke:
    """SAM-01/02/04: record a consent from a party with daily care or from the child.

    From the child's 18th birthday only the youth consents (SAM-01, bvl § 3-6): another
    party's consent given on or after that day is refused, as it is neither needed nor
    enough; one given before it is kept and counts for decisions signed before the birthday.
    """
    try:
        sak = (
            saker_visible_to(actor)
            .select_for_update(of=("self",))
            .select_related("barn")
            .get(pk=sak_id)
        )
    except Sak.DoesNotExist:
        raise NotFound from None
    SAK.check("register_consent", sak, actor)
    samtykke = Samtykke(sak=sak, registrert_av=actor, **data)
    if giver == CHILD_KEY:
        samtykke.gitt_av_barnet = True
    else:
        try:
            samtykke.part = sak.parter.get(pk=Recipient.part_id_of(giver), aktiv=True)
        except (ValueError, Part.DoesNotExist):
            raise RuleViolation(
                [RuleBreach("SAM-01", _("Choose who gave the consent."), "giver")]
            ) from None
    tiltak = list(
        Tiltak.objects.filter(pk__in=tiltak_ids or [], vedtak__sak=sak).exclude(
            vedtak__status=Vedtak.Status.TRUKKET
        )
    )
    breaches = rules.consent_record_problems(
        formal_type=samtykke.formal_type,
        informert_om_tilbaketrekking=samtykke.informert_om_tilbaketrekking,
        informert_om_rettigheter=samtykke.informert_om_rettigheter,
        mottaker=samtykke.mottaker,
        tiltak_count=len(tiltak),
        informasjon=samtykke.informasjon,
    )
    if samtykke.gitt_dato and samtykke.gitt_dato > timezone.localdate():
        breaches.append(RuleBreach("SAM-02", _("The date cannot be in the future."), "gitt_dato"))
    if (
        samtykke.part is not None
        and samtykke.gitt_dato
        and samtykke.gitt_dato >= rules.adult_from(sak.barn.fodselsdato)
    ):
        breaches.append(
            RuleBreach(
                "SAM-01",
                _(
                    "From the 18th birthday only the youth consents: a consent from %(name)s "
                    "is neither needed nor enough. Register the youth's own consent."
                )
                % {"name": samtykke.part.fullt_navn},
                "giver",
            )
        )
    if samtykke.gyldig_til and samtykke.gitt_dato and samtykke.gyldig_til < samtykke.gitt_dato:
        breaches.append(
            RuleBreach("SAM-02", _("The end date must be after the date given."), "gyldig_til")
        )
    if breaches:
        raise RuleViolation(breaches)
    _full_clean(samtykke, exclude=["sak", "part", "registrert_av", "tiltak"], rule="SAM-02")
    _save(samtykke, actor=actor, reason=_("Consent registered"))
    if tiltak:
        samtykke.tiltak.set(tiltak)
    if order_document:
        documents.order_samtykke_document(samtykke, actor=actor)
    return samtykke


@transaction.atomic
def samtykke_withdraw(*, actor: User, samtykke_id: int, dato: date, merknad: str = "") -> Samtykke:
    """SAM-03: withdrawal marks every measure resting on the consent; nothing is deleted."""
    try:
        samtykke = (
            Samtykke.objects.select_for_update(of=("self",))
            .select_related("sak")
            .get(pk=samtykke_id, sak__in=saker_visible_to(actor))
        )
    except Samtykke.DoesNotExist:
        raise NotFound from None
    # The case's team (ROLE-02), on a consent not yet withdrawn nor expired (SAM-03).
    SAMTYKKE.check("withdraw", samtykke, actor)
    if dato > timezone.localdate() or dato < samtykke.gitt_dato:
        raise RuleViolation(
            [
                RuleBreach(
                    "SAM-03",
                    _("The date must be between the date given and today."),
                    "dato",
                )
            ]
        )
    samtykke.trukket_dato = dato
    samtykke.trukket_merknad = merknad.strip()
    samtykke.trukket_registrert_av = actor
    _save(samtykke, actor=actor, reason=_("Consent withdrawn"))
    for tiltak in samtykke.tiltak.filter(til_dato__isnull=True, bortfalt_dato__isnull=True):
        tiltak.samtykke_trukket = dato
        tiltak.samtykke_trukket_behandlet = None
        _save(
            tiltak,
            actor=actor,
            reason=_("A consent the measure rests on was withdrawn (SAM-03)"),
            update_fields=["samtykke_trukket", "samtykke_trukket_behandlet"],
        )
    return samtykke


@transaction.atomic
def tiltak_acknowledge_withdrawal(*, actor: User, tiltak_id: int) -> Tiltak:
    """SAM-03: the caseworker has followed up the withdrawn consent (off the work list)."""
    tiltak = _tiltak_for_update(actor, tiltak_id, "acknowledge_withdrawal")
    tiltak.samtykke_trukket_behandlet = timezone.now()
    _save(
        tiltak,
        actor=actor,
        reason=_("Withdrawn consent followed up"),
        update_fields=["samtykke_trukket_behandlet"],
    )
    return tiltak


# --- VED-11: what happened to a measure -----------------------------------------------------


def _tiltak_for_update(actor: User, tiltak_id: int, name: str) -> Tiltak:
    """The measure locked through the need-to-know scope (ROLE-02), and the kernel's check of
    the action ``name`` on it (:data:`vedtak.actions.TILTAK`: the role and its state)."""
    try:
        tiltak = (
            Tiltak.objects.select_for_update(of=("self",))
            .select_related("vedtak", "vedtak__sak", "type")
            .get(pk=tiltak_id, vedtak__sak__in=saker_visible_to(actor))
        )
    except Tiltak.DoesNotExist:
        raise NotFound from None
    TILTAK.check(name, tiltak, actor)
    return tiltak


@transaction.atomic
def tiltak_start(*, actor: User, tiltak_id: int, fra_dato: date) -> Tiltak:
    """VED-11: record that the measure actually started; other apps' rules (PLAN-04, OPP-02)
    may block it through :mod:`vedtak.hooks`."""
    tiltak = _tiltak_for_update(actor, tiltak_id, "start")
    breaches = rules.start_problems(tiltak, fra_dato)
    if not breaches:
        breaches = hooks.start_breaches(tiltak, fra_dato)
    if breaches:
        raise RuleViolation(breaches)
    tiltak.fra_dato = fra_dato
    _save(tiltak, actor=actor, reason=_("Measure started"), update_fields=["fra_dato"])
    return tiltak


@transaction.atomic
def tiltak_lapse(*, actor: User, tiltak_id: int, bortfalt_dato: date) -> Tiltak:
    """VED-11: the measure lapsed without ever starting."""
    tiltak = _tiltak_for_update(actor, tiltak_id, "lapse")
    if breaches := rules.lapse_problems(tiltak, bortfalt_dato):
        raise RuleViolation(breaches)
    tiltak.bortfalt_dato = bortfalt_dato
    _save(tiltak, actor=actor, reason=_("Measure lapsed"), update_fields=["bortfalt_dato"])
    return tiltak


def tiltakstyper() -> list[Tiltakstype]:
    return list(Tiltakstype.objects.filter(aktiv=True))
