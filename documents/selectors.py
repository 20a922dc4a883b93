"""Reads of documents, each a fixed number of queries.

The caller has fetched the case through ``cases.permissions.access_sak`` (ROLE-02, ROLE-03):
these selectors take the case's id and trust it.
"""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Prefetch, QuerySet

from .models import Dokument, Utsending


def dokumenter_for(sak_id: int, source: models.Model | None = None) -> list[Dokument]:
    """The case's documents (or only those made from ``source``), newest first, each with its
    dispatches and their recipients: three queries, however many documents and recipients."""
    qs: QuerySet[Dokument] = Dokument.objects.filter(sak_id=sak_id)
    if source is not None:
        qs = qs.filter(content_type=ContentType.objects.get_for_model(source), object_id=source.pk)
    utsendinger = Utsending.objects.select_related("part", "registered_by").order_by(
        "tidspunkt", "pk"
    )
    return list(
        qs.select_related("sak__barn", "ordered_by")
        .prefetch_related(Prefetch("utsendinger", queryset=utsendinger))
        .order_by("-created_at", "-pk")
    )


def dokument_in_sak(sak_id: int, dokument_id: int) -> Dokument | None:
    return (
        Dokument.objects.filter(sak_id=sak_id, pk=dokument_id).select_related("sak__barn").first()
    )
