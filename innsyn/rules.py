"""The rules of requests for access (INNSYN-01): pure, no I/O."""

from __future__ import annotations

from datetime import date, timedelta

#: Days from receipt until an unanswered request is due. fvl § 11 a asks for an answer without
#: undue delay; the number of days is our choice.
ANSWER_DAYS = 7


def answer_due(mottatt: date) -> date:
    return mottatt + timedelta(days=ANSWER_DAYS)
