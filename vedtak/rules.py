"""The rules of the decision (VED-01 … VED-12) and of consent (SAM-01 … SAM-04).

Each rule is a named object with its ID, a sentence for the user and a function that lists
what is missing. The state machine's ``conditions=`` and the page's "why is this disabled?"
ask the same objects (STYLE.md §2), so the buttons and the enforcement never disagree.

The functions read the vedtak and its related rows (prefetched by the services and selectors)
and never write.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING, Any

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cases.rules import add_months, add_years
from core.exceptions import RuleBreach
from core.rules import Rule, format_date
from documents.recipients import parties_of

from . import hooks
from .programs import BANK_02

if TYPE_CHECKING:
    from .models import Tiltak, Vedtak  # types only: models imports rules (conditions=)


_d = format_date


def _active_tiltak(vedtak: Vedtak) -> list[Tiltak]:
    return list(vedtak.tiltak.all())


# --- VED-01 / VED-02: the content ------------------------------------------------------------

_CONTENT_FIELDS = (
    ("bakgrunn", gettext_lazy("the facts of the case")),
    ("vurdering", gettext_lazy("the considerations and professional assessment")),
    ("barnets_mening", gettext_lazy("the child's opinion")),
    ("barnets_mening_vekt", gettext_lazy("the weight given to the child's opinion")),
    ("barnets_beste", gettext_lazy("the best-interests assessment")),
)


def _ved01(vedtak: Vedtak, on: date) -> list[str]:
    return [] if _active_tiltak(vedtak) else [_("Add at least one measure.")]


def _ved02(vedtak: Vedtak, on: date) -> list[str]:
    missing = [str(label) for field, label in _CONTENT_FIELDS if not getattr(vedtak, field).strip()]
    found = []
    if missing:
        found.append(_("Missing: %(parts)s.") % {"parts": ", ".join(missing)})
    needs_scope = vedtak.type != vedtak.Type.AVSLUTNING
    for t in _active_tiltak(vedtak):
        if t.startdato is None:
            found.append(_("«%(measure)s» has no start date.") % {"measure": t.type.navn})
        if needs_scope and not t.omfang.strip():
            found.append(_("«%(measure)s» has no scope.") % {"measure": t.type.navn})
        if not needs_scope and t.endrer_id is None:
            found.append(
                _("«%(measure)s» does not say which measure it ends.") % {"measure": t.type.navn}
            )
    return found


VED_01 = Rule(
    "VED-01",
    gettext_lazy("A decision holds one or more measures."),
    _ved01,
)


def _ved01_end_takes_no_new(vedtak: Vedtak, on: date) -> list[str]:
    if vedtak.type == vedtak.Type.AVSLUTNING:
        return [
            _(
                "A decision to end measures takes no new measure: it names the running "
                "measures it ends when it is made."
            )
        ]
    return []


#: VED-01 for adding a measure to a draft: an end names what it ends when it is made.
VED_01_END = Rule(
    "VED-01",
    gettext_lazy("A decision to end measures names the running measures it ends."),
    _ved01_end_takes_no_new,
)


VED_02 = Rule(
    "VED-02",
    gettext_lazy("The decision must state its content before it goes for approval."),
    _ved02,
)


# --- VED-05: the team leader approved the measures -------------------------------------------


def _ved05(vedtak: Vedtak, on: date) -> list[str]:
    if vedtak.tiltak_godkjent_av_id is None:
        return [_("The team leader has not approved the proposed measures.")]
    return []


VED_05 = Rule(
    "VED-05",
    gettext_lazy("The team leader approves the measures before releasing the decision."),
    _ved05,
)


# --- VED-06: advance notice ------------------------------------------------------------------


def parties_to_notify(vedtak: Vedtak, on: date) -> list[tuple[Any, bool]]:
    """(part, is_child) for every party of the case: active parties, and the child when the
    child is a party (SAK-02). From the 18th birthday the youth, and a parent only with the
    youth's consent to share information with them (SAM-01 as amended, SAM-04;
    :func:`documents.recipients.parties_of`)."""
    return [(r.part, r.is_child) for r in parties_of(vedtak.sak, on)]


def _ved06(vedtak: Vedtak, on: date) -> list[str]:
    notices = list(vedtak.forhandsvarsler.all())
    by_part = {n.part_id: n for n in notices if n.part_id}
    to_child = next((n for n in notices if n.til_barnet), None)
    found = []
    for part, is_child in parties_to_notify(vedtak, on):
        notice = to_child if is_child else by_part.get(part.pk)
        name = _("the child") if is_child else part.fullt_navn
        if notice is None:
            found.append(_("%(name)s has not been notified.") % {"name": name})
        elif not notice.er_avklart(on):
            found.append(
                _("Waiting for the statement of %(name)s until %(date)s.")
                % {"name": name, "date": _d(notice.frist)}
            )
    return found


VED_06 = Rule(
    "VED-06",
    gettext_lazy(
        "Every party must be notified and have answered, or the deadline must have passed."
    ),
    _ved06,
)


def unnotified(vedtak: Vedtak, on: date) -> list[tuple[Any, bool]]:
    """VED-06: the parties (``(part, is_child)``) no advance notice has gone to yet."""
    notices = list(vedtak.forhandsvarsler.all())
    notified = {n.part_id for n in notices if n.part_id}
    child = any(n.til_barnet for n in notices)
    return [
        (part, is_child)
        for part, is_child in parties_to_notify(vedtak, on)
        if not (child if is_child else part.pk in notified)
    ]


def _ved06_someone_to_notify(vedtak: Vedtak, on: date) -> list[str]:
    return [] if unnotified(vedtak, on) else [_("Every party has been notified.")]


#: VED-06 for sending a notice: a party gets one advance notice.
VED_06_SOMEONE_TO_NOTIFY = Rule(
    "VED-06",
    gettext_lazy("An advance notice goes to a party not yet notified."),
    _ved06_someone_to_notify,
)


# --- VED-07 / SAM-01: consent or the county board's order ------------------------------------


#: bvl § 3-6: from the 18th birthday the youth decides alone (ettervern).
ADULT_AGE = 18


def adult_from(birth_date: date) -> date:
    """The 18th birthday: a birthday of 29 February falls on 1 March in common years
    (:func:`cases.rules.add_years`)."""
    return add_years(birth_date, ADULT_AGE)


def youth_is_adult(vedtak: Vedtak, on: date) -> bool:
    """SAM-01 from 18: the child of the case has had their 18th birthday on ``on``."""
    return on >= adult_from(vedtak.sak.barn.fodselsdato)


def counts_from_18(samtykke, birth_date: date, on: date) -> bool:
    """SAM-01 from 18, for any consent (a measure's or one to share information, SAM-04): on
    and after the 18th birthday only the youth's own consent counts; a parent's, even one given
    before the birthday, is neither needed nor enough. Before it, every consent counts."""
    return on < adult_from(birth_date) or bool(samtykke.gitt_av_barnet)


def required_consenters(vedtak: Vedtak, tiltak: Tiltak, on: date) -> list[tuple[Any, bool]]:
    """SAM-01: whose consent a voluntary measure needs on ``on`` (the approval date), as
    ``(party, is_child)``.

    Under 18: everyone with daily care, and the child too when the child is a party (SAK-02)
    and the measure is directed at the child.

    From the 18th birthday (ettervern, bvl § 3-6): the youth alone, for *every* voluntary
    measure, whether or not it is marked as directed at the child. Our reading: nobody has
    daily care of an adult in law, so a measure in an adult's case is a measure for the adult,
    and the parents' consent is neither needed nor enough. The birthday is read on ``on``: a
    decision drafted at 17 with the parents' consent and signed on or after the 18th birthday
    needs the youth's own consent; one signed before it still needs the parents'.
    """
    if youth_is_adult(vedtak, on):
        return [(None, True)]
    needed: list[tuple[Any, bool]] = [
        (p, False) for p in vedtak.sak.parter.all() if p.aktiv and p.daglig_omsorg
    ]
    if tiltak.rettet_mot_barnet and vedtak.sak.barn_er_part(on):
        needed.append((None, True))
    return needed


def consent_problems(vedtak: Vedtak, on: date) -> list[str]:
    if vedtak.type == vedtak.Type.AVSLUTNING:
        return []
    if vedtak.palegg:
        found = []
        if not vedtak.nemnd_referanse.strip():
            found.append(_("The county board's case reference is missing."))
        if vedtak.nemnd_vedtaksdato is None:
            found.append(_("The date of the county board's decision is missing."))
        return found
    adult = youth_is_adult(vedtak, on)
    if not adult and not any(p.aktiv and p.daglig_omsorg for p in vedtak.sak.parter.all()):
        return [_("No party with daily care is registered in the case.")]
    found = []
    for t in _active_tiltak(vedtak):
        consents = [
            s for s in t.samtykker.all() if s.er_gyldig(on) and s.formal_type == s.Formal.TILTAK
        ]
        for part, is_child in required_consenters(vedtak, t, on):
            given = any((s.gitt_av_barnet if is_child else s.part_id == part.pk) for s in consents)
            if given:
                continue
            if adult:
                found.append(
                    _(
                        "No valid consent from the youth to «%(measure)s»: from the 18th "
                        "birthday only the youth's own consent counts, not the parents' (SAM-01)."
                    )
                    % {"measure": t.type.navn}
                )
            else:
                name = _("the child") if is_child else part.fullt_navn
                found.append(
                    _("No valid consent from %(name)s to «%(measure)s».")
                    % {"name": name, "measure": t.type.navn}
                )
    return found


VED_07 = Rule(
    "VED-07",
    gettext_lazy(
        "A voluntary measure needs the consents of SAM-01; an ordered one the county board's "
        "decision."
    ),
    consent_problems,
)


# --- SENTER-04: a pålegg of residential help at a centre is for at most 3 months ---------------

#: Prop. 133 L (source 001): «Pålegg om hjelpetiltak på døgnopphold i senteret kan ikke vedtas
#: for mer enn tre måneder».
SENTER_DOGN_PALEGG_MAKS_MANEDER = 3


def senter_dogn_latest_end(start: date) -> date:
    """SENTER-04: the last planned end an order may have: the same day 3 calendar months after
    the planned start (clamped to the month's end, :func:`cases.rules.add_months`). From
    5 January the order may run to 5 April; to 6 April is one day more, refused."""
    return add_months(start, SENTER_DOGN_PALEGG_MAKS_MANEDER)


def _senter04(vedtak: Vedtak, on: date) -> list[str]:
    if not vedtak.palegg or vedtak.type == vedtak.Type.AVSLUTNING:
        return []
    found = []
    for t in _active_tiltak(vedtak):
        if not t.type.senter_dogn or t.startdato is None:  # no start: VED-02 says so
            continue
        latest = senter_dogn_latest_end(t.startdato)
        if t.sluttdato is None:
            found.append(
                _("«%(measure)s» has no planned end: it may be ordered until %(latest)s.")
                % {"measure": t.type.navn, "latest": _d(latest)}
            )
        elif t.sluttdato > latest:
            found.append(
                _("«%(measure)s» is ordered until %(end)s; it may be ordered until %(latest)s.")
                % {"measure": t.type.navn, "end": _d(t.sluttdato), "latest": _d(latest)}
            )
    return found


SENTER_04 = Rule(
    "SENTER-04",
    gettext_lazy(
        "Residential help at a centre for parents and children is ordered for at most 3 months "
        "(SENTER-04)."
    ),
    _senter04,
)


# --- ETT-03: no measure runs on or after the 25th birthday -------------------------------------

#: bvl § 3-6: ettervern runs to 25 at the latest.
LAST_AGE = 25


def last_day_limit(vedtak: Vedtak) -> date:
    """ETT-03: the 25th birthday, the first day no measure runs (29 February: 1 March)."""
    return add_years(vedtak.sak.barn.fodselsdato, LAST_AGE)


def _ett03(vedtak: Vedtak, on: date) -> list[str]:
    limit = last_day_limit(vedtak)
    found = []
    for t in _active_tiltak(vedtak):
        day = max((d for d in (t.startdato, t.sluttdato) if d is not None), default=None)
        if day is not None and day >= limit:
            found.append(
                _(
                    "«%(measure)s» runs to %(date)s, on or after the youth's 25th birthday "
                    "(%(limit)s): it ends the day before at the latest (ETT-03)."
                )
                % {"measure": t.type.navn, "date": _d(day), "limit": _d(limit)}
            )
    return found


ETT_03 = Rule(
    "ETT-03",
    gettext_lazy("No measure runs on or after the youth's 25th birthday."),
    _ett03,
)


# --- Rules the apps above add to a step (vedtak.hooks.transition_guards) -----------------------


def _registered(transition: str) -> Rule:
    """The rules the apps above add to ``transition`` (ETT-02 …), each breach under its own
    rule ID."""
    return Rule(
        "VED-03",
        gettext_lazy("The rules of the other modules for this step."),
        lambda vedtak, on: hooks.transition_breaches(transition, vedtak, on),
    )


# --- VED-09 (should): a plan exists ----------------------------------------------------------


def _ved09(vedtak: Vedtak, on: date) -> list[str]:
    if vedtak.type == vedtak.Type.AVSLUTNING or hooks.plan_exists(vedtak):
        return []
    return [_("No tiltaksplan has been made for the case yet.")]


VED_09 = Rule(
    "VED-09",
    gettext_lazy("A tiltaksplan should exist when the decision is approved."),
    _ved09,
    strength="should",
)


# --- DOK-01: the decision document is ready before it is sent out ----------------------------


def _dok01(vedtak: Vedtak, on: date) -> list[str]:
    from .documents import vedtak_document_ready  # cycle: documents→selectors→models→rules

    if vedtak_document_ready(vedtak):
        return []
    return [_("The decision document has not been produced yet.")]


DOK_01 = Rule(
    "DOK-01",
    gettext_lazy("The parties get the produced decision document."),
    _dok01,
)


#: The rules each transition must meet (``conditions=``); "should" rules only warn.
TRANSITION_RULES: dict[str, tuple[Rule, ...]] = {
    "send_to_guidance": (VED_01, VED_02, SENTER_04, ETT_03, _registered("send_to_guidance")),
    "release_for_approval": (
        VED_01,
        VED_02,
        VED_05,
        SENTER_04,
        ETT_03,
        _registered("release_for_approval"),
    ),
    "return_to_draft": (),
    "approve": (
        VED_01,
        VED_02,
        VED_05,
        VED_06,
        VED_07,
        SENTER_04,
        ETT_03,
        _registered("approve"),
    ),
    "send_out": (DOK_01,),
    "withdraw": (),
}
TRANSITION_WARNINGS: dict[str, tuple[Rule, ...]] = {
    "send_to_guidance": (BANK_02,),  # the programmes chosen, when they may not fit
    "approve": (VED_09,),
}


def conditions(transition: str) -> list[Callable[[Vedtak], bool]]:
    return [rule.is_met for rule in TRANSITION_RULES[transition]]


def unmet_rules(vedtak: Vedtak, transition: str, on: date | None = None) -> list[RuleBreach]:
    return [b for rule in TRANSITION_RULES[transition] for b in rule.unmet(vedtak, on)]


def warnings(vedtak: Vedtak, transition: str, on: date | None = None) -> list[RuleBreach]:
    return [b for rule in TRANSITION_WARNINGS.get(transition, ()) for b in rule.unmet(vedtak, on)]


# --- VED-11: the dates of a measure ----------------------------------------------------------


def start_problems(tiltak: Tiltak, fra_dato: date) -> list[RuleBreach]:
    vedtak = tiltak.vedtak
    found = []
    if not vedtak.er_godkjent:
        found.append(
            RuleBreach(
                "VED-11",
                _("A measure cannot start before its decision is approved."),
                "fra_dato",
            )
        )
    elif fra_dato < timezone.localtime(vedtak.godkjent).date():
        found.append(
            RuleBreach(
                "VED-11",
                _("The start date cannot be before the decision was approved, %(date)s.")
                % {"date": _d(timezone.localtime(vedtak.godkjent).date())},
                "fra_dato",
            )
        )
    if tiltak.fra_dato is not None:
        found.append(RuleBreach("VED-11", _("The measure has already started."), "fra_dato"))
    if tiltak.bortfalt_dato is not None:
        found.append(RuleBreach("VED-11", _("The measure has lapsed."), "fra_dato"))
    if vedtak.type == vedtak.Type.AVSLUTNING:
        found.append(
            RuleBreach("VED-11", _("A decision to end measures has nothing to start."), "fra_dato")
        )
    if fra_dato > timezone.localdate():
        found.append(RuleBreach("VED-11", _("The start date cannot be in the future."), "fra_dato"))
    if fra_dato >= last_day_limit(vedtak):
        found.append(
            RuleBreach(
                "ETT-03",
                _("No measure starts on or after the youth's 25th birthday, %(date)s (ETT-03).")
                % {"date": _d(last_day_limit(vedtak))},
                "fra_dato",
            )
        )
    return found


def lapse_problems(tiltak: Tiltak, bortfalt_dato: date) -> list[RuleBreach]:
    found = []
    if not tiltak.vedtak.er_godkjent:
        found.append(
            RuleBreach(
                "VED-11",
                _("Only a measure of an approved decision can lapse."),
                "bortfalt_dato",
            )
        )
    if tiltak.fra_dato is not None:
        found.append(
            RuleBreach(
                "VED-11",
                _("A measure that has started ends by a decision, it does not lapse."),
                "bortfalt_dato",
            )
        )
    if tiltak.bortfalt_dato is not None:
        found.append(RuleBreach("VED-11", _("The measure has already lapsed."), "bortfalt_dato"))
    if bortfalt_dato > timezone.localdate():
        found.append(RuleBreach("VED-11", _("The date cannot be in the future."), "bortfalt_dato"))
    return found


def end_problems(ended: Tiltak, til_dato: date) -> list[RuleBreach]:
    """VED-11: fra ≤ til when an end-vedtak ends a running measure."""
    if ended.fra_dato is not None and til_dato < ended.fra_dato:
        return [
            RuleBreach(
                "VED-11",
                _("«%(measure)s» cannot end (%(end)s) before it started (%(start)s).")
                % {"measure": ended.type.navn, "end": _d(til_dato), "start": _d(ended.fra_dato)},
            )
        ]
    return []


# --- SAM-02 / SAM-04: what a consent records -------------------------------------------------


def consent_record_problems(
    *,
    formal_type: str,
    informert_om_tilbaketrekking: bool,
    informert_om_rettigheter: bool,
    mottaker: str,
    tiltak_count: int,
    informasjon: str,
) -> list[RuleBreach]:
    """SAM-02, SAM-04: what a consent must record, by its purpose. A consent to share
    information names its recipient and what is shared; a consent to measures names its
    measures and shares with no other service."""
    found = []
    if not informert_om_tilbaketrekking:
        found.append(
            RuleBreach(
                "SAM-02",
                _("The person must be told that the consent can be withdrawn."),
                "informert_om_tilbaketrekking",
            )
        )
    if not informert_om_rettigheter:
        found.append(
            RuleBreach(
                "SAM-02",
                _("The person must be told about the right to take part and complain."),
                "informert_om_rettigheter",
            )
        )
    if formal_type == "informasjonsdeling":
        if not mottaker.strip():
            found.append(
                RuleBreach(
                    "SAM-04",
                    _("A consent to share information names its recipient."),
                    "mottaker",
                )
            )
        if not informasjon.strip():
            found.append(
                RuleBreach(
                    "SAM-02",
                    _("Say what information is shared, with whom and why."),
                    "informasjon",
                )
            )
    elif tiltak_count == 0:
        found.append(
            RuleBreach("SAM-02", _("Choose the measures the consent covers."), "tiltak_valg")
        )
    elif mottaker.strip():
        found.append(
            RuleBreach(
                "SAM-04",
                _(
                    "Sharing with another service is a separate consent per recipient: "
                    "register it as a consent to share information."
                ),
                "mottaker",
            )
        )
    return found
