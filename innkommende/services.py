"""Writes of incoming documents: one function per intent (INN-01).

:func:`innkommende_receive` is the caseworker's upload: one durable transaction that locks the
case through the need-to-know scope (``NotFound`` otherwise, ROLE-02), lets the kernel's table
check who may, checks the fields, stores the file (:mod:`innkommende.files`: checked by its
content, whole or not at all) and writes the row with history (LOG-01).
:func:`receive_in_sak` is the same without the scope and the table, for a service of an app
above that has checked its own permission (the contractor's report, OPP-05) inside its own
transaction. Nothing is deleted: :func:`innkommende_withdraw` marks a document registered by
mistake, with the reason.
"""

from __future__ import annotations

from datetime import date

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
from evaluations.models import Evaluering
from moter.models import Mote
from vedtak.models import Tiltak

from . import files, selectors
from .actions import INNKOMMENDE, MACHINE
from .models import InnkommendeDokument


def _field_breaches(
    *, sak: Sak, type: str, mottatt: date | None, tittel: str, avsender: str
) -> list[RuleBreach]:
    breaches = []
    if type not in InnkommendeDokument.Type.values:
        breaches.append(RuleBreach("INN-01", _("Choose the kind of document."), "type"))
    if not avsender.strip():
        breaches.append(RuleBreach("INN-01", _("Write who sent the document."), "avsender"))
    if not tittel.strip():
        breaches.append(RuleBreach("INN-01", _("Give the document a title."), "tittel"))
    if mottatt is None:
        breaches.append(RuleBreach("INN-01", _("Give the date it was received."), "mottatt"))
    elif mottatt > timezone.localdate():
        breaches.append(
            RuleBreach("INN-01", _("The date received cannot be in the future."), "mottatt")
        )
    return breaches


def receive_in_sak(
    *,
    actor: User,
    sak: Sak,
    fil,
    type: str,
    avsender: str,
    mottatt: date,
    tittel: str,
    tiltak: Tiltak | None = None,
    evaluering: Evaluering | None = None,
    mote: Mote | None = None,
) -> InnkommendeDokument:
    """Store ``fil`` and register it as an incoming document of ``sak`` (INN-01). The caller
    has checked that ``actor`` may, and runs this inside its transaction after its own checks:
    the file is written last but one, the row last; if the row cannot be written the file is
    removed again."""
    if breaches := _field_breaches(
        sak=sak, type=type, mottatt=mottatt, tittel=tittel, avsender=avsender
    ):
        raise RuleViolation(breaches)
    if tiltak is not None and tiltak.vedtak.sak_id != sak.pk:
        raise NotFound
    if evaluering is not None and evaluering.plan.sak_id != sak.pk:
        raise NotFound
    if mote is not None and mote.sak_id != sak.pk:
        raise NotFound
    stored = files.store(fil)
    try:
        dokument = InnkommendeDokument(
            sak=sak,
            type=type,
            avsender=avsender.strip(),
            mottatt=mottatt,
            tittel=tittel.strip(),
            fil=stored.name,
            filnavn=_safe_file_name(getattr(fil, "name", "") or "", stored.content_type),
            storrelse=stored.size,
            innholdstype=stored.content_type,
            sha256=stored.sha256,
            tiltak=tiltak,
            evaluering=evaluering,
            mote=mote,
            registrert_av=actor,
        )
        full_clean_or_violation(
            dokument, exclude=["sak", "tiltak", "evaluering", "mote"], rule="INN-01"
        )
        with transaction.atomic():
            _save(dokument, actor=actor, reason=_("Incoming document received"))
    except BaseException:
        files.discard(stored.name)
        raise
    return dokument


def _safe_file_name(name: str, content_type: str) -> str:
    """The name the sender gave, without a path, with the extension its content has."""
    base = name.replace("\\", "/").rsplit("/", 1)[-1].strip()
    stem = base.rsplit(".", 1)[0] if "." in base else base
    stem = "".join(c for c in stem if c.isprintable() and c not in '"<>:|?*')[:150].strip()
    return f"{stem or 'dokument'}{files.EXTENSIONS[content_type]}"


@transaction.atomic(durable=True)
def innkommende_receive(
    *,
    actor: User,
    sak_id: int,
    fil,
    type: str,
    avsender: str,
    mottatt: date,
    tittel: str,
    tiltak_id: int | None = None,
    evaluering_id: int | None = None,
    mote_id: int | None = None,
) -> InnkommendeDokument:
    """INN-01: the caseworker registers a document that came in, with its file, optionally
    linked to a measure, an evaluation or a meeting of the case."""
    try:
        sak = get_visible_sak_for_update(actor, sak_id)
    except Http404:
        raise NotFound from None
    INNKOMMENDE.check("receive", sak, actor)
    tiltak = None
    if tiltak_id is not None:
        tiltak = selectors.measures_of(sak).filter(pk=tiltak_id).first()
        if tiltak is None:
            raise RuleViolation(
                [RuleBreach("INN-01", _("Choose a measure of the case."), "tiltak")]
            )
    evaluering = None
    if evaluering_id is not None:
        evaluering = (
            Evaluering.objects.select_related("plan")
            .filter(pk=evaluering_id, plan__sak=sak)
            .first()
        )
        if evaluering is None:
            raise RuleViolation(
                [RuleBreach("INN-01", _("Choose an evaluation of the case."), "evaluering")]
            )
    mote = None
    if mote_id is not None:
        mote = selectors.meetings_of(sak).filter(pk=mote_id).first()
        if mote is None:
            raise RuleViolation([RuleBreach("INN-01", _("Choose a meeting of the case."), "mote")])
    return receive_in_sak(
        actor=actor,
        sak=sak,
        fil=fil,
        type=type,
        avsender=avsender,
        mottatt=mottatt,
        tittel=tittel,
        tiltak=tiltak,
        evaluering=evaluering,
        mote=mote,
    )


@transaction.atomic(durable=True)
def innkommende_withdraw(
    *, actor: User, dokument_id: int, reason: str, sak_id: int | None = None
) -> InnkommendeDokument:
    """A document registered by mistake is withdrawn, with the reason; the file and the row
    stay (no hard deletes, LOG-01)."""
    qs = InnkommendeDokument.objects.select_for_update(of=("self",)).select_related("sak")
    if sak_id is not None:
        qs = qs.filter(sak_id=sak_id)
    try:
        dokument = qs.get(pk=dokument_id, sak__in=saker_visible_to(actor))
    except InnkommendeDokument.DoesNotExist:
        raise NotFound from None
    MACHINE.check("withdraw", dokument, actor)
    if not reason.strip():
        raise RuleViolation([RuleBreach("INN-01", _("Give the reason."), "reason")])
    dokument.status = InnkommendeDokument.Status.TRUKKET
    dokument.trukket_begrunnelse = reason.strip()
    _save(
        dokument,
        actor=actor,
        reason=_("Incoming document withdrawn"),
        update_fields=["status", "trukket_begrunnelse"],
    )
    return dokument
