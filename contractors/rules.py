"""The rules of contractors (OPP-01 … OPP-06), as named objects with their IDs.

Each rule lists what is missing, in sentences for the user. The state machine's
``conditions=``, the services and the pages ask the same functions (STYLE.md §2), so a button
and its enforcement never disagree. The functions read the records and their related rows
(prefetched by the selectors and services) and never write.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from django.conf import settings
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cases.rules import add_months
from core.exceptions import RuleBreach
from core.rules import Rule, format_date

if TYPE_CHECKING:  # for the annotations only: the models import these rules (a cycle)
    from .models import Oppdrag, Oppdragstaker, Politiattest


# --- the police certificate's age (flagged, not blocking) ------------------------------------


def politiattest_max_months() -> int:
    return int(getattr(settings, "POLITIATTEST_MAKS_ALDER_MANEDER", 36))


def politiattest_oldest_allowed(on: date) -> date:
    """A certificate issued before this day is older than the service's limit."""
    return add_months(on, -politiattest_max_months())


def politiattest_for_gammel(utstedt: date, on: date) -> bool:
    return utstedt < politiattest_oldest_allowed(on)


def siste_politiattest(oppdragstaker: Oppdragstaker, on: date | None = None) -> Politiattest | None:
    """The most recent certificate (by date of issue) assessed by ``on``, from the prefetched
    rows."""
    attester = [p for p in oppdragstaker.politiattester.all() if on is None or p.vurdert_dato <= on]
    if not attester:
        return None
    return max(attester, key=lambda p: (p.utstedt_dato, p.vurdert_dato, p.pk))


# --- OPP-02: police certificate assessed and confidentiality declaration signed -------------


def _opp02(oppdragstaker: Oppdragstaker, on: date) -> list[str]:
    if not oppdragstaker.omfattes_av_opp02:
        return []
    found = []
    attest = siste_politiattest(oppdragstaker, on)
    if attest is None:
        found.append(_("No police certificate has been obtained and assessed."))
    elif not attest.er_godtatt:
        found.append(
            _("The police certificate of %(date)s was assessed as not acceptable.")
            % {"date": format_date(attest.utstedt_dato)}
        )
    if not any(t.signert_dato <= on for t in oppdragstaker.taushetserklaeringer.all()):
        found.append(_("No signed confidentiality declaration."))
    return found


OPP_02 = Rule(
    "OPP-02",
    gettext_lazy(
        "Nobody acts as a contractor before a police certificate is obtained and assessed and "
        "a confidentiality declaration is signed."
    ),
    _opp02,
)


# --- ending a contractor ---------------------------------------------------------------------


def _opp04_end(oppdragstaker: Oppdragstaker, on: date) -> list[str]:
    running = [o for o in oppdragstaker.oppdrag.all() if o.status(on) != o.Status.AVSLUTTET]
    if running:
        return [
            _("End the %(count)s assignment(s) that are still in force first.")
            % {"count": len(running)}
        ]
    return []


OPP_04_END = Rule(
    "OPP-04",
    gettext_lazy("A contractor ends when their assignment agreements have ended."),
    _opp04_end,
)


#: The rules each transition must meet: the model's ``conditions=`` and the action table
#: (:mod:`contractors.actions`) read the same tuples.
TRANSITION_RULES: dict[str, tuple[Rule, ...]] = {
    "receive_documentation": (OPP_02,),
    "approve": (OPP_02,),
    "suspend": (),
    "resume": (OPP_02,),
    "end": (OPP_04_END,),
}


# --- OPP-04: an assignment's work contract ----------------------------------------------------

#: OPP-04: a company invoices; everyone else gets a work contract or pay notice.
OPP_04_CONTRACT = Rule(
    "OPP-04",
    gettext_lazy("A company's invoice needs no work contract."),
    lambda oppdrag, on: [] if oppdrag.trenger_arbeidskontrakt else [""],
)


# --- OPP-02/OPP-03: may this contractor act (start, or be assigned to a measure that starts)? -


def ready_problems(
    oppdragstaker: Oppdragstaker, on: date, field: str | None = None
) -> list[RuleBreach]:
    """Why the contractor may not act on ``on``: OPP-02 for everyone who works with the child;
    approval too, unless OPP-03 exempts them (municipal employees, companies' services)."""
    o = oppdragstaker
    if o.status == o.Status.AVSLUTTET:
        return [RuleBreach("OPP-02", _("%(name)s has ended as a contractor.") % {"name": o}, field)]
    if o.status == o.Status.SUSPENDERT:
        return [RuleBreach("OPP-02", _("%(name)s is suspended.") % {"name": o}, field)]
    found = [
        RuleBreach("OPP-02", _("%(name)s: %(problem)s") % {"name": o, "problem": p}, field)
        for p in _opp02(o, on)
    ]
    if o.trenger_godkjenningsdokument and o.status != o.Status.GODKJENT:
        found.append(
            RuleBreach(
                "OPP-02",
                _(
                    "%(name)s has not been approved as a contractor. Only the municipality's "
                    "own employees and companies' services need no approval (OPP-03)."
                )
                % {"name": o},
                field,
            )
        )
    elif not o.trenger_godkjenningsdokument and o.status == o.Status.REGISTRERT:
        found.append(
            RuleBreach(
                "OPP-02",
                _("Register that the documentation for %(name)s has been received.") % {"name": o},
                field,
            )
        )
    return found


