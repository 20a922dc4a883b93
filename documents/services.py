"""Writes to documents: order, render, register a dispatch, verify (DOK-01, DOK-02).

``dokument_create`` and ``dokument_register_dispatch`` run in their own transaction, or inside
the caller's (a vedtak service orders its letter in the same transaction as the transition);
the render task is enqueued only when that transaction commits. ``dokument_render`` is the
worker's unit of work and is idempotent: a document that is made is never made again.

A letter always finishes or says why (DOK-01): a failed attempt leaves it ``bestilt`` with the
next attempt's time, ``dokumenter_retry_stalled`` (a beat task every minute) starts every
attempt that is due, and after ``DOCUMENTS_RENDER_MAX_ATTEMPTS`` it is ``feilet``, which the
caseworker may order again (``dokument_retry``). A letter's failure is never its caller's: the
render is enqueued after the commit, and whatever goes wrong there is logged by id and left to
the sweep.
"""

from __future__ import annotations

import hmac
import logging
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import partial

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.db import DatabaseError, models, transaction
from django.db.models import Max, Q, QuerySet
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.models import Tjeneste, User
from cases.models import Part, Sak
from cases.permissions import get_visible_sak_for_update
from core import batch
from core.exceptions import NotFound, RuleBreach, RuleViolation
from core.history import save_with_history as _save
from core.malform import first_form

