"""Writes to documents: order, render, register a dispatch, verify (DOK-01, DOK-02).

``dokument_create`` and ``dokument_register_dispatch`` run in their own transaction, or inside
the caller's (a vedtak service orders its letter in the same transaction as the transition);
the render task is enqueued only when that transaction commits. ``dokument_render`` is the
worker's unit of work and is idempotent: a document that is made is never made again.
"""

from __future__ import annotations

import hmac
import logging
from datetime import datetime, timedelta

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.db import models, transaction
from django.db.models import Max
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.models import User
from cases.models import Part, Sak
from cases.permissions import get_visible_sak_for_update
from core.exceptions import RuleBreach, RuleViolation
from core.history import save_with_history as _save

from . import letter, permissions, registry
from .models import Dokument, Utsending
from .pdf import letter_to_pdf, sha256_of

logger = logging.getLogger(__name__)

#: A dispatch may be registered a little ahead of the server's clock (clock skew), not more.
FUTURE_TOLERANCE = timedelta(minutes=5)


def _source_sak_id(source: models.Model) -> int | None:
    """The case a source record belongs to: the case itself, or the record's ``sak_id``."""
    if isinstance(source, Sak):
        return source.pk
    return getattr(source, "sak_id", None)


# --- Order ---------------------------------------------------------------------------------------


@transaction.atomic
def dokument_create(*, actor: User, sak: Sak | None, type: str, source: models.Model) -> Dokument:
    """DOK-01: order a document of ``type`` made from ``source``, as the next version.

    The actor must see the case (ROLE-02, else 404). ``source`` must be saved and, when it
    belongs to a case (``sak_id``), belong to this one. The PDF is rendered by the
    ``documents.render`` task once the transaction commits (in-process when no broker is
    configured). Returns the new document, status ``bestilt``.

    ``sak=None`` orders a document of no case, for the types in ``Dokument.CASELESS_TYPES``
    only (a contractor's approval, OPP-03): the owning app's service has checked who may
    order it, and its own pages serve it (the case pages never list it).
    """
    registry.get(type)  # a programming error when nobody registered the type
    if source.pk is None:
        raise ValueError("The source of a document must be saved first.")
    source_sak_id = _source_sak_id(source)
    if sak is None:
        if type not in Dokument.CASELESS_TYPES:
            raise ValueError("A document of this type belongs to a case.")
        if source_sak_id is not None:
            raise ValueError("The source belongs to a case: order the document for it.")
        # No case row to lock: the source row is, so two orders cannot take the same version.
        list(source.__class__._default_manager.select_for_update().filter(pk=source.pk))
    else:
        # The case row is locked: two orders for one source cannot take the same version.
        sak = get_visible_sak_for_update(actor, sak.pk)
        if source_sak_id is not None and source_sak_id != sak.pk:
            raise ValueError("The source belongs to another case.")
    content_type = ContentType.objects.get_for_model(source)
    latest = Dokument.objects.filter(
        content_type=content_type, object_id=source.pk, type=type
    ).aggregate(latest=Max("versjon"))["latest"]
    dokument = Dokument(
        sak=sak,
        type=type,
        content_type=content_type,
        object_id=source.pk,
        versjon=(latest or 0) + 1,
        ordered_by=actor,
    )
    _save(dokument, actor=actor, reason=_("Document ordered"))
    logger.info(
        "documents.ordered",
        extra={"dokument_id": dokument.pk, "sak_id": dokument.sak_id, "type": dokument.type},
    )
    from .tasks import render

    render.delay_on_commit(dokument.pk)
    return dokument


# --- Render (the worker) -------------------------------------------------------------------------


