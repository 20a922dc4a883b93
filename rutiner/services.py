"""The writes of the checklists and the routine table (RUT-01, RUT-02). Each is one
transaction with history (LOG-01)."""

from __future__ import annotations

from django.db import ProgrammingError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from accounts.models import Tjeneste, User
from cases.permissions import get_visible_sak_for_update
from core.exceptions import NotFound, RuleBreach, RuleViolation
from core.history import full_clean_or_violation
from core.history import save_with_history as _save
from core.malform import first_form

from . import defaults, permissions
from .models import Rutine, SakSjekkliste, Sjekkliste, Sjekkpunkt


def ensure_defaults(tjeneste_id: int, malform: str | None = None) -> None:
    """Seed source 002's checklists and routine table for a service that has none of them
    (idempotent: a template or routine the service has is left as it is), in the service's
    written form (``malform``, else read from the service). The history's reason is in that
    form too: the rows are the service's texts, whoever's screen made them."""
    have = set(Sjekkliste.objects.filter(tjeneste_id=tjeneste_id).values_list("kode", flat=True))
    need_checklists = any(c["kode"] not in have for c in defaults.CHECKLISTS)
    need_routines = not Rutine.objects.filter(tjeneste_id=tjeneste_id).exists()
    if not (need_checklists or need_routines):
        return
    if malform is None:
        malform = Tjeneste.objects.filter(pk=tjeneste_id).values_list("malform", flat=True).first()
    form = first_form(malform)
    with translation.override(form):
        reason = _("Seeded from source 002")
    if need_checklists:
        bulk_create_with_history(
            [
                Sjekkliste(tjeneste_id=tjeneste_id, **c)
                for c in defaults.checklists(form)
                if c["kode"] not in have
            ],
            Sjekkliste,
            default_change_reason=reason,
        )
    if need_routines:
        bulk_create_with_history(
            [
                Rutine(tjeneste_id=tjeneste_id, rekkefolge=i, **r)
                for i, r in enumerate(defaults.routines(form), start=1)
            ],
            Rutine,
            default_change_reason=reason,
        )


def _items(text: str) -> list[str]:
    return [line.strip(" -•\t") for line in text.splitlines() if line.strip(" -•\t")]


@transaction.atomic
def sjekkliste_save(
    *,
    actor: User,
    tjeneste_id: int,
    sjekkliste_id: int | None = None,
    kode: str,
    navn: str,
    punkter: str,
    aktiv: bool = True,
) -> Sjekkliste:
    """RUT-01: the head of service keeps the service's checklist (new when no id)."""
    if not permissions.keeps_routines(actor, tjeneste_id):
        raise NotFound
    if sjekkliste_id is None:
        sjekkliste = Sjekkliste(tjeneste_id=tjeneste_id)
    else:
        sjekkliste = (
            Sjekkliste.objects.select_for_update()
            .filter(pk=sjekkliste_id, tjeneste_id=tjeneste_id)
            .first()
        )
        if sjekkliste is None:
            raise NotFound
    items = _items(punkter)
    if not items:
        raise RuleViolation([RuleBreach("RUT-01", _("Write at least one item."), "punkter")])
    if (
        Sjekkliste.objects.filter(tjeneste_id=tjeneste_id, kode=kode)
        .exclude(pk=sjekkliste.pk)
        .exists()
    ):
        raise RuleViolation(
            [RuleBreach("RUT-01", _("The service has a checklist with this code."), "kode")]
        )
    sjekkliste.kode, sjekkliste.navn, sjekkliste.punkter, sjekkliste.aktiv = (
        kode,
        navn.strip(),
        items,
        aktiv,
    )
    full_clean_or_violation(sjekkliste, exclude=["tjeneste"], rule="RUT-01")
    _save(sjekkliste, actor=actor, reason=_("Checklist kept by the head of service"))
    return sjekkliste


@transaction.atomic
def rutine_save(
    *,
    actor: User,
    tjeneste_id: int,
    rutine_id: int | None = None,
    **fields,
) -> Rutine:
    """RUT-02: the head of service keeps a row of the routine table (new when no id)."""
    if not permissions.keeps_routines(actor, tjeneste_id):
        raise NotFound
    if rutine_id is None:
        rutine = Rutine(tjeneste_id=tjeneste_id)
    else:
        rutine = (
            Rutine.objects.select_for_update().filter(pk=rutine_id, tjeneste_id=tjeneste_id).first()
        )
        if rutine is None:
            raise NotFound
    for name, value in fields.items():
        setattr(rutine, name, value.strip() if isinstance(value, str) else value)
    full_clean_or_violation(rutine, exclude=["tjeneste"], rule="RUT-02")
    _save(rutine, actor=actor, reason=_("Routine kept by the head of service"))
    return rutine


@transaction.atomic
def sak_sjekkliste_start(*, actor: User, sak_id: int, kode: str) -> SakSjekkliste:
    """RUT-01: start the service's checklist ``kode`` on a case (its items copied). Starting
    one that is already started gives the one there is."""
    sak = get_visible_sak_for_update(actor, sak_id)
    if not permissions.can_tick(actor, sak):
        raise NotFound
    existing = SakSjekkliste.objects.filter(sak=sak, kode=kode).first()
    if existing is not None:
        return existing
    ensure_defaults(sak.tjeneste_id)
    mal = Sjekkliste.objects.filter(tjeneste_id=sak.tjeneste_id, kode=kode, aktiv=True).first()
    if mal is None:
        raise NotFound
    started = SakSjekkliste(sak=sak, mal=mal, kode=mal.kode, navn=mal.navn, startet_av=actor)
    _save(started, actor=actor, reason=_("Checklist started"))
    for nr, tekst in enumerate(mal.punkter, start=1):
        punkt = Sjekkpunkt(sjekkliste=started, nr=nr, tekst=tekst)
        _save(punkt, actor=actor, reason=_("Checklist started"))
    return started


@transaction.atomic
def sjekkpunkt_tick(*, actor: User, sak_id: int, punkt_id: int, ticked: bool) -> Sjekkpunkt:
    """RUT-01: tick an item (who and when), or untick it."""
    sak = get_visible_sak_for_update(actor, sak_id)
    if not permissions.can_tick(actor, sak):
        raise NotFound
    punkt = Sjekkpunkt.objects.select_for_update().filter(pk=punkt_id, sjekkliste__sak=sak).first()
    if punkt is None:
        raise NotFound
    if ticked:
        punkt.avkrysset, punkt.avkrysset_av = timezone.now(), actor
        reason = _("Item ticked")
    else:
        punkt.avkrysset, punkt.avkrysset_av = None, None
        reason = _("Item unticked")
    _save(punkt, actor=actor, reason=reason, update_fields=["avkrysset", "avkrysset_av"])
    return punkt


def seed_on_new_service(sender, instance: Tjeneste, created: bool, raw: bool = False, **kw):
    """A new service starts with source 002's checklists and routines, in the written form it
    is made with (one whose form is changed later keeps the rows it has: they are its own)."""
    if created and not raw:
        try:
            with transaction.atomic():
                ensure_defaults(instance.pk, instance.malform)
        except ProgrammingError:
            # A database migrated to a state before rutiner (a migration test): no table to
            # seed; the data migration seeds the service when rutiner's tables come.
            return
