"""The rules of meetings (MOTE-01 … MOTE-06) as :class:`core.rules.Rule` objects and pure checks.

Pure: each looks at a meeting (a :class:`moter.models.Mote`, saved or not) and what the form
chose, and lists what is missing. Nothing here queries.

- MOTE-01: a meeting has a kind, a date, participants and one person who writes the minutes;
  its minutes (with the assessment, JOUR-01) are signed as a journal note.
- MOTE-03: an outside participant is present only on an active consent to share information
  that names their service (SAM-04), or in an anonymous drøftingsmøte (no identifying data).
- MOTE-04: an agreed action has who, what and a deadline.
- MOTE-05: an ansvarsgruppe meets within its rhythm (plus :data:`GRACE_DAYS`).
- MOTE-06: a measure running :data:`OPPSTART_DAYS` days without a held oppstartsmøte is flagged.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.exceptions import RuleBreach
from core.rules import Rule
from vedtak.rules import counts_from_18

OVERGANGSMOTE = "overgangsmote"
OPPSTARTSMOTE = "oppstartsmote"
ANSVARSGRUPPEMOTE = "ansvarsgruppemote"
DROFTINGSMOTE = "droftingsmote"

#: MOTE-06: days a measure may run before its oppstartsmøte is missed (our choice).
OPPSTART_DAYS = 14
#: MOTE-05: days past the rhythm before an ansvarsgruppe's meeting counts as missed.
GRACE_DAYS = 7


def _date_of(mote) -> date | None:
    return mote.dato if mote.tidspunkt else None


def _mote01_held(mote, on: date) -> list:
    when = _date_of(mote)
    if when is not None and when > on:
        return [RuleBreach("MOTE-01", _("A meeting is held on or after its date."))]
    return []


MOTE_01_HELD = Rule(
    "MOTE-01", gettext_lazy("The meeting has taken place on its date."), _mote01_held
)


def _mote01_minutes(mote, on: date) -> list:
    found = []
    if not (mote.referat or "").strip():
        found.append(RuleBreach("MOTE-01", _("Write the minutes."), "referat"))
    if not (mote.vurdering or "").strip():
        found.append(RuleBreach("MOTE-01", _("Write your assessment."), "vurdering"))
    return found


MOTE_01_MINUTES = Rule(
    "MOTE-01",
    gettext_lazy("Signed minutes record what was said and the caseworker's assessment."),
    _mote01_minutes,
)

HOLD = (MOTE_01_HELD,)
SIGN = (MOTE_01_MINUTES,)


def plan_breaches(mote, *, parter: int, ansatte: int, eksterne: int) -> list[RuleBreach]:
    """MOTE-01 when a meeting is planned: kind, date, someone to write the minutes and at least
    one participant besides them. An anonymous meeting must be a drøftingsmøte and names no
    party (MOTE-03)."""
    found: list[RuleBreach] = []
    if not mote.type:
        found.append(RuleBreach("MOTE-01", _("Choose the kind of meeting."), "type"))
    if mote.tidspunkt is None:
        found.append(
            RuleBreach("MOTE-01", _("Give the date and time of the meeting."), "tidspunkt")
        )
    if mote.referent_id is None:
        found.append(RuleBreach("MOTE-01", _("Choose who writes the minutes."), "referent"))
    if mote.leder_id is None:
        found.append(RuleBreach("MOTE-01", _("Choose who invites and leads."), "leder"))
    if not (parter or ansatte or eksterne):
        found.append(RuleBreach("MOTE-01", _("Choose at least one participant."), "parter"))
    if mote.anonym:
        if mote.type != DROFTINGSMOTE:
            found.append(
                RuleBreach(
                    "MOTE-03",
                    _("Only a drøftingsmøte can be held anonymously (MOTE-03)."),
                    "anonym",
                )
            )
        if parter:
            found.append(
                RuleBreach(
                    "MOTE-03",
                    _(
                        "An anonymous drøftingsmøte names no party of the case: it holds no "
                        "identifying data (MOTE-03)."
                    ),
                    "parter",
                )
            )
    return found


def names_service(mottaker: str, tjeneste: str) -> bool:
    """SAM-04: the consent's recipient names the participant's service (case and spacing
    aside; «Solbakken skole» names «solbakken skole, helsesykepleier» and the other way)."""
    a = " ".join((mottaker or "").casefold().split())
    b = " ".join((tjeneste or "").casefold().split())
    return bool(a and b) and (a in b or b in a)


def consent_for(tjeneste: str, consents: Iterable, on: date, birth_date: date | None = None):
    """MOTE-03: the first consent of ``consents`` (the case's consents to share information)
    that is active on ``on`` and names ``tjeneste`` – or ``None``. Given the child's
    ``birth_date``, from the 18th birthday only the youth's own consent counts (SAM-01)."""
    for s in consents:
        if (
            s.er_informasjonsdeling
            and s.er_gyldig(on)
            and names_service(s.mottaker, tjeneste)
            and (birth_date is None or counts_from_18(s, birth_date, on))
        ):
            return s
    return None


def mote03_breach(navn: str, tjeneste: str) -> RuleBreach:
    return RuleBreach(
        "MOTE-03",
        _(
            "%(name)s (%(service)s) may take part only with an active consent to share "
            "information that names %(service)s (SAM-04), or in an anonymous drøftingsmøte "
            "(MOTE-03)."
        )
        % {"name": navn, "service": tjeneste},
        "eksterne",
    )


def oppgave_breaches(*, ansvarlig, hva: str, frist: date | None) -> list[RuleBreach]:
    """MOTE-04: who, what and by when."""
    found: list[RuleBreach] = []
    if ansvarlig is None:
        found.append(RuleBreach("MOTE-04", _("Choose who does it."), "ansvarlig"))
    if not (hva or "").strip():
        found.append(RuleBreach("MOTE-04", _("Write what is to be done."), "hva"))
    if frist is None:
        found.append(RuleBreach("MOTE-04", _("Give the deadline."), "frist"))
    return found


def ansvarsgruppe_due(startdato: date, last_held: date | None, rytme_uker: int) -> date:
    """MOTE-05: the day the group's next meeting is missed: the rhythm from the last held
    meeting (or the group's start), plus :data:`GRACE_DAYS`."""
    since = max(d for d in (startdato, last_held) if d is not None)
    return since + timedelta(weeks=rytme_uker, days=GRACE_DAYS)


def oppstart_due(started: date) -> date:
    """MOTE-06: the day a measure that started on ``started`` is flagged without an
    oppstartsmøte."""
    return started + timedelta(days=OPPSTART_DAYS)


def _letters(mote, on: date) -> list:
    if not mote.parter.all():
        return [
            RuleBreach(
                "DOK-02",
                _("The letters go to the parties taking part; the meeting names none."),
            )
        ]
    return []


#: DOK-02: a letter to each party of the meeting (an anonymous drøftingsmøte names none).
LETTERS = (Rule("DOK-02", gettext_lazy("Each party gets a letter of their own."), _letters),)