def is_ready(oppdragstaker: Oppdragstaker, on: date | None = None) -> bool:
    return not ready_problems(oppdragstaker, on or timezone.localdate())


# --- OPP-02 on an assignment: what its contractor still lacks, as one short label ------------

#: What OPP-02 (with OPP-03's approval) can find missing, in the order the label names them.
MISSING_ITEMS: dict[str, Promise] = {
    "politiattest": gettext_lazy("police certificate"),
    "godtatt_politiattest": gettext_lazy("an acceptable police certificate"),
    "taushetserklaering": gettext_lazy("confidentiality declaration"),
    "godkjenning": gettext_lazy("approval"),
    "dokumentasjon": gettext_lazy("registration of the documentation received"),
}


#: ``Politiattest.GODTATT`` (the models import this module, not the other way).
ACCEPTED_RESULTS = ("ingen_merknader", "merknader_akseptert")


def join_items(items: list[str]) -> str:
    """«a», «a and b», «a, b and c», in the user's language."""
    if len(items) <= 1:
        return "".join(items)
    return _("%(items)s and %(last)s") % {"items": ", ".join(items[:-1]), "last": items[-1]}


@dataclass(frozen=True)
class StartBlock:
    """Why an assignment's contractor may not act yet (OPP-02): the records missing, or the
    contractor's state (``suspendert``/``avsluttet``). ``started`` tells an assignment whose
    measure runs (the contractor must stop) from one that waits for its start."""

    missing: tuple[str, ...] = ()
    state: str = ""
    started: bool = False
    rule_id: str = "OPP-02"

    @property
    def label(self) -> str:
        if self.state == "suspendert":
            if self.started:
                return _("May not work: the contractor is suspended")
            return _("Cannot start: the contractor is suspended")
        if self.state == "avsluttet":
            if self.started:
                return _("May not work: the contractor has ended")
            return _("Cannot start: the contractor has ended")
        items = join_items([str(MISSING_ITEMS[m]) for m in self.missing])
        if self.started:
            return _("May not work: missing %(items)s") % {"items": items}
        return _("Cannot start: missing %(items)s") % {"items": items}

    @property
    def color(self) -> str:
        """The tag's colour: a contractor who must stop working is worse than a late start."""
        return "danger" if self.started else "warning"

    def __str__(self) -> str:
        return f"{self.label} ({self.rule_id})"


def start_block(
    oppdragstaker: Oppdragstaker,
    *,
    politiattest: str | None,
    taushetserklaering: bool,
    started: bool = False,
) -> StartBlock | None:
    """What stops ``oppdragstaker`` from acting, from the facts of OPP-02 on one day: the
    result of their latest assessed police certificate (``None``: none) and whether a
    confidentiality declaration was signed. The same conditions as :func:`ready_problems`,
    named by what is missing rather than explained (the documents first, the approval when
    they are there); ``None`` when nothing is."""
    o = oppdragstaker
    if o.status in (o.Status.SUSPENDERT, o.Status.AVSLUTTET):
        return StartBlock(state=o.status, started=started)
    missing = []
    if o.omfattes_av_opp02:
        if politiattest is None:
            missing.append("politiattest")
        elif politiattest not in ACCEPTED_RESULTS:
            missing.append("godtatt_politiattest")
        if not taushetserklaering:
            missing.append("taushetserklaering")
    # The approval (or, for those OPP-03 exempts, the registration that the documents were
    # received) is the next step once the documents are there: named when nothing else is.
    if not missing:
        if o.trenger_godkjenningsdokument and o.status != o.Status.GODKJENT:
            missing.append("godkjenning")
        elif not o.trenger_godkjenningsdokument and o.status == o.Status.REGISTRERT:
            missing.append("dokumentasjon")
    return StartBlock(missing=tuple(missing), started=started) if missing else None


def opp02_facts(oppdragstaker: Oppdragstaker, on: date) -> tuple[str | None, bool]:
    """The facts :func:`start_block` reads, from the contractor's prefetched records."""
    attest = siste_politiattest(oppdragstaker, on)
    signed = any(t.signert_dato <= on for t in oppdragstaker.taushetserklaeringer.all())
    return (attest.resultat if attest is not None else None), signed


# --- OPP-04: the assignment agreement --------------------------------------------------------


