"""The evaluation letter with the plan's goals merged in (EVAL-03, EVAL-05, DOK-01), made
through the ``documents`` app from a completed :class:`evaluations.models.Evaluering`."""

from __future__ import annotations

from typing import Any

from documents import registry
from plans import documents as plan_documents

from .selectors import evaluation_document_context

EVALUATION = "evaluering"


def _context(evaluering) -> dict[str, Any]:
    return evaluation_document_context(evaluering.pk)


def register() -> None:
    registry.register(EVALUATION, template="documents/{sprak}/evaluering.html", context=_context)


def order_evaluation_document(evaluering, *, actor) -> None:
    plan_documents.order(evaluering, type=EVALUATION, actor=actor)


register()
