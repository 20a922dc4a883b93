"""The plan's letters, made through the ``documents`` app (DOK-01, DOK-02, PLAN-03, PLAN-05).

- ``tiltaksplan``: the approved version with its cover letter, one copy for every party
  (DOK-02), each addressed to that party alone (SAK-05: never a shielded address);
- ``tiltaksplan_barn``: the child-friendly version (plain language, the child's own goals).

The evaluation letter (``evaluations``) is ordered and sent through :func:`order` and
:func:`register_dispatch` too, one copy per party.

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
from documents.recipients import Recipient, latest_copies, parties_of
from documents.services import dokument_create, dokument_create_copies, dokument_register_dispatch

from .selectors import plan_document_context

PLAN = "tiltaksplan"
PLAN_CHILD = "tiltaksplan_barn"


def _plan_context(versjon) -> dict[str, Any]:
    return plan_document_context(versjon.pk)


def _child_context(versjon) -> dict[str, Any]:
    return plan_document_context(versjon.pk, for_child=True)


def register() -> None:
    registry.register(PLAN, template="documents/{sprak}/tiltaksplan.html", context=_plan_context)
    registry.register(
        PLAN_CHILD, template="documents/{sprak}/tiltaksplan_barn.html", context=_child_context
    )


def order(source, *, type: str, actor, copies: bool = True) -> None:
    """Order the letter made from ``source``: one copy per party (DOK-02), or, with
    ``copies=False``, one letter (the child's own version of the plan)."""
    sak = source.plan.sak
    if not copies:
        dokument_create(actor=actor, sak=sak, type=type, source=source)
        return
    dokument_create_copies(
        actor=actor, sak=sak, type=type, source=source, recipients=recipients_of(sak)
    )


def order_plan_documents(versjon, *, actor) -> None:
    order(versjon, type=PLAN, actor=actor)
    order(versjon, type=PLAN_CHILD, actor=actor, copies=False)


def copies_of(source, type: str) -> dict[str, Dokument]:
    """The latest version of each party's copy (``""``: a letter of no one's)."""
    return latest_copies(
        Dokument.objects.for_source(source)
        .filter(type=type)
        .select_related("part")
        .prefetch_related("utsendinger")
    )


def all_made(copies: dict[str, Dokument]) -> bool:
    return bool(copies) and all(d.is_downloadable for d in copies.values())


def recipients_of(sak, on=None) -> list[Recipient]:
    """Every active party, and the child when a party (SAK-02)."""
    return parties_of(sak, on or timezone.localdate())


def registered(copies: dict[str, Dokument]) -> tuple[set[int], bool]:
    """The parties (ids) the letter was sent to, and whether the child got it (any copy)."""
    utsendinger = [u for d in copies.values() for u in d.utsendinger.all()]
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
    copies = copies_of(source, type)
    if not all_made(copies):
        raise RuleViolation(
            [RuleBreach("DOK-02", _("The document has not been made yet. Try again soon."), None)]
        )
    done = registered(copies)
    todo = [r for r in recipients_of(source.plan.sak) if not is_registered(r, done)]
    no_copy = [
        str(_("the child")) if r.is_child else r.part.fullt_navn
        for r in todo
        if r.key not in copies and "" not in copies
    ]
    if no_copy:
        raise RuleViolation(
            [
                RuleBreach(
                    "DOK-02",
                    _("There is no copy of the document for: %(names)s.")
                    % {"names": ", ".join(no_copy)},
                    None,
                )
            ]
        )
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
            dokument=copies.get(r.key) or copies[""],
            part=r.part,
            barnet=r.is_child,
            kanal=kanaler[r.key],
            tidspunkt=when,
        )
        for r in todo
    ]


register()
