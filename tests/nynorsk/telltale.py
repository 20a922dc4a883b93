"""Bokmål left in a nynorsk text (issue 26): the tell-tale forms a nynorsk page or letter
never has (docs/nynorsk.md, «Tell-tale forms»)."""

from __future__ import annotations

import re

#: Bokmål forms whose nynorsk is another word: «ikkje», «kva», «korleis», «dersom», «kven»,
#: «kvifor», «barnevernstenesta», «tenesta», «òg», «nokon», «mykje», «frå», «sakshandsamar», «eg».
TELL_TALE = (
    "ikke",
    "hva",
    "hvordan",
    "hvis",
    "hvem",
    "hvorfor",
    "barneverntjenesten",
    "barnevernstjenesten",
    "barnevernstjenestens",
    "tjenesten",
    "også",
    "noen",
    "mye",
    "fra",
    "saksbehandler",
    "saksbehandleren",
    "jeg",
)
_TELL_TALE = re.compile(r"(?<![\w@-])(" + "|".join(TELL_TALE) + r")(?![\w@-])", re.IGNORECASE)


def bokmal_in(text: str) -> list[str]:
    """The lines of ``text`` with a tell-tale bokmål form, the form marked with »«."""
    found = []
    for line in text.splitlines():
        line = " ".join(line.split())
        if _TELL_TALE.search(line):
            found.append(_TELL_TALE.sub(lambda m: f"»{m.group(0)}«", line))
    return found
