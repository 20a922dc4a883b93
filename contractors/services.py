"""Writes to contractors and their assignments: one function per user intent, each in its own
transaction, saving with the acting user and a change reason (LOG-01), never deleting.

The sequence of every action (STYLE.md §2): lock the row through the scope (``NotFound``,
404, otherwise) → the action kernel (:mod:`contractors.actions`: the role, the state, the
rules OPP-…) → the change, or the transition → history user and reason → save → documents
ordered (rendered after commit).
"""

from __future__ import annotations

import logging
from datetime import date
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_fsm import ConcurrentTransition

from accounts.models import User
from cases.permissions import saker_visible_to
from core.dates import format_dato
from core.exceptions import NotFound, RuleBreach, RuleViolation
from core.history import full_clean_or_violation
from core.history import save_with_history as _save
from documents.models import Dokument
from documents.services import dokument_reorder
from innkommende.models import InnkommendeDokument
from innkommende.services import receive_in_sak
from vedtak.models import Tiltak

from . import documents, permissions, rules
from .actions import GODKJENNINGSDOKUMENT, OPPDRAG, OPPDRAGSTAKER, TILTAK, Godkjenningsdokument
from .models import Innlevering, Oppdrag, Oppdragstaker, Politiattest, Taushetserklaering
from .programs import set_programmer

logger = logging.getLogger(__name__)

OPPDRAGSTAKER_FIELDS = (
    "type",
    "tilknytning",
    "fornavn",
    "etternavn",
    "firmanavn",
    "arbeider_med_barnet",
    "adresse",
    "telefon",
    "epost",
    "merknad",
)
AGREEMENT_FIELDS = (
    "fra_dato",
    "til_dato",
    "timer",
    "timer_per",
    "godtgjoring",
    "sats",
    "utgiftsdekning",
    "veiledningsplan",
    "rapportering",
    "oppgaver",
)
#: The terms the work contract / pay notice is made from: a change means a new contract.
CONTRACT_TERMS = ("fra_dato", "til_dato", "timer", "timer_per", "godtgjoring", "sats")


def _full_clean(instance, exclude: list[str] | None = None, rule: str = "LOG-02") -> None:
    full_clean_or_violation(instance, exclude, rule, validate_constraints=False)


def _today() -> date:
    return timezone.localdate()


# --- the contractor ---------------------------------------------------------------------------


def _lock_oppdragstaker(actor: User, oppdragstaker_id: int) -> Oppdragstaker:
    try:
        return (
            permissions.oppdragstakere_visible_to(actor)
            .select_for_update(of=("self",))
            .get(pk=oppdragstaker_id)
        )
    except Oppdragstaker.DoesNotExist:
        raise NotFound from None


def _kind_problems(o: Oppdragstaker) -> list[RuleBreach]:
    found = []
    if o.type == o.Type.KJOPT_TJENESTE and o.tilknytning != o.Tilknytning.FIRMA:
        found.append(
            RuleBreach(
                "OPP-01",
                _("A service bought from a company is engaged as a company's service."),
                "tilknytning",
            )
        )
    if o.tilknytning == o.Tilknytning.FIRMA and not o.firmanavn.strip():
        found.append(RuleBreach("OPP-03", _("Write the name of the company."), "firmanavn"))
    return found


def _apply(o: Oppdragstaker, data: dict[str, Any]) -> None:
    for field in OPPDRAGSTAKER_FIELDS:
        if field in data:
            value = data[field]
            setattr(o, field, value.strip() if isinstance(value, str) else value)
    if o.tilknytning != o.Tilknytning.FIRMA:
        # OPP-03: only a company's service can be without anyone working with the child.
        o.arbeider_med_barnet = True


@transaction.atomic
def oppdragstaker_create(
    *, actor: User, data: dict[str, Any], tjeneste_id: int | None = None
) -> Oppdragstaker:
    """OPP-01: register a contractor in the actor's service."""
    services = permissions.manager_tjeneste_ids(actor)
    if not services:
        raise NotFound
    if tjeneste_id is None:
        if len(services) != 1:
            raise NotFound
        tjeneste_id = next(iter(services))
    if tjeneste_id not in services:
        raise NotFound
    o = Oppdragstaker(tjeneste_id=tjeneste_id, opprettet_av=actor)
    _apply(o, data)
    if breaches := _kind_problems(o):
        raise RuleViolation(breaches)
    _full_clean(o, exclude=["tjeneste", "opprettet_av", "status", "godkjent_av"])
    _save(o, actor=actor, reason=_("Contractor registered"))
    set_programmer(o, data, actor=actor, reason=_("Contractor registered"))
    logger.info("contractors.registered", extra={"oppdragstaker_id": o.pk})
    return o


