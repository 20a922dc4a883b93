"""Issue 19, finding 11: WeasyPrint renders letters with a URL fetcher that fetches nothing.

A letter's free text is the caseworker's (or, through a party's name, anyone's): a URL in it
must never make the worker read a local file (``file:///etc/passwd``) or reach the network
(``http://127.0.0.1:9/x``, an internal service). The letters' fetcher allows ``data:`` URLs only
(documents/pdf.py). Proved three ways while a letter is made: every URL WeasyPrint asked for was
refused by the fetcher; no URL was opened (urllib's opener, which does the fetching, saw none);
nothing connected to a listening socket named in the letter; and neither a marker file's text
nor /etc/passwd's is in the PDF.
"""

from __future__ import annotations

import socket
import urllib.request
from pathlib import Path

import pytest

from documents import pdf

from ..documents.helpers import (  # noqa: F401 (documents_storage: a fixture)
    documents_storage,
    make_dokument,
    pdf_text,
    sample_context,
    stored_path,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("documents_storage")]

PASSWD = Path("/etc/passwd")
CSS_MARKER = "FETCHED-MARKER-CSS"
SVG_MARKER = "FETCHED-MARKER-SVG"


class Listener:
    """A TCP port on the loopback that knows whether anything connected to it (the
    connections wait in its backlog: it never accepts until asked)."""

    def __init__(self):
        self.server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.server.bind(("127.0.0.1", 0))
        self.server.listen(16)
        self.server.setblocking(False)
        self.url = f"http://127.0.0.1:{self.server.getsockname()[1]}"

    def connections(self) -> int:
        count = 0
        while True:
            try:
                conn, _addr = self.server.accept()
            except BlockingIOError:
                return count
            conn.close()
            count += 1


@pytest.fixture
def listener():
    listening = Listener()
    yield listening
    listening.server.close()


@pytest.fixture
def markers(tmp_path):
    """Local files that would put their text into the PDF if they were ever read."""
    css = tmp_path / "marker.css"
    css.write_text(f'body::after {{ content: "{CSS_MARKER}"; }}')
    svg = tmp_path / "marker.svg"
    svg.write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" width="200" height="20">'
        f'<text x="0" y="15">{SVG_MARKER}</text></svg>'
    )
    return css.as_uri(), svg.as_uri()


@pytest.fixture
def fetches(monkeypatch):
    """Every URL WeasyPrint asks the letters' fetcher for, with whether it was refused; and
    every URL any urllib opener (the fetcher's own included) actually opened."""
    asked: list[tuple[str, bool]] = []
    opened: list[str] = []
    fetcher = pdf._url_fetcher()
    real_fetch = fetcher.fetch

    def fetch(url, *args, **kwargs):
        try:
            response = real_fetch(url, *args, **kwargs)
        except Exception:
            asked.append((url, True))
            raise
        asked.append((url, False))
        return response

    real_open = urllib.request.OpenerDirector.open

    def open_(self, fullurl, *args, **kwargs):
        opened.append(getattr(fullurl, "full_url", fullurl))
        return real_open(self, fullurl, *args, **kwargs)

    monkeypatch.setattr(fetcher, "fetch", fetch)
    monkeypatch.setattr(urllib.request.OpenerDirector, "open", open_)
    return asked, opened


def hostile_html(listen_url: str, css_uri: str, svg_uri: str) -> str:
    svg_inside_data = "data:image/svg+xml," + urllib.request.quote(
        '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"'
        f' width="10" height="10"><image href="{svg_uri}" width="10" height="10"/>'
        f'<image xlink:href="{PASSWD.as_uri()}" width="10" height="10"/></svg>'
    )
    return (
        f'<img src="http://127.0.0.1:9/x"> file:///etc/passwd <img src="file:///etc/passwd">'
        f'<img src="{listen_url}/img.png"><img src="{svg_uri}"><img src="{svg_inside_data}">'
        f'<link rel="stylesheet" href="{css_uri}"><link rel="stylesheet" href="{listen_url}/s.css">'
        f'<link rel="attachment" href="file:///etc/passwd">'
        f'<style>@import url("{css_uri}");'
        f' @font-face {{ font-family: X; src: url("{listen_url}/f.woff"); }}'
        f' p {{ background: url("{listen_url}/bg.png"); font-family: X; }}</style>'
        f'<object data="{svg_uri}"></object><embed src="file:///etc/passwd">'
        f'<iframe src="{listen_url}/frame"></iframe>'
        f'<p style="background-image: url(file:///etc/passwd)">Fritekst</p>'
    )


def assert_nothing_fetched(asked, opened, listener, text):
    refused_or_data = [(url, refused) for url, refused in asked if not url.startswith("data:")]
    assert refused_or_data, "WeasyPrint asked for no URL: the test proves nothing"
    assert all(refused for _url, refused in refused_or_data), refused_or_data
    assert [u for u in opened if not str(u).startswith("data:")] == []
    assert CSS_MARKER not in text
    assert SVG_MARKER not in text
    passwd_lines = [line for line in PASSWD.read_text().splitlines() if line.strip()]
    assert passwd_lines
    assert not any(line in text for line in passwd_lines[:5])
    assert "root:" not in text
    assert listener.connections() == 0


def test_finding11_letter_free_text_with_urls_fetches_nothing(world, listener, markers, fetches):
    """The whole letter pipeline: order, render with the letters' layout, store, read back.
    The free text (title, a party's name) holds URLs; autoescaping prints them as text."""
    css_uri, svg_uri = markers
    hostile = hostile_html(listener.url, css_uri, svg_uri)
    sak = world.sak_a

    def context(source):
        return {**sample_context(source), "tittel": hostile, "kopi_til": [hostile]}

    dokument = make_dokument(world.saksbehandler, sak, context=context)
    text = pdf_text(stored_path(dokument))
    assert "file:///etc/passwd" in text  # the free text is in the letter, as text
    asked, opened = fetches
    # Escaped, so WeasyPrint saw no tag: only the layout's own data: URLs, if any.
    assert [u for u, _refused in asked if not u.startswith("data:")] == []
    assert [u for u in opened if not str(u).startswith("data:")] == []
    assert CSS_MARKER not in text
    assert "root:" not in text
    assert listener.connections() == 0


@pytest.mark.parametrize("letter", [True, False], ids=["letter-layout", "plain"])
def test_finding11_pdf_renderer_refuses_every_url_even_in_markup(
    letter, listener, markers, fetches, tmp_path
):
    """Should a template ever print free text as markup (``|safe``), the fetcher still refuses
    every URL that is not ``data:``: files, loopback, the network, inside SVG too."""
    css_uri, svg_uri = markers
    html = (
        "<!DOCTYPE html><html lang='nb'><head><title>T</title></head><body>"
        + hostile_html(listener.url, css_uri, svg_uri)
        + "</body></html>"
    )
    rendered = (pdf.letter_to_pdf if letter else pdf.html_to_pdf)(html)
    pdf_file = tmp_path / "hostile.pdf"
    pdf_file.write_bytes(rendered.content)
    text = pdf_text(pdf_file)
    assert "Fritekst" in text
    asked, opened = fetches
    assert_nothing_fetched(asked, opened, listener, text)
    asked_urls = {url for url, _refused in asked}
    assert "http://127.0.0.1:9/x" in asked_urls
    assert "file:///etc/passwd" in asked_urls
    assert css_uri in asked_urls
    assert f"{listener.url}/img.png" in asked_urls
