"""P12: many users at once (issue 27, where these figures are called P8a–c; renumbered P12 here
because P8a–e are the case journal's figures of issue 21, ``bench/p8_journal.py``).

The app runs as in production: gunicorn with the image's command and the production settings
(:mod:`bench._production`: only the static files' directory is the bench's), ``WEB_CONCURRENCY``
workers (3, the image's default), PostgreSQL, and a Celery worker on Redis (a database and a
queue of the bench's own) taking whatever the pages hand it. A maintained load tool drives it:
Locust, headless, from :mod:`bench._locust`, bounded in users, time and requests, to
127.0.0.1 only. Its users are the bench municipality's own staff (the same accounts and pages
at every dataset size): 12 caseworkers, 2 team leaders, the head of service and the clerical
officer, each logging in through the login form and the one-time code of their
authenticator app, then reading – start page, case list with filters, a case, a decision, a
journal, their role's own list – with no pause, and now and then writing a journal note or a
comment on a decision. The writes are deleted afterwards with their history rows.

- **P12a** failed requests (any 5xx, other unexpected status, or timeout) with 16 users for
  60 s, at every dataset size: **0**.
- **P12b** throughput (requests per second) at 100 000 children / at 1 000 under the same
  load: **≥ 0.8** (the median over the rounds, each round running both sizes one after the
  other).
- **P12c** p95 / p50 latency of all requests at 16 users: **≤ 3** (the worst run).
- **P12d** requests per second per CPU core at 100 000 children, as information.

The machine is shared: the load tool runs on the same cores as the server it measures.
"""

from __future__ import annotations

import json
import os
import secrets
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from bench._common import ROOT, child_env, figure, median

USERS = int(os.environ.get("BENCH_P12_USERS", "16"))
SECONDS = int(os.environ.get("BENCH_P12_SECONDS", "60"))
MAX_REQUESTS = 60_000
ROUNDS = int(os.environ.get("BENCH_P12_ROUNDS", "2"))
QUICK = {"users": 4, "seconds": 8, "rounds": 1}
WEB_CONCURRENCY = int(os.environ.get("BENCH_P12_WEB_CONCURRENCY", "3"))
BROKER = os.environ.get("BENCH_P12_BROKER_URL", "redis://127.0.0.1:6379/14")
QUEUE = "bench-p12"
PORT = int(os.environ.get("BENCH_P12_PORT", "18127"))
PASSWORD = "bench-p12-" + "load"  # a bench-only password, set and taken away
MUNICIPALITY = "8000"  # Benchvik
TARGET_ERRORS, TARGET_THROUGHPUT, TARGET_TAIL = 0, 0.8, 3.0
STATIC = ROOT / "var" / "bench-static"


def run(ctx) -> list[dict]:
    cfg = QUICK if ctx.quick else {"users": USERS, "seconds": SECONDS, "rounds": ROUNDS}
    small, large = ctx.small, ctx.large
    _collectstatic(ctx)
    runs: dict[int, list[dict]] = {small: [], large: []}
    for r in range(cfg["rounds"]):
        order = sorted(runs, reverse=r % 2 == 1)  # 1k first, then 100k first, …
        for size in order:
            runs[size].append(_one_run(ctx, size, cfg))
    everything = [x for size in runs for x in runs[size]]
    errors = sum(x["total"]["failures"] + len(x.get("login_errors", [])) for x in everything)
    ratios = [
        b["rps"] / a["rps"] for a, b in zip(runs[small], runs[large], strict=True) if a["rps"]
    ]
    tails = {
        f"{size}#{i}": x["total"]["p95_ms"] / x["total"]["median_ms"]
        for size in runs
        for i, x in enumerate(runs[size])
        if x["total"]["median_ms"]
    }
    cores = os.cpu_count() or 1
    load = _loadavg()

    def summary(x: dict) -> dict:
        return {
            k: x[k] for k in ("rps", "seconds", "users", "total", "errors", "capped", "loadavg")
        }

    def pages(x: dict) -> dict:
        return {n: [e["requests"], e["median_ms"], e["p95_ms"]] for n, e in x["pages"].items()}

    details = {
        "users": cfg["users"],
        "seconds": cfg["seconds"],
        "web_concurrency": WEB_CONCURRENCY,
        "cores": cores,
        "runs": {str(size): [summary(x) for x in runs[size]] for size in runs},
    }
    return [
        figure(
            "P12a",
            f"Failed requests, {cfg['users']} users for {cfg['seconds']} s (all sizes, all rounds)",
            errors,
            TARGET_ERRORS,
            "==",
            {
                **details,
                "errors": [e for x in everything for e in x["errors"]],
                "login_errors": [e for x in everything for e in x.get("login_errors", [])],
            },
        ),
        figure(
            "P12b",
            f"Throughput under load at {large:,} / at {small:,} children",
            median(ratios) if ratios else float("nan"),
            TARGET_THROUGHPUT,
            ">=",
            {
                "ratios": [round(x, 3) for x in ratios],
                "rps": {str(s): [x["rps"] for x in runs[s]] for s in runs},
                "pages_large": pages(runs[large][-1]),
                "pages_small": pages(runs[small][-1]),
            },
        ),
        figure(
            "P12c",
            f"p95 / p50 latency, {cfg['users']} users (worst run)",
            max(tails.values()) if tails else float("nan"),
            TARGET_TAIL,
            "<=",
            {
                "per_run": {k: round(v, 2) for k, v in tails.items()},
                "p50_p95_ms": {
                    str(s): [[x["total"]["median_ms"], x["total"]["p95_ms"]] for x in runs[s]]
                    for s in runs
                },
            },
        ),
        figure(
            "P12d",
            f"Requests per second per CPU core at {large:,} children (information)",
            median([x["rps"] for x in runs[large]]) / cores,
            0.0,
            ">",
            {"cores": cores, "loadavg_after": load},
        ),
    ]