@transaction.atomic
def oppdragstaker_update(
    *, actor: User, oppdragstaker_id: int, data: dict[str, Any]
) -> Oppdragstaker:
    o = _lock_oppdragstaker(actor, oppdragstaker_id)
    OPPDRAGSTAKER.check("edit", o, actor)  # an ended contractor is kept as it was (LOG-01)
    _apply(o, data)
    if breaches := _kind_problems(o):
        raise RuleViolation(breaches)
    _full_clean(o, exclude=["tjeneste", "opprettet_av", "status", "godkjent_av"])
    _save(o, actor=actor, reason=_("Contractor's details changed"))
    set_programmer(o, data, actor=actor, reason=_("Contractor's details changed"))
    return o


@transaction.atomic
def politiattest_register(
    *,
    actor: User,
    oppdragstaker_id: int,
    utstedt_dato: date,
    vurdert_dato: date,
    resultat: str,
    vurdering: str = "",
) -> Politiattest:
    """OPP-02: the police certificate obtained and assessed (by the actor). A certificate
    assessed as not acceptable suspends a contractor who could act."""
    o = _lock_oppdragstaker(actor, oppdragstaker_id)
    OPPDRAGSTAKER.check("register_politiattest", o, actor)
    breaches = rules.politiattest_record_problems(
        utstedt_dato=utstedt_dato,
        vurdert_dato=vurdert_dato,
        resultat=resultat,
        vurdering=vurdering,
        on=_today(),
    )
    if breaches:
        raise RuleViolation(breaches)
    attest = Politiattest(
        oppdragstaker=o,
        utstedt_dato=utstedt_dato,
        vurdert_dato=vurdert_dato,
        vurdert_av=actor,
        resultat=resultat,
        vurdering=vurdering.strip(),
    )
    _full_clean(attest, exclude=["oppdragstaker", "vurdert_av"], rule="OPP-02")
    _save(attest, actor=actor, reason=_("Police certificate assessed"))
    if not attest.er_godtatt and OPPDRAGSTAKER["suspend"].is_applicable(o):
        # A contractor who could act is suspended (the one who may assess may suspend).
        OPPDRAGSTAKER.perform(
            "suspend",
            o,
            actor,
            reason_text=str(_("The police certificate was assessed as not acceptable (OPP-02).")),
        )
        _save_oppdragstaker(o, actor=actor, reason=_("Suspended: police certificate not accepted"))
    return attest


@transaction.atomic
def taushetserklaering_register(
    *, actor: User, oppdragstaker_id: int, signert_dato: date
) -> Taushetserklaering:
    """OPP-02: the confidentiality declaration, signed."""
    o = _lock_oppdragstaker(actor, oppdragstaker_id)
    OPPDRAGSTAKER.check("register_taushetserklaering", o, actor)
    if signert_dato > _today():
        raise RuleViolation(
            [RuleBreach("OPP-02", _("The date cannot be in the future."), "signert_dato")]
        )
    erklaering = Taushetserklaering(oppdragstaker=o, signert_dato=signert_dato, registrert_av=actor)
    _save(erklaering, actor=actor, reason=_("Confidentiality declaration signed"))
    return erklaering


# --- the approval state machine --------------------------------------------------------------


def _save_oppdragstaker(o: Oppdragstaker, *, actor: User, reason: str) -> None:
    try:
        _save(o, actor=actor, reason=reason)
    except ConcurrentTransition:
        raise RuleViolation(
            [
                RuleBreach(
                    "LOG-01",
                    _("Someone else changed the contractor at the same time. Try again."),
                )
            ]
        ) from None


