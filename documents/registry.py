"""The document types and how each is made: a template and a context function (DOK-01).

The app that owns a document type registers it in its ``AppConfig.ready()``::

    from documents import registry
    from documents.models import Dokument

    def vedtak_context(vedtak) -> dict:
        return {"vedtak": vedtak, "mottakere": [...], "underskrivere": [...]}

    registry.register(
        Dokument.Type.VEDTAK, template="documents/{sprak}/vedtak.html", context=vedtak_context
    )

``context`` receives the source record the document is made from (the one passed to
``dokument_create``) and returns the template's variables. It runs in the worker, so it must
read what it needs from the database itself and never depend on a request. The template
normally extends ``documents/<sprak>/base_letter.html``: each written form (DOK-01, issue 26)
has its own whole letters, ``template`` names them with ``{sprak}``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ImproperlyConfigured

from .models import Dokument

ContextFunction = Callable[[Any], dict[str, Any]]
#: The files a letter encloses, embedded in its PDF: ``(file name, content)`` pairs.
AttachmentsFunction = Callable[[Any], list[tuple[str, bytes]]]


@dataclass(frozen=True)
class SourceRef:
    """A letter's source by its id, for a context function that reads the row itself
    (``register(…, reads_source=False)``). ``sak`` is the document's case as the document row
    was read (with its child, service and caseworker), or ``None``."""

    pk: int
    sak: Any


@dataclass(frozen=True)
class DocumentKind:
    type: str
    #: The template's name with ``{sprak}`` for the letter's written form (issue 26):
    #: ``documents/{sprak}/vedtak.html`` is ``documents/nb/…`` in bokmål, ``documents/nn/…``
    #: in nynorsk.
    template: str
    context: ContextFunction
    attachments: AttachmentsFunction | None = None
    #: ``False``: the context function reads what it prints itself, by the source's id; it
    #: gets a :class:`SourceRef`, and the source row is not read first (bench P6a).
    reads_source: bool = True

    def template_for(self, sprak: str) -> str:
        """The template of this kind of letter in the written form ``sprak``."""
        return self.template.format(sprak=sprak)


_kinds: dict[str, DocumentKind] = {}


def _valid_types() -> set[str]:
    return set(Dokument.Type.values)


def register(
    type: str,
    *,
    template: str,
    context: ContextFunction,
    attachments: AttachmentsFunction | None = None,
    reads_source: bool = True,
) -> DocumentKind:
    """Register how documents of ``type`` (a ``Dokument.Type`` value) are made.

    Registering the same type twice with a different template or context is a programming
    error and raises ``ImproperlyConfigured`` (two apps must not fight over one type).
    """
    if type not in _valid_types():
        raise ImproperlyConfigured(
            f"Unknown document type {type!r}: add it to documents.models.Dokument.Type first."
        )
    if "{sprak}" not in template:
        raise ImproperlyConfigured(
            f"The template of document type {type!r} must name its written form as {{sprak}}."
        )
    if not callable(context):
        raise ImproperlyConfigured(f"The context of document type {type!r} must be callable.")
    kind = DocumentKind(
        type=str(type),
        template=template,
        context=context,
        attachments=attachments,
        reads_source=reads_source,
    )
    existing = _kinds.get(kind.type)
    if existing is not None and existing != kind:
        raise ImproperlyConfigured(f"Document type {type!r} is already registered.")
    _kinds[kind.type] = kind
    return kind


def get(type: str) -> DocumentKind:
    try:
        return _kinds[str(type)]
    except KeyError:
        raise ImproperlyConfigured(f"Document type {type!r} is not registered.") from None


def is_registered(type: str) -> bool:
    return str(type) in _kinds


def registered() -> list[DocumentKind]:
    return [_kinds[t] for t in sorted(_kinds)]


@contextmanager
def override(type: str, *, template: str, context: ContextFunction) -> Iterator[DocumentKind]:
    """For tests: register ``type`` for the duration of the block, then restore what was there."""
    previous = _kinds.pop(str(type), None)
    try:
        yield register(type, template=template, context=context)
    finally:
        _kinds.pop(str(type), None)
        if previous is not None:
            _kinds[previous.type] = previous