def agreement_problems(
    *,
    tiltak,
    oppdragstaker: Oppdragstaker,
    fra_dato: date | None,
    til_dato: date | None,
    veiledningsplan: str,
    on: date,
) -> list[RuleBreach]:
    """What stops an assignment of ``oppdragstaker`` to ``tiltak`` from ``fra_dato``."""
    found = []
    vedtak = tiltak.vedtak
    if not vedtak.er_godkjent:
        found.append(
            RuleBreach(
                "OPP-04",
                _("A contractor is assigned under an approved decision only."),
                None,
            )
        )
    if vedtak.type == vedtak.Type.AVSLUTNING:
        found.append(
            RuleBreach("OPP-04", _("A decision to end measures takes no contractor."), None)
        )
    if tiltak.til_dato is not None or tiltak.bortfalt_dato is not None:
        found.append(RuleBreach("OPP-04", _("The measure has ended."), None))
    if oppdragstaker.tjeneste_id != vedtak.sak.tjeneste_id:
        found.append(
            RuleBreach("OPP-04", _("The contractor works for another service."), "oppdragstaker")
        )
    if til_dato is not None and fra_dato is not None and til_dato < fra_dato:
        found.append(
            RuleBreach("OPP-04", _("The agreement cannot end before it starts."), "til_dato")
        )
    if not (veiledningsplan or "").strip():
        found.append(
            RuleBreach(
                "OPP-05",
                _("Write the supervision plan: who supervises the contractor, how and how often."),
                "veiledningsplan",
            )
        )
    # OPP-02: assigning an unapproved contractor to a measure that has started, or that the
    # agreement starts today or earlier, is refused. A future start is planned; the measure's
    # start is then refused until the contractor is ready (the start guard).
    starts = tiltak.fra_dato is not None or (fra_dato is not None and fra_dato <= on)
    if starts:
        found.extend(ready_problems(oppdragstaker, on, field="oppdragstaker"))
    return found


# --- the start guard: OPP-02, OPP-03, OPP-06 -------------------------------------------------


def start_problems(oppdrag_list: list[Oppdrag], fra_dato: date) -> list[RuleBreach]:
    """What stops the measure from starting on ``fra_dato``, for each of its assignments."""
    found = []
    for oppdrag in oppdrag_list:
        if oppdrag.avsluttet_dato is not None:
            continue
        found.extend(ready_problems(oppdrag.oppdragstaker, fra_dato, field="fra_dato"))
        if oppdrag.trenger_orientering and oppdrag.orientert_dato is None:
            found.append(
                RuleBreach(
                    "OPP-06",
                    _("Record that %(name)s was briefed on the case before the measure starts.")
                    % {"name": oppdrag.oppdragstaker},
                    "fra_dato",
                )
            )
    return found


# --- the end guard: OPP-05 -------------------------------------------------------------------


def end_problems(tiltak, oppdrag_list: list[Oppdrag]) -> list[RuleBreach]:
    """OPP-05: a guidance measure that a contractor delivered ends with its final report."""
    if not tiltak.type.veiledning or tiltak.fra_dato is None or not oppdrag_list:
        return []
    has_final = any(i.type == "sluttrapport" for o in oppdrag_list for i in o.innleveringer.all())
    if has_final:
        return []
    return [
        RuleBreach(
            "OPP-05",
            _(
                "«%(measure)s» is a guidance measure: register the contractor's final report "
                "before it ends."
            )
            % {"measure": tiltak.type.navn},
        )
    ]


# --- OPP-05: which months need a timesheet and a report --------------------------------------


def month_start(day: date) -> date:
    return day.replace(day=1)


def last_month(today: date) -> date:
    """The first day of the month before ``today``'s."""
    return add_months(month_start(today), -1)


def report_due_in(rapportering: str, periode: date) -> bool:
    """A monthly report every month; a quarterly one for March, June, September, December."""
    if rapportering == "manedlig":
        return True
    if rapportering == "kvartalsvis":
        return periode.month % 3 == 0
    return False


# --- data entry rules ------------------------------------------------------------------------


def politiattest_record_problems(
    *, utstedt_dato: date, vurdert_dato: date, resultat: str, vurdering: str, on: date
) -> list[RuleBreach]:
    found = []
    if utstedt_dato > on:
        found.append(
            RuleBreach("OPP-02", _("The date of issue cannot be in the future."), "utstedt_dato")
        )
    if vurdert_dato > on:
        found.append(
            RuleBreach("OPP-02", _("The assessment cannot be in the future."), "vurdert_dato")
        )
    if vurdert_dato < utstedt_dato:
        found.append(
            RuleBreach(
                "OPP-02",
                _("The certificate cannot be assessed before it was issued."),
                "vurdert_dato",
            )
        )
    if resultat != "ingen_merknader" and not vurdering.strip():
        found.append(
            RuleBreach(
                "OPP-02",
                _("A certificate with remarks needs a written assessment."),
                "vurdering",
            )
        )
    return found