# --- One run: the servers, the load, the clean-up ------------------------------------------------


def _loadavg() -> list[float]:
    return [round(x, 2) for x in os.getloadavg()]


def _collectstatic(ctx) -> None:
    """The static files with their manifest, as the image collects them (once per bench run)."""
    env = _server_env(ctx.databases[ctx.small], Path(tempfile.gettempdir()))
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=ROOT,
        env=env,
        check=True,
        timeout=600,
    )


def _server_env(url: str, tmp: Path) -> dict[str, str]:
    env = child_env(
        url,
        DJANGO_SETTINGS_MODULE="bench._production",
        SECRET_KEY=secrets.token_urlsafe(64),
        ALLOWED_HOSTS="127.0.0.1",
        CELERY_BROKER_URL=BROKER,
        BENCH_TASK_QUEUE=QUEUE,
        BENCH_STATIC_ROOT=str(STATIC),
        EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
        MEDIA_ROOT=str(tmp / "media"),
        DOCUMENTS_ROOT=str(tmp / "dokumenter"),
        LOG_LEVEL="WARNING",
        DEBUG="false",
        DEMO_MODE="false",
        WEB_CONCURRENCY=str(WEB_CONCURRENCY),
    )
    env.pop("CONN_MAX_AGE")  # the production default (60 s), not the bench children's 0
    return env


def _start(cmd: list[str], env: dict, log: Path) -> subprocess.Popen:
    out = open(log, "w")  # noqa: SIM115 – closed with the process
    return subprocess.Popen(  # noqa: S603
        cmd, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
    )


def _stop(proc: subprocess.Popen | None) -> None:
    """Stop a process group this module started (gunicorn, the worker, Locust)."""
    if proc is None or proc.poll() is not None:
        return
    os.killpg(proc.pid, signal.SIGTERM)
    try:
        proc.wait(timeout=30)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=10)


def _wait_ready(base: str, proc: subprocess.Popen, log: Path, timeout: float = 90) -> None:
    deadline = time.monotonic() + timeout
    req = urllib.request.Request(  # noqa: S310 – http://127.0.0.1 only
        base + "/healthz", headers={"Host": "127.0.0.1", "X-Forwarded-Proto": "https"}
    )
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"gunicorn stopped: {log.read_text()[-2000:]}")
        try:
            with urllib.request.urlopen(req, timeout=5) as resp:  # noqa: S310 – 127.0.0.1
                if resp.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.5)
    raise RuntimeError(f"gunicorn not ready in {timeout} s: {log.read_text()[-2000:]}")


def _purge_queue() -> None:
    import redis

    redis.Redis.from_url(BROKER).delete(QUEUE)


