"""Helpers for the context functions of letters: recipients and signers in the shape that
``documents/nb/base_letter.html`` prints (``mottakere``, ``underskrivere``).

A recipient with a shielded address (SAK-05: fortrolig or strengt fortrolig) is printed with
the name only: the letter may be read by the other parties, so the address never appears.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from cases.models import Adressebeskyttelse


@dataclass(frozen=True)
class Mottaker:
    """A recipient block: a name and the address lines under it."""

    navn: str
    adresselinjer: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Underskriver:
    """A signer under "Med hilsen": a name and a job title."""

    navn: str
    tittel: str = ""


def adresselinjer(person) -> list[str]:
    """The lines of a person's address, or none when the address is shielded (SAK-05)."""
    if getattr(person, "adressebeskyttelse", Adressebeskyttelse.INGEN) != (
        Adressebeskyttelse.INGEN
    ):
        return []
    return address_lines(getattr(person, "adresse", ""))


def address_lines(text: str) -> list[str]:
    """An address kept as one text field, as the letter's lines: a comma or a new line starts
    a new line."""
    return [line.strip() for line in (text or "").replace("\n", ",").split(",") if line.strip()]


def mottaker(person) -> Mottaker:
    """A recipient from a party (``cases.Part``) or the child (``cases.Barn``)."""
    return Mottaker(navn=person.fullt_navn, adresselinjer=adresselinjer(person))


def underskriver(user, tittel: str = "") -> Underskriver:
    """A signer from a user: full name and job title (``User.tittel`` unless given; without
    one, the name of the user's role, so that no signature goes out without a title)."""
    title = tittel or user.tittel or next(iter(user.role_names), "")
    return Underskriver(navn=user.get_full_name() or user.get_username(), tittel=title)
