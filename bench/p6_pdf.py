"""P6: the cost of a letter PDF (issue 8).

- **P6a** a typical vedtak letter / a minimal one-page WeasyPrint document, in the same warm
  process, interleaved: ≤ 8. The letter is made as the ``documents.render`` task makes it
  (:func:`documents.services._render_pdf`: the document row with the task's joins, the source,
  the registered context, the template, :func:`documents.pdf.letter_to_pdf`), minus storing
  the file; the minimal page goes through :func:`documents.pdf.html_to_pdf`, the same renderer
  without the letters' stylesheet.
- **P6a-brev** the same letter / a minimal one-page *letter* (the shared letter layout, its
  fonts and tags, one paragraph; made the same way, from the same document row): ≤ 8. Not a
  target of the issue: the baseline we propose for P6a. WeasyPrint 70 makes the bare
  minimal document of P6a in about 5 ms, so P6a asks a two-page letter for about 40 ms in
  all; the layout and writing of a letter's two A4 pages alone take about 90 ms (measured:
  README, «Ytelse»). P6a stays in the table as the issue states it. Its details carry the
  floor: the same letter's HTML, made once, with no stylesheet at all (WeasyPrint's own
  defaults only, no data or template work in the time), against the same minimal document.
- **P6b** the time per page of a 40-page plan / of a 5-page plan: ≤ 1.5 (the cost of a page
  does not grow with the length of the document). The page counts are read back from the PDFs
  (poppler's ``pdfinfo``).

Both run in one child process against a fresh copy of the letters' scratch database
(:mod:`bench._pdfdata`).
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tempfile

from bench import _pdfdata
from bench._common import (
    child,
    child_env,
    emit,
    figure,
    interleaved,
    median,
    ms,
    print_figures,
    setup_django,
    standalone_context,
)

TARGET_A = 8.0
TARGET_B = 1.5
MINIMAL_HTML = (
    "<!DOCTYPE html><html lang='nb'><head><meta charset='utf-8'><title>Minimal</title></head>"
    "<body><p>Hei.</p></body></html>"
)


def run(ctx) -> list[dict]:
    template = _pdfdata.ensure_template(ctx.log)
    url = _pdfdata.fresh_scratch(template)
    try:
        with tempfile.TemporaryDirectory(prefix="bench-p6-") as tmp:
            out = child(
                "bench.p6_pdf",
                ["--reps", str(ctx.reps), "--warmup", str(max(ctx.warmup, 1))],
                child_env(url, DOCUMENTS_ROOT=tmp),
                log=ctx.log,
            )
    finally:
        _pdfdata.drop()
    t = out["times"]
    vedtak, minimal = median(t["vedtak"]), median(t["minimal"])
    minimal_letter = median(t["minimal_letter"])
    long, short = median(t["plan_long"]), median(t["plan_short"])
    pages = out["pages"]
    per_long, per_short = long / pages["plan_long"], short / pages["plan_short"]
    return [
        figure(
            "P6a",
            "Vedtak letter PDF / minimal one-page PDF (same warm process)",
            vedtak / minimal,
            TARGET_A,
            "<=",
            {
                "vedtak": ms(t["vedtak"]),
                "minimal": ms(t["minimal"]),
                "pages": {"vedtak": pages["vedtak"], "minimal": pages["minimal"]},
                "bytes": out["bytes"],
                # The floor: the letter's markup alone, laid out with no stylesheet.
                "unstyled": ms(t["unstyled"]),
                "unstyled_ratio": round(median(t["unstyled"]) / minimal, 2),
            },
        ),
        figure(
            "P6a-brev",
            "Vedtak letter PDF / minimal one-page letter PDF (proposed baseline, not in the issue)",
            vedtak / minimal_letter,
            TARGET_A,
            "<=",
            {
                "vedtak": ms(t["vedtak"]),
                "minimal_letter": ms(t["minimal_letter"]),
                "pages": {"vedtak": pages["vedtak"], "minimal_letter": pages["minimal_letter"]},
            },
        ),
        figure(
            "P6b",
            f"Time per page: {pages['plan_long']}-page plan / {pages['plan_short']}-page plan",
            per_long / per_short,
            TARGET_B,
            "<=",
            {
                "plan_long": {**ms(t["plan_long"]), "pages": pages["plan_long"]},
                "plan_short": {**ms(t["plan_short"]), "pages": pages["plan_short"]},
                "per_page_ms": {
                    "long": round(per_long * 1000, 2),
                    "short": round(per_short * 1000, 2),
                },
            },
        ),
    ]


# --- The child process ----------------------------------------------------------------------------


def pdf_pages(content: bytes) -> int:
    """The page count of a PDF, read back from the file (poppler's ``pdfinfo``)."""
    if shutil.which("pdfinfo"):
        with tempfile.NamedTemporaryFile(suffix=".pdf") as f:
            f.write(content)
            f.flush()
            info = subprocess.run(  # noqa: S603
                [shutil.which("pdfinfo"), f.name],
                capture_output=True,
                text=True,
                check=True,
                timeout=30,
            ).stdout
        return int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))
    counts = re.findall(rb"/Type\s*/Pages\b[^>]*?/Count\s+(\d+)", content)
    if not counts:
        raise RuntimeError("pdfinfo (poppler-utils) is needed to count the pages")
    return max(int(c) for c in counts)


