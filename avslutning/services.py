"""Closing a case and reopening it (AVS-01, AVS-02). Each write is one transaction on the
locked case; the actions go through :mod:`avslutning.actions`, and the case's own state
(``Sak.status``) changes with history in the same transaction (LOG-01)."""

from __future__ import annotations

from django.db import transaction
from django.http import Http404
from django.utils.translation import gettext as _

from accounts.models import User
from cases.models import Sak
from cases.permissions import get_visible_sak_for_update
from core.exceptions import NotFound
from core.history import full_clean_or_violation
from core.history import save_with_history as _save

from .actions import MACHINE, SAK
from .models import Avslutning


def _case(actor: User, sak_id: int) -> Sak:
    """The case locked, through the user's scope (NotFound otherwise, ROLE-02)."""
    try:
        return get_visible_sak_for_update(actor, sak_id)
    except Http404:
        raise NotFound from None


def _lock(actor: User, sak_id: int, avslutning_id: int) -> tuple[Sak, Avslutning]:
    sak = _case(actor, sak_id)
    avslutning = Avslutning.objects.select_for_update().filter(pk=avslutning_id, sak=sak).first()
    if avslutning is None:
        raise NotFound
    avslutning.sak = sak
    return sak, avslutning


def _set_case_status(sak: Sak, status: str, *, actor: User, reason: str) -> None:
    sak.status = status
    _save(sak, actor=actor, reason=reason, update_fields=["status"])


@transaction.atomic
def avslutning_propose(*, actor: User, sak_id: int, oppsummering: str) -> Avslutning:
    """AVS-01: the caseworker asks to close the case when nothing stands in the way."""
    sak = _case(actor, sak_id)
    SAK.perform("propose", sak, actor)
    avslutning = Avslutning(sak=sak, oppsummering=oppsummering.strip(), foreslatt_av=actor)
    full_clean_or_violation(avslutning, exclude=["sak", "foreslatt_av", "status"], rule="AVS-01")
    _save(avslutning, actor=actor, reason=_("Closing proposed (AVS-01)"))
    return avslutning


@transaction.atomic
def avslutning_approve(*, actor: User, sak_id: int, avslutning_id: int) -> Avslutning:
    """AVS-01: the team leader approves the closing, checked again; the case is closed and
    read-only (AVS-02)."""
    sak, avslutning = _lock(actor, sak_id, avslutning_id)
    MACHINE.perform("approve", avslutning, actor)
    _save(avslutning, actor=actor, reason=_("Closing approved (AVS-01)"))
    _set_case_status(sak, Sak.Status.AVSLUTTET, actor=actor, reason=_("Case closed (AVS-01)"))
    return avslutning


@transaction.atomic
def avslutning_reject(
    *, actor: User, sak_id: int, avslutning_id: int, begrunnelse: str
) -> Avslutning:
    """AVS-01: the team leader returns the closing with a reason."""
    _sak, avslutning = _lock(actor, sak_id, avslutning_id)
    MACHINE.perform("reject", avslutning, actor, begrunnelse=begrunnelse.strip())
    _save(avslutning, actor=actor, reason=_("Closing returned"))
    return avslutning


@transaction.atomic
def avslutning_reopen(
    *, actor: User, sak_id: int, avslutning_id: int, begrunnelse: str
) -> Avslutning:
    """AVS-02: a team leader reopens the closed case with a reason."""
    sak, avslutning = _lock(actor, sak_id, avslutning_id)
    MACHINE.perform("reopen", avslutning, actor, begrunnelse=begrunnelse.strip())
    _save(avslutning, actor=actor, reason=_("Case reopened (AVS-02)"))
    _set_case_status(sak, Sak.Status.AKTIV, actor=actor, reason=_("Case reopened (AVS-02)"))
    return avslutning
