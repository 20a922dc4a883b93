"""The referral rules (HENV-01 … HENV-03) as :class:`core.rules.Rule` objects: pure, no I/O
beyond what the record has loaded.

- HENV-01: a referral names the receiver (with a postal address: it is sent as a letter), what
  it asks for, and the legal basis for sharing – a SAM-04 consent to share information that
  names the receiver and is valid on the day, or a law reference.
- HENV-02: the answer's date is neither before the referral was sent nor in the future; a
  refusal has its reason, an offer says what is offered.
- HENV-03: an offer taken up becomes a measure through a decision unless the receiver's own
  law needs none; going on without one where a decision is needed asks for a reason.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.exceptions import RuleBreach
from core.rules import Rule, format_date
from vedtak.rules import counts_from_18

from .models import Henvisning


def _norm(text: str) -> str:
    return " ".join((text or "").casefold().split())


def consent_names_receiver(samtykke, mottaker) -> bool:
    """SAM-04: the consent to share information names this receiver (its name is in the
    consent's recipient, case and spacing aside)."""
    if samtykke is None or mottaker is None or not samtykke.er_informasjonsdeling:
        return False
    named, navn = _norm(samtykke.mottaker), _norm(mottaker.navn)
    return bool(named and navn) and (navn in named or named in navn)


def legal_basis_breaches(h, on: date) -> list[RuleBreach]:
    """HENV-01: the legal basis for sharing, on the day ``on``."""
    if h.hjemmel_type == Henvisning.Hjemmel.LOV:
        if not (h.lovhjemmel or "").strip():
            return [
                RuleBreach(
                    "HENV-01",
                    _("Write the law that allows sharing without consent (HENV-01)."),
                    "lovhjemmel",
                )
            ]
        return []
    s = h.samtykke
    if s is None:
        return [
            RuleBreach(
                "HENV-01",
                _(
                    "Choose a consent to share information that names the receiver, or give "
                    "the law (HENV-01)."
                ),
                "samtykke",
            )
        ]
    if s.sak_id != h.sak_id or not s.er_informasjonsdeling:
        return [
            RuleBreach(
                "HENV-01",
                _("The consent chosen is not a consent to share information (SAM-04)."),
                "samtykke",
            )
        ]
    if not consent_names_receiver(s, h.mottaker):
        return [
            RuleBreach(
                "HENV-01",
                _(
                    "The consent names «%(named)s», not the receiver «%(receiver)s»: a consent "
                    "to share information is given per receiver (HENV-01, SAM-04)."
                )
                % {"named": s.mottaker, "receiver": h.mottaker.navn},
                "samtykke",
            )
        ]
    if not s.er_gyldig(on):
        return [
            RuleBreach(
                "HENV-01",
                _("The consent is withdrawn or no longer valid (HENV-01, SAM-03)."),
                "samtykke",
            )
        ]
    if not counts_from_18(s, h.sak.barn.fodselsdato, on):
        return [
            RuleBreach(
                "HENV-01",
                _(
                    "The youth is 18: only the youth's own consent to share information counts, "
                    "not a parent's (HENV-01, SAM-01)."
                ),
                "samtykke",
            )
        ]
    return []


def content_breaches(h, on: date) -> list[RuleBreach]:
    """HENV-01: the receiver (with an address for the letter) and what is asked."""
    found: list[RuleBreach] = []
    if h.mottaker_id is None:
        found.append(RuleBreach("HENV-01", _("Choose the receiver (HENV-01)."), "mottaker"))
    elif not h.mottaker.har_adresse:
        found.append(
            RuleBreach(
                "HENV-01",
                _(
                    "«%(name)s» has no postal address: a receiver without one cannot be chosen "
                    "for a letter (HENV-01). The head of the service adds it to the list."
                )
                % {"name": h.mottaker.navn},
                "mottaker",
            )
        )
    elif not h.mottaker.aktiv:
        found.append(
            RuleBreach("HENV-01", _("The receiver is no longer in use (HENV-01)."), "mottaker")
        )
    if not (h.sporsmal or "").strip():
        found.append(
            RuleBreach("HENV-01", _("Write what the referral asks for (HENV-01)."), "sporsmal")
        )
    return found


def _complete(h, on: date) -> list:
    found = content_breaches(h, on)
    if h.mottaker_id is not None:
        found.extend(legal_basis_breaches(h, on))
    return found


HENV_01 = Rule(
    "HENV-01",
    gettext_lazy(
        "A referral names the receiver, what it asks for, the plan goals it serves and the "
        "legal basis for sharing."
    ),
    _complete,
)


def _letter_made(h, on: date) -> list:
    if h.brev_id is None or not h.brev.is_downloadable:
        return [
            RuleBreach(
                "HENV-01",
                _("Make the letter first: it is sent as a document (HENV-01, DOK-01)."),
                None,
            )
        ]
    return []


#: DOK-01/02: the referral goes as its letter, made from the referral as it is now.
LETTER_MADE = Rule("HENV-01", gettext_lazy("The referral is sent as a letter."), _letter_made)

SEND = (HENV_01, LETTER_MADE)
SUBMIT = (HENV_01,)


def expected_answer(sendt: date, days: int) -> date:
    """HENV-02: the day the answer is expected, ``days`` after the referral was sent."""
    return sendt + timedelta(days=days)


def answer_date_breaches(h, svar_dato: date | None, today: date) -> list[RuleBreach]:
    """HENV-02: the answer's date, between the day the referral was sent and today."""
    if svar_dato is None:
        return [RuleBreach("HENV-02", _("Give the date of the answer (HENV-02)."), "svar_dato")]
    if svar_dato > today:
        return [
            RuleBreach(
                "HENV-02",
                _("The date of the answer cannot be in the future (HENV-02)."),
                "svar_dato",
            )
        ]
    if h.sendt is not None and svar_dato < h.sendt:
        return [
            RuleBreach(
                "HENV-02",
                _("The answer cannot be dated before the referral was sent on %(date)s (HENV-02).")
                % {"date": format_date(h.sendt)},
                "svar_dato",
            )
        ]
    return []
