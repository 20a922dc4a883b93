"""``python -m bench`` (``make bench``): build the datasets, run every measurement, report.

1. For each size (1 000, 10 000 and 100 000 children) a PostgreSQL database
   ``hj_bench_<size>`` is made, migrated and filled by ``manage.py generate_synthetic`` from
   the fixed seed, or reused (see :mod:`bench.datasets`).
2. Django is set up once in this process (``bench._settings``: the test settings, DEBUG off)
   and the modules ``bench/p<N>_<name>.py`` are discovered and run in order; each
   ``run(ctx)`` returns figures (see ``bench/README.md``). ``ctx.use(size)`` points Django's
   ``default`` database at a dataset, so both sides of a ratio are measured in one process,
   interleaved request by request.
3. The table is printed, and ``bench/results.json`` and ``bench/results.png`` written.

Exit status 1 when a figure fails (0 in ``--quick`` mode, where only running matters).
"""

from __future__ import annotations

import argparse
import importlib
import json
import os
import re
import sys
import time
import traceback
from datetime import datetime
from pathlib import Path

from bench import BENCH_DIR, Context, datasets

DEFAULT_SIZES = (1_000, 10_000, 100_000)
QUICK_SIZES = (800, 900)  # both hold the whole 400-case Benchvik


def discover(only: set[str] | None = None) -> list[str]:
    mods = []
    for path in BENCH_DIR.glob("p*_*.py"):
        m = re.fullmatch(r"p(\d+)_\w+", path.stem)
        if m and (not only or f"p{m.group(1)}" in only or path.stem in only):
            mods.append((int(m.group(1)), path.stem))
    return [name for _n, name in sorted(mods)]


def run_modules(ctx: Context, names: list[str]) -> list[dict]:
    figures: list[dict] = []
    for name in names:
        ctx.log(f"[bench] {name} …")
        t0 = time.monotonic()
        try:
            module = importlib.import_module(f"bench.{name}")
            got = module.run(ctx)
        except Exception as exc:  # a broken module fails its figure, not the whole run
            traceback.print_exc()
            got = [
                {
                    "id": name.split("_")[0].upper(),
                    "title": f"{name} did not run",
                    "value": float("nan"),
                    "target": 0.0,
                    "op": "<=",
                    "passed": False,
                    "details": {"error": f"{type(exc).__name__}: {exc}"},
                }
            ]
        for fig in got:
            fig.setdefault("details", {})
            fig["module"] = name
        figures.extend(got)
        ctx.log(f"[bench] {name}: {len(got)} figures in {time.monotonic() - t0:.0f} s")
    return figures


def table(figures: list[dict]) -> str:
    w = max([len("figure"), *(len(f["id"]) for f in figures)])
    lines = [
        f"{'figure':<{w}} {'value':>10} {'target':>10}  {'result':<6}  title",
        "-" * 100,
    ]
    for f in figures:
        value = f["value"]
        v = "n/a" if value != value else f"{value:.3f}".rstrip("0").rstrip(".")
        t = f"{f['op']} {f['target']:g}"
        lines.append(
            f"{f['id']:<{w}} {v:>10} {t:>10}  {'PASS' if f['passed'] else 'FAIL':<6}  {f['title']}"
        )
    return "\n".join(lines)


def markdown_table(figures: list[dict]) -> str:
    rows = ["| figure | what | value | target | result |", "|---|---|---|---|---|"]
    for f in figures:
        value = f["value"]
        v = "n/a" if value != value else f"{value:.3f}".rstrip("0").rstrip(".")
        rows.append(
            f"| {f['id']} | {f['title']} | {v} | {f['op']} {f['target']:g} | "
            f"{'pass' if f['passed'] else '**fail**'} |"
        )
    return "\n".join(rows)


def plot(figures: list[dict], path: Path) -> bool:
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        return False
    shown = [f for f in figures if f["value"] == f["value"] and f["target"]]
    if not shown:
        return False
    fig, ax = plt.subplots(figsize=(10, max(3, 0.35 * len(shown))))
    names = [f["id"] for f in shown]
    ratios = [f["value"] / f["target"] for f in shown]
    colours = ["#1a7f37" if f["passed"] else "#cf222e" for f in shown]
    ax.barh(names, ratios, color=colours)
    ax.axvline(1.0, color="black", linewidth=1)
    ax.invert_yaxis()
    ax.set_xlabel("value / target (a <= target passes left of the line)")
    ax.set_title("hjelpetiltak national-scale benchmark")
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return True


def setup_django(default_url: str | None) -> None:
    os.environ["DJANGO_SETTINGS_MODULE"] = "bench._settings"
    if default_url:
        os.environ["DATABASE_URL"] = default_url
    import django

    django.setup()
    from django.conf import settings

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]  # the test client's host


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m bench", description=__doc__.split("\n")[0])
    p.add_argument("--quick", action="store_true", help="smoke mode: small sizes, few reps")
    p.add_argument("--sizes", help="comma-separated numbers of children")
    p.add_argument("--seed", type=int, default=8)
    p.add_argument("--reps", type=int, default=None)
    p.add_argument("--warmup", type=int, default=None)
    p.add_argument("--only", help="comma-separated modules, e.g. p1,p3")
    p.add_argument("--out", default=str(BENCH_DIR / "results.json"))
    args = p.parse_args(argv)
    started = time.monotonic()

    sizes = [int(s) for s in args.sizes.split(",")] if args.sizes else None
    sizes = sorted(sizes or (QUICK_SIZES if args.quick else DEFAULT_SIZES))
    print(f"[bench] datasets {sizes}, seed {args.seed}", file=sys.stderr, flush=True)
    setup_django(datasets.url_for(sizes[0]))  # the generator's version is read from the code
    built = {
        n: datasets.ensure(n, args.seed, lambda m: print(m, file=sys.stderr, flush=True))
        for n in sizes
    }
    ctx = Context(
        databases={n: built[n]["url"] for n in sizes},
        reps=args.reps or (5 if args.quick else 15),
        warmup=args.warmup if args.warmup is not None else (1 if args.quick else 3),
        seed=args.seed,
        quick=args.quick,
    )
    only = {s.strip() for s in args.only.split(",")} if args.only else None
    try:
        figures = run_modules(ctx, discover(only))
    finally:
        ctx.close()
    wall = time.monotonic() - started
    print()
    print(table(figures))
    failed = [f["id"] for f in figures if not f["passed"]]
    print(f"\n{len(figures) - len(failed)}/{len(figures)} figures pass; {wall / 60:.1f} min")
    result = {
        "generated_at": datetime.now().astimezone().isoformat(timespec="seconds"),
        "seed": args.seed,
        "sizes": sizes,
        "quick": args.quick,
        "reps": ctx.reps,
        "warmup": ctx.warmup,
        "wall_seconds": round(wall, 1),
        "datasets": {
            str(n): {
                "database": datasets.url_for(n).rsplit("/", 1)[-1],
                "generation_seconds": round(built[n]["seconds"], 1),
                "reused": built[n]["reused"],
            }
            for n in sizes
        },
        "figures": figures,
        "markdown": markdown_table(figures),
    }
    out = Path(args.out)
    out.write_text(json.dumps(result, indent=2, ensure_ascii=False, default=str) + "\n")
    png = out.with_suffix(".png")
    if plot(figures, png):
        print(f"[bench] wrote {out} and {png}", file=sys.stderr)
    else:
        print(f"[bench] wrote {out} (no plot: pip install '.[bench]')", file=sys.stderr)
    return 0 if (args.quick or not failed) else 1