def _transition(
    *, actor: User, oppdragstaker_id: int, name: str, reason: str, **kwargs
) -> Oppdragstaker:
    o = _lock_oppdragstaker(actor, oppdragstaker_id)
    OPPDRAGSTAKER.perform(name, o, actor, **kwargs)
    _save_oppdragstaker(o, actor=actor, reason=reason)
    logger.info("contractors.transition", extra={"oppdragstaker_id": o.pk, "transition": name})
    return o


@transaction.atomic
def oppdragstaker_receive_documentation(*, actor: User, oppdragstaker_id: int) -> Oppdragstaker:
    """OPP-02: the police certificate is assessed and the declaration signed."""
    return _transition(
        actor=actor,
        oppdragstaker_id=oppdragstaker_id,
        name="receive_documentation",
        reason=_("Documentation received"),
    )


@transaction.atomic
def oppdragstaker_approve(*, actor: User, oppdragstaker_id: int) -> Oppdragstaker:
    """OPP-03: approval; an engaged contractor gets an approval document."""
    o = _transition(
        actor=actor,
        oppdragstaker_id=oppdragstaker_id,
        name="approve",
        reason=_("Approved as a contractor"),
        on=_today(),
    )
    if o.trenger_godkjenningsdokument:
        documents.order_godkjenningsdokument(o, actor=actor)
    return o


@transaction.atomic
def godkjenningsdokument_retry(*, actor: User, oppdragstaker_id: int, dokument_id: int) -> Dokument:
    """DOK-01, OPP-03: an approval document that could not be made is ordered again, by those
    who approve (as a case's letter is by its team, ``documents.services.dokument_retry``)."""
    o = _lock_oppdragstaker(actor, oppdragstaker_id)
    dokument = documents.lock_godkjenningsdokument(o, dokument_id)
    GODKJENNINGSDOKUMENT.check("retry", Godkjenningsdokument(o, dokument), actor)
    return dokument_reorder(dokument, actor=actor)


@transaction.atomic
def oppdragstaker_suspend(*, actor: User, oppdragstaker_id: int, reason: str) -> Oppdragstaker:
    if not reason.strip():
        raise RuleViolation(
            [RuleBreach("LOG-01", _("Give the reason for the suspension."), "reason")]
        )
    return _transition(
        actor=actor,
        oppdragstaker_id=oppdragstaker_id,
        name="suspend",
        reason=_("Suspended"),
        reason_text=reason.strip(),
    )


@transaction.atomic
def oppdragstaker_resume(*, actor: User, oppdragstaker_id: int) -> Oppdragstaker:
    return _transition(
        actor=actor,
        oppdragstaker_id=oppdragstaker_id,
        name="resume",
        reason=_("Suspension lifted"),
    )


@transaction.atomic
def oppdragstaker_end(
    *, actor: User, oppdragstaker_id: int, reason: str, dato: date | None = None
) -> Oppdragstaker:
    """The contractor is no longer engaged; the record is kept (LOG-01)."""
    if not reason.strip():
        raise RuleViolation([RuleBreach("LOG-01", _("Give the reason for ending."), "reason")])
    return _transition(
        actor=actor,
        oppdragstaker_id=oppdragstaker_id,
        name="end",
        reason=_("Ended as a contractor"),
        on=dato or _today(),
        reason_text=reason.strip(),
    )


# --- assignments (OPP-04) ---------------------------------------------------------------------


def _tiltak_for_update(actor: User, tiltak_id: int) -> Tiltak:
    try:
        return (
            Tiltak.objects.select_for_update(of=("self",))
            .select_related("vedtak", "vedtak__sak", "type")
            .get(pk=tiltak_id, vedtak__sak__in=saker_visible_to(actor))
        )
    except Tiltak.DoesNotExist:
        raise NotFound from None


def _oppdragstaker_for_assignment(actor: User, oppdragstaker_id: int | None) -> Oppdragstaker:
    if oppdragstaker_id is None:
        raise RuleViolation([RuleBreach("OPP-04", _("Choose the contractor."), "oppdragstaker")])
    try:
        return (
            permissions.oppdragstakere_visible_to(actor)
            .select_for_update(of=("self",))
            .get(pk=oppdragstaker_id)
        )
    except Oppdragstaker.DoesNotExist:
        raise RuleViolation(
            [RuleBreach("OPP-04", _("Choose the contractor."), "oppdragstaker")]
        ) from None