def letter_defaults(dokument: Dokument, source=None) -> dict:
    """What every letter gets before its type's own context (see
    ``documents/nb/base_letter.html`` for what the layout prints)."""
    sak = dokument.sak  # None for a document of no case: its context supplies the rest
    return {
        "dokument": dokument,
        "sak": sak,
        "barn": sak.barn if sak else None,
        "tjeneste": sak.tjeneste if sak else None,
        "saksbehandler": sak.saksbehandler if sak else None,
        "source": source,
        "dato": timezone.localtime(dokument.created_at).date(),
        "tittel": dokument.get_type_display(),
        "deres_ref": "",
        "unntatt_offentlighet": True,
        "mottakere": [],
        "underskrivere": [letter.underskriver(sak.saksbehandler)] if sak else [],
        "vedlegg": [],
        "kopi_til": [],
    }


def _letter_context(dokument: Dokument, source) -> dict:
    """The defaults, and the registered context function's keys over them."""
    return {**letter_defaults(dokument, source), **registry.get(dokument.type).context(source)}


def _letter_html(dokument: Dokument) -> str:
    """The document's letter as HTML: its source, its registered context and template."""
    kind = registry.get(dokument.type)
    # The content type from the process's cache (not a query per letter).
    content_type = ContentType.objects.get_for_id(dokument.content_type_id)
    source = content_type.get_object_for_this_type(pk=dokument.object_id)
    with translation.override(dokument.sprak):
        return render_to_string(kind.template, _letter_context(dokument, source))


def _render_pdf(dokument: Dokument):
    return letter_to_pdf(_letter_html(dokument))


@transaction.atomic(durable=True)
def dokument_render(*, dokument_id: int) -> Dokument:
    """Make the PDF of an ordered document, store it with its SHA-256 and page count.

    Idempotent: the row is locked, and a document that is made (``ferdig`` or ``sendt``) is
    returned as it is, so a task delivered twice renders once. A failed render is recorded
    as ``feilet`` with the error's class name (never its text, which may hold personal data);
    running the task again retries it.
    """
    dokument = (
        Dokument.objects.select_for_update(of=("self",))
        .select_related("sak", "sak__tjeneste", "sak__saksbehandler", "sak__barn", "ordered_by")
        .get(pk=dokument_id)
    )
    if dokument.status not in (Dokument.Status.BESTILT, Dokument.Status.FEILET):
        logger.info("documents.render_skipped", extra={"dokument_id": dokument.pk})
        return dokument
    try:
        with transaction.atomic():
            pdf = _render_pdf(dokument)
            dokument.fil.save(f"{dokument.uuid}.pdf", ContentFile(pdf.content), save=False)
    except Exception as exc:
        logger.exception("documents.render_failed", extra={"dokument_id": dokument.pk})
        dokument.status = Dokument.Status.FEILET
        dokument.feil = type(exc).__name__[:200]
        _save(
            dokument,
            actor=dokument.ordered_by,
            reason=_("Document could not be made"),
            update_fields=["status", "feil"],
        )
        return dokument
    dokument.sha256 = pdf.sha256
    dokument.sider = pdf.pages
    dokument.storrelse = len(pdf.content)
    dokument.status = Dokument.Status.FERDIG
    dokument.feil = ""
    dokument.rendered_at = timezone.now()
    # The task runs on behalf of whoever ordered the document: the history names them.
    _save(
        dokument,
        actor=dokument.ordered_by,
        reason=_("Document made"),
        update_fields=["fil", "sha256", "sider", "storrelse", "status", "feil", "rendered_at"],
    )
    logger.info(
        "documents.rendered",
        extra={"dokument_id": dokument.pk, "pages": pdf.pages, "bytes": len(pdf.content)},
    )
    return dokument


# --- Verify ---------------------------------------------------------------------------------------


def dokument_read_verified(dokument: Dokument) -> bytes | None:
    """The stored PDF's bytes if their SHA-256 equals the recorded one, else ``None``."""
    if not dokument.sha256 or not dokument.fil:
        return None
    try:
        with dokument.fil.storage.open(dokument.fil.name, "rb") as f:
            content = f.read()
    except OSError:
        logger.error("documents.file_missing", extra={"dokument_id": dokument.pk})
        return None
    if not hmac.compare_digest(sha256_of(content), dokument.sha256):
        logger.error("documents.checksum_mismatch", extra={"dokument_id": dokument.pk})
        return None
    return content


