"""The journal's pages are in Norwegian (issue 20, item 2): no English on a page under nb."""

import re

import pytest
from django.urls import reverse

from tests.english import english_in

from .factories import make_note

pytestmark = pytest.mark.django_db


def _text(html: str) -> str:
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return re.sub(r"<[^>]+>", "\n", html)


def test_the_journal_pages_are_norwegian(client, world, sak):
    draft = make_note(world.saksbehandler, sak, type="samtale_barn")
    signed = make_note(world.saksbehandler, sak, signed=True, ekstern_kilde=True, kilde="Skolen")
    client.force_login(world.saksbehandler)
    urls = [
        reverse("cases:detail", args=[sak.pk]),
        reverse("journal:journal", args=[sak.pk]),
        reverse("journal:journal", args=[sak.pk]) + "?q=samtale&type=telefon",
        reverse("journal:create", args=[sak.pk]),
        reverse("journal:detail", args=[sak.pk, draft.pk]),
        reverse("journal:edit", args=[sak.pk, draft.pk]),
        reverse("journal:sign", args=[sak.pk, draft.pk]),
        reverse("journal:detail", args=[sak.pk, signed.pk]),
        reverse("journal:edit", args=[sak.pk, signed.pk]),
        reverse("journal:correct", args=[sak.pk, signed.pk]),
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        assert english_in(_text(response.content.decode())) == [], url


def test_the_journal_explains_without_rule_ids_and_a_block_still_names_one(client, world, sak):
    rule_id = re.compile(r"\b[A-ZÆØÅ]{2,5}-\d\d\b")
    signed = make_note(world.saksbehandler, sak, signed=True)
    client.force_login(world.saksbehandler)
    page = client.get(reverse("journal:create", args=[sak.pk])).content.decode()
    intro = page.split("<h1", 1)[1].split("<form", 1)[0]
    assert rule_id.search(_text(intro)) is None
    locked = client.get(reverse("journal:edit", args=[sak.pk, signed.pk])).content.decode()
    assert "(JOUR-02)" in _text(locked.split("<h1", 1)[1])
