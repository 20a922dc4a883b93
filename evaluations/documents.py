"""The evaluation letter with the plan's goals merged in (EVAL-03, EVAL-05, DOK-01), made
through the ``documents`` app from a completed :class:`evaluations.models.Evaluering`."""

from __future__ import annotations

from typing import Any

from plans import documents as plan_documents

EVALUATION = "evaluering"


def _context(evaluering) -> dict[str, Any]:
    from .selectors import evaluation_document_context

    return evaluation_document_context(evaluering.pk)


def register() -> None:
    if not plan_documents._enabled():
        return
    from documents import registry

    registry.register(EVALUATION, template="documents/nb/evaluering.html", context=_context)


def order_evaluation_document(evaluering, *, actor) -> None:
    plan_documents.order(evaluering, type=EVALUATION, actor=actor)


register()
