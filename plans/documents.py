"""The plan's letters, made through the ``documents`` app (DOK-01, DOK-02, PLAN-03, PLAN-05).

- ``tiltaksplan``: the approved version with its cover letter, to every party;
- ``tiltaksplan_barn``: the child-friendly version (plain language, the child's own goals).

Both are made from a :class:`plans.models.Planversjon` and ordered when a leader approves it.
The letters are whole bokmål templates under ``templates/documents/nb/``.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.apps import apps
from django.utils import timezone
from django.utils.translation import gettext as _

from core.exceptions import RuleBreach, RuleViolation

PLAN = "tiltaksplan"
PLAN_CHILD = "tiltaksplan_barn"


def _enabled() -> bool:
    return apps.is_installed("documents")


def _plan_context(versjon) -> dict[str, Any]:
    from .selectors import plan_document_context

    return plan_document_context(versjon.pk)


def _child_context(versjon) -> dict[str, Any]:
    from .selectors import plan_document_context

    return plan_document_context(versjon.pk, for_child=True)


def register() -> None:
    if not _enabled():
        return
    from documents import registry

    registry.register(PLAN, template="documents/nb/tiltaksplan.html", context=_plan_context)
    registry.register(
        PLAN_CHILD, template="documents/nb/tiltaksplan_barn.html", context=_child_context
    )


def order(source, *, type: str, actor) -> None:
    if not _enabled():
        return
    from documents.services import dokument_create

    dokument_create(actor=actor, sak=source.plan.sak, type=type, source=source)


def order_plan_documents(versjon, *, actor) -> None:
    order(versjon, type=PLAN, actor=actor)
    order(versjon, type=PLAN_CHILD, actor=actor)


def latest(source, type: str):
    if not _enabled():
        return None
    from documents.models import Dokument

    return Dokument.objects.for_source(source).filter(type=type).order_by("-versjon").first()


def recipients_of(sak, on=None) -> list[tuple[Any, bool]]:
    """(party, is_child) for every active party, and the child when a party (SAK-02)."""
    result: list[tuple[Any, bool]] = [(p, False) for p in sak.parter.all() if p.aktiv]
    if sak.barn_er_part(on):
        result.append((None, True))
    return result


def recipient_key(part, is_child: bool) -> str:
    return "barn" if is_child else f"part-{part.pk}"


def register_dispatch(
    source,
    *,
    type: str,
    kanaler: dict[str, str],
    actor,
    tidspunkt: datetime | None = None,
) -> list:
    """DOK-02: every party gets the document; record who got it, when and by which channel.
    Recipients already registered are left as they are; every other party needs a channel."""
    if not _enabled():
        return []
    from documents.services import dokument_register_dispatch

    doc = latest(source, type)
    if doc is None or not doc.is_downloadable:
        raise RuleViolation(
            [RuleBreach("DOK-02", _("The document has not been made yet. Try again soon."), None)]
        )
    sak = source.plan.sak
    done_parts = {u.part_id for u in doc.utsendinger.all() if u.part_id}
    child_done = any(u.barnet for u in doc.utsendinger.all())
    todo = [
        (part, is_child)
        for part, is_child in recipients_of(sak)
        if not (child_done if is_child else part.pk in done_parts)
    ]
    missing = [
        str(_("the child")) if is_child else part.fullt_navn
        for part, is_child in todo
        if not kanaler.get(recipient_key(part, is_child))
    ]
    if missing:
        raise RuleViolation(
            [
                RuleBreach(
                    "DOK-02",
                    _("Every party gets the document; choose how it is sent to: %(names)s.")
                    % {"names": ", ".join(missing)},
                    None,
                )
            ]
        )
    when = tidspunkt or timezone.now()
    return [
        dokument_register_dispatch(
            actor=actor,
            dokument=doc,
            part=None if is_child else part,
            barnet=is_child,
            kanal=kanaler[recipient_key(part, is_child)],
            tidspunkt=when,
        )
        for part, is_child in todo
    ]


register()
