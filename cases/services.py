"""Writes to cases: one function per user intent, each its own transaction (HackSoft/Zulip).

Every service checks the permission predicate, enforces the rules, saves with the acting user
and a change reason for the history (LOG-01), and never deletes anything.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _

from accounts.models import Rolle, Team, User
from core.exceptions import NotFound, RuleBreach, RuleViolation
from core.history import save_with_history as _save
from core.models import AccessLogEntry

from . import permissions, rules
from .actions import DUPLIKAT, PART, SAK, UNDERSOKELSE
from .models import Barn, MuligDuplikat, Overforing, Part, Sak, Saksnummerserie, Undersokelse


def _full_clean(instance, exclude: list[str] | None = None, **kwargs) -> None:
    """Model validation (SAK-01 and the field rules) raised as a RuleViolation per field."""
    try:
        instance.full_clean(exclude=exclude, **kwargs)
    except ValidationError as exc:
        breaches = [
            RuleBreach("SAK-01" if "fodselsnummer" in field else "LOG-02", msg, field)
            for field, messages in exc.message_dict.items()
            for msg in messages
        ]
        raise RuleViolation(breaches) from None


def _next_saksnummer(team: Team, today: date) -> str:
    serie = _lock_service_series(team.tjeneste_id, today)
    serie.siste += 1
    serie.save(update_fields=["siste"])
    return f"{today.year}/{serie.siste:05d}"


def _lock_service_series(tjeneste_id: int, today: date | None = None) -> Saksnummerserie:
    """The service's number series for the year, locked: whoever registers a child in the
    service (a new case, a changed number) takes turns here (SAK-01)."""
    today = today or timezone.localdate()
    serie, _created = Saksnummerserie.objects.select_for_update().get_or_create(
        tjeneste_id=tjeneste_id, ar=today.year
    )
    return serie


# --- SAK-01: the child's identity within the service ----------------------------------------


def id_number_digest(fodselsnummer: str) -> str:
    """A keyed hash of a number (HMAC-SHA256 with ``SECRET_KEY``), for the access log: the
    same number gives the same hash, so repeated attempts can be found, and the number itself
    is never written (issue 19, finding 1)."""
    return salted_hmac("cases.fodselsnummer", fodselsnummer, algorithm="sha256").hexdigest()


def _same_child(actor: User, barn: Barn) -> Sak | None:
    """SAK-01 within the service: the case of a child with ``barn``'s number in its service.

    The actor may see it (ROLE-02): refused, and told which case it is. The actor may not:
    ``barn`` becomes a possible duplicate of it, and the case is returned, so that the caller
    asks its team leaders and logs the attempt. None: the number is new in the service (another
    service's children are never looked at)."""
    others = list(
        Barn.objects.filter(
            tjeneste_id=barn.tjeneste_id, fodselsnummer=barn.fodselsnummer, sak__isnull=False
        )
        .exclude(pk=barn.pk)
        .select_related("sak")
        .order_by("pk")
    )
    if not others:
        return None
    # The child as first registered (not itself a possible duplicate) comes first.
    others.sort(key=lambda other: other.duplikat_av_id is not None)
    if visible := [o for o in others if permissions.may_see_existing_case(actor, o.sak)]:
        raise RuleViolation(
            [
                RuleBreach(
                    "SAK-01",
                    _("The child already has the case %(number)s.")
                    % {"number": visible[0].sak.saksnummer},
                    "fodselsnummer",
                )
            ]
        )
    barn.duplikat_av = others[0]
    return others[0].sak


def _register_duplicate(
    *, actor: User, sak: Sak, existing: Sak, path: str, ip_address: str | None
) -> MuligDuplikat:
    """SAK-01: ask the existing case's team leaders (their start page) and log the attempt in
    the existing case's access log with the number's keyed hash (ROLE-03)."""
    AccessLogEntry.objects.create(
        user=actor,
        sak=existing,
        tjeneste_id=existing.tjeneste_id,
        action=AccessLogEntry.Action.DUPLICATE,
        path=path[:300],
        ip_address=ip_address,
        reason=f"hmac-sha256:{id_number_digest(sak.barn.fodselsnummer)}",
    )
    duplikat, _created = MuligDuplikat.objects.get_or_create(
        sak=sak,
        eksisterende=existing,
        status=MuligDuplikat.Status.APEN,
        defaults={"registrert_av": actor},
    )
    return duplikat


@transaction.atomic
def sak_create(
    *,
    actor: User,
    team: Team,
    barn_data: dict[str, Any],
    melding_mottatt: date | None = None,
    saksbehandler: User | None = None,
    ip_address: str | None = None,
    age_confirmed: bool = False,
) -> Sak:
    """Open a case for a child (SAK-01), optionally from an investigation (SAK-03).

    The actor must work in the team; the responsible caseworker (SAK-04) is the actor unless
    another caseworker of the team is named.

    A child is known by its number within the service. When the number already has a case
    here that the actor may see, the actor is told; when the actor may not see it, the case is
    opened all the same, as for a new child, and registered as a possible duplicate for the
    existing case's team leaders (:func:`_same_child`). ``ip_address`` goes into the access
    log with such an attempt.

    A number that makes the child older than any child case (over 25, SAK-01) is refused
    next to the number until the caseworker confirms it (``age_confirmed``): it is most likely
    typed wrong.
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
    barn = Barn(**barn_data, tjeneste_id=team.tjeneste_id)
    # The fields first; the identity in the service is this service's own question below.
    _full_clean(barn, exclude=["fodselsdato"], validate_unique=False, validate_constraints=False)
    if not age_confirmed and (breach := _age_beyond_child_case(barn)):
        raise RuleViolation([breach])
    # The service's number series is locked first: two cases opened at once in the service
    # take turns, so each sees the other's child (and the unique constraint never trips).
    saksnummer = _next_saksnummer(team, timezone.localdate())
    existing = _same_child(actor, barn)
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
        saksnummer=saksnummer,
    )
    _save(sak, actor=actor, reason=_("Case opened"))
    if existing is not None:
        _register_duplicate(
            actor=actor,
            sak=sak,
            existing=existing,
            path=reverse("cases:create"),
            ip_address=ip_address,
        )
    return sak


def _age_beyond_child_case(barn: Barn) -> RuleBreach | None:
    """SAK-01 (issue 20, item 7): a child over 25 by its number, to be checked or confirmed."""
    birth_date = rules.parse_id_number(barn.fodselsnummer, allow_synthetic=True).birth_date
    age = rules.age_beyond_child_case(birth_date, timezone.localdate())
    if age is None:
        return None
    return RuleBreach(
        "SAK-01",
        _(
            "By this number the child is %(age)s years old. Measures for children and "
            "aftercare end at 25 at the latest: check the number, or confirm below that it "
            "is right."
        )
        % {"age": age},
        "fodselsnummer",
    )


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
def barn_update(
    *, actor: User, sak_id: int, data: dict[str, Any], ip_address: str | None = None
) -> Barn:
    """The child's details. A new number is a new identity in the service (SAK-01): as when a
    case is opened, the actor is told of a case they may see, and a case they may not see gets
    a possible duplicate, with the attempt logged (:func:`sak_create`)."""
    sak = permissions.get_visible_sak_for_update(actor, sak_id)
    SAK.perform("edit_child", sak, actor)
    barn = Barn.objects.select_for_update().get(pk=sak.barn_id)
    _guard_shielded(actor, barn, data)
    number_before = barn.fodselsnummer
    for field, value in data.items():
        setattr(barn, field, value)
    _full_clean(barn, exclude=["fodselsdato"], validate_unique=False, validate_constraints=False)
    existing = None
    if barn.fodselsnummer != number_before:
        _lock_service_series(sak.tjeneste_id)
        barn.duplikat_av = None
        existing = _same_child(actor, barn)
    _save(barn, actor=actor, reason=_("Child's details changed"))
    if existing is not None:
        sak.barn = barn
        _register_duplicate(
            actor=actor,
            sak=sak,
            existing=existing,
            path=reverse("cases:barn_edit", kwargs={"sak_id": sak.pk}),
            ip_address=ip_address,
        )
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
    return _transfer(
        actor,
        sak,
        til_saksbehandler=til_saksbehandler,
        til_team=til_team,
        overgangsmote_dato=overgangsmote_dato,
        overgangsmote_notat=overgangsmote_notat,
    )


def _transfer(
    actor: User,
    sak: Sak,
    *,
    til_saksbehandler: User,
    til_team: Team,
    overgangsmote_dato: date,
    overgangsmote_notat: str,
) -> Overforing:
    """SAK-04 on the locked case the actor may transfer: the rules, the record, the move."""
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


# --- SAK-01: the team leader decides a possible duplicate ------------------------------------


def _duplikat_for_update(actor: User, duplikat_id: int, action: str) -> MuligDuplikat:
    """The possible duplicate, locked, through the deciders' scope (404 otherwise), with the
    action checked on it (:data:`cases.actions.DUPLIKAT`)."""
    duplikat = (
        MuligDuplikat.objects.select_for_update(of=("self",))
        .filter(permissions.duplicate_scope(actor))
        .filter(pk=duplikat_id)
        .first()
    )
    if duplikat is None:
        raise NotFound
    DUPLIKAT.perform(action, duplikat, actor)
    return duplikat


def _close_new_case(actor: User, duplikat: MuligDuplikat, reason: str) -> Sak:
    """The new case ends: its child has the existing case (never deleted, LOG-01)."""
    sak = Sak.objects.select_for_update().get(pk=duplikat.sak_id)
    sak.status = Sak.Status.AVSLUTTET
    _save(sak, actor=actor, reason=reason, update_fields=["status"])
    return sak


def _decide(actor: User, duplikat: MuligDuplikat, status: str, reason: str) -> MuligDuplikat:
    duplikat.status = status
    duplikat.avgjort_av = actor
    duplikat.avgjort = timezone.now()
    _save(duplikat, actor=actor, reason=reason, update_fields=["status", "avgjort_av", "avgjort"])
    return duplikat


@transaction.atomic
def mulig_duplikat_link(*, actor: User, duplikat_id: int) -> MuligDuplikat:
    """SAK-01: the new case concerns the existing case's child: it is closed, and the existing
    case goes on."""
    duplikat = _duplikat_for_update(actor, duplikat_id, "link")
    _close_new_case(actor, duplikat, _("Linked to the child's existing case (SAK-01)"))
    return _decide(actor, duplikat, MuligDuplikat.Status.KOBLET, _("Linked to the existing case"))


@transaction.atomic
def mulig_duplikat_transfer(
    *, actor: User, duplikat_id: int, overgangsmote_dato: date, overgangsmote_notat: str
) -> MuligDuplikat:
    """SAK-01 and SAK-04: the existing case goes to the new case's caseworker and team, with
    the hand-over meeting recorded; the new case is closed."""
    duplikat = _duplikat_for_update(actor, duplikat_id, "transfer")
    existing = Sak.objects.select_for_update().get(pk=duplikat.eksisterende_id)
    SAK.perform("transfer", existing, actor)
    new = duplikat.sak
    _transfer(
        actor,
        existing,
        til_saksbehandler=new.saksbehandler,
        til_team=new.team,
        overgangsmote_dato=overgangsmote_dato,
        overgangsmote_notat=overgangsmote_notat,
    )
    _close_new_case(actor, duplikat, _("The child's existing case was transferred (SAK-01)"))
    return _decide(actor, duplikat, MuligDuplikat.Status.OVERFORT, _("Existing case transferred"))


@transaction.atomic
def mulig_duplikat_dismiss(*, actor: User, duplikat_id: int) -> MuligDuplikat:
    """SAK-01: not the same child after all; both cases go on."""
    duplikat = _duplikat_for_update(actor, duplikat_id, "dismiss")
    return _decide(actor, duplikat, MuligDuplikat.Status.IKKE_DUPLIKAT, _("Not a duplicate"))


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
