"""HTML to PDF with WeasyPrint (DOK-01).

- One ``FontConfiguration`` per process: building one costs about 100 ms a render (STACK.md).
- One parsed letter stylesheet per process (``documents/letter.css``, :func:`letter_to_pdf`).
- Nothing is fetched: a letter is self-contained (its CSS the shared stylesheet and its own
  inline rules, its fonts the system's Inter/DejaVu through fontconfig), and a URL in a letter
  must never make the worker read a local file or reach the network. Only ``data:`` URLs are
  allowed.
- The PDF is tagged (``pdf_tags``), so that screen readers can follow its structure.
"""

from __future__ import annotations

import gc
import hashlib
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache


@dataclass(frozen=True)
class RenderedPdf:
    content: bytes
    pages: int

    @property
    def sha256(self) -> str:
        return sha256_of(self.content)


_lock = threading.Lock()


@cache
def font_config():
    """The process's shared ``FontConfiguration`` (created on first use: importing WeasyPrint
    is slow, so web processes that never render never pay for it)."""
    from weasyprint.text.fonts import FontConfiguration

    return FontConfiguration()


@cache
def _url_fetcher():
    from weasyprint.urls import URLFetcher

    return URLFetcher(allowed_protocols={"data"}, allow_redirects=False, timeout=1)


#: The shared layout of every letter (a template: a municipality's templates may override it).
LETTER_STYLESHEET = "documents/letter.css"


@cache
def letter_stylesheet():
    """The letters' layout, parsed once per process: parsed inside every letter it took about
    6 ms of each (bench P6). Given to WeasyPrint as a *user* stylesheet, so a letter's own
    rules (its ``extra_style`` block) win over it whatever their specificity."""
    from django.template.loader import render_to_string
    from weasyprint import CSS

    return CSS(
        string=render_to_string(LETTER_STYLESHEET),
        font_config=font_config(),
        url_fetcher=_url_fetcher(),
    )


#: A document longer than this is collected after it is made (see :func:`html_to_pdf`).
LONG_DOCUMENT_PAGES = 10
_heap_frozen = False


def _freeze_heap() -> None:
    """Once per process, before its first document: what is alive now (Django, WeasyPrint, the
    fonts: some 150 000 objects) lives as long as the process, so CPython's cyclic collector
    stops walking it (``gc.freeze``; reference counting still frees what is released). Every
    full collection during a long document walked it again: a 41-page plan cost about 1.5× a
    5-page plan per page (bench P6b). Where a web process makes the letters itself (no
    broker), the objects of the request then under way are frozen too, once."""
    global _heap_frozen
    if not _heap_frozen:
        gc.collect()
        gc.freeze()
        _heap_frozen = True


def letter_to_pdf(html: str, *, attachments: Sequence[tuple[str, bytes]] = ()) -> RenderedPdf:
    """The PDF of a letter: a page extending ``documents/nb/base_letter.html``, laid out with
    the shared letter stylesheet. ``attachments`` (file name, content) are embedded in the PDF
    as its attached files (the documents an innsyn answer encloses, INNSYN-01)."""
    return html_to_pdf(html, letter=True, attachments=attachments)


def html_to_pdf(
    html: str, *, letter: bool = False, attachments: Sequence[tuple[str, bytes]] = ()
) -> RenderedPdf:
    """The PDF of a self-contained HTML page (its ``<title>`` becomes the PDF's title); with
    ``letter``, laid out with the letters' stylesheet (:func:`letter_to_pdf`)."""
    from weasyprint import HTML, Attachment

    # The shared font configuration is not documented as thread-safe: a threaded worker
    # renders one document at a time per process (prefork workers are separate processes).
    with _lock:
        fonts = font_config()
        stylesheets = [letter_stylesheet()] if letter else []
        _freeze_heap()
        document = HTML(string=html, url_fetcher=_url_fetcher(), base_url=None).render(
            font_config=fonts, pdf_tags=True, stylesheets=stylesheets
        )
        options = {}
        if attachments:
            options["attachments"] = [
                Attachment(string=data, name=name) for name, data in attachments
            ]
        content = document.write_pdf(pdf_tags=True, **options)
        pages = len(document.pages)
        del document
        if pages > LONG_DOCUMENT_PAGES:
            # Its box tree is garbage now: collected here, with the document that made it,
            # rather than in the middle of the next one.
            gc.collect()
    return RenderedPdf(content=content, pages=pages)


def sha256_of(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()
