"""Writes to cases: one function per user intent, each its own transaction (HackSoft/Zulip).

Every service checks the permission predicate, enforces the rules, saves with the acting user
and a change reason for the history (LOG-01), and never deletes anything.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Rolle, Team, User
from core.exceptions import RuleBreach, RuleViolation
from core.history import save_with_history as _save

from . import permissions
from .actions import PART, SAK, UNDERSOKELSE
from .models import Barn, Overforing, Part, Sak, Saksnummerserie, Undersokelse


def _full_clean(instance, exclude: list[str] | None = None) -> None:
    """Model validation (SAK-01 and the field rules) raised as a RuleViolation per field."""
    try:
        instance.full_clean(exclude=exclude)
    except ValidationError as exc:
        breaches = [
            RuleBreach("SAK-01" if "fodselsnummer" in field else "LOG-02", msg, field)
            for field, messages in exc.message_dict.items()
            for msg in messages
        ]
        raise RuleViolation(breaches) from None


def _next_saksnummer(team: Team, today: date) -> str:
    serie, _created = Saksnummerserie.objects.select_for_update().get_or_create(
        tjeneste_id=team.tjeneste_id, ar=today.year
    )
    serie.siste += 1
    serie.save(update_fields=["siste"])
    return f"{today.year}/{serie.siste:05d}"


@transaction.atomic
def sak_create(
    *,
    actor: User,
    team: Team,
    barn_data: dict[str, Any],
    melding_mottatt: date | None = None,
    saksbehandler: User | None = None,
) -> Sak:
    """Open a case for a child (SAK-01), optionally from an investigation (SAK-03).

    The actor must work in the team; the responsible caseworker (SAK-04) is the actor unless
    another caseworker of the team is named.
    """
    if team.pk not in permissions.teams_for_new_sak(actor).values_list("pk", flat=True):
        raise PermissionDenied
    responsible = saksbehandler or actor
    if breach := _caseworker_not_in_team(responsible, team, field="team"):
        raise RuleViolation([breach])
    if melding_mottatt is not None and melding_mottatt > timezone.localdate():
        raise RuleViolation(
            [RuleBreach("SAK-03", _("The date cannot be in the future."), "melding_mottatt")]
        )
    barn = Barn(**barn_data)
    _full_clean(barn, exclude=["fodselsdato"])
    _save(barn, actor=actor, reason=_("Case opened"))
    undersokelse = None
    if melding_mottatt is not None:
        undersokelse = Undersokelse(barn=barn, team=team, melding_mottatt=melding_mottatt)
        _save(undersokelse, actor=actor, reason=_("Case opened"))
    sak = Sak(
        barn=barn,
        tjeneste_id=team.tjeneste_id,
        team=team,
        saksbehandler=responsible,
        undersokelse=undersokelse,
        saksnummer=_next_saksnummer(team, timezone.localdate()),
    )
    _save(sak, actor=actor, reason=_("Case opened"))
    return sak


def _caseworker_not_in_team(user: User, team: Team, *, field: str) -> RuleBreach | None:
    """SAK-04: the responsible caseworker works in the case's team."""
    if team.pk in user.team_ids(Rolle.SAKSBEHANDLER, Rolle.TEAMLEDER):
        return None
    return RuleBreach(
        "SAK-04", _("The responsible caseworker must be a caseworker in the case's team."), field
    )


def _guard_shielded(actor: User, person, data: dict[str, Any]) -> None:
    """SAK-05: only a user cleared for a shielded address may change it or lift its shield
    (anyone may shield an address)."""
    if not permissions.is_shielded(person) or permissions.cleared_for_address(actor, person):
        return
    breaches = []
    if "adresse" in data and data["adresse"] != person.adresse:
        breaches.append(
            RuleBreach(
                "SAK-05",
                _("The address is shielded: only a user cleared for it may change it."),
                "adresse",
            )
        )
    new_level = data.get("adressebeskyttelse", person.adressebeskyttelse)
    if permissions.shield_rank(new_level) < permissions.shield_rank(person.adressebeskyttelse):
        breaches.append(
            RuleBreach(
                "SAK-05",
                _("Only a user cleared for the shielded address may lower its protection."),
                "adressebeskyttelse",
            )
        )
    if breaches:
        raise RuleViolation(breaches)


@transaction.atomic
def barn_update(*, actor: User, sak_id: int, data: dict[str, Any]) -> Barn:
    sak = permissions.get_visible_sak_for_update(actor, sak_id)
    SAK.perform("edit_child", sak, actor)
    barn = Barn.objects.select_for_update().get(pk=sak.barn_id)
    _guard_shielded(actor, barn, data)
    for field, value in data.items():
        setattr(barn, field, value)
    _full_clean(barn, exclude=["fodselsdato"])
    _save(barn, actor=actor, reason=_("Child's details changed"))
    return barn


@transaction.atomic
def part_create(*, actor: User, sak_id: int, data: dict[str, Any]) -> Part:
    sak = permissions.get_visible_sak_for_update(actor, sak_id)
    SAK.perform("add_party", sak, actor)
    part = Part(sak=sak, **data)
    _full_clean(part)
    _save(part, actor=actor, reason=_("Party added"))
    return part


@transaction.atomic
def part_update(*, actor: User, sak_id: int, part_id: int, data: dict[str, Any]) -> Part:
    sak = permissions.get_visible_sak_for_update(actor, sak_id)
    part = sak.parter.select_for_update().get(pk=part_id)
    PART.perform("edit", part, actor)
    _guard_shielded(actor, part, data)
    for field, value in data.items():
        setattr(part, field, value)
    _full_clean(part)
    _save(part, actor=actor, reason=_("Party changed"))
    return part


