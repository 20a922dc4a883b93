"""No personal data in the application log, in the URLs the app makes, or in Celery task
arguments (issue 7; README «What is logged»; FRIST-02 for the reminders).

The demo municipality is loaded once for the module, with every log record of every logger
captured at DEBUG (``django.request``, ``django.security``, ``axes``, ``celery``,
``weasyprint`` … included, whatever the logging configuration says). Every role then walks the
main paths through the test client: the real two-step login, the case list searched by a
child's name and number, the case, its history, the decision, the plan, the evaluation, the
contractor pages, a PDF download, a form posted with errors, a case out of reach (404). Then
the nightly reminders run, and a letter is rendered. The tests assert on what was recorded.

The demo is committed for real (its letters are made after each commit, as in use), so the
module flushes the database afterwards, as a transactional test does.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from datetime import date
from html.parser import HTMLParser

import pytest
from django.core.management import call_command
from django.test import TestCase, override_settings
from django.urls import reverse
from django.utils import timezone

from ..conftest import Client
from ..factories import totp_code

#: The module's fixture loads the demo outside the tests' transactions; the mark tells
#: pytest-django to set up the test database for this module.
pytestmark = pytest.mark.django_db

#: Attributes every LogRecord has: anything else on a record came in ``extra``.
_STANDARD = set(vars(logging.makeLogRecord({}))) | {"message", "asctime"}


@dataclass
class Recorded:
    logs: list[str] = field(default_factory=list)
    urls: list[str] = field(default_factory=list)
    tasks: list[tuple[str, tuple, dict]] = field(default_factory=list)
    statuses: dict[str, int] = field(default_factory=dict)
    children: list[tuple[str, str, str]] = field(default_factory=list)  # first, last, number
    adults: list[tuple[str, str, str]] = field(default_factory=list)
    letter: object = None


class CaptureAll(logging.Handler):
    """Every record, formatted as a handler would, with its exception and its extras."""

    def __init__(self, into: list[str]):
        super().__init__(level=logging.DEBUG)
        self.into = into
        self.formatter = logging.Formatter("%(name)s %(levelname)s %(message)s")

    def emit(self, record: logging.LogRecord) -> None:
        try:
            text = self.formatter.format(record)
        except Exception as exc:  # a broken format string is a finding, not a crash
            text = f"{record.name} {record.msg!r} {exc!r}"
        extras = {k: v for k, v in vars(record).items() if k not in _STANDARD}
        self.into.append(f"{text}\nargs={record.args!r}\nextra={extras!r}")


#: Loggers whose DEBUG output is Django's own and holds the template context (a
#: ``VariableDoesNotExist`` shows the objects in it, child names included). The shipped
#: configuration never lets it through, even at LOG_LEVEL=DEBUG: a test below holds that.
QUIET_BY_DESIGN = {"django.template"}


def _capture_everything(into: list[str]):
    """Attach the handler to the root and to every logger that does not propagate, all at
    DEBUG; return a function that puts everything back."""
    handler = CaptureAll(into)
    saved = []
    for name in QUIET_BY_DESIGN:  # made before the rest is turned up, so it stays as shipped
        logging.getLogger(name)
    loggers = [logging.getLogger()] + [
        lg for lg in logging.root.manager.loggerDict.values() if isinstance(lg, logging.Logger)
    ]
    effective = {lg.name: lg.getEffectiveLevel() for lg in loggers}
    for lg in loggers:
        saved.append((lg, lg.level, lg.disabled))
        lg.disabled = False
        lg.setLevel(effective[lg.name] if lg.name in QUIET_BY_DESIGN else logging.DEBUG)
        if lg is logging.getLogger() or not lg.propagate:
            lg.addHandler(handler)

    def restore():
        for lg, level, disabled in saved:
            lg.setLevel(level)
            lg.disabled = disabled
            if handler in lg.handlers:
                lg.removeHandler(handler)

    return restore


class _Links(HTMLParser):
    def __init__(self, into: list[str]):
        super().__init__()
        self.into = into

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name in {"href", "src", "action", "hx-get", "hx-post", "formaction"} and value:
                self.into.append(value)


def _record_urls(response, into: list[str]) -> None:
    if "Location" in response:
        into.append(response["Location"])
    if response.get("Content-Type", "").startswith("text/html"):
        _Links(into).feed(response.content.decode(errors="replace"))


def _walk(rec: Recorded) -> None:
    """The main paths, as each role, through the test client."""
    from accounts.demo import DEMO_PASSWORD
    from accounts.models import User
    from cases.models import Barn, Part, Sak
    from cases.permissions import saker_visible_to
    from documents.models import Dokument

    for barn in Barn.objects.all():
        rec.children.append((barn.fornavn, barn.etternavn, barn.fodselsnummer))
    for part in Part.objects.all():
        rec.adults.append((part.fornavn, part.etternavn, part.fodselsnummer or ""))

    def get(client, label, url, **params):
        response = client.get(url, params)
        rec.statuses[label] = response.status_code
        _record_urls(response, rec.urls)
        return response

    def post(client, label, url, data):
        response = client.post(url, data)
        rec.statuses[label] = response.status_code
        _record_urls(response, rec.urls)
        return response

    for username in ("saksbehandler", "teamleder", "barnevernleder", "kontorfaglig"):
        user = User.objects.get(username=username)
        client = Client()
        # The real two-step login, with one wrong password first (axes logs the attempt).
        post(
            client,
            f"{username}:login-wrong",
            reverse("accounts:login"),
            {"username": username, "password": "feil-passord"},
        )
        post(
            client,
            f"{username}:login",
            reverse("accounts:login"),
            {"username": username, "password": DEMO_PASSWORD},
        )
        post(
            client, f"{username}:otp-wrong", reverse("accounts:otp_verify"), {"otp_token": "000000"}
        )
        post(
            client,
            f"{username}:otp",
            reverse("accounts:otp_verify"),
            {"otp_token": totp_code(user)},
        )
        get(client, f"{username}:home", reverse("core:home"))

        visible = saker_visible_to(user).select_related("barn")
        sak = (
            visible.filter(vedtak__isnull=False, tiltaksplan__isnull=False, oppdrag__isnull=False)
            .distinct()
            .first()
            or visible.filter(vedtak__isnull=False, tiltaksplan__isnull=False).distinct().first()
            or visible.first()
        )
        if sak is not None:
            barn = sak.barn
            # The search is posted and kept in the session, never in a URL.
            for q in (f"{barn.fornavn} {barn.etternavn}", barn.fodselsnummer):
                response = post(client, f"{username}:search", reverse("cases:list"), {"q": q})
                get(client, f"{username}:search-results", response["Location"])
            case = {"sak_id": sak.pk}
            get(client, f"{username}:case", reverse("cases:detail", kwargs=case))
            get(client, f"{username}:history", reverse("cases:history", kwargs=case))
            vedtak = sak.vedtak.order_by("-pk").first()
            if vedtak is not None:
                get(
                    client,
                    f"{username}:vedtak",
                    reverse("vedtak:detail", kwargs={**case, "vedtak_id": vedtak.pk}),
                )
            get(client, f"{username}:plan", reverse("plans:detail", kwargs=case))
            evaluering = (
                sak.tiltaksplan.evalueringer.first() if hasattr(sak, "tiltaksplan") else None
            )
            if evaluering is not None:
                get(
                    client,
                    f"{username}:evaluation",
                    reverse("evaluations:detail", kwargs={**case, "evaluering_id": evaluering.pk}),
                )
            oppdrag = sak.oppdrag.first() if hasattr(sak, "oppdrag") else None
            if oppdrag is not None:
                get(
                    client,
                    f"{username}:oppdrag",
                    reverse(
                        "contractors:oppdrag_detail", kwargs={**case, "oppdrag_id": oppdrag.pk}
                    ),
                )
            get(client, f"{username}:documents", reverse("documents:list", kwargs=case))
            dokument = Dokument.objects.filter(sak=sak, status="ferdig").first()
            if dokument is not None:
                get(
                    client,
                    f"{username}:download",
                    reverse("documents:download", kwargs={**case, "dokument_id": dokument.pk}),
                )
            # A form posted with errors: a bad check digit and the child's name (SAK-01).
            bad = barn.fodselsnummer[:10] + str((int(barn.fodselsnummer[10]) + 1) % 10)
            post(
                client,
                f"{username}:form-errors",
                reverse("cases:barn_edit", kwargs=case),
                {"fornavn": barn.fornavn, "etternavn": barn.etternavn, "fodselsnummer": bad},
            )
        # A case out of reach: 404 (ROLE-02), in the URL only its id.
        hidden = Sak.objects.exclude(pk__in=saker_visible_to(user).values("pk")).first()
        get(
            client,
            f"{username}:out-of-reach",
            reverse("cases:detail", kwargs={"sak_id": hidden.pk}),
        )
        get(client, f"{username}:contractors", reverse("contractors:list"))
        get(client, f"{username}:worklist", reverse("contractors:worklist"))
        get(client, f"{username}:reminders", reverse("reminders:mine"))
        get(client, f"{username}:queue", reverse("vedtak:queue"))
        get(client, f"{username}:dashboard", reverse("vedtak:dashboard"))

    # The nightly reminders, by hand as the README says, then through the beat task.
    with TestCase.captureOnCommitCallbacks(execute=True):
        call_command("send_reminders", "--date", timezone.localdate().isoformat(), stdout=_Null())
    from reminders.tasks import run_nightly

    with TestCase.captureOnCommitCallbacks(execute=True):
        run_nightly.delay(timezone.localdate().isoformat())

    # A new version of a decision letter, ordered and rendered through the task on commit
    # (the worker's path), with the parties' names in it.
    from documents.services import dokument_create

    letter = Dokument.objects.exclude(sak=None).filter(type="vedtak").order_by("pk").first()
    with TestCase.captureOnCommitCallbacks(execute=True):
        rec.letter = dokument_create(
            actor=letter.sak.saksbehandler, sak=letter.sak, type=letter.type, source=letter.source
        )
    rec.letter.refresh_from_db()


class _Null:
    def write(self, *_):
        pass

    def flush(self):
        pass


@pytest.fixture(scope="module")
def recorded(django_db_setup, django_db_blocker, tmp_path_factory) -> Recorded:
    from celery.app.task import Task

    from demo.data import load_demo

    rec = Recorded()
    original = Task.apply_async

    def recording_apply_async(self, args=None, kwargs=None, *a, **kw):
        rec.tasks.append((self.name, tuple(args or ()), dict(kwargs or {})))
        return original(self, args, kwargs, *a, **kw)

    root = tmp_path_factory.mktemp("dokumenter")
    storage = {
        "BACKEND": "documents.storage.PrivateFileSystemStorage",
        "OPTIONS": {"location": str(root)},
    }
    with (
        django_db_blocker.unblock(),
        override_settings(DEMO_MODE=True, DOCUMENTS_STORAGE=storage),
        pytest.MonkeyPatch.context() as mp,
    ):
        mp.setattr(Task, "apply_async", recording_apply_async)
        restore = _capture_everything(rec.logs)
        try:
            load_demo()  # the services log too: the demo's letters, approvals …
            _walk(rec)
        finally:
            restore()
            call_command("flush", verbosity=0, interactive=False)
    return rec


# --- what may not appear --------------------------------------------------------------------

#: Surnames that are also ordinary words or place names in the app's own texts.
COMMON = {"Berg", "Dal", "Lie", "Vik", "Strand", "Haugen", "Bakke", "Moen", "Lund"}


def _patterns(rec: Recorded) -> list[tuple[str, re.Pattern]]:
    found: list[tuple[str, re.Pattern]] = []
    for first, last, number in rec.children:
        found.append(
            (f"child {first} {last}", re.compile(rf"{re.escape(first)}\W+{re.escape(last)}"))
        )
        if last not in COMMON and len(last) >= 5:
            found.append((f"child surname {last}", re.compile(rf"\b{re.escape(last)}\b")))
        found.append((f"child number {number}", _number(number)))
    for first, last, number in rec.adults:
        found.append(
            (f"party {first} {last}", re.compile(rf"{re.escape(first)}\W+{re.escape(last)}"))
        )
        if number:
            found.append((f"party number {number}", _number(number)))
    return found


def _number(number: str) -> re.Pattern:
    """The 11 digits, or the birth date and the personal number split by anything."""
    return re.compile(rf"(?<!\d){number[:6]}\D{{0,3}}{number[6:]}(?!\d)")


def _leaks(texts: list[str], rec: Recorded) -> list[str]:
    patterns = _patterns(rec)
    return sorted(
        {f"{what}: {text[:300]!r}" for text in texts for what, p in patterns if p.search(text)}
    )


def test_django_template_debug_stays_off_even_at_log_level_debug():
    """``django.template`` logs a missing template variable at DEBUG with the context it
    searched (model objects, named by the child): it must stay above DEBUG however the root is
    set, as Django's own ``django`` logger at INFO keeps it."""
    root = logging.getLogger()
    level = root.level
    root.setLevel(logging.DEBUG)
    try:
        assert logging.getLogger("django.template").getEffectiveLevel() > logging.DEBUG
    finally:
        root.setLevel(level)


