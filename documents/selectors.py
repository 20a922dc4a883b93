"""Reads of documents, each a fixed number of queries.

The caller has fetched the case through ``cases.permissions.access_sak`` (ROLE-02, ROLE-03):
these selectors take the case's id and trust it.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Prefetch, Q, QuerySet

from .models import Dokument, Utsending


def dokumenter_for(
    sak_id: int,
    source: models.Model | None = None,
    *,
    also: Iterable[QuerySet] = (),
) -> list[Dokument]:
    """The case's documents (or only those made from ``source``), newest first, each with its
    dispatches and their recipients: three queries, however many documents and recipients.

    ``also``: querysets of other sources whose documents the list shows with ``source``'s (a
    decision's page lists its advance notices' letters too); each is a subquery, no query of
    its own."""
    qs: QuerySet[Dokument] = Dokument.objects.filter(sak_id=sak_id)
    if source is not None:
        made_from = Q(content_type=ContentType.objects.get_for_model(source), object_id=source.pk)
        for other in also:
            made_from |= Q(
                content_type=ContentType.objects.get_for_model(other.model),
                object_id__in=other.values("pk"),
            )
        qs = qs.filter(made_from)
    return list(_listed(qs))


def _listed(qs: QuerySet[Dokument]) -> QuerySet[Dokument]:
    """What a list shows of each document: its case and child, its recipient, who ordered it,
    its dispatches and their recipients."""
    utsendinger = Utsending.objects.select_related("part", "registered_by").order_by(
        "tidspunkt", "pk"
    )
    return (
        qs.select_related("sak__barn", "part", "ordered_by")
        .prefetch_related(Prefetch("utsendinger", queryset=utsendinger))
        .order_by("-created_at", "-pk")
    )


def dokument_in_sak(sak_id: int, dokument_id: int) -> Dokument | None:
    return (
        Dokument.objects.filter(sak_id=sak_id, pk=dokument_id)
        .select_related("sak__barn", "part")
        .first()
    )


def dokument_row(sak_id: int, dokument_id: int) -> Dokument | None:
    """One document of the case as a list shows it (:func:`dokumenter_for`), or ``None``."""
    return next(iter(_listed(Dokument.objects.filter(sak_id=sak_id, pk=dokument_id))), None)