def _readable(o: Oppdragstaker) -> Oppdragstaker:
    """The contractor with what the rules read (police certificates, declarations)."""
    return Oppdragstaker.objects.prefetch_related("politiattester", "taushetserklaeringer").get(
        pk=o.pk
    )


@transaction.atomic
def oppdrag_create(
    *, actor: User, tiltak_id: int, oppdragstaker_id: int | None, data: dict[str, Any]
) -> Oppdrag:
    """OPP-04: assign a contractor to a measure of an approved decision, with the written
    agreement; the oppdragsavtale document is ordered. OPP-02 refuses an unapproved contractor
    for a measure that has started or that the agreement starts today or earlier."""
    tiltak = _tiltak_for_update(actor, tiltak_id)
    sak = tiltak.vedtak.sak
    TILTAK.check("assign", tiltak, actor)
    oppdragstaker = _readable(_oppdragstaker_for_assignment(actor, oppdragstaker_id))
    if oppdragstaker.status == oppdragstaker.Status.AVSLUTTET:
        raise RuleViolation(
            [
                RuleBreach(
                    "OPP-02",
                    _("%(name)s has ended as a contractor.") % {"name": oppdragstaker},
                    "oppdragstaker",
                )
            ]
        )
    oppdrag = Oppdrag(oppdragstaker=oppdragstaker, tiltak=tiltak, sak=sak, opprettet_av=actor)
    for field in AGREEMENT_FIELDS:
        if field in data:
            setattr(oppdrag, field, data[field])
    breaches = rules.agreement_problems(
        tiltak=tiltak,
        oppdragstaker=oppdragstaker,
        fra_dato=oppdrag.fra_dato,
        til_dato=oppdrag.til_dato,
        veiledningsplan=oppdrag.veiledningsplan,
        on=_today(),
    )
    if Oppdrag.objects.filter(
        tiltak=tiltak, oppdragstaker=oppdragstaker, avsluttet_dato__isnull=True
    ).exists():
        breaches.append(
            RuleBreach(
                "OPP-04",
                _("%(name)s is already assigned to this measure.") % {"name": oppdragstaker},
                "oppdragstaker",
            )
        )
    if breaches:
        raise RuleViolation(breaches)
    _full_clean(oppdrag, exclude=["oppdragstaker", "tiltak", "sak", "opprettet_av"], rule="OPP-04")
    try:
        with transaction.atomic():
            _save(oppdrag, actor=actor, reason=_("Assignment agreement written"))
    except IntegrityError:
        raise RuleViolation(
            [RuleBreach("OPP-04", _("The agreement could not be saved. Check the dates."), None)]
        ) from None
    documents.order_oppdragsavtale(oppdrag, actor=actor)
    logger.info(
        "contractors.assigned",
        extra={"oppdrag_id": oppdrag.pk, "oppdragstaker_id": oppdragstaker.pk, "sak_id": sak.pk},
    )
    return oppdrag


def _lock_oppdrag(actor: User, oppdrag_id: int) -> Oppdrag:
    """An assignment on a case the actor may see (ROLE-02), locked."""
    try:
        return (
            Oppdrag.objects.select_for_update(of=("self",))
            .select_related("sak", "tiltak", "tiltak__type", "tiltak__vedtak", "oppdragstaker")
            .get(pk=oppdrag_id, sak__in=saker_visible_to(actor))
        )
    except Oppdrag.DoesNotExist:
        raise NotFound from None


def _lock_oppdrag_in_service(actor: User, oppdrag_id: int) -> Oppdrag:
    """An assignment of the actor's service's contractors, locked (the clerical steps)."""
    try:
        return (
            permissions.oppdrag_visible_to(actor)
            .select_for_update(of=("self",))
            .select_related("sak", "tiltak", "tiltak__type", "oppdragstaker")
            .get(pk=oppdrag_id)
        )
    except Oppdrag.DoesNotExist:
        raise NotFound from None


