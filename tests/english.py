"""Finding English in a Norwegian page's text (issue 20, item 2).

Two nets, both over the text a user sees:

- **the catalogue's English**: every msgid of ``locale/nb`` with three words or more whose
  Norwegian text differs from it. Such a sentence on a page under ``nb`` is a text that was
  not translated when it was shown (a string translated at import time, a text built from
  parts, a catalogue not compiled);
- **English grammar**: a line with two or more English function words that Norwegian does not
  have («the», «is», «when», «your» …). This finds texts that were never marked at all.

``english_in(text)`` returns the offending lines (empty when the page is Norwegian).
"""

from __future__ import annotations

import gettext
import re
from functools import cache
from pathlib import Path

CATALOGUE = Path(__file__).resolve().parent.parent / "locale" / "nb" / "LC_MESSAGES" / "django.mo"

#: English words that are not Norwegian words a page would show (so not «for», «to», «and»,
#: «have», «by», «i»: Norwegian has them).
ENGLISH_WORDS = frozenset(
    [
        "the",
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "being",
        "this",
        "that",
        "these",
        "those",
        "when",
        "where",
        "which",
        "who",
        "whose",
        "what",
        "your",
        "you",
        "with",
        "without",
        "from",
        "into",
        "has",
        "had",
        "does",
        "did",
        "doesn't",
        "don't",
        "cannot",
        "can't",
        "could",
        "should",
        "would",
        "will",
        "shall",
        "must",
        "please",
        "there",
        "their",
        "they",
        "them",
        "here",
        "of",
        "not",
        "no",
        "yet",
        "only",
        "after",
        "before",
        "than",
        "then",
        "because",
        "while",
        "been",
    ]
)
_WORD = re.compile(r"[A-Za-zÆØÅæøå'’]+")
_PLACEHOLDER = re.compile(r"%\([^)]*\)[sd]|%[sd]|\{[^}]*\}")


@cache
def _english_msgids() -> tuple[str, ...]:
    """The catalogue's English sentences: msgids of three or more words translated to
    something else, with their placeholders cut out (the pieces between them)."""
    with CATALOGUE.open("rb") as fp:
        catalogue = gettext.GNUTranslations(fp)._catalog
    pieces: set[str] = set()
    for msgid, msgstr in catalogue.items():
        if isinstance(msgid, tuple):  # a plural form: (msgid, n)
            msgid = msgid[0]
        msgid = msgid.split("\x04", 1)[-1]  # a context: "context\x04msgid"
        if not msgid or msgid == msgstr:
            continue
        for piece in _PLACEHOLDER.split(msgid):
            piece = " ".join(piece.split()).strip(" .,:;")
            if len(_WORD.findall(piece)) >= 3:
                pieces.add(piece)
    return tuple(sorted(pieces, key=len, reverse=True))


def english_words(line: str) -> set[str]:
    return {word.lower() for word in _WORD.findall(line)} & ENGLISH_WORDS


def english_in(text: str) -> list[str]:
    """The lines of ``text`` that are English (see the module's doc)."""
    found: list[str] = []
    lines = [" ".join(line.split()) for line in text.splitlines()]
    joined = "\n".join(lines)
    for piece in _english_msgids():
        if piece in joined:
            found.append(piece)
    for line in lines:
        if len(english_words(line)) >= 2 and line not in found:
            found.append(line)
    return found