def _one_run(ctx, size: int, cfg: dict) -> dict:
    url = ctx.databases[size]
    with ctx.use(size):
        plan, marks = _prepare(cfg["users"])
    base = f"http://127.0.0.1:{PORT}"
    web = worker = locust = None
    try:
        with tempfile.TemporaryDirectory(prefix="bench-p12-") as tmpdir:
            tmp = Path(tmpdir)
            env = _server_env(url, tmp)
            _purge_queue()
            web = _start(
                [
                    sys.executable,
                    "-m",
                    "gunicorn",
                    "hjelpetiltak.wsgi:application",
                    "--bind",
                    f"127.0.0.1:{PORT}",
                    "--no-control-socket",
                    "--worker-tmp-dir",
                    "/dev/shm",  # noqa: S108 – as the image runs it
                    "--access-logfile",
                    str(tmp / "access.log"),
                    "--access-logformat",
                    '%(h)s %(t)s "%(m)s %(U)s" %(s)s %(b)s %(L)s',
                ],
                env,
                tmp / "gunicorn.log",
            )
            worker = _start(
                [
                    sys.executable,
                    "-m",
                    "celery",
                    "-A",
                    "hjelpetiltak",
                    "worker",
                    "--concurrency=1",
                    "-Q",
                    QUEUE,
                    "-n",
                    f"bench-p12-{os.getpid()}@%h",
                    "--without-gossip",
                    "--without-mingle",
                    "--without-heartbeat",
                    "--loglevel=WARNING",
                ],
                env,
                tmp / "worker.log",
            )
            _wait_ready(base, web, tmp / "gunicorn.log")
            (tmp / "plan.json").write_text(json.dumps(plan))
            lenv = dict(os.environ)
            lenv.update(
                BENCH_P12_PLAN=str(tmp / "plan.json"),
                BENCH_P12_OUT=str(tmp / "out.json"),
                BENCH_P12_SECONDS=str(cfg["seconds"]),
                BENCH_P12_MAX_REQUESTS=str(MAX_REQUESTS),
                BENCH_P12_SEED=str(ctx.seed),
            )
            ctx.log(f"P12: {cfg['users']} users for {cfg['seconds']} s at {size:,} children")
            locust = _start(
                [
                    sys.executable,
                    "-m",
                    "locust",
                    "-f",
                    str(ROOT / "bench" / "_locust.py"),
                    "--headless",
                    "--host",
                    base,
                    "--users",
                    str(cfg["users"]),
                    "--spawn-rate",
                    str(cfg["users"]),
                    "--run-time",
                    f"{cfg['seconds'] + 180}s",  # the cap; the locustfile stops the run
                    "--stop-timeout",
                    "10",
                    "--only-summary",
                    "--loglevel",
                    "WARNING",
                ],
                lenv,
                tmp / "locust.log",
            )
            try:
                locust.wait(timeout=cfg["seconds"] + 300)
            except subprocess.TimeoutExpired:
                _stop(locust)
            out_file = tmp / "out.json"
            if not out_file.exists():
                raise RuntimeError(
                    f"Locust wrote no summary: {(tmp / 'locust.log').read_text()[-3000:]}"
                )
            result = json.loads(out_file.read_text())
            result["loadavg"] = _loadavg()
            if web.poll() is not None:
                raise RuntimeError(f"gunicorn died: {(tmp / 'gunicorn.log').read_text()[-2000:]}")
            _stop(locust)
            _stop(worker)
            _stop(web)
    finally:
        for proc in (locust, worker, web):
            _stop(proc)
        with ctx.use(size):
            _clean_up(marks)
    ctx.log(
        f"P12: {size:,}: {result['rps']} req/s, p50 {result['total']['median_ms']} ms, "
        f"p95 {result['total']['p95_ms']} ms, {result['total']['failures']} failures"
    )
    return result


# --- The accounts and their pages (in the runner's process, inside ctx.use(size)) --------------


def _role_lists(rolle: str) -> list[dict]:
    from django.urls import reverse

    return {
        "saksbehandler": [{"name": "mine frister", "url": reverse("reminders:mine")}],
        "teamleder": [{"name": "queue", "url": reverse("vedtak:queue")}],
        "barnevernleder": [
            {"name": "dashboard", "url": reverse("vedtak:dashboard")},
            {"name": "access log", "url": reverse("audit:access_log")},
        ],
        "kontorfaglig": [{"name": "worklist", "url": reverse("contractors:worklist")}],
    }.get(rolle, [])


