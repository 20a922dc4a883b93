"""Writes of the programme bank (BANK-01): one function per intent, each checked by the
kernel (:mod:`programbank.actions`) and saved with its history (LOG-01)."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from accounts.models import Tjeneste, User
from core.exceptions import NotFound
from core.history import full_clean_or_violation, save_with_history
from core.malform import first_form

from . import permissions
from .actions import BANK, PROGRAM
from .defaults import PROGRAMMER, new_defaults
from .models import Program

#: The fields a programme's form changes (the service, the default's code and the history are
#: not the form's).
PROGRAM_FIELDS = (
    "navn",
    "beskrivelse",
    "malgruppe",
    "alder_min",
    "alder_maks",
    "antall_samlinger",
    "varighet_min",
    "varighet_maks",
    "hyppighet",
    "form",
    "tolk_mulig",
    "kontraindikasjoner",
    "merknad",
    "gis_av",
    "gis_av_navn",
    "kartleggingsverktoy",
    "aktiv",
    "rekkefolge",
)


def _tjeneste(actor: User, tjeneste_id: int) -> Tjeneste:
    try:
        return Tjeneste.objects.get(pk=tjeneste_id)
    except Tjeneste.DoesNotExist:
        raise NotFound from None


def _apply(program: Program, actor: User, data: dict[str, Any], reason: str) -> Program:
    for name in PROGRAM_FIELDS:
        if name in data:
            setattr(program, name, data[name])
    full_clean_or_violation(program, exclude=["tjeneste", "utdannede"], rule="BANK-01")
    save_with_history(program, actor=actor, reason=reason)
    if "utdannede" in data:
        # Only the service's own staff can be trained staff.
        allowed = set(
            User.objects.filter(
                pk__in=[u.pk for u in data["utdannede"]],
                rolletildelinger__tjeneste_id=program.tjeneste_id,
                rolletildelinger__avsluttet__isnull=True,
            ).values_list("pk", flat=True)
        )
        program._history_user = actor
        program._change_reason = reason
        program.utdannede.set(sorted(allowed))
    return program


@transaction.atomic
def program_create(*, actor: User, tjeneste_id: int, data: dict[str, Any]) -> Program:
    tjeneste = _tjeneste(actor, tjeneste_id)
    BANK.check("create", tjeneste, actor)
    return _apply(Program(tjeneste=tjeneste), actor, data, _("Programme added"))


@transaction.atomic
def program_update(*, actor: User, program_id: int, data: dict[str, Any]) -> Program:
    program = (
        Program.objects.select_for_update()
        .filter(pk=program_id, tjeneste_id__in=permissions.services_read_by(actor))
        .first()
    )
    if program is None:
        raise NotFound
    PROGRAM.check("edit", program, actor)
    return _apply(program, actor, data, _("Programme changed"))


@transaction.atomic
def program_seed_defaults(*, actor: User, tjeneste_id: int) -> list[Program]:
    """BANK-01: add the programmes of source 000 the service does not have (by their code), in
    the service's written form."""
    tjeneste = _tjeneste(actor, tjeneste_id)
    have = set(
        Program.objects.filter(tjeneste=tjeneste).exclude(kode="").values_list("kode", flat=True)
    )
    tjeneste.mangler_standard = bool({p["kode"] for p in PROGRAMMER} - have)
    BANK.check("seed_defaults", tjeneste, actor)
    # The programmes and their history's reason in the service's written form: the rows are
    # the service's texts, whoever's screen asked for them.
    with translation.override(first_form(tjeneste.malform)):
        reason = _("Programme of the procedure added")
    return bulk_create_with_history(
        new_defaults(Program, tjeneste.pk, have, tjeneste.malform),
        Program,
        default_user=actor,
        default_change_reason=reason,
    )
