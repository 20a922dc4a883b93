"""Issue 8: a smoke run of the benchmark — the generator at a tiny size, and the P1–P4
measurements in quick mode on the test database (the real run is ``make bench``)."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.management import call_command
from django.db import transaction

from accounts.models import Tjeneste, User
from cases.models import Barn, Sak
from cases.rules import parse_id_number
from core.models import AccessLogEntry
from vedtak.models import Vedtak

pytestmark = pytest.mark.django_db


def test_generator_is_national_shaped():
    call_command("generate_synthetic", children=60, seed=3, verbosity=0)
    assert Sak.objects.count() == 60
    assert Tjeneste.objects.filter(kommunenummer="8000").exists()  # Benchvik
    for username in (
        "bench-saksbehandler",
        "bench-teamleder",
        "bench-barnevernleder",
        "bench-kontorfaglig",
        "bench-big-saksbehandler",
        "bench-nasjonal",
    ):
        assert User.objects.filter(username=username).exists()
    # Synthetic identity numbers (month + 80) with valid check digits (SAK-01).
    for fnr in Barn.objects.values_list("fodselsnummer", flat=True):
        assert int(fnr[2:4]) > 80
        parse_id_number(fnr, allow_synthetic=True)
    assert Sak.history.count() >= 60
    assert Vedtak.objects.values("status").distinct().count() >= 3
    assert AccessLogEntry.objects.exists()


def test_same_seed_same_children():
    from demo.synthetic import generate

    def children():
        return list(Barn.objects.order_by("pk").values_list("fornavn", "fodselsnummer"))

    with transaction.atomic():
        sid = transaction.savepoint()
        generate(children=20, seed=5, today=date(2026, 1, 15))
        first = children()
        transaction.savepoint_rollback(sid)
    generate(children=20, seed=5, today=date(2026, 1, 15))
    assert children() == first and len(first) == 20


def test_bench_quick_run_p1_to_p4():
    from bench import Context
    from bench.run import markdown_table, run_modules, table

    call_command("generate_synthetic", children=60, seed=3, verbosity=0)
    ctx = Context(databases={60: None}, reps=2, warmup=0, quick=True)
    figures = run_modules(ctx, ["p1_queries", "p2_latency", "p3_pagination", "p4_access_log"])
    ids = {f["id"] for f in figures}
    assert {"P1.case", "P1.case_list", "P2.case", "P2.home", "P3", "P4"} <= ids
    errors = [f for f in figures if "error" in f["details"]]
    assert not errors, errors
    for f in figures:
        assert f["value"] == f["value"]  # a number, not NaN
        if f["id"].startswith("P1."):
            few, many = f["details"]["few_rows"], f["details"]["many_rows"]
            assert few["queries"] > 0 and many["queries"] > 0
    assert "P3" in table(figures) and "| P4 |" in markdown_table(figures)