# The tasks module at import, not in the function: its tasks are registered with the Celery
# app whenever the services are, whichever process and whatever order (tasks.py imports the
# services only inside its functions).
from . import letter, registry, tasks
from .actions import DOKUMENT
from .models import Dokument, Utsending
from .pdf import letter_to_pdf, sha256_of
from .recipients import Recipient
from .storage import dokument_storage

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
def dokument_create(
    *,
    actor: User,
    sak: Sak | None,
    type: str,
    source: models.Model,
    recipient: Recipient | None = None,
) -> Dokument:
    """DOK-01: order a document of ``type`` made from ``source``, as the next version.

    ``recipient`` (DOK-02) makes it that party's own copy (or the child's): addressed to them
    alone, with versions of its own, and sent to them only. See :func:`dokument_create_copies`.

    The actor must see the case (ROLE-02, else 404). ``source`` must be saved and, when it
    belongs to a case (``sak_id``), belong to this one. The PDF is rendered by the
    ``documents.render`` task once the transaction commits (in-process when no broker is
    configured, after the response when in a request; a failure there never reaches the
    caller, see ``render_enqueue``). Returns the
    new document, status ``bestilt``.

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
    part = recipient.part if recipient is not None else None
    til_barnet = recipient is not None and recipient.is_child
    if recipient is not None and (sak is None or (part is not None and part.sak_id != sak.pk)):
        raise ValueError("A copy goes to a party of the document's case.")
    content_type = ContentType.objects.get_for_model(source)
    latest = Dokument.objects.filter(
        content_type=content_type, object_id=source.pk, type=type, part=part, til_barnet=til_barnet
    ).aggregate(latest=Max("versjon"))["latest"]
    dokument = Dokument(
        sak=sak,
        type=type,
        content_type=content_type,
        object_id=source.pk,
        versjon=(latest or 0) + 1,
        part=part,
        til_barnet=til_barnet,
        sprak=first_form(_recipient_form(sak, part, til_barnet), _service_form(sak, source)),
        ordered_by=actor,
    )
    _save(dokument, actor=actor, reason=_("Document ordered"))
    logger.info(
        "documents.ordered",
        extra={"dokument_id": dokument.pk, "sak_id": dokument.sak_id, "type": dokument.type},
    )
    transaction.on_commit(partial(render_enqueue, dokument.pk, attempt=1))
    return dokument


def _recipient_form(sak: Sak | None, part: Part | None, til_barnet: bool) -> str:
    """Issue 26: the written form a party (or the child) has asked for their copies in, if
    any."""
    if part is not None:
        return part.malform
    if til_barnet and sak is not None:
        return sak.barn.malform
    return ""


def _service_form(sak: Sak | None, source: models.Model) -> str:
    """DOK-01, issue 26: the official written form of the service that writes the letter —
    the case's, or for a document of no case its source's service (a contractor's)."""
    tjeneste_id = sak.tjeneste_id if sak is not None else getattr(source, "tjeneste_id", None)
    if tjeneste_id is None:
        return ""
    return Tjeneste.objects.values_list("malform", flat=True).get(pk=tjeneste_id)


@transaction.atomic
def dokument_create_copies(
    *, actor: User, sak: Sak, type: str, source: models.Model, recipients: list[Recipient]
) -> list[Dokument]:
    """DOK-02: one copy of the letter for each recipient, each with that party's own address
    block (never a shielded address, SAK-05), ordered in one transaction."""
    return [
        dokument_create(actor=actor, sak=sak, type=type, source=source, recipient=r)
        for r in recipients
    ]


def render_enqueue(dokument_id: int, *, attempt: int, expires: float | None = None) -> bool:
    """Hand one attempt at the document to the ``documents.render`` task (ids only).

    Never raises: a letter's failure is the letter's, not the request's that ordered it. With
    no broker the task runs in-process: after the response when a request is being answered
    (``hjelpetiltak.celery``, whose log names a failure there), else here; a render that
    raises here (a locked SQLite database, say), or a broker that is down, is logged by id and
    the document left for the sweep. Returns whether the task was handed over (and, when it
    ran here, ran without raising).
    """
    try:
        tasks.render.apply_async((dokument_id,), {"attempt": attempt}, expires=expires)
    except Exception as exc:
        logger.warning(
            "documents.render_not_started",
            extra={"dokument_id": dokument_id, "attempt": attempt, "error": type(exc).__name__},
        )
        return False
    return True


# --- Render (the worker) -------------------------------------------------------------------------


def letter_defaults(dokument: Dokument, source=None) -> dict:
    """What every letter gets before its type's own context (see
    ``documents/nb/base_letter.html`` for what the layout prints)."""
    sak = dokument.sak  # None for a document of no case: its context supplies the rest
    return {
        "dokument": dokument,
        "sprak": dokument.sprak,
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


def _copy_recipient(dokument: Dokument):
    """The party (``cases.Part``) or the child (``cases.Barn``) a copy is addressed to."""
    if dokument.part_id is not None:
        return dokument.part
    if dokument.til_barnet and dokument.sak is not None:
        return dokument.sak.barn
    return None


def _letter_context(dokument: Dokument, source) -> dict:
    """The defaults, and the registered context function's keys over them. A party's copy
    (DOK-02) is addressed to that party alone, whatever the context function lists: the
    address block is theirs, and a shielded address is never printed (SAK-05)."""
    context = {**letter_defaults(dokument, source), **registry.get(dokument.type).context(source)}
    person = _copy_recipient(dokument)
    if person is not None:
        context["mottakere"] = [letter.mottaker(person)]
        context["kopi_mottaker"] = person
    return context


def _letter_html(dokument: Dokument) -> str:
    """The document's letter as HTML: its source, its registered context and template."""
    kind = registry.get(dokument.type)
    source = _source(dokument, kind)
    with translation.override(dokument.sprak):
        return render_to_string(
            kind.template_for(dokument.sprak), _letter_context(dokument, source)
        )


def _source(dokument: Dokument, kind: registry.DocumentKind):
    """The letter's source row, with the document's case (:func:`_share_case`); for a kind
    whose context reads the row itself, its id and the case (:class:`registry.SourceRef`)."""
    if not kind.reads_source:
        return registry.SourceRef(pk=dokument.object_id, sak=dokument.sak)
    # The content type from the process's cache (not a query per letter).
    content_type = ContentType.objects.get_for_id(dokument.content_type_id)
    source = content_type.get_object_for_this_type(pk=dokument.object_id)
    _share_case(dokument, source)
    return source


def _share_case(dokument: Dokument, source) -> None:
    """A source of the document's own case gets the case the document row was read with (its
    child, service and caseworker joined): a context function that reads the case through its
    source then reads it from memory, not again from the database."""
    field = getattr(type(source), "sak", None)
    if (
        dokument.sak_id is not None
        and getattr(source, "sak_id", None) == dokument.sak_id
        and getattr(field, "field", None) is not None
        and not field.is_cached(source)
    ):
        field.field.set_cached_value(source, dokument.sak)


def _render_pdf(dokument: Dokument):
    html = _letter_html(dokument)
    kind = registry.get(dokument.type)
    if kind.attachments is None:
        return letter_to_pdf(html)
    content_type = ContentType.objects.get_for_id(dokument.content_type_id)
    source = content_type.get_object_for_this_type(pk=dokument.object_id)
    return letter_to_pdf(html, attachments=kind.attachments(source))


def _max_attempts() -> int:
    return settings.DOCUMENTS_RENDER_MAX_ATTEMPTS


def _stalled_after() -> timedelta:
    return timedelta(seconds=settings.DOCUMENTS_RENDER_STALLED_AFTER)


def render_backoff(attempt: int) -> timedelta:
    """The wait after failed attempt ``attempt``: the base, doubled at every attempt (1, 2, 4,
    8 … minutes by default), never more than an hour."""
    return timedelta(seconds=min(settings.DOCUMENTS_RENDER_BACKOFF * 2 ** (attempt - 1), 3600))


def _file_name(dokument: Dokument) -> str:
    """The one name the document's PDF is stored under, whichever attempt writes it (the year
    of the order, the document's uuid: no personal data)."""
    return f"dokumenter/{timezone.localtime(dokument.created_at).year}/{dokument.uuid}.pdf"


def _store(dokument: Dokument, content: bytes) -> str:
    """Write the PDF under the document's one name, replacing what an attempt that was killed
    or rolled back left there: the storage would otherwise add a suffix and keep two files.
    Runs under the document's row lock, so no other attempt writes the name meanwhile."""
    storage = dokument_storage()
    name = _file_name(dokument)
    storage.delete(name)
    stored = storage.save(name, ContentFile(content))
    if stored != name:
        storage.delete(stored)
        raise FileExistsError("the document's file name was taken")
    return name


def _discard_uncommitted_file(dokument_id: int, name: str) -> None:
    """An attempt that raised out of its transaction did not commit its file: remove it, unless
    the row says it is the document's file (a commit whose answer was lost)."""
    try:
        stored = Dokument.objects.filter(pk=dokument_id).values_list("fil", flat=True).first()
    except DatabaseError:
        return  # cannot tell: the next attempt replaces the file
    if stored != name:
        dokument_storage().delete(name)


@dataclass(frozen=True)
class _Attempt:
    number: int
    file_name: str


def dokument_render(*, dokument_id: int, attempt: int | None = None) -> Dokument:
    """Make the PDF of an ordered document, store it with its SHA-256 and page count (DOK-01).

    One attempt, in two transactions. The first counts it and sets when the next may start
    (committed before the render, so an attempt whose worker is killed counts too); the PDF is
    then made with no lock held (:func:`_attempt_make`); the second stores it and records the
    result under the row lock, if the attempt is still the document's. Idempotent: a document
    that is made, or failed for good, is returned as it is; one whose attempt another worker
    has started is left to it; ``attempt`` (the task's) is the attempt this call was enqueued
    for, and a call for an attempt that has started already does nothing (a task delivered
    twice, two sweeps).

    A failed attempt records the error's class name (never its text, which may hold personal
    data) and the time of the next attempt (``render_backoff``); the last one
    (``DOCUMENTS_RENDER_MAX_ATTEMPTS``) marks the document ``feilet``. The PDF is written under
    one name per document, so a document has one file or none, whatever attempts came before.
    """
    started = _attempt_start(dokument_id, attempt)
    if started is None:
        return Dokument.objects.get(pk=dokument_id)
    try:
        return _attempt_record(dokument_id, started, _attempt_make(dokument_id, started))
    except BaseException:
        _discard_uncommitted_file(dokument_id, started.file_name)
        raise


@transaction.atomic(durable=True)
def _attempt_start(dokument_id: int, expected: int | None) -> _Attempt | None:
    dokument = (
        Dokument.objects.select_for_update(of=("self",), skip_locked=True)
        .select_related("ordered_by")
        .filter(pk=dokument_id)
        .first()
    )
    if dokument is None:  # locked: another worker is making it right now
        logger.info("documents.render_busy", extra={"dokument_id": dokument_id})
        return None
    if dokument.status != Dokument.Status.BESTILT or (
        expected is not None and dokument.forsok != expected - 1
    ):
        logger.info(
            "documents.render_skipped",
            extra={"dokument_id": dokument.pk, "status": dokument.status, "attempt": expected},
        )
        return None
    if dokument.forsok >= _max_attempts():
        _give_up(dokument)
        return None
    dokument.forsok += 1
    dokument.neste_forsok = timezone.now() + _stalled_after()
    _save(
        dokument,
        actor=dokument.ordered_by,
        reason=_("Attempt to make the document"),
        update_fields=["forsok", "neste_forsok"],
    )
    logger.info(
        "documents.render_attempt",
        extra={"dokument_id": dokument.pk, "attempt": dokument.forsok},
    )
    return _Attempt(dokument.forsok, _file_name(dokument))


def _render_row_queryset(dokument_id: int) -> list[QuerySet[Dokument]]:
    return [
        Dokument.objects.select_related(
            "sak", "sak__tjeneste", "sak__saksbehandler", "sak__barn", "part"
        )
        .filter(pk=dokument_id)
        .order_by()
    ]


#: Compiled once per process (core.batch.Statement): the worker reads it for every letter.
_RENDER_ROW = batch.Statement(_render_row_queryset)


def render_row(dokument_id: int) -> Dokument:
    """The document row a render attempt reads, with what the letter prints: the case with its
    child, service and caseworker, and the party a copy is addressed to (no more: each join
    costs every letter its planning). Bench P6a measures the worker's job from this row."""
    (found,) = _RENDER_ROW.fetch(dokument_id=dokument_id)
    if not found:
        raise Dokument.DoesNotExist
    return found[0]


def _attempt_make(dokument_id: int, attempt: _Attempt):
    """The attempt's PDF, or the error that stopped it (logged). Made outside any transaction:
    no lock is held for the seconds a letter takes, so every page may write meanwhile (the
    embedded default's SQLite has one writer at a time, and its pages write their access
    log). The attempt was claimed by :func:`_attempt_start`; :func:`_attempt_record` keeps
    its result only if it is still the document's attempt."""
    dokument = render_row(dokument_id)
    try:
        return _render_pdf(dokument)
    except Exception as exc:
        logger.exception(
            "documents.render_failed",
            extra={"dokument_id": dokument.pk, "attempt": attempt.number},
        )
        return exc


@transaction.atomic(durable=True)
def _attempt_record(dokument_id: int, attempt: _Attempt, made) -> Dokument:
    dokument = (
        Dokument.objects.select_for_update(of=("self",))
        .select_related(
            "sak", "sak__tjeneste", "sak__saksbehandler", "sak__barn", "part", "ordered_by"
        )
        .get(pk=dokument_id)
    )
    if dokument.status != Dokument.Status.BESTILT or dokument.forsok != attempt.number:
        logger.info(
            "documents.render_skipped",
            extra={
                "dokument_id": dokument.pk,
                "status": dokument.status,
                "attempt": attempt.number,
            },
        )
        return dokument
    if isinstance(made, Exception):
        return _record_failure(dokument, made)
    pdf = made
    try:
        with transaction.atomic():
            dokument.fil.name = _store(dokument, pdf.content)
    except Exception as exc:
        logger.exception(
            "documents.render_failed",
            extra={"dokument_id": dokument.pk, "attempt": attempt.number},
        )
        dokument_storage().delete(attempt.file_name)
        return _record_failure(dokument, exc)
    dokument.sha256 = pdf.sha256
    dokument.sider = pdf.pages
    dokument.storrelse = len(pdf.content)
    dokument.status = Dokument.Status.FERDIG
    dokument.feil = ""
    dokument.neste_forsok = None
    dokument.rendered_at = timezone.now()
    # The task runs on behalf of whoever ordered the document: the history names them.
    _save(
        dokument,
        actor=dokument.ordered_by,
        reason=_("Document made"),
        update_fields=[
            "fil",
            "sha256",
            "sider",
            "storrelse",
            "status",
            "feil",
            "neste_forsok",
            "rendered_at",
        ],
    )
    logger.info(
        "documents.rendered",
        extra={
            "dokument_id": dokument.pk,
            "attempt": attempt.number,
            "pages": pdf.pages,
            "bytes": len(pdf.content),
        },
    )
    return dokument


def _record_failure(dokument: Dokument, exc: Exception) -> Dokument:
    """A failed attempt (the row is locked): the next one after the back-off, or, after the
    last, ``feilet``."""
    dokument.feil = type(exc).__name__[:200]
    if dokument.forsok >= _max_attempts():
        dokument.status = Dokument.Status.FEILET
        dokument.neste_forsok = None
        reason = _("Document could not be made")
    else:
        dokument.neste_forsok = timezone.now() + render_backoff(dokument.forsok)
        reason = _("Attempt to make the document failed")
    _save(
        dokument,
        actor=dokument.ordered_by,
        reason=reason,
        update_fields=["status", "feil", "neste_forsok"],
    )
    logger.warning(
        "documents.render_attempt_failed",
        extra={
            "dokument_id": dokument.pk,
            "attempt": dokument.forsok,
            "error": dokument.feil,
            "final": dokument.is_failed,
        },
    )
    return dokument


#: ``feil`` of a document whose last attempt never finished (its worker was killed, its task
#: lost): there is no exception to name.
NOT_FINISHED = "AttemptNotFinished"


def _give_up(dokument: Dokument) -> None:
    """The last attempt started and never finished (the row is locked): ``feilet``, and no file
    left over from it."""
    dokument.status = Dokument.Status.FEILET
    dokument.feil = dokument.feil or NOT_FINISHED
    dokument.neste_forsok = None
    _save(
        dokument,
        actor=dokument.ordered_by,
        reason=_("Document could not be made"),
        update_fields=["status", "feil", "neste_forsok"],
    )
    dokument_storage().delete(_file_name(dokument))
    logger.warning(
        "documents.render_given_up",
        extra={"dokument_id": dokument.pk, "attempt": dokument.forsok, "error": dokument.feil},
    )


# --- Retry ------------------------------------------------------------------------------------


def _due(now: datetime) -> Q:
    """Being made, and its next attempt is due: the time set by the last attempt has passed,
    or no attempt has started within the stalled time of the order."""
    return Q(status=Dokument.Status.BESTILT) & (
        Q(neste_forsok__lte=now)
        | Q(neste_forsok__isnull=True, created_at__lte=now - _stalled_after())
    )


@transaction.atomic(durable=True)
def _give_up_if_due(dokument_id: int, now: datetime) -> bool:
    dokument = (
        Dokument.objects.select_for_update(of=("self",), skip_locked=True)
        .select_related("ordered_by")
        .filter(_due(now), pk=dokument_id, forsok__gte=_max_attempts())
        .first()
    )
    if dokument is None:  # made meanwhile, or being made right now
        return False
    _give_up(dokument)
    return True


def dokumenter_retry_stalled(*, now: datetime | None = None, limit: int = 500) -> list[int]:
    """DOK-01: start the next attempt of every document being made that is due one (the beat
    task ``documents.retry_stalled``, every minute; the web process itself when there is no
    broker). A document whose attempts are used up is marked ``feilet``.

    Safe to run twice, or twice at once: each enqueued task names the attempt it is for, and
    only one task starts an attempt (``dokument_render``). The messages expire after the
    stalled time, when the next sweep has enqueued the attempt again. Returns the ids enqueued.
    """
    now = now or timezone.now()
    due = list(
        Dokument.objects.filter(_due(now))
        .order_by("created_at", "pk")
        .values_list("pk", "forsok")[:limit]
    )
    enqueued: list[int] = []
    given_up = 0
    for dokument_id, forsok in due:
        if forsok >= _max_attempts():
            given_up += _give_up_if_due(dokument_id, now)
        elif render_enqueue(
            dokument_id, attempt=forsok + 1, expires=_stalled_after().total_seconds()
        ):
            enqueued.append(dokument_id)
    if due:
        logger.info(
            "documents.retry_sweep",
            extra={"due": len(due), "enqueued": len(enqueued), "given_up": given_up},
        )
    return enqueued


@transaction.atomic
def dokument_retry(*, actor: User, dokument: Dokument) -> Dokument:
    """DOK-01: the caseworker orders a failed document again; its attempts start over and the
    first is enqueued on commit. Only the case's team and its head of service (those who order
    its letters, :data:`documents.actions.DOKUMENT`), else ``NotFound``; a case the actor
    cannot see answers 404."""
    sak = get_visible_sak_for_update(actor, dokument.sak_id)
    dokument = Dokument.objects.select_for_update(of=("self",)).get(pk=dokument.pk, sak=sak)
    dokument.sak = sak
    if not DOKUMENT.may(dokument, actor, "retry"):
        raise NotFound
    if not dokument.is_failed:
        raise RuleViolation(
            [RuleBreach("DOK-01", _("Only a document that could not be made can be tried again."))]
        )
    return dokument_reorder(dokument, actor=actor)


def dokument_reorder(dokument: Dokument, *, actor: User) -> Dokument:
    """DOK-01: a failed document, locked and checked by the caller, is made again: its attempts
    start over and the first is enqueued on commit. :func:`dokument_retry` calls it for a
    case's letter; an app whose documents belong to no case (contractors' approval documents)
    checks who may through its own table and calls it."""
    dokument.status = Dokument.Status.BESTILT
    dokument.forsok = 0
    dokument.feil = ""
    # The sweep waits for the task enqueued below as it waits for a new order's.
    dokument.neste_forsok = timezone.now() + _stalled_after()
    _save(
        dokument,
        actor=actor,
        reason=_("Document ordered again"),
        update_fields=["status", "forsok", "feil", "neste_forsok"],
    )
    logger.info("documents.retry_ordered", extra={"dokument_id": dokument.pk})
    transaction.on_commit(partial(render_enqueue, dokument.pk, attempt=1))
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
    dokument = (
        Dokument.objects.select_for_update(of=("self",)).select_related("part").get(pk=dokument.pk)
    )
    dokument.sak = sak
    # Who may (documents.actions.DOKUMENT); the state is one of the breaches below.
    if not DOKUMENT.may(dokument, actor, "register_dispatch"):
        raise NotFound
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
    if recipients == 1 and not dokument.is_addressed_to(part=part, barnet=barnet):
        breaches.append(
            RuleBreach(
                "DOK-02",
                _("This copy is addressed to %(name)s: send each party their own copy.")
                % {"name": dokument.copy_recipient_name},
                "part",
            )
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