@transaction.atomic
def oppdrag_update(*, actor: User, oppdrag_id: int, data: dict[str, Any]) -> Oppdrag:
    """OPP-04: a changed agreement is a new version of the document; changed terms need a new
    work contract / pay notice, so the assignment goes back on the clerical work list."""
    oppdrag = _lock_oppdrag(actor, oppdrag_id)
    OPPDRAG.check("edit", oppdrag, actor)
    before = {f: getattr(oppdrag, f) for f in CONTRACT_TERMS}
    for field in AGREEMENT_FIELDS:
        if field in data:
            setattr(oppdrag, field, data[field])
    breaches = [
        b
        for b in rules.agreement_problems(
            tiltak=oppdrag.tiltak,
            oppdragstaker=_readable(oppdrag.oppdragstaker),
            fra_dato=oppdrag.fra_dato,
            til_dato=oppdrag.til_dato,
            veiledningsplan=oppdrag.veiledningsplan,
            on=_today(),
        )
        # The contractor was assigned already: readiness is the start guard's business now.
        if b.field != "oppdragstaker"
    ]
    if breaches:
        raise RuleViolation(breaches)
    _full_clean(oppdrag, exclude=["oppdragstaker", "tiltak", "sak", "opprettet_av"], rule="OPP-04")
    if any(before[f] != getattr(oppdrag, f) for f in CONTRACT_TERMS):
        oppdrag.arbeidskontrakt_dato = None
        oppdrag.arbeidskontrakt_av = None
    oppdrag.versjon += 1
    _save(oppdrag, actor=actor, reason=_("Assignment agreement changed"))
    documents.order_oppdragsavtale(oppdrag, actor=actor)
    return oppdrag


@transaction.atomic
def oppdrag_brief(*, actor: User, oppdrag_id: int, orientert_dato: date, notat: str) -> Oppdrag:
    """OPP-06: the caseworker briefed the veileder/terapeut on the case before the start."""
    oppdrag = _lock_oppdrag(actor, oppdrag_id)
    OPPDRAG.check("brief", oppdrag, actor)
    breaches = []
    if orientert_dato > _today():
        breaches.append(
            RuleBreach("OPP-06", _("The date cannot be in the future."), "orientert_dato")
        )
    if not notat.strip():
        breaches.append(
            RuleBreach("OPP-06", _("Write what the briefing covered."), "orientering_notat")
        )
    if breaches:
        raise RuleViolation(breaches)
    oppdrag.orientert_dato = orientert_dato
    oppdrag.orientert_av = actor
    oppdrag.orientering_notat = notat.strip()
    _save(
        oppdrag,
        actor=actor,
        reason=_("Briefing on the case recorded"),
        update_fields=["orientert_dato", "orientert_av", "orientering_notat"],
    )
    return oppdrag


@transaction.atomic
def oppdrag_register_contract(*, actor: User, oppdrag_id: int, dato: date) -> Oppdrag:
    """OPP-04: the kontorfaglig made the work contract / pay notice from the agreement."""
    oppdrag = _lock_oppdrag_in_service(actor, oppdrag_id)
    OPPDRAG.check("register_contract", oppdrag, actor)  # a company's invoice needs none
    if dato > _today():
        raise RuleViolation([RuleBreach("OPP-04", _("The date cannot be in the future."), "dato")])
    oppdrag.arbeidskontrakt_dato = dato
    oppdrag.arbeidskontrakt_av = actor
    _save(
        oppdrag,
        actor=actor,
        reason=_("Work contract / pay notice made"),
        update_fields=["arbeidskontrakt_dato", "arbeidskontrakt_av"],
    )
    return oppdrag


@transaction.atomic
def oppdrag_end(*, actor: User, oppdrag_id: int, dato: date, reason: str) -> Oppdrag:
    """The contractor stops on this measure (the measure itself ends only by a decision)."""
    oppdrag = _lock_oppdrag(actor, oppdrag_id)
    OPPDRAG.check("end", oppdrag, actor)
    breaches = []
    if not reason.strip():
        breaches.append(RuleBreach("OPP-04", _("Give the reason for ending."), "reason"))
    if dato < oppdrag.fra_dato:
        breaches.append(
            RuleBreach("OPP-04", _("The assignment cannot end before it started."), "dato")
        )
    if breaches:
        raise RuleViolation(breaches)
    oppdrag.avsluttet_dato = dato
    oppdrag.avsluttet_begrunnelse = reason.strip()
    _save(
        oppdrag,
        actor=actor,
        reason=_("Assignment ended"),
        update_fields=["avsluttet_dato", "avsluttet_begrunnelse"],
    )
    return oppdrag


