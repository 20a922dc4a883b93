"""Issue 26: every page of the demo, as each role, in nynorsk — no tell-tale bokmål form
(tests/nynorsk/telltale.py) and no English (tests/english.py) in what the interface writes.

Both demo services write nynorsk here. What users typed is data and stays as they wrote it:
the demo's free texts are replaced by a nynorsk sentence first, so that what is checked is
the product's own text (the interface, the seeded catalogues and checklists).
"""

from __future__ import annotations

import re
from collections import Counter, deque
from urllib.parse import urldefrag, urlsplit

import pytest
from django.apps import apps
from django.db import DatabaseError, models, transaction
from django.urls import reverse

from accounts.demo import DEMO_USERS
from accounts.models import Tjeneste, User
from cases.permissions import saker_visible_to
from tests.crawl import view_name
from tests.documents.helpers import documents_storage  # noqa: F401  (a fixture)
from tests.english import english_in

from .telltale import bokmal_in

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("documents_storage")]

#: The project's apps, whose free texts are the users' data.
PROJECT_APPS = {
    "accounts", "audit", "avslutning", "cases", "contractors", "core", "documents",
    "ettervern", "evaluations", "henvisning", "innkommende", "innsyn", "journal", "klage",
    "kvalitet", "moter", "plans", "programbank", "rapportering", "reminders", "rutiner",
    "senter", "vedtak",
}  # fmt: skip
NN_TEXT = "Tekst som sakshandsamaren skreiv."
#: Short texts that are names or numbers, not prose: kept.
KEEP = {
    "navn", "fornavn", "etternavn", "first_name", "last_name", "username", "password",
    "adresse", "kommune", "email", "epost", "telefon", "saksnummer", "kode",
}  # fmt: skip
#: Pages of one view visited per role: enough to meet each kind of page.
PER_VIEW = 2
SKIP_VIEWS = {
    "documents:download", "innkommende:download", "core:healthz", "kvalitet:export",
    "accounts:logout", "admin:index",
}  # fmt: skip
#: The letters tests/nynorsk/test_letters.py makes from factories (the small demo has none).
FROM_FACTORIES = {
    "evaluering", "innsynssvar", "klageoversendelse", "moteinnkalling", "motereferat",
    "samtykkeerklaering",
}  # fmt: skip
_HREF = re.compile(r'href="(/[^"#]*)')


def _text(html: str) -> str:
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    attrs = re.findall(r'(?:aria-label|title|placeholder|alt)="([^"]*)"', html)
    return re.sub(r"<[^>]+>", "\n", html) + "\n" + "\n".join(attrs)


def _is_free_text(field) -> bool:
    if field.choices or field.name in KEEP:
        return False
    if isinstance(field, models.TextField):
        return True
    return isinstance(field, models.CharField) and (field.max_length or 0) >= 100


def _free_texts_in_nynorsk() -> None:
    """Every free text of the demo (and of its history: the reasons written then) becomes one
    nynorsk sentence: titles, notes, reasons — what users wrote, in the form they wrote."""
    for model in apps.get_models():
        if model._meta.app_label not in PROJECT_APPS:
            continue
        for field in model._meta.concrete_fields:
            if not _is_free_text(field):
                continue
            try:
                with transaction.atomic():
                    rows = model._base_manager.exclude(**{field.name: ""})
                    rows.update(**{field.name: NN_TEXT})
            except DatabaseError:
                pass  # an append-only table (a dispatch, the access log): never changed


@pytest.fixture
def nynorsk_demo(settings):
    from demo.data import load_demo

    settings.DEMO_MODE = True
    load_demo(children=16, malform="nn")
    assert set(Tjeneste.objects.values_list("malform", flat=True)) == {"nn"}
    _free_texts_in_nynorsk()


def _crawl(client, user) -> tuple[list[str], list[str]]:
    """The start page, the user's cases and what they link to (two levels; three inside a
    case), at most PER_VIEW pages of a view. Returns the pages visited and the problems."""
    cases = list(saker_visible_to(user).order_by("pk").values_list("pk", flat=True)[:3])
    queue = deque([(reverse("core:home"), 0)])
    queue.extend((reverse("cases:detail", args=[pk]), 0) for pk in cases)
    prefixes = tuple(f"/saker/{pk}/" for pk in cases)
    visited, problems, per_view = [], [], Counter()
    while queue:
        path, depth = queue.popleft()
        name = view_name(urlsplit(path).path, SKIP_VIEWS)
        if path in visited or name is None or per_view[name] >= PER_VIEW:
            continue
        per_view[name] += 1
        visited.append(path)
        response = client.get(path)
        if "text/html" not in response.get("Content-Type", ""):
            continue
        if response.status_code != 200:
            problems.append(f"{path}: HTTP {response.status_code}")
            continue
        html = response.content.decode()
        assert '<html lang="nn"' in html, path
        text = _text(html)
        for line in bokmal_in(text)[:3]:
            problems.append(f"{name} {path}: bokmål: {line[:160]}")
        for line in english_in(text)[:3]:
            problems.append(f"{name} {path}: English: {line[:160]}")
        if depth < (3 if path.startswith(prefixes) else 2):
            for link in _HREF.findall(html):
                link = urldefrag(link)[0]
                if link not in visited:
                    queue.append((link, depth + 1))
    return visited, problems


@pytest.mark.parametrize("username", [u[0] for u in DEMO_USERS])
def test_every_page_of_the_demo_is_nynorsk_for_each_role(client, nynorsk_demo, username):
    user = User.objects.get(username=username)
    client.force_login(user)
    visited, problems = _crawl(client, user)
    assert len(visited) > 5, visited
    assert problems == [], "\n".join(problems)


def test_DOK_01_every_letter_in_nynorsk(nynorsk_demo, tmp_path):
    """Each kind of letter the demo made, made again in nynorsk: its text has no bokmål
    tell-tale and no English, and its first page is saved (test-artifacts/letters/nn-*.png)."""
    from documents import registry
    from documents.models import Dokument
    from documents.services import _render_pdf, render_row
    from tests.documents.test_party_letters import first_page_png, fonts_of, text_of

    made = {}
    for kind in registry.registered():
        dokument = Dokument.objects.filter(type=kind.type).order_by("pk").first()
        if dokument is None:
            continue
        row = render_row(dokument.pk)  # as the worker reads it, then made in nynorsk
        row.sprak = "nn"
        path = tmp_path / f"nn-{kind.type}.pdf"
        path.write_bytes(_render_pdf(row).content)
        text = text_of(path)
        made[kind.type] = text
        found = [
            line[max(0, line.find("»") - 50) : line.find("«") + 50] for line in bokmal_in(text)
        ]
        assert found == [], kind.type
        assert english_in(text) == [], kind.type
        assert fonts_of(path) <= {"Inter", "Inter-Bold"}, kind.type  # one font (issue 20)
        first_page_png(path, f"nn-{kind.type}")
    missing = {k.type for k in registry.registered()} - set(made)
    # The letters the small demo does not make are made from factories in test_letters.py.
    assert missing <= FROM_FACTORIES, f"no nynorsk letter test makes {sorted(missing)}"