@transaction.atomic
def sak_grant_child_party_status(
    *, actor: User, sak_id: int, granted_on: date, grounds: str
) -> Sak:
    """SAK-02: a child under 15 granted party status by a recorded decision."""
    sak = permissions.get_visible_sak_for_update(actor, sak_id)
    SAK.perform("grant_party_status", sak, actor)
    if not grounds.strip():
        raise RuleViolation(
            [RuleBreach("SAK-02", _("State the grounds for the decision."), "grounds")]
        )
    sak.barn_partsstatus_innvilget = granted_on
    sak.barn_partsstatus_begrunnelse = grounds.strip()
    _save(
        sak,
        actor=actor,
        reason=_("Child granted party status"),
        update_fields=["barn_partsstatus_innvilget", "barn_partsstatus_begrunnelse"],
    )
    return sak


@transaction.atomic
def sak_transfer(
    *,
    actor: User,
    sak_id: int,
    til_saksbehandler: User,
    til_team: Team,
    overgangsmote_dato: date,
    overgangsmote_notat: str,
) -> Overforing:
    """SAK-04: hand the case to another caseworker (and team), recording the overgangsmøte."""
    sak = permissions.get_visible_sak_for_update(actor, sak_id)
    SAK.perform("transfer", sak, actor)
    breaches: list[RuleBreach] = []
    if not overgangsmote_notat.strip():
        breaches.append(
            RuleBreach(
                "SAK-04",
                _("Write a note from the hand-over meeting."),
                "overgangsmote_notat",
            )
        )
    if overgangsmote_dato > timezone.localdate():
        breaches.append(
            RuleBreach(
                "SAK-04",
                _("The hand-over meeting cannot be dated in the future."),
                "overgangsmote_dato",
            )
        )
    if til_team.tjeneste_id != sak.tjeneste_id:
        breaches.append(
            RuleBreach("SAK-04", _("The case can only move within the service."), "til_team")
        )
    if til_saksbehandler.pk == sak.saksbehandler_id and til_team.pk == sak.team_id:
        breaches.append(
            RuleBreach(
                "SAK-04",
                _("The case already has this caseworker."),
                "til_saksbehandler",
            )
        )
    if breach := _caseworker_not_in_team(til_saksbehandler, til_team, field="til_saksbehandler"):
        breaches.append(breach)
    if breaches:
        raise RuleViolation(breaches)
    overforing = Overforing(
        sak=sak,
        fra_saksbehandler_id=sak.saksbehandler_id,
        til_saksbehandler=til_saksbehandler,
        fra_team_id=sak.team_id,
        til_team=til_team,
        overgangsmote_dato=overgangsmote_dato,
        overgangsmote_notat=overgangsmote_notat.strip(),
        utfort_av=actor,
    )
    _save(overforing, actor=actor, reason=_("Case transferred"))
    sak.saksbehandler = til_saksbehandler
    sak.team = til_team
    _save(sak, actor=actor, reason=_("Case transferred"), update_fields=["saksbehandler", "team"])
    return overforing


def _investigation_for_update(actor: User, sak_id: int) -> tuple[Sak, Undersokelse | None]:
    """The case and its investigation, both locked (the actions' rules read the one locked)."""
    sak = permissions.get_visible_sak_for_update(actor, sak_id)
    undersokelse = None
    if sak.undersokelse_id is not None:
        undersokelse = Undersokelse.objects.select_for_update().get(pk=sak.undersokelse_id)
    sak.undersokelse = undersokelse
    return sak, undersokelse


@transaction.atomic
def undersokelse_extend(*, actor: User, sak_id: int, begrunnelse: str) -> Undersokelse:
    """SAK-03: extend the investigation deadline from 3 to 6 months (once, before the 3 months
    have run out), with a reason."""
    sak, undersokelse = _investigation_for_update(actor, sak_id)
    UNDERSOKELSE.perform("extend", sak, actor)
    if not begrunnelse.strip():
        raise RuleViolation(
            [RuleBreach("SAK-03", _("State the reason for the extension."), "begrunnelse")]
        )
    undersokelse.forlenget = True
    undersokelse.forlengelse_begrunnelse = begrunnelse.strip()
    _save(
        undersokelse,
        actor=actor,
        reason=_("Investigation deadline extended"),
        update_fields=["forlenget", "forlengelse_begrunnelse"],
    )
    return undersokelse


@transaction.atomic
def undersokelse_complete(
    *, actor: User, sak_id: int, avsluttet: date, konklusjon: str
) -> Undersokelse:
    """SAK-03: record that the investigation is completed, with its conclusion."""
    sak, undersokelse = _investigation_for_update(actor, sak_id)
    UNDERSOKELSE.perform("complete", sak, actor)
    breaches = []
    if avsluttet < undersokelse.melding_mottatt or avsluttet > timezone.localdate():
        breaches.append(
            RuleBreach(
                "SAK-03",
                _("The completion date must be between the report's receipt and today."),
                "avsluttet",
            )
        )
    if konklusjon not in Undersokelse.Konklusjon.values:
        breaches.append(RuleBreach("SAK-03", _("Choose a conclusion."), "konklusjon"))
    if breaches:
        raise RuleViolation(breaches)
    undersokelse.avsluttet = avsluttet
    undersokelse.konklusjon = konklusjon
    _save(
        undersokelse,
        actor=actor,
        reason=_("Investigation completed"),
        update_fields=["avsluttet", "konklusjon"],
    )
    return undersokelse