# --- OPP-05: timesheets and reports received --------------------------------------------------


@transaction.atomic
def innlevering_register(
    *,
    actor: User,
    oppdrag_id: int,
    type: str,
    mottatt: date,
    periode: date | None = None,
    merknad: str = "",
    fil=None,
) -> Innlevering:
    """OPP-05: a timesheet or report for a month, or the final report, has arrived. With
    ``fil`` the report itself is received as an incoming document of the case, linked to the
    measure (INN-01): checked and stored after every other check has passed."""
    oppdrag = _lock_oppdrag_in_service(actor, oppdrag_id)
    OPPDRAG.check("register_submission", oppdrag, actor)
    breaches = []
    if type not in Innlevering.Type.values:
        breaches.append(RuleBreach("OPP-05", _("Choose what was received."), "type"))
    if mottatt > _today():
        breaches.append(RuleBreach("OPP-05", _("The date cannot be in the future."), "mottatt"))
    if type == Innlevering.Type.SLUTTRAPPORT:
        periode = None
        if oppdrag.innleveringer.filter(type=type).exists():
            breaches.append(
                RuleBreach("OPP-05", _("The final report is already registered."), "type")
            )
    elif periode is None:
        breaches.append(RuleBreach("OPP-05", _("Choose the month it covers."), "periode"))
    else:
        periode = rules.month_start(periode)
        if periode > rules.month_start(_today()):
            breaches.append(
                RuleBreach("OPP-05", _("The month cannot be in the future."), "periode")
            )
        elif oppdrag.innleveringer.filter(type=type, periode=periode).exists():
            breaches.append(
                RuleBreach(
                    "OPP-05",
                    _("This month's %(kind)s is already registered.")
                    % {"kind": Innlevering.Type(type).label.lower()},
                    "periode",
                )
            )
    if fil is not None and type == Innlevering.Type.TIMELISTE:
        breaches.append(
            RuleBreach("OPP-05", _("Attach a file to a report, not to a timesheet."), "fil")
        )
    if breaches:
        raise RuleViolation(breaches)
    dokument = None
    if fil is not None:
        dokument = receive_in_sak(
            actor=actor,
            sak=oppdrag.sak,
            fil=fil,
            type=InnkommendeDokument.Type.RAPPORT_OPPDRAGSTAKER,
            avsender=oppdrag.oppdragstaker.navn,
            mottatt=mottatt,
            tittel=_report_title(type, periode),
            tiltak=oppdrag.tiltak,
        )
    innlevering = Innlevering(
        oppdrag=oppdrag,
        type=type,
        periode=periode,
        mottatt=mottatt,
        merknad=merknad.strip(),
        dokument=dokument,
        registrert_av=actor,
    )
    _save(innlevering, actor=actor, reason=_("Received"))
    return innlevering


def _report_title(type: str, periode: date | None) -> str:
    label = str(Innlevering.Type(type).label)
    if periode is None:
        return label
    return f"{label} {format_dato(periode, 'month')}"


# --- the guards registered with vedtak (see apps.py) -----------------------------------------


def _oppdrag_for_guard(tiltak) -> list[Oppdrag]:
    return list(
        Oppdrag.objects.filter(tiltak_id=tiltak.pk)
        .select_related("oppdragstaker", "tiltak", "tiltak__type")
        .prefetch_related(
            "oppdragstaker__politiattester",
            "oppdragstaker__taushetserklaeringer",
            "innleveringer",
        )
    )


def tiltak_start_guard(tiltak, fra_dato: date) -> list[RuleBreach]:
    """OPP-02/03/06: a measure does not start while its contractor may not act."""
    return rules.start_problems(_oppdrag_for_guard(tiltak), fra_dato)


def tiltak_end_guard(tiltak, til_dato: date) -> list[RuleBreach]:
    """OPP-05: a guidance measure delivered by a contractor ends with the final report."""
    return rules.end_problems(tiltak, _oppdrag_for_guard(tiltak))
