"""The demo's quality indicators (KVAL-01): computed once from the demo's records, as the
nightly job would have done, so that the leaders' start page and the page show figures."""

from __future__ import annotations

from .services import indikatorer_beregn


def load_kvalitet_demo() -> int:
    """Compute the indicators of every service; the number of computations made."""
    return len(indikatorer_beregn())
