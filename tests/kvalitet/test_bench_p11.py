"""Bench P11 (issue 25) in quick mode on a tiny dataset: the module computes the summary the
night would leave, and measures the indicators page and its queries."""

from __future__ import annotations

import pytest
from django.core.management import call_command

pytestmark = pytest.mark.django_db


def test_bench_quick_run_p11_kvalitet():
    from bench import Context
    from bench.run import run_modules
    from kvalitet.models import Beregning

    call_command("generate_synthetic", children=60, seed=3, verbosity=0)
    ctx = Context(databases={60: None}, reps=2, warmup=0, quick=True)
    figures = run_modules(ctx, ["p11_kvalitet"])
    assert [f["id"] for f in figures] == ["P11a", "P11b"]
    errors = [f for f in figures if "error" in f["details"]]
    assert not errors, errors
    assert all(f["value"] == f["value"] for f in figures)
    assert Beregning.objects.exists()
    queries = figures[1]["details"]["queries"]
    assert len(set(queries.values())) == 1
    assert figures[1]["passed"]