def _accounts(n: int):
    """The bench municipality's staff, the named bench users first (one of every role), then
    the other caseworkers by name."""
    from accounts.models import Rolletildeling

    roles = (
        Rolletildeling.objects.filter(
            tjeneste__kommunenummer=MUNICIPALITY, avsluttet__isnull=True, user__is_active=True
        )
        .select_related("user")
        .order_by("user__username", "pk")
    )
    first = ["bench-saksbehandler", "bench-teamleder", "bench-barnevernleder", "bench-kontorfaglig"]
    by_user = {}
    for r in roles:
        by_user.setdefault(r.user.username, r)
    names = [u for u in first if u in by_user] + sorted(
        (u for u in by_user if u not in first), key=lambda u: (by_user[u].rolle, u)
    )
    return [by_user[u] for u in names[:n]]


def _prepare(users: int) -> tuple[dict, dict]:
    """The plan for the locustfile, and the marks :func:`_clean_up` deletes the writes after."""
    # Inside: the bench modules import without Django set up (bench/run.py).
    from django.contrib.auth.hashers import PBKDF2PasswordHasher
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from accounts.models import User
    from accounts.selectors import confirmed_totp_device
    from cases.models import Sak
    from cases.selectors import SakFilter, sak_list
    from vedtak.actions import MACHINE
    from vedtak.models import Vedtak

    hasher = PBKDF2PasswordHasher()  # the production settings' first hasher
    password = hasher.encode(PASSWORD, hasher.salt())
    accounts, originals = [], {}
    for role in _accounts(users):
        user = role.user
        originals[user.pk] = user.password
        device = confirmed_totp_device(user) or TOTPDevice.objects.create(
            user=user, name="bench", confirmed=True
        )
        TOTPDevice.objects.filter(pk=device.pk).update(last_t=-1)
        cases = list(sak_list(user, SakFilter()).values_list("pk", "team_id")[:40])
        ids = [pk for pk, _team in cases]
        vedtak = list(
            Vedtak.objects.filter(sak_id__in=ids).order_by("pk").values_list("pk", "sak_id")[:20]
        )
        filters = ["", "?frist=snart", "?status=alle", "?sort=saksnummer"]
        if cases:
            filters.append(f"?team={cases[0][1]}")
        write_cases, comment = [], []
        if role.rolle == "saksbehandler":
            filters.append("?mine=on")
            write_cases = list(
                Sak.objects.filter(saksbehandler=user, status=Sak.Status.AKTIV)
                .order_by("pk")
                .values_list("pk", flat=True)[:10]
            )
            for v in Vedtak.objects.filter(sak_id__in=write_cases).order_by("pk")[:10]:
                offer = MACHINE.offer(v, user, "comment")
                if offer is not None and not offer.blocked:
                    comment.append(f"/saker/{v.sak_id}/vedtak/{v.pk}/kommentar/")
        accounts.append(
            {
                "username": user.username,
                "rolle": role.rolle,
                "key": device.key,
                "cases": ids,
                "vedtak": [f"/saker/{s}/vedtak/{v}/" for v, s in vedtak],
                "list_filters": filters,
                "own_lists": _role_lists(role.rolle),
                "write_cases": write_cases,
                "comment_vedtak": comment,
            }
        )
    User.objects.filter(pk__in=originals).update(password=password)
    return {"password": PASSWORD, "accounts": accounts}, {
        "passwords": originals,
        **_write_marks(),
    }


def _written_models():
    # Inside: the bench modules import without Django set up (bench/run.py).
    from journal.models import Journalnotat
    from vedtak.models import Kommentar

    return {"journal": Journalnotat, "comment": Kommentar}


def _write_marks() -> dict:
    from django.db.models import Max

    marks = {}
    for name, model in _written_models().items():
        marks[name] = model._base_manager.aggregate(m=Max("pk"))["m"] or 0
        marks[name + "_history"] = model.history.aggregate(m=Max("history_id"))["m"] or 0
    return marks


def _clean_up(marks: dict) -> None:
    """The run's notes and comments (and their history rows) deleted, the passwords put back."""
    from django.db import transaction

    from accounts.models import User

    with transaction.atomic():
        for name, model in _written_models().items():
            model.history.filter(history_id__gt=marks[name + "_history"]).delete()
            model._base_manager.filter(pk__gt=marks[name]).delete()
        for pk, password in marks["passwords"].items():
            User.objects.filter(pk=pk).update(password=password)
