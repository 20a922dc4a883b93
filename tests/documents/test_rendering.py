"""DOK-01: documents are ordered, rendered to PDF by the worker (eagerly here), stored
privately with their checksum and page count, and never rendered twice."""

from __future__ import annotations

import hashlib
import re

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.http import Http404

from cases.models import Adressebeskyttelse, Part
from documents import services, tasks
from documents.models import Dokument
from documents.pdf import _url_fetcher

from ..factories import make_sak
from .helpers import (
    TEST_TYPE,
    make_dokument,
    pdf_text,
    sample_context,
    sample_letter_registered,
    stored_path,
)

pytestmark = pytest.mark.django_db


def test_DOK_01_rendered_end_to_end_in_eager_mode(world, django_capture_on_commit_callbacks):
    sak = world.sak_a
    tjeneste = sak.tjeneste
    tjeneste.adresse = "Postboks 100, 9999 Fjordvik"
    tjeneste.telefon = "99 99 99 00"
    tjeneste.save()
    with sample_letter_registered(), django_capture_on_commit_callbacks(execute=True) as cbs:
        dokument = services.dokument_create(
            actor=world.saksbehandler, sak=sak, type=TEST_TYPE, source=sak
        )
    assert len(cbs) == 1  # the render task, enqueued on commit
    dokument.refresh_from_db()
    assert dokument.status == Dokument.Status.FERDIG
    assert dokument.versjon == 1
    assert dokument.sider == 1
    assert dokument.ordered_by == world.saksbehandler
    assert dokument.rendered_at is not None
    text = pdf_text(stored_path(dokument))
    # The letterhead: the municipality and the service, with its address.
    assert tjeneste.kommune in text
    assert tjeneste.navn in text
    assert "Postboks 100" in text
    # "Vår ref." is the case number; the date; the title; the body; the signature.
    assert "Vår ref." in text
    assert sak.saksnummer in text
    assert "Testbrev om hjelpetiltak" in text
    assert "Med hilsen" in text
    assert world.saksbehandler.get_full_name() in text
    assert "Unntatt offentlighet" in text
    # The recipients (the case's parties), attachments and copies.
    for part in sak.parter.all():
        assert part.fullt_navn in text
    assert "Vedlegg" in text
    assert "Kopi til" in text
    # The footer on every page.
    assert "Side 1 av 1" in text
    assert "99 99 99 00" in text


def test_DOK_01_checksum_and_private_path(world, documents_storage):
    dokument = make_dokument(world.saksbehandler, world.sak_a)
    path = stored_path(dokument)
    content = path.read_bytes()
    assert content.startswith(b"%PDF-")
    assert dokument.sha256 == hashlib.sha256(content).hexdigest()
    assert dokument.storrelse == len(content)
    assert services.dokument_verify(dokument)
    # Private storage: under DOCUMENTS_ROOT, no URL, a path with no personal data in it.
    assert path.is_relative_to(documents_storage)
    assert re.fullmatch(rf"dokumenter/\d{{4}}/{dokument.uuid}\.pdf", dokument.fil.name)
    barn = world.sak_a.barn
    for personal in (barn.fornavn, barn.etternavn, barn.fodselsnummer, world.sak_a.saksnummer):
        assert personal not in dokument.fil.name
        assert personal not in dokument.download_filename
    with pytest.raises(NotImplementedError):
        dokument.fil.url  # noqa: B018
    # The file is written read-only.
    assert path.stat().st_mode & 0o222 == 0


def test_DOK_01_page_numbers_on_every_page(world):
    def long_context(source):
        return {**sample_context(source), "long": range(60)}

    dokument = make_dokument(world.saksbehandler, world.sak_a, context=long_context)
    assert dokument.sider >= 2
    text = pdf_text(stored_path(dokument))
    for page in range(1, dokument.sider + 1):
        assert f"Side {page} av {dokument.sider}" in text


def test_DOK_01_task_run_twice_renders_once(world, monkeypatch):
    dokument = make_dokument(world.saksbehandler, world.sak_a)
    history = dokument.history.count()
    calls = []
    monkeypatch.setattr(services, "letter_to_pdf", lambda *a, **k: calls.append(a))
    with sample_letter_registered():
        tasks.render.apply(args=[dokument.pk]).get()
        tasks.render.apply(args=[dokument.pk]).get()
    again = Dokument.objects.get(pk=dokument.pk)
    assert calls == []
    assert (again.fil.name, again.sha256, again.rendered_at) == (
        dokument.fil.name,
        dokument.sha256,
        dokument.rendered_at,
    )
    assert again.history.count() == history


