"""Who gets a letter: a party of the case, or the child when the child is a party (SAK-02).

One value object for what was a string built by hand in many places (``"barn"``,
``"part-<id>"``): forms name their fields and services their channel maps by
:attr:`Recipient.key`, and :meth:`Recipient.parse` reads a key back, for one case only.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from django.utils.translation import gettext as _

from cases.models import Part, Sak
from cases.rules import add_years
from core.exceptions import NotFound

if TYPE_CHECKING:
    from .models import Dokument

CHILD_KEY = "barn"
PART_PREFIX = "part-"


@dataclass(frozen=True)
class Recipient:
    """A party (``part``) or the child (``part is None``)."""

    part: Part | None = None

    @classmethod
    def child(cls) -> Recipient:
        return cls(None)

    @classmethod
    def of(cls, part: Part | None, is_child: bool = False) -> Recipient:
        """From the ``(part, is_child)`` pairs the rules list (VED-06, SAM-01)."""
        return cls(None if is_child else part)

    @property
    def is_child(self) -> bool:
        return self.part is None

    @property
    def key(self) -> str:
        return CHILD_KEY if self.part is None else f"{PART_PREFIX}{self.part.pk}"

    @property
    def name(self) -> str:
        return str(_("The child")) if self.part is None else self.part.fullt_navn

    @property
    def part_id(self) -> int | None:
        return None if self.part is None else self.part.pk

    @staticmethod
    def part_id_of(key: str) -> int | None:
        """The party's id in ``key``, ``None`` for the child; ``ValueError`` for a key that
        is neither."""
        if key == CHILD_KEY:
            return None
        if not key.startswith(PART_PREFIX):
            raise ValueError(key)
        return int(key.removeprefix(PART_PREFIX))

    @classmethod
    def parse(cls, sak: Sak, key: str) -> Recipient:
        """The recipient ``key`` names among the case's active parties (or the child);
        :class:`NotFound` for anything else."""
        try:
            part_id = cls.part_id_of(key)
        except ValueError:
            raise NotFound from None
        if part_id is None:
            return cls.child()
        part = sak.parter.filter(pk=part_id, aktiv=True).first()
        if part is None:
            raise NotFound
        return cls(part)


#: bvl § 3-6 (SAM-01 as amended): from the 18th birthday the youth is the party.
ADULT_AGE = 18

#: SAM-04 from 18: which parties the youth has consented to share information with,
#: ``(sak, on, parties) -> set of party ids``; given by the app that keeps those consents
#: (ettervern, in ``ready()``). Without it no parent gets an adult youth's letters.
_SHARED_WITH: list[Callable[[Sak, date, list[Part]], set[int]]] = []


def register_shared_with(provider: Callable[[Sak, date, list[Part]], set[int]]) -> None:
    _SHARED_WITH[:] = [provider]


def youth_is_adult(sak: Sak, on: date) -> bool:
    """The child of the case has had their 18th birthday on ``on`` (29 February: 1 March)."""
    return on >= add_years(sak.barn.fodselsdato, ADULT_AGE)


def parties_of(sak: Sak, on: date) -> list[Recipient]:
    """Every active party of the case, and the child when the child is a party on ``on``.

    From the 18th birthday (ettervern, SAM-01 as amended) the youth is the party who gets the
    letters; a parent is still one only when the youth has consented to sharing information
    with that parent (SAM-04)."""
    active = [p for p in sak.parter.all() if p.aktiv]
    if youth_is_adult(sak, on):
        shared = _SHARED_WITH[0](sak, on, active) if _SHARED_WITH and active else set()
        return [Recipient.child()] + [Recipient(p) for p in active if p.pk in shared]
    found = [Recipient(p) for p in active]
    if sak.barn_er_part(on):
        found.append(Recipient.child())
    return found


def latest_copies(dokumenter) -> dict[str, Dokument]:
    """DOK-02: the latest version of each recipient's copy among ``dokumenter`` (one source's
    documents of one type), by :attr:`Recipient.key`; ``""`` holds a letter that is no one's
    copy (one made for all the parties before copies were)."""
    latest: dict[str, Dokument] = {}
    for d in dokumenter:
        key = d.copy_key
        if key not in latest or d.versjon > latest[key].versjon:
            latest[key] = d
    return latest