def check_the_paths_were_walked(recorded: Recorded):
    """The walk reached the pages it meant to (otherwise the other tests prove nothing)."""
    assert recorded.children and recorded.logs
    s = recorded.statuses
    for role in ("saksbehandler", "teamleder", "barnevernleder"):
        assert s[f"{role}:otp"] == 302, role
        for page in ("case", "history", "vedtak", "plan", "search-results", "download"):
            assert s[f"{role}:{page}"] == 200, (role, page)
        assert s[f"{role}:form-errors"] == (404 if role == "barnevernleder" else 200), role
        assert s[f"{role}:out-of-reach"] == 404, role
    assert s["kontorfaglig:worklist"] == 200
    assert s["saksbehandler:oppdrag"] == 200
    assert any(name == "reminders.send_digest" for name, *_ in recorded.tasks)
    assert recorded.letter.status == "ferdig"
    assert any(name == "documents.render" for name, *_ in recorded.tasks) or any(
        "documents.rendered" in line for line in recorded.logs
    )


def check_no_child_name_or_fodselsnummer_in_any_log_record(recorded: Recorded):
    """Formatted messages, exception text, ``args`` and ``extra`` of every record, every
    logger, DEBUG and up."""
    assert _leaks(recorded.logs, recorded) == []


def check_no_child_name_or_fodselsnummer_in_any_url_the_app_made(recorded: Recorded):
    """Location headers and every href, src and form action of every page."""
    assert _leaks(sorted(set(recorded.urls)), recorded) == []


def check_celery_task_arguments_are_ids_and_iso_dates_only(recorded: Recorded):
    """DEVELOPERS: task arguments are ids only; a run date as an ISO string."""
    iso = re.compile(r"^\d{4}-\d{2}-\d{2}$")
    bad = []
    for name, args, kwargs in recorded.tasks:
        for value in (*args, *kwargs.values()):
            ok = (
                value is None
                or (isinstance(value, int) and not isinstance(value, bool))
                or (isinstance(value, str) and iso.match(value) and date.fromisoformat(value))
            )
            if not ok:
                bad.append((name, value))
    assert recorded.tasks
    assert bad == []
    assert _leaks([repr(t) for t in recorded.tasks], recorded) == []


def test_no_personal_data_in_logs_urls_or_task_arguments(recorded: Recorded, subtests):
    """One test over the one walk (the demo is loaded once, and xdist must not split the
    module across workers and load it twice); each part is a subtest."""
    for check in (
        check_the_paths_were_walked,
        check_no_child_name_or_fodselsnummer_in_any_log_record,
        check_no_child_name_or_fodselsnummer_in_any_url_the_app_made,
        check_celery_task_arguments_are_ids_and_iso_dates_only,
    ):
        with subtests.test(check.__name__):
            check(recorded)