def test_DOK_01_task_contract():
    """A stable name, late acknowledgement, ids only (STYLE.md §4)."""
    assert tasks.render.name == "documents.render"
    assert tasks.render.acks_late is True
    assert tasks.render.reject_on_worker_lost is True


def test_DOK_01_order_enqueues_the_id_only_on_commit(
    world, monkeypatch, django_capture_on_commit_callbacks
):
    sent = []
    monkeypatch.setattr(
        tasks.render, "apply_async", lambda args, kwargs, **options: sent.append((args, kwargs))
    )
    with sample_letter_registered(), django_capture_on_commit_callbacks() as callbacks:
        dokument = services.dokument_create(
            actor=world.saksbehandler, sak=world.sak_a, type=TEST_TYPE, source=world.sak_a
        )
        assert sent == []  # not before the commit
    for callback in callbacks:
        callback()
    assert sent == [((dokument.pk,), {"attempt": 1})]
    assert dokument.status == Dokument.Status.BESTILT
    assert not dokument.fil


def test_DOK_01_a_new_version_is_a_new_document(world):
    first = make_dokument(world.saksbehandler, world.sak_a)
    second = make_dokument(world.saksbehandler, world.sak_a)
    assert (first.versjon, second.versjon) == (1, 2)
    assert first.pk != second.pk
    assert first.fil.name != second.fil.name
    # Each document keeps its own file and checksum.
    assert services.dokument_verify(first)
    assert services.dokument_verify(second)


def test_DOK_01_versions_count_per_source_and_type(world):
    other_source = world.sak_a.parter.first()
    make_dokument(world.saksbehandler, world.sak_a)
    dokument = make_dokument(world.saksbehandler, world.sak_a, source=other_source)
    assert dokument.versjon == 1
    assert dokument.source == other_source


def test_DOK_01_failed_render_is_recorded_and_tried_again(world):
    def broken(source):
        raise RuntimeError("the child's name would be here")

    dokument = make_dokument(world.saksbehandler, world.sak_a, context=broken)
    # One failed attempt: still being made, the next attempt after the back-off.
    assert dokument.status == Dokument.Status.BESTILT
    assert dokument.feil == "RuntimeError"  # the class, never the message
    assert dokument.forsok == 1
    assert dokument.neste_forsok is not None
    assert not dokument.fil
    with sample_letter_registered():
        dokument = services.dokument_render(dokument_id=dokument.pk)
    assert dokument.status == Dokument.Status.FERDIG
    assert dokument.feil == ""
    assert dokument.neste_forsok is None
    assert services.dokument_verify(dokument)


def test_DOK_01_verify_detects_a_changed_file(world):
    dokument = make_dokument(world.saksbehandler, world.sak_a)
    path = stored_path(dokument)
    path.chmod(0o640)
    path.write_bytes(path.read_bytes().replace(b"%%EOF", b"%%EOF\n% changed"))
    assert not services.dokument_verify(dokument)
    path.unlink()
    assert not services.dokument_verify(dokument)


def test_DOK_01_unregistered_type_and_foreign_source_refused(world, empty_registry):
    with pytest.raises(ImproperlyConfigured):
        services.dokument_create(
            actor=world.saksbehandler,
            sak=world.sak_a,
            type=Dokument.Type.GODKJENNINGSDOKUMENT,
            source=world.sak_a,
        )
    with sample_letter_registered(), pytest.raises(ValueError, match="another case"):
        services.dokument_create(
            actor=world.saksbehandler,
            sak=world.sak_a,
            type=TEST_TYPE,
            source=world.sak_b.parter.first(),
        )
    assert not Dokument.objects.exists()


def test_ROLE_02_document_of_an_invisible_case_cannot_be_ordered(world):
    with sample_letter_registered(), pytest.raises(Http404):
        services.dokument_create(
            actor=world.saksbehandler_b, sak=world.sak_a, type=TEST_TYPE, source=world.sak_a
        )
    assert not Dokument.objects.exists()


def test_SAK_05_shielded_address_never_printed(world):
    sak = make_sak(world.saksbehandler, world.team_a)
    Part.objects.create(
        sak=sak,
        relasjon=Part.Relasjon.MOR,
        fornavn="Skjermet",
        etternavn="Mor",
        adresse="Hemmeligveien 7, 9999 Fjordvik",
        adressebeskyttelse=Adressebeskyttelse.FORTROLIG,
    )
    Part.objects.create(
        sak=sak,
        relasjon=Part.Relasjon.FAR,
        fornavn="Synlig",
        etternavn="Far",
        adresse="Åpen gate 1, 9999 Fjordvik",
    )
    text = pdf_text(stored_path(make_dokument(world.saksbehandler, sak)))
    assert "Skjermet Mor" in text
    assert "Hemmeligveien" not in text
    assert "Synlig Far" in text
    assert "Åpen gate 1" in text


