"""The English detector of the page crawl (tests/english.py, issue 20 item 2) on its own."""

from __future__ import annotations

import gettext

from tests.english import CATALOGUE, english_in


def test_it_finds_the_sentence_that_once_stayed_English():
    text = (
        "Tiltaksplan\nThe evaluation is completed. Send it to the parties when the letter is ready."
    )
    assert english_in(text)


def test_it_finds_English_that_was_never_marked_for_translation():
    assert english_in("Saksnummer 12\nThe case could not be saved, please try again")


def test_a_translated_msgid_with_placeholders_is_found_by_its_pieces():
    # "The deadline for the statement is %(date)s." style: the words around the placeholder.
    assert english_in("Send it to the parties when the letter is ready 4.12.2026")


def test_no_Norwegian_text_of_the_catalogue_is_taken_for_English():
    with CATALOGUE.open("rb") as fp:
        catalogue = gettext.GNUTranslations(fp)._catalog
    norwegian = [msgstr for msgstr in catalogue.values() if isinstance(msgstr, str) and msgstr]
    assert len(norwegian) > 1000
    taken = [text for text in norwegian if english_in(text)]
    assert taken == []


def test_Norwegian_prose_with_words_English_shares_passes():
    text = (
        "Barnet har en have hjemme, og far har sagt at han vil være med.\n"
        "Fristen for uttalelse er 4. desember 2026, to uker fra i dag.\n"
        "Anders og Tone bor i Storgata 1."
    )
    assert english_in(text) == []