def _child(reps: int, warmup: int) -> None:
    setup_django()
    # Inside, after setup_django(): this module is imported in a fresh process first.
    from django.template.loader import render_to_string

    from documents.models import Dokument
    from documents.pdf import html_to_pdf, letter_to_pdf
    from documents.services import _letter_html, _render_pdf, letter_defaults

    m = _pdfdata.manifest()

    def row(dokument_id: int) -> Dokument:
        # What dokument_render reads (without the row lock: nothing is written here).
        return Dokument.objects.select_related(
            "sak", "sak__tjeneste", "sak__saksbehandler", "sak__barn", "ordered_by"
        ).get(pk=dokument_id)

    def render(dokument_id: int):
        return _render_pdf(row(dokument_id))

    def minimal_letter():
        # The letter layout with one paragraph, from the vedtak's document row: what every
        # letter costs before its own content.
        context = {**letter_defaults(row(m["vedtak_dokument_id"])), "tittel": "Melding"}
        return letter_to_pdf(render_to_string("documents/nb/_test_letter.html", context))

    # The vedtak letter's HTML as the worker makes it, without its <style> blocks; laid out
    # without the letters' stylesheet.
    unstyled = re.sub(
        r"<style\b.*?</style>", "", _letter_html(row(m["vedtak_dokument_id"])), flags=re.S | re.I
    )
    jobs = {
        "vedtak": lambda: render(m["vedtak_dokument_id"]),
        "unstyled": lambda: html_to_pdf(unstyled),
        "minimal": lambda: html_to_pdf(MINIMAL_HTML),
        "minimal_letter": minimal_letter,
        "plan_long": lambda: render(m["plans"]["long"]["dokument_id"]),
        "plan_short": lambda: render(m["plans"]["short"]["dokument_id"]),
    }
    pages, sizes = {}, {}
    for name, job in jobs.items():  # also warms the process: fonts, templates, WeasyPrint
        pdf = job()
        pages[name] = pdf_pages(pdf.content)
        sizes[name] = len(pdf.content)
        if pages[name] != pdf.pages:
            raise RuntimeError(f"{name}: {pages[name]} pages in the file, {pdf.pages} rendered")
    times = interleaved(jobs, reps, warmup)
    emit({"times": times, "pages": pages, "bytes": sizes})


if __name__ == "__main__":
    if sys.argv[1:2] == ["--child"]:
        import argparse

        p = argparse.ArgumentParser()
        p.add_argument("--child", action="store_true")
        p.add_argument("--reps", type=int, required=True)
        p.add_argument("--warmup", type=int, default=1)
        a = p.parse_args()
        _child(a.reps, a.warmup)
    else:
        print_figures(run(standalone_context(sys.argv[1:])))
