"""P12's load: the locustfile (``locust -f bench/_locust.py --headless …``, started by
:mod:`bench.p12_load`; traffic only to the ``--host`` it is given, 127.0.0.1).

Each simulated user takes the next account of the plan (``BENCH_P12_PLAN``, a JSON file that
P12 writes: the accounts, their TOTP keys and the pages they may see), logs in as a person
does – the login form, then the one-time code of the authenticator app, computed from the
device's key – and then, with no pause between requests (a closed loop: the throughput is
what the server manages), reads its role's pages: the start page, the case list with filters,
a case, a decision, a journal, the role's own list, and now and then writes a journal note
or a comment on a decision. Every request says ``X-Forwarded-Proto: https`` as the proxy does
in production, and the secure cookies are sent over the plain loopback connection.

The measurement starts when every user has logged in (the statistics are reset then) and
stops after ``BENCH_P12_SECONDS`` or ``BENCH_P12_MAX_REQUESTS`` requests, whichever comes
first; the summary is written to ``BENCH_P12_OUT`` (JSON). Any response other than the one
expected (a 5xx, a 4xx, a form sent back with an error) and any timeout counts as a failure.
"""

from __future__ import annotations

import hashlib
import hmac
import itertools
import json
import os
import random
import re
import struct
import time
from datetime import date
from http.cookiejar import DefaultCookiePolicy

import gevent
from locust import HttpUser, events, task
from locust.exception import StopUser

PLAN = json.loads(open(os.environ["BENCH_P12_PLAN"], encoding="utf-8").read())  # noqa: SIM115
SECONDS = float(os.environ.get("BENCH_P12_SECONDS", "60"))
MAX_REQUESTS = int(os.environ.get("BENCH_P12_MAX_REQUESTS", "50000"))
OUT = os.environ["BENCH_P12_OUT"]
TIMEOUT = float(os.environ.get("BENCH_P12_TIMEOUT", "30"))
SEED = int(os.environ.get("BENCH_P12_SEED", "8"))

_accounts = itertools.cycle(PLAN["accounts"])
_logged_in: set[int] = set()
_login_errors: list[str] = []
_state = {"measuring": False, "started": 0.0, "stopped": False, "users": 0}
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
HIDDEN = re.compile(r'<input type="hidden" name="(?!csrfmiddlewaretoken)([^"]+)" value="([^"]*)"')


# The production cookies are ``Secure`` (``__Host-`` names); the proxy ends TLS, so the bench
# talks plain HTTP to the server on 127.0.0.1 and must send them all the same. requests copies
# the session's cookies into a fresh jar (with the default policy) for every request and
# redirect, so the policy is changed here, in the load tool's own process.
DefaultCookiePolicy.return_ok_secure = lambda self, cookie, request: True


