"""Reads of documents, each a fixed number of queries.

The caller has fetched the case through ``cases.permissions.access_sak`` (ROLE-02, ROLE-03):
these selectors take the case's id and trust it.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Prefetch, Q, QuerySet

from core import batch

from .models import Dokument, Utsending


def dokumenter_for(
    sak_id: int,
    source: models.Model | None = None,
    *,
    also: Iterable[QuerySet] = (),
) -> list[Dokument]:
    """The case's documents (or only those made from ``source``), newest first, each with its
    dispatches and their recipients: one statement, however many documents and recipients.

    ``also``: querysets of other sources whose documents the list shows with ``source``'s (a
    decision's page lists its advance notices' letters too); each is a subquery, no query of
    its own."""
    return batch.resolve(dokumenter_panel(sak_id, source, also=also))


def dokumenter_panel(
    sak_id: int,
    source: models.Model | None = None,
    *,
    also: Iterable[QuerySet] = (),
) -> batch.Panel:
    """:func:`dokumenter_for` as a panel (``core.batch``): the documents and their dispatches
    in the statement of a page's other lists."""
    qs: QuerySet[Dokument] = Dokument.objects.filter(sak_id=sak_id)
    if source is not None:
        made_from = Q(content_type=ContentType.objects.get_for_model(source), object_id=source.pk)
        for other in also:
            made_from |= Q(
                content_type=ContentType.objects.get_for_model(other.model),
                object_id__in=other.values("pk"),
            )
        qs = qs.filter(made_from)
    rows = yield {
        "dokumenter": _shown(qs),
        "utsendinger": _utsendinger().filter(dokument__in=qs.values("pk")),
    }
    dokumenter = rows["dokumenter"]
    batch.attach_reverse(dokumenter, "utsendinger", rows["utsendinger"])
    return dokumenter


def _shown(qs: QuerySet[Dokument]) -> QuerySet[Dokument]:
    """What a list shows of each document: its case and child, its recipient, who ordered it."""
    return qs.select_related("sak__barn", "part", "ordered_by").order_by("-created_at", "-pk")


def _utsendinger() -> QuerySet[Utsending]:
    """A document's dispatches and their recipients, in the order they were made."""
    return Utsending.objects.select_related("part", "registered_by").order_by("tidspunkt", "pk")


def _listed(qs: QuerySet[Dokument]) -> QuerySet[Dokument]:
    """As a list shows each document (:func:`_shown`), with its dispatches."""
    return _shown(qs).prefetch_related(Prefetch("utsendinger", queryset=_utsendinger()))


def dokument_in_sak(sak_id: int, dokument_id: int) -> Dokument | None:
    return (
        Dokument.objects.filter(sak_id=sak_id, pk=dokument_id)
        .select_related("sak__barn", "part")
        .first()
    )


def dokument_row(sak_id: int, dokument_id: int) -> Dokument | None:
    """One document of the case as a list shows it (:func:`dokumenter_for`), or ``None``."""
    return next(iter(_listed(Dokument.objects.filter(sak_id=sak_id, pk=dokument_id))), None)