def test_DOK_01_renderer_fetches_nothing():
    """A URL in a letter never makes the worker read a file or reach the network."""
    fetcher = _url_fetcher()
    for url in ("file:///etc/passwd", "http://127.0.0.1/", "https://example.org/logo.png"):
        with pytest.raises(ValueError, match="disallowed protocol"):
            fetcher.fetch(url)


def test_DOK_01_the_renderer_keeps_the_collector_off_the_long_lived_heap(monkeypatch):
    """The process's long-lived heap is frozen before the first document (a full collection in
    a long document no longer walks Django and WeasyPrint), and a long document's garbage is
    collected with it, not in the next one (bench P6b)."""
    import gc

    from documents import pdf

    monkeypatch.setattr(pdf, "_heap_frozen", False)
    collected = []
    real_collect = gc.collect
    monkeypatch.setattr(gc, "collect", lambda *a: collected.append(a) or real_collect(*a))
    short = pdf.html_to_pdf("<!DOCTYPE html><html lang='nb'><title>K</title><p>Kort.</p></html>")
    assert short.pages == 1
    assert gc.get_freeze_count() > 0
    assert len(collected) == 1  # the freeze's own collection, once
    pdf.html_to_pdf("<!DOCTYPE html><html lang='nb'><title>K</title><p>Kort.</p></html>")
    assert len(collected) == 1
    pages = pdf.LONG_DOCUMENT_PAGES + 2
    body = "".join(f"<p style='break-after: page'>Side {i}</p>" for i in range(pages))
    long = pdf.html_to_pdf(f"<!DOCTYPE html><html lang='nb'><title>L</title>{body}</html>")
    assert long.pages >= pages
    assert len(collected) == 2


def test_DOK_01_letters_share_one_parsed_layout_and_keep_their_own_rules(world):
    """The letters' layout (documents/letter.css) is parsed once per process and applied to
    every letter: without it a letter has no running footer and no page numbers. A letter's own
    ``extra_style`` rules still win over it, whatever their specificity."""
    from django.template.loader import render_to_string

    from documents import pdf

    assert pdf.letter_stylesheet() is pdf.letter_stylesheet()
    dokument = make_dokument(world.saksbehandler, world.sak_a)
    html = render_to_string("documents/nb/_test_letter.html", services.letter_defaults(dokument))
    assert "@page" not in html
    assert "Side 1 av 1" in _text(pdf.letter_to_pdf(html).content)
    assert "Side 1 av 1" not in _text(pdf.html_to_pdf(html).content)

    # The layout's `.list-block h2` (10pt) is more specific than the letter's own `h2`.
    page = (
        "<!DOCTYPE html><html lang='nb'><title>T</title>{}"
        "<section class='list-block'><h2>Stor</h2></section></html>"
    )
    own = pdf.letter_to_pdf(page.format("<style>h2 { font-size: 30pt; }</style>"))
    layout = pdf.letter_to_pdf(page.format(""))
    assert _word_height(own.content, "Stor") > 2 * _word_height(layout.content, "Stor")


def _poppler(tool: list[str], content: bytes) -> str:
    import subprocess
    import tempfile

    with tempfile.NamedTemporaryFile(suffix=".pdf") as f:
        f.write(content)
        f.flush()
        return subprocess.run(
            [*tool, f.name, "-"], capture_output=True, text=True, timeout=30, check=True
        ).stdout


def _text(content: bytes) -> str:
    return _poppler(["pdftotext", "-layout"], content)


def _word_height(content: bytes, word: str) -> float:
    """The height of a word's box on the page (poppler's ``pdftotext -bbox``)."""
    m = re.search(
        rf'yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">{word}<',
        _poppler(["pdftotext", "-bbox"], content),
    )
    return float(m.group(2)) - float(m.group(1))


def test_DOK_01_a_letter_reads_its_source_without_asking_for_its_content_type(world):
    """The worker makes thousands of letters: the source's content type comes from the
    process's cache, so a letter's queries are the document row, its source and what its
    context reads."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    make_dokument(world.saksbehandler, world.sak_a)  # the cache is warm after one letter
    dokument = make_dokument(world.saksbehandler, world.sak_a, render=False)
    with sample_letter_registered(), CaptureQueriesContext(connection) as ctx:
        rendered = services.dokument_render(dokument_id=dokument.pk)
    assert rendered.status == Dokument.Status.FERDIG
    sqls = [q["sql"] for q in ctx.captured_queries]
    assert not [sql for sql in sqls if '"django_content_type"' in sql]
    assert any('FROM "cases_sak"' in sql for sql in sqls)  # the source was read
