"""Writes of ettervern, one function per intent, each in one transaction (ETT-01, ETT-02).

The decision at 18 is made through the decision's own services (:mod:`vedtak.services`): a
draft of the type the outcome asks for, on bvl § 3-6, and the outcome beside it. From there it
goes the decision's way (guidance, approval, the letter), with the rules of ETT-02 added to
its steps (:mod:`ettervern.registrations`)."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import User
from cases.models import Sak
from cases.permissions import saker_visible_to
from core.exceptions import NotFound, RuleBreach, RuleViolation
from core.history import save_with_history as _save
from journal.models import Journalnotat
from moter.models import Mote
from vedtak import services as vedtak_services
from vedtak.models import Vedtak

from . import rules
from .actions import SAK, VEDTAK
from .models import Ettervernsamtale, Ettervernvedtak

#: bvl § 3-6: measures from 18 (ettervern).
HJEMMEL = "barnevernsloven § 3-6"


def _lock_sak(actor: User, sak_id: int) -> Sak:
    try:
        return (
            saker_visible_to(actor)
            .select_for_update(of=("self",))
            .select_related("barn")
            .get(pk=sak_id)
        )
    except Sak.DoesNotExist:
        raise NotFound from None


@transaction.atomic
def ettervernsamtale_register(
    *, actor: User, sak_id: int, notat_id: int | None = None, mote_id: int | None = None
) -> Ettervernsamtale:
    """ETT-01: mark a signed journal note or a held meeting of the case as the dialogue with
    the youth about ettervern."""
    sak = _lock_sak(actor, sak_id)
    SAK.check("record_dialogue", sak, actor)
    if bool(notat_id) == bool(mote_id):
        raise RuleViolation(
            [
                RuleBreach(
                    "ETT-01",
                    _(
                        "Choose either the journal note or the meeting where the dialogue took "
                        "place."
                    ),
                    "notat",
                )
            ]
        )
    samtale = Ettervernsamtale(sak=sak, registrert_av=actor)
    if notat_id:
        notat = Journalnotat.objects.filter(sak=sak, pk=notat_id).first()
        if notat is None:
            raise NotFound
        breaches = rules.note_problems(notat)
        samtale.notat, samtale.dato = notat, notat.dato
        taken = Ettervernsamtale.objects.filter(notat=notat).exists()
    else:
        mote = Mote.objects.filter(sak=sak, pk=mote_id).first()
        if mote is None:
            raise NotFound
        breaches = rules.meeting_problems(mote)
        samtale.mote, samtale.dato = mote, mote.dato
        taken = Ettervernsamtale.objects.filter(mote=mote).exists()
    if taken:
        breaches.append(
            RuleBreach(
                "ETT-01",
                _("This is already recorded as the ettervern dialogue."),
                "notat" if notat_id else "mote",
            )
        )
    if breaches:
        raise RuleViolation(breaches)
    _save(samtale, actor=actor, reason=_("Ettervern dialogue recorded (ETT-01)"))
    return samtale


@transaction.atomic
def ettervernvedtak_create(
    *,
    actor: User,
    sak_id: int,
    utfall: str,
    endrer_tiltak_ids: list[int] | None = None,
    ungdommens_begrunnelse: str = "",
) -> Vedtak:
    """ETT-02: a draft decision at 18: an end of the running measures when they end or the
    youth declines; a change of them, or new measures, when they continue or change."""
    sak = _lock_sak(actor, sak_id)
    SAK.check("create_decision", sak, actor)
    if utfall not in Ettervernvedtak.Utfall.values:
        raise RuleViolation([RuleBreach("ETT-02", _("Choose the outcome."), "utfall")])
    type = rules.decision_type(utfall, changes_running=bool(endrer_tiltak_ids))
    vedtak = vedtak_services.vedtak_create(
        actor=actor, sak_id=sak.pk, type=type, endrer_tiltak_ids=endrer_tiltak_ids
    )
    vedtak = vedtak_services.vedtak_update(
        actor=actor, vedtak_id=vedtak.pk, versjon=vedtak.versjon, data={"hjemmel": HJEMMEL}
    )
    ettervern = Ettervernvedtak(
        vedtak=vedtak, utfall=utfall, ungdommens_begrunnelse=ungdommens_begrunnelse.strip()
    )
    _save(ettervern, actor=actor, reason=_("Ettervern decision drafted (ETT-02)"))
    return vedtak


@transaction.atomic
def ettervernvedtak_update(
    *, actor: User, vedtak_id: int, utfall: str, ungdommens_begrunnelse: str = ""
) -> Ettervernvedtak:
    """ETT-02: change the outcome of a draft, or the youth's reason. Between ending and going
    on the decision's type differs: that is a new decision."""
    try:
        ettervern = (
            Ettervernvedtak.objects.select_for_update(of=("self",))
            .select_related("vedtak__sak__barn")
            .get(vedtak_id=vedtak_id, vedtak__sak__in=saker_visible_to(actor))
        )
    except Ettervernvedtak.DoesNotExist:
        raise NotFound from None
    VEDTAK.check("change_outcome", ettervern, actor)
    if utfall not in Ettervernvedtak.Utfall.values:
        raise RuleViolation([RuleBreach("ETT-02", _("Choose the outcome."), "utfall")])
    if (utfall in rules.ENDING) != (ettervern.utfall in rules.ENDING):
        raise RuleViolation(
            [
                RuleBreach(
                    "ETT-02",
                    _(
                        "Ending the measures and going on with them are decisions of different "
                        "types: withdraw this draft and make a new ettervern decision."
                    ),
                    "utfall",
                )
            ]
        )
    ettervern.utfall = utfall
    ettervern.ungdommens_begrunnelse = ungdommens_begrunnelse.strip()
    _save(ettervern, actor=actor, reason=_("Ettervern outcome changed (ETT-02)"))
    return ettervern
