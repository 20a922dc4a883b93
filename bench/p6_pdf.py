"""P6: the cost of a letter PDF (issues 8 and 27).

- **P6a** the whole vedtak letter job as the worker runs it / WeasyPrint's own layout and
  write of *the same final HTML and stylesheet*, made beforehand: ≤ 1.15 (issue 27). The job is
  what the ``documents.render`` task does for the PDF (:func:`documents.services._render_pdf`:
  the document row with the task's joins, the source, the registered context, the template,
  :func:`documents.pdf.letter_to_pdf`'s layout and write), minus storing the file. The floor
  is WeasyPrint alone: ``HTML(string=…).render(…).write_pdf(…)`` with the arguments
  ``letter_to_pdf`` gives it (the font configuration, the letters' parsed stylesheet, tags),
  on the letter's final HTML made once before the timing. The figure is what the project adds
  on top of the library for that very letter.
- **P6a-brev** the same letter / a minimal one-page *letter* (the shared letter layout, its
  fonts and tags, one paragraph; made the same way, from the same document row): ≤ 3, a
  reported figure. It catches what the library's floor cannot: a letter whose own markup
  grows (more boxes), a font configuration or stylesheet built per render.
- The details give the absolute milliseconds per page of both, as information (README).
- **P6b** the time per page of a 40-page plan / of a 5-page plan: ≤ 1.5 (the cost of a page
  does not grow with the length of the document). The page counts are read back from the PDFs
  (poppler's ``pdfinfo``).

Issue 8's P6a (the letter / a bare one-page WeasyPrint document, ≤ 8) measured WeasyPrint's
cost per box, not the project: the letter's own markup with no stylesheet at all already took
12–13 × the bare page. Issue 27 replaced it with the figure above; the bare page and the
unstyled letter stay in P6a's details.

All run in one child process against a fresh copy of the letters' scratch database
(:mod:`bench._pdfdata`), interleaved round by round.
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

TARGET_A = 1.15
TARGET_BREV = 3.0
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
    pages = out["pages"]
    vedtak, floor = median(t["vedtak"]), median(t["weasyprint"])
    minimal, minimal_letter = median(t["minimal"]), median(t["minimal_letter"])
    long, short = median(t["plan_long"]), median(t["plan_short"])
    per_long, per_short = long / pages["plan_long"], short / pages["plan_short"]

    def per_page(key: str) -> float:
        return round(median(t[key]) * 1000 / pages[key], 2)

    return [
        figure(
            "P6a",
            "Vedtak letter job / WeasyPrint alone on its final HTML and stylesheet",
            vedtak / floor,
            TARGET_A,
            "<=",
            {
                "vedtak": ms(t["vedtak"]),
                "weasyprint": ms(t["weasyprint"]),
                "project_ms": round((vedtak - floor) * 1000, 2),
                # The same rounds' pairs (each round runs both, one after the other): on a busy
                # machine less swayed by the load's drift than the ratio of the medians.
                "paired_ratio_median": round(
                    median([a / b for a, b in zip(t["vedtak"], t["weasyprint"], strict=True)]), 3
                ),
                "pages": {"vedtak": pages["vedtak"], "weasyprint": pages["weasyprint"]},
                "ms_per_page": {"vedtak": per_page("vedtak"), "weasyprint": per_page("weasyprint")},
                "bytes": out["bytes"],
                # Issue 8's P6a and its floor, for comparison: the bare one-page document, and
                # the letter's markup alone laid out with no stylesheet.
                "minimal": ms(t["minimal"]),
                "letter_per_minimal": round(vedtak / minimal, 2),
                "unstyled": ms(t["unstyled"]),
                "unstyled_ratio": round(median(t["unstyled"]) / minimal, 2),
            },
        ),
        figure(
            "P6a-brev",
            "Vedtak letter PDF / minimal one-page letter PDF",
            vedtak / minimal_letter,
            TARGET_BREV,
            "<=",
            {
                "vedtak": ms(t["vedtak"]),
                "minimal_letter": ms(t["minimal_letter"]),
                "pages": {"vedtak": pages["vedtak"], "minimal_letter": pages["minimal_letter"]},
                "ms_per_page": {
                    "vedtak": per_page("vedtak"),
                    "minimal_letter": per_page("minimal_letter"),
                },
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
    from weasyprint import HTML

    from documents.pdf import (
        RenderedPdf,
        _url_fetcher,
        font_config,
        html_to_pdf,
        letter_stylesheet,
        letter_to_pdf,
    )
    from documents.services import _letter_html, _render_pdf, letter_defaults, render_row

    m = _pdfdata.manifest()

    def render(dokument_id: int):
        return _render_pdf(render_row(dokument_id))

    def minimal_letter():
        # The letter layout with one paragraph, from the vedtak's document row: what every
        # letter costs before its own content.
        context = {**letter_defaults(render_row(m["vedtak_dokument_id"])), "tittel": "Melding"}
        return letter_to_pdf(render_to_string("documents/nb/_test_letter.html", context))

    # The vedtak letter's final HTML, made once as the worker makes it (P6a's floor), and the
    # same without its <style> blocks, laid out without the letters' stylesheet (issue 8's).
    final_html = _letter_html(render_row(m["vedtak_dokument_id"]))
    unstyled = re.sub(r"<style\b.*?</style>", "", final_html, flags=re.S | re.I)

    def weasyprint_alone() -> RenderedPdf:
        # WeasyPrint with the arguments letter_to_pdf gives it, on HTML and a stylesheet (the
        # process's parsed letter.css) made beforehand: no row, context, template or lock.
        document = HTML(string=final_html, url_fetcher=_url_fetcher(), base_url=None).render(
            font_config=font_config(), pdf_tags=True, stylesheets=[letter_stylesheet()]
        )
        return RenderedPdf(content=document.write_pdf(pdf_tags=True), pages=len(document.pages))

    jobs = {
        "vedtak": lambda: render(m["vedtak_dokument_id"]),
        "weasyprint": weasyprint_alone,
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
