"""HTML to PDF with WeasyPrint (DOK-01).

- One ``FontConfiguration`` per process: building one costs about 100 ms a render (STACK.md).
- Nothing is fetched: a letter is self-contained (its CSS inline, its fonts the system's
  Inter/DejaVu through fontconfig), and a URL in a letter must never make the worker read a
  local file or reach the network. Only ``data:`` URLs are allowed.
- The PDF is tagged (``pdf_tags``), so that screen readers can follow its structure.
"""

from __future__ import annotations

import hashlib
import threading
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
    takes 0.4 s, so web processes that never render never pay for it)."""
    from weasyprint.text.fonts import FontConfiguration

    return FontConfiguration()


@cache
def _url_fetcher():
    from weasyprint.urls import URLFetcher

    return URLFetcher(allowed_protocols={"data"}, allow_redirects=False, timeout=1)


def html_to_pdf(html: str) -> RenderedPdf:
    """The PDF of a self-contained HTML page (its ``<title>`` becomes the PDF's title)."""
    from weasyprint import HTML

    # The shared font configuration is not documented as thread-safe: a threaded worker
    # renders one document at a time per process (prefork workers are separate processes).
    with _lock:
        document = HTML(string=html, url_fetcher=_url_fetcher(), base_url=None).render(
            font_config=font_config(), pdf_tags=True
        )
        content = document.write_pdf(pdf_tags=True)
    return RenderedPdf(content=content, pages=len(document.pages))


def sha256_of(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()
