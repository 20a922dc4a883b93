"""Reads of the programme bank, scoped to the services the user works in (ROLE-02), each with
a fixed number of queries."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from accounts.models import CASE_ROLES, Tjeneste, User
from core.exceptions import NotFound

from . import permissions
from .defaults import PROGRAMMER
from .models import Program
from .registry import Provider, staff_load, trained_contractors

_TRAINED = Prefetch("utdannede", queryset=User.objects.order_by("first_name", "last_name", "pk"))


def staff_of(tjeneste_id: int) -> QuerySet[User]:
    """The users who hold a role in the service's casework now: those who can be trained."""
    return (
        User.objects.filter(
            is_active=True,
            rolletildelinger__tjeneste_id=tjeneste_id,
            rolletildelinger__rolle__in=CASE_ROLES,
            rolletildelinger__avsluttet__isnull=True,
        )
        .distinct()
        .order_by("first_name", "last_name", "pk")
    )


@dataclass
class BankPage:
    tjeneste: Tjeneste
    programmer: list[Program] = field(default_factory=list)


def bank_pages(user: User) -> list[BankPage]:
    """The programme bank of each service the user reads (one for most users), with the
    trained staff; marks each service with the defaults it lacks (``mangler_standard``)."""
    ids = permissions.services_read_by(user)
    if not ids:
        return []
    tjenester = {t.pk: BankPage(t) for t in Tjeneste.objects.filter(pk__in=ids).order_by("navn")}
    rows = Program.objects.filter(tjeneste_id__in=ids).prefetch_related(_TRAINED)
    for p in rows:
        tjenester[p.tjeneste_id].programmer.append(p)
    default_codes = {p["kode"] for p in PROGRAMMER}
    for page in tjenester.values():
        have = {p.kode for p in page.programmer}
        page.tjeneste.mangler_standard = bool(default_codes - have)
    return list(tjenester.values())


def program_for(user: User, program_id: int) -> Program:
    """A programme of a service the user reads, else :class:`NotFound` (404)."""
    program = (
        Program.objects.filter(pk=program_id, tjeneste_id__in=permissions.services_read_by(user))
        .select_related("tjeneste")
        .prefetch_related(_TRAINED)
        .first()
    )
    if program is None:
        raise NotFound
    return program


def tjeneste_kept_by(user: User, tjeneste_id: int) -> Tjeneste:
    if tjeneste_id not in permissions.services_kept_by(user):
        raise NotFound
    return Tjeneste.objects.get(pk=tjeneste_id)


def providers(program: Program, on: date | None = None) -> list[Provider]:
    """BANK-04: the staff and contractors trained in the programme, each with the running
    measures they give now, the least loaded first."""
    on = on or timezone.localdate()
    staff = list(program.utdannede.all())
    load = staff_load({u.pk for u in staff}, on)
    found = [
        Provider("staff", u.pk, u.get_full_name() or u.username, load.get(u.pk, 0)) for u in staff
    ]
    found.extend(trained_contractors([program], on).get(program.pk, []))
    return sorted(found, key=lambda p: (p.load is None, p.load or 0, p.name))


@dataclass(frozen=True)
class Change:
    when: object
    who: object
    reason: str
    kind: str
    fields: list[str]


def changes(program: Program) -> list[Change]:
    """LOG-01: the programme's history, newest first, with the fields each change touched."""
    records = list(program.history.select_related("history_user").order_by("history_date"))
    out = []
    previous = None
    labels = {f.name: str(f.verbose_name) for f in Program._meta.get_fields() if f.concrete}
    for record in records:
        fields = []
        if previous is not None:
            # The trained staff's own history is left out: reading it costs a query per change.
            delta = record.diff_against(previous, excluded_fields=["utdannede"])
            fields = [labels.get(c.field, c.field) for c in delta.changes]
        out.append(
            Change(
                record.history_date,
                record.history_user,
                record.history_change_reason or "",
                record.history_type,
                fields,
            )
        )
        previous = record
    return list(reversed(out))


# --- what the decisions ask (vedtak, above) -----------------------------------------------


def programs_for_measures(tjeneste_id: int) -> QuerySet[Program]:
    """BANK-03: the programmes in use that a measure may name (given by the service, not an
    assessment tool)."""
    return Program.objects.filter(
        tjeneste_id=tjeneste_id,
        aktiv=True,
        kartleggingsverktoy=False,
        gis_av=Program.GisAv.TJENESTEN,
    )


def programs_by_referral(tjeneste_id: int) -> QuerySet[Program]:
    """BANK-03: the programmes in use given by another service, reached by a referral."""
    return Program.objects.filter(
        tjeneste_id=tjeneste_id,
        aktiv=True,
        kartleggingsverktoy=False,
        gis_av=Program.GisAv.ANNEN,
    )


def trained_staff(tjeneste_id: int) -> QuerySet:
    """The programmes in use with their trained staff, for the measure's provider (BANK-04)."""
    return programs_for_measures(tjeneste_id).prefetch_related(_TRAINED)