def dokument_verify(dokument: Dokument) -> bool:
    """DOK-01: the stored file is exactly the one that was made (its checksum matches)."""
    return dokument_read_verified(dokument) is not None


# --- Dispatch -------------------------------------------------------------------------------------


@transaction.atomic
def dokument_register_dispatch(
    *,
    actor: User,
    dokument: Dokument,
    part: Part | None,
    kanal: str,
    tidspunkt: datetime | None = None,
    barnet: bool = False,
    mottaker: str = "",
) -> Utsending:
    """DOK-02: record that a recipient got the document, when and by which channel.

    The recipient is ``part`` (a party of the document's case), or the child (``barnet=True``,
    when the child is a party, SAK-02), or another recipient described in ``mottaker``. Each
    party (and the child) is registered once per document. The first dispatch marks the
    document ``sendt``; from then on it never changes (DOK-01).
    """
    sak = get_visible_sak_for_update(actor, dokument.sak_id)
    if not permissions.can_register_dispatch(actor, sak):
        raise PermissionDenied
    dokument = Dokument.objects.select_for_update(of=("self",)).get(pk=dokument.pk)
    tidspunkt = tidspunkt or timezone.now()
    mottaker = " ".join(mottaker.split())
    breaches: list[RuleBreach] = []
    if not dokument.is_downloadable:
        breaches.append(
            RuleBreach("DOK-02", _("Only a document that has been made can be sent."), None)
        )
    recipients = sum([part is not None, barnet, bool(mottaker)])
    if recipients != 1:
        breaches.append(
            RuleBreach("DOK-02", _("Choose one recipient."), None if recipients else "part")
        )
    elif part is not None:
        if part.sak_id != sak.pk:
            breaches.append(
                RuleBreach("DOK-02", _("The recipient is not a party to this case."), "part")
            )
        elif dokument.utsendinger.filter(part=part).exists():
            breaches.append(
                RuleBreach("DOK-02", _("This party is already registered as a recipient."), "part")
            )
    elif barnet:
        if not sak.barn_er_part():
            breaches.append(
                RuleBreach("DOK-02", _("The child is not a party to the case (SAK-02)."), "part")
            )
        elif dokument.utsendinger.filter(barnet=True).exists():
            breaches.append(
                RuleBreach("DOK-02", _("The child is already registered as a recipient."), "part")
            )
    if kanal not in Utsending.Kanal.values:
        breaches.append(RuleBreach("DOK-02", _("Choose how the document was sent."), "kanal"))
    if tidspunkt > timezone.now() + FUTURE_TOLERANCE:
        breaches.append(
            RuleBreach("DOK-02", _("The time of sending cannot be in the future."), "tidspunkt")
        )
    elif dokument.rendered_at and tidspunkt < dokument.rendered_at - FUTURE_TOLERANCE:
        breaches.append(
            RuleBreach(
                "DOK-02",
                _("The time of sending cannot be before the document was made."),
                "tidspunkt",
            )
        )
    if breaches:
        raise RuleViolation(breaches)
    utsending = Utsending(
        dokument=dokument,
        part=part,
        barnet=barnet,
        mottaker=mottaker,
        kanal=kanal,
        tidspunkt=tidspunkt,
        registered_by=actor,
    )
    _save(utsending, actor=actor, reason=_("Dispatch registered"))
    if dokument.status != Dokument.Status.SENDT:
        dokument.status = Dokument.Status.SENDT
        dokument.sent_at = tidspunkt
        _save(
            dokument,
            actor=actor,
            reason=_("Document sent"),
            update_fields=["status", "sent_at"],
        )
    logger.info(
        "documents.dispatch_registered",
        extra={"dokument_id": dokument.pk, "utsending_id": utsending.pk, "kanal": kanal},
    )
    return utsending
