"""P10: the daily extract to Barnevernsregisteret (issue 28, RAPP-02).

Every service's extract of the dataset is built as the nightly task builds it
(:func:`rapportering.services.build_file`: read chunk by chunk, one ``<Barnevern>`` document per
case streamed with ``lxml.etree.xmlfile``, validated against the vendored schema, zipped into a
temporary file), in a child process of its own per dataset, so that its peak resident memory
(VmHWM) is the build's. Nothing is written to the dataset (no extract row, no stored file).

- **P10a** build time of the largest dataset / of the 10 000-children one: **≤ 12** (linear,
  no worse: ten times the children);
- **P10b** peak memory of the build, largest / 10 000: **≤ 1.3** (streamed: it does not grow
  with the data).

The details give each build's seconds, peak memory, cases written and the controls' counts.
"""

from __future__ import annotations

import sys
import tempfile
import time

from bench._common import child, child_env, emit, figure, hwm_kib, setup_django

TARGET_TIME = 12
TARGET_MEMORY = 1.3
BASE = 10_000


def run(ctx) -> list[dict]:
    large = ctx.large
    base = BASE if BASE in ctx.databases else ctx.small
    results = {
        size: child("bench.p10_rapportering", [], child_env(ctx.databases[size]), log=ctx.log)
        for size in sorted({base, large})
    }
    a, b = results[large], results[base]
    details = {"sizes": [base, large], "runs": results}
    return [
        figure(
            "P10a",
            f"extract build, {large} / {base} children",
            a["seconds"] / max(b["seconds"], 1e-9),
            TARGET_TIME,
            "<=",
            details,
        ),
        figure(
            "P10b",
            f"extract build peak memory, {large} / {base} children",
            a["hwm_kib"] / max(b["hwm_kib"], 1),
            TARGET_MEMORY,
            "<=",
            details,
        ),
    ]


def _child() -> None:
    setup_django()
    from django.utils import timezone

    from accounts.models import Tjeneste
    from rapportering import controls, schema
    from rapportering.services import build_file

    schema.schema()  # compiled once, before the clock starts (every worker has it loaded)
    today = timezone.localdate()
    counts = dict.fromkeys(controls.SEVERITIES, 0)
    cases = 0
    t0 = time.monotonic()
    for tjeneste in Tjeneste.objects.order_by("pk"):
        with tempfile.TemporaryFile() as out:
            written, funn = build_file(
                tjeneste, today, out, laget=timezone.now(), uttrekk_key="bench"
            )
        cases += written
        for f in funn:
            counts[f.grad] += 1
    emit(
        {
            "seconds": round(time.monotonic() - t0, 2),
            "hwm_kib": hwm_kib(),
            "cases": cases,
            "controls": counts,
        }
    )


if __name__ == "__main__":
    if sys.argv[1:2] == ["--child"]:
        _child()
