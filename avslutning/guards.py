"""AVS-02 in the kernel: no action of any table changes a record of a closed case.

:func:`closed_case` is registered in :data:`core.actions.GUARDS`; the one exception is
reopening (``Action(unguarded=True)``). The record's case is found by the model's path of
foreign keys to :class:`cases.models.Sak` (``sak``, ``vedtak.sak``, ``plan.sak`` …), worked out
once per model. When the pages list the offers it looks only at what is loaded; when a service
acts it reads the case's state from the database."""

from __future__ import annotations

from functools import cache

from django.db import models
from django.utils.translation import gettext as _

from cases.models import Sak
from core.exceptions import RuleBreach

_MAX_DEPTH = 3


@cache
def path_to_sak(model: type[models.Model]) -> tuple[str, ...] | None:
    """The foreign keys from ``model`` to its case: ``()`` for the case itself, ``("sak",)``,
    ``("vedtak", "sak")`` …; ``None`` when it has no case."""
    if issubclass(model, Sak):
        return ()
    frontier: list[tuple[type[models.Model], tuple[str, ...]]] = [(model, ())]
    for _depth in range(_MAX_DEPTH):
        nxt = []
        for current, path in frontier:
            fks = [
                f
                for f in current._meta.concrete_fields
                if f.is_relation and (f.many_to_one or f.one_to_one) and f.related_model
            ]
            for f in fks:
                if f.related_model is Sak:
                    return (*path, f.name)
            nxt.extend((f.related_model, (*path, f.name)) for f in fks)
        frontier = nxt
    return None


def sak_id_of(obj, *, fresh: bool) -> tuple[int | None, Sak | None]:
    """``(case id, the case when loaded)`` of a record; ``(None, None)`` when unknown (not
    loaded and ``fresh`` false, or a record of no case)."""
    if isinstance(obj, Sak):
        return obj.pk, obj
    if not isinstance(obj, models.Model):
        return None, None
    path = path_to_sak(obj._meta.model)
    if not path:
        return None, None
    current = obj
    for i, name in enumerate(path):
        field = current._meta.get_field(name)
        if i == len(path) - 1 and not field.is_cached(current):
            sak_id = getattr(current, field.attname)
            return sak_id, None
        if not fresh and not field.is_cached(current):
            return None, None
        current = getattr(current, name)
        if current is None:
            return None, None
    return current.pk, current


def closed_breach() -> RuleBreach:
    return RuleBreach(
        "AVS-02",
        _("The case is closed and cannot be changed. A team leader may reopen it with a reason."),
    )


def is_closed(sak_id: int) -> bool:
    return Sak.objects.filter(pk=sak_id, status=Sak.Status.AVSLUTTET).exists()


def closed_case(obj, fresh: bool) -> RuleBreach | None:
    """The kernel guard (:data:`core.actions.GUARDS`): AVS-02's breach when ``obj``'s case
    is closed."""
    sak_id, sak = sak_id_of(obj, fresh=fresh)
    if sak_id is None:
        return None
    if fresh:
        closed = is_closed(sak_id)
    elif sak is not None:
        closed = sak.status == Sak.Status.AVSLUTTET
    else:
        return None
    return closed_breach() if closed else None