def totp(key_hex: str, *, step: int = 30, digits: int = 6, t0: int = 0, at: float | None = None):
    """RFC 6238 (SHA-1), as the user's authenticator app computes it from the device's key."""
    counter = int(((at if at is not None else time.time()) - t0) // step)
    mac = hmac.new(bytes.fromhex(key_hex), struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = mac[-1] & 0x0F
    code = (struct.unpack(">I", mac[offset : offset + 4])[0] & 0x7FFFFFFF) % 10**digits
    return f"{code:0{digits}d}"


def _csrf(html: str) -> str:
    m = CSRF.search(html)
    if m is None:
        raise RuntimeError("no CSRF token in the form")
    return m.group(1)


class Staff(HttpUser):
    """One person of the bench municipality, in the role of the account taken."""

    def on_start(self) -> None:
        self.account = next(_accounts)
        self.rng = random.Random(f"{SEED}-{self.account['username']}-{id(self)}")
        origin = "https://" + self.host.split("://", 1)[1].rstrip("/")
        self.client.headers.update({"X-Forwarded-Proto": "https", "Origin": origin})
        try:
            self._login()
        except Exception as exc:  # counted as the run's errors (P12a), and this user stops
            _login_errors.append(f"{self.account['username']}: {type(exc).__name__}: {exc}")
            self._failed = True
        _logged_in.add(id(self))
        if len(_logged_in) >= _state["users"] and not _state["measuring"]:
            self.environment.runner.stats.reset_all()
            _state.update(measuring=True, started=time.monotonic())
            gevent.spawn(_stop_after, self.environment)
        while not _state["measuring"]:  # the others are still logging in
            gevent.sleep(0.05)
        if getattr(self, "_failed", False):
            raise StopUser()

    def _login(self) -> None:
        a = self.account
        page = self.client.get("/konto/logg-inn/", name="login", timeout=TIMEOUT)
        resp = self.client.post(
            "/konto/logg-inn/",
            data={
                "csrfmiddlewaretoken": _csrf(page.text),
                "username": a["username"],
                "password": PLAN["password"],
            },
            name="login",
            timeout=TIMEOUT,
        )
        if "/konto/engangskode/" not in resp.url:
            raise RuntimeError(f"{a['username']}: the password was not accepted")
        at = time.time()
        for _attempt in range(3):
            resp = self.client.post(
                "/konto/engangskode/",
                data={"csrfmiddlewaretoken": _csrf(resp.text), "otp_token": totp(a["key"], at=at)},
                name="login (one-time code)",
                timeout=TIMEOUT,
            )
            if "/konto/engangskode/" not in resp.url:
                return
            at += 30  # this step's code was used: the next one (the device allows one step)
        raise RuntimeError(f"{a['username']}: the one-time code was not accepted")

    # --- reading ---------------------------------------------------------------------------------

    def _get(self, url: str, name: str) -> None:
        if _state["stopped"]:
            gevent.sleep(1)
            return
        with self.client.get(
            url, name=name, timeout=TIMEOUT, allow_redirects=False, catch_response=True
        ) as resp:
            if resp.status_code != 200:
                resp.failure(f"HTTP {resp.status_code}")

    def _pick(self, key: str):
        items = self.account[key]
        return self.rng.choice(items) if items else None

    @task(3)
    def home(self) -> None:
        self._get("/", "start page")

    @task(3)
    def case_list(self) -> None:
        self._get("/saker/" + self.rng.choice(self.account["list_filters"]), "case list")

    @task(2)
    def own_list(self) -> None:
        page = self._pick("own_lists")
        if page:
            self._get(page["url"], page["name"])
        else:
            self.home()

    @task(4)
    def case(self) -> None:
        sak = self._pick("cases")
        self._get(f"/saker/{sak}/", "case page") if sak else self.home()

    @task(2)
    def vedtak(self) -> None:
        url = self._pick("vedtak")
        self._get(url, "vedtak page") if url else self.case()

    @task(2)
    def journal(self) -> None:
        sak = self._pick("cases")
        self._get(f"/saker/{sak}/journal/", "journal") if sak else self.home()

    # --- writing (cleaned up by P12 afterwards) --------------------------------------------------

    def _post_form(self, form_url: str, data: dict, name: str) -> None:
        if _state["stopped"]:
            return
        with self.client.get(
            form_url, name=name + " (form)", timeout=TIMEOUT, catch_response=True
        ) as page:
            if page.status_code != 200:
                page.failure(f"HTTP {page.status_code}")
                return
        fields = dict(HIDDEN.findall(page.text))
        fields.update(data, csrfmiddlewaretoken=_csrf(page.text))
        with self.client.post(
            form_url,
            data=fields,
            name=name,
            timeout=TIMEOUT,
            allow_redirects=False,
            catch_response=True,
        ) as resp:
            if resp.status_code != 302:  # a form sent back: refused, nothing saved
                resp.failure(f"HTTP {resp.status_code} (expected the redirect after saving)")

    @task(1)
    def write(self) -> None:
        if not self.account["write_cases"]:
            self.case()
        elif self.rng.random() < 0.6:
            sak = self.rng.choice(self.account["write_cases"])
            self._post_form(
                f"/saker/{sak}/journal/ny/",
                {
                    "type": "telefon",
                    "dato": date.today().isoformat(),  # noqa: DTZ011 – the server's day
                    "hva_ble_sagt": "Benchmark: ringte for å avtale neste møte.",
                },
                "journal note (POST)",
            )
        elif self.account["comment_vedtak"]:
            url = self.rng.choice(self.account["comment_vedtak"])
            self._post_form(url, {"comment": "Benchmark: en kommentar."}, "vedtak comment (POST)")
        else:
            self.case()


def _stop_after(environment) -> None:
    """The measurement's end: ``SECONDS`` after the last login, or ``MAX_REQUESTS``."""
    stats = environment.runner.stats
    deadline = _state["started"] + SECONDS
    while time.monotonic() < deadline and stats.total.num_requests < MAX_REQUESTS:
        gevent.sleep(0.1)
    _state["stopped"] = True
    _write(environment, time.monotonic() - _state["started"])
    environment.runner.quit()


def _entry(e) -> dict:
    n = e.num_requests
    return {
        "requests": n,
        "failures": e.num_failures,
        "median_ms": e.get_response_time_percentile(0.5) if n else None,
        "p95_ms": e.get_response_time_percentile(0.95) if n else None,
        "avg_ms": round(e.avg_response_time, 1) if n else None,
        "max_ms": round(e.max_response_time, 1) if n else None,
    }


def _write(environment, seconds: float) -> None:
    stats = environment.runner.stats
    total = stats.total
    out = {
        "seconds": round(seconds, 2),
        "users": _state["users"],
        "total": _entry(total),
        "rps": round(total.num_requests / seconds, 2) if seconds else 0.0,
        "pages": {name: _entry(e) for (name, _method), e in sorted(stats.entries.items())},
        "errors": [
            {"name": e.name, "method": e.method, "error": str(e.error), "count": e.occurrences}
            for e in stats.errors.values()
        ],
        "capped": total.num_requests >= MAX_REQUESTS,
        "login_errors": list(_login_errors),
    }
    with open(OUT, "w", encoding="utf-8") as f:
        json.dump(out, f)


@events.test_start.add_listener
def _on_test_start(environment, **kwargs) -> None:
    _state["users"] = environment.parsed_options.num_users if environment.parsed_options else 1
