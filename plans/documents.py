"""The plan's letters, made through the ``documents`` app (DOK-01, DOK-02, PLAN-03, PLAN-05).

- ``tiltaksplan``: the approved version with its cover letter, to every party;
- ``tiltaksplan_barn``: the child-friendly version (plain language, the child's own goals).

Both are made from a :class:`plans.models.Planversjon` and ordered when a leader approves it.
The letters are whole bokmål templates under ``templates/documents/nb/``.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from core.exceptions import RuleBreach, RuleViolation
from documents import registry
from documents.models import Dokument
from documents.recipients import Recipient, parties_of
from documents.services import dokument_create, dokument_register_dispatch

from .selectors import plan_document_context

PLAN = "tiltaksplan"
PLAN_CHILD = "tiltaksplan_barn"


def _plan_context(versjon) -> dict[str, Any]:
    return plan_document_context(versjon.pk)


def _child_context(versjon) -> dict[str, Any]:
    return plan_document_context(versjon.pk, for_child=True)


def register() -> None:
    registry.register(PLAN, template="documents/nb/tiltaksplan.html", context=_plan_context)
    registry.register(
        PLAN_CHILD, template="documents/nb/tiltaksplan_barn.html", context=_child_context
    )


def order(source, *, type: str, actor) -> None:
    dokument_create(actor=actor, sak=source.plan.sak, type=type, source=source)


def order_plan_documents(versjon, *, actor) -> None:
    order(versjon, type=PLAN, actor=actor)
    order(versjon, type=PLAN_CHILD, actor=actor)


def latest(source, type: str) -> Dokument | None:
    return Dokument.objects.for_source(source).filter(type=type).order_by("-versjon").first()


def recipients_of(sak, on=None) -> list[Recipient]:
    """Every active party, and the child when a party (SAK-02)."""
    return parties_of(sak, on or timezone.localdate())


def registered(doc: Dokument | None) -> tuple[set[int], bool]:
    """The parties (ids) the document was sent to, and whether the child got it."""
    utsendinger = list(doc.utsendinger.all()) if doc is not None else []
    return {u.part_id for u in utsendinger if u.part_id}, any(u.barnet for u in utsendinger)


def is_registered(recipient: Recipient, done: tuple[set[int], bool]) -> bool:
    parts, child = done
    return child if recipient.is_child else recipient.part_id in parts


def register_dispatch(
    source,
    *,
    type: str,
    kanaler: dict[str, str],
    actor,
    tidspunkt: datetime | None = None,
) -> list:
    """DOK-02: every party gets the document; record who got it, when and by which channel.
    Recipients already registered are left as they are; every other party needs a channel
    (``kanaler`` maps each :attr:`Recipient.key` to one)."""
    doc = latest(source, type)
    if doc is None or not doc.is_downloadable:
        raise RuleViolation(
            [RuleBreach("DOK-02", _("The document has not been made yet. Try again soon."), None)]
        )
    done = registered(doc)
    todo = [r for r in recipients_of(source.plan.sak) if not is_registered(r, done)]
    missing = [
        str(_("the child")) if r.is_child else r.part.fullt_navn
        for r in todo
        if not kanaler.get(r.key)
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
            part=r.part,
            barnet=r.is_child,
            kanal=kanaler[r.key],
            tidspunkt=when,
        )
        for r in todo
    ]


register()
