"""The complaint rules (KLAGE-01 … KLAGE-04): pure, no I/O.

The deadline (KLAGE-01): a complaint is due within 3 weeks of the day the party was notified of
the decision (forvaltningsloven § 29). A deadline whose last day is a Saturday, a Sunday or a
public holiday moves to the next working day (fvl § 30 refers to domstolloven § 148: «fristen
forlenges til nærmeste virkedag»). The public holidays are those of helligdagsloven and the two
høytidsdager of 1 and 17 May (core.calendar).
"""

from __future__ import annotations

from datetime import date, timedelta

from core.calendar import next_working_day

#: fvl § 29: three weeks.
COMPLAINT_WEEKS = 3


def complaint_deadline(notified: date) -> date:
    """KLAGE-01: the last day to complain, notified on ``notified`` (fvl §§ 29-30)."""
    return next_working_day(notified + timedelta(weeks=COMPLAINT_WEEKS))


def is_late(received: date, notified: date) -> bool:
    """KLAGE-01: received after the deadline."""
    return received > complaint_deadline(notified)
