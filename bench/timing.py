"""Interleaved timing: both sides of a ratio in one run, round-robin, medians."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable


def median(xs: list[float]) -> float:
    return statistics.median(xs)


def interleaved(
    fns: dict[str, Callable[[], object]], reps: int, warmup: int
) -> dict[str, list[float]]:
    """Call every function once per round, the order rotated each round, ``warmup`` rounds
    discarded; returns the seconds of each call per name."""
    names = list(fns)
    out: dict[str, list[float]] = {n: [] for n in names}
    for r in range(warmup + reps):
        k = r % len(names)
        for name in names[k:] + names[:k]:
            t0 = time.perf_counter()
            fns[name]()
            dt = time.perf_counter() - t0
            if r >= warmup:
                out[name].append(dt)
    return out
