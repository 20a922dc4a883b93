"""Odd input to every form a user can post (issue 7): a field error or success, never a 500.

The forms are enumerated from the URL configuration: every URL whose view accepts POST is in
``TARGETS`` (who posts there, and to which object) or in ``NOT_FORMS`` with a reason, and
:func:`test_every_post_url_is_fuzzed_or_exempt` fails when a new one is in neither.

Each example opens the form page as a user who may post there, reads the form as a browser
would (every field with the value the page gives it), replaces one field with something odd
(very long text, control characters, HTML and script, impossible dates, fødselsnumre with bad
check digits, numbers out of range, choices that were not offered, ids outside the user's
reach) and posts it. The answer must be

- 200 with the error shown next to the field, in Norwegian, and what was typed shown again
  in that field (LOG-02);
- or a redirect after success, and then every page that shows the stored text escapes it;
- or 404 for an object outside the user's reach (ROLE-02; :func:`test_ROLE_02_post_outside_
  reach_is_404`).

Every example runs inside a savepoint that is rolled back afterwards, so each starts from the
same case, and a database error cannot poison the next example.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from html import unescape
from html.parser import HTMLParser
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.db import transaction
from django.urls import URLResolver, get_resolver, resolve, reverse
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from accounts.models import Rolle
from core.validators import BIDI_CONTROLS

from ..conftest import Client
from ..documents.helpers import documents_storage  # noqa: F401  (a fixture)
from ..factories import grant, make_sak, make_user, synthetic_number, totp_device
from ..test_need_to_know import EXPECTED as CASE_URL_ROLES
from ..test_need_to_know import _url as case_url

pytestmark = pytest.mark.django_db

#: Examples per form: ~50 forms × this many in about two minutes on two cores.
EXAMPLES = 15

settings.register_profile(
    "form-fuzzing",
    max_examples=EXAMPLES,
    deadline=None,
    database=None,  # no .hypothesis/ files from CI runs; a failure prints its example
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.filter_too_much,
        HealthCheck.data_too_large,
    ],
)
FUZZ = settings.get_profile("form-fuzzing")

SCRIPT = "<script>alert(1)</script>"
IMG = '"><img src=x onerror=alert(1)>'
#: Raw markup that must never come back unescaped from a page.
DANGEROUS = (SCRIPT, "<img src=x onerror=alert(1)>")


# --- the table of forms ---------------------------------------------------------------------


@dataclass
class Scene:
    """One service with a case of team A, a contractor, an assignment, and the world."""

    world: Any
    sak: Any
    oppdragstaker: Any = None
    oppdrag: Any = None
    outside: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class Target:
    """Who posts to a form URL, the URL itself, and what a valid post would hold."""

    url_name: str
    role: str | None  # None: anonymous (the login page)
    kwargs: Callable[[Scene], dict] = lambda scene: {}
    #: Values a valid post holds beyond what the page fills in (create forms).
    valid: Callable[[Scene], dict] = lambda scene: {}
    #: Before the password and the code: the answer may also be django-axes' lockout (429).
    pre_login: str = ""  # "", "password", "code", "setup"
    #: A search and filters: always redirects, and the list falls back to its defaults.
    filters: bool = False
    label: str = ""

    @property
    def id(self) -> str:
        return self.label or self.url_name


def _role_for_case_url(name: str) -> str:
    allowed = CASE_URL_ROLES[name]
    return next(r for r in ("saksbehandler", "teamleder", "barnevernleder") if r in allowed)


def _case_target(name: str, *, valid=None, label: str = "", **extra) -> Target:
    def kwargs(scene: Scene) -> dict:
        resolved = resolve(case_url(name, scene.sak))
        return {**resolved.kwargs, **extra}

    return Target(
        name,
        _role_for_case_url(name),
        kwargs,
        valid or (lambda scene: {}),
        label=label,
    )


def _referral_receiver(scene: Scene) -> dict:
    """A receiver with an address on the service's list (HENV-01)."""
    from tests.henvisning.factories import mottaker

    return {"mottaker_id": mottaker(scene.sak.tjeneste).pk}


def _child(scene: Scene) -> dict:
    return {
        "team": str(scene.world.team_a.pk),
        "fornavn": "Ola",
        "etternavn": "Fuzz",
        "fodselsnummer": synthetic_number(date(2015, 3, 14) - timedelta(days=len(_USED))),
    }


_USED: list[int] = []


def _new_child(scene: Scene) -> dict:
    _USED.append(1)
    return _child(scene)


def _with_plan_in_force(scene: Scene) -> dict:
    """An evaluation needs an approved plan in force (EVAL-03)."""
    from ..plans.factories import running_plan

    running_plan(scene.world, scene.sak)
    return {"sak_id": scene.sak.pk}


def _plan_for_approval(scene: Scene) -> dict:
    """A complete plan version sent to the team leader for approval (PLAN-03)."""
    from plans import services as plan_services

    from ..plans.factories import draft

    versjon = draft(scene.world, scene.sak)
    plan_services.planversjon_send_for_approval(
        actor=scene.world.saksbehandler, versjon_id=versjon.pk
    )
    return {"sak_id": scene.sak.pk, "versjon_id": versjon.pk}


def _possible_duplicate(scene: Scene, name: str) -> dict:
    """SAK-01: team B's caseworker opened a case for team A's child; team A's leader decides."""
    from cases import services as case_services
    from cases.models import MuligDuplikat

    child = {"fornavn": "Ola", "etternavn": "Fuzz", "fodselsnummer": scene.sak.barn.fodselsnummer}
    sak = case_services.sak_create(
        actor=scene.world.saksbehandler_b, team=scene.world.team_b, barn_data=child
    )
    return {"duplikat_id": MuligDuplikat.objects.get(sak=sak).pk, "name": name}


def _program(scene: Scene):
    """A programme of the scene's service (BANK-01)."""
    from programbank.models import Program

    return Program.objects.get_or_create(tjeneste=scene.sak.tjeneste, navn="Fuzzprogram")[0]


TARGETS: list[Target] = [
    Target("accounts:login", None, valid=lambda s: {"username": "sb_a"}, pre_login="password"),
    Target("accounts:otp_verify", "saksbehandler", pre_login="code"),
    Target("accounts:otp_setup", "uten_rolle", pre_login="setup"),
    # LOG-02: the case list keeps only valid filter values in its redirect.
    Target("cases:list", "saksbehandler", filters=True),
    Target("cases:create", "saksbehandler", valid=_new_child),
    _case_target("cases:barn_edit"),
    _case_target("cases:part_create", valid=lambda s: {"relasjon": "mor", "fornavn": "Kari"}),
    _case_target("cases:part_edit"),
    _case_target(
        "cases:transfer",
        valid=lambda s: {
            "til_saksbehandler": str(s.world.saksbehandler.pk),
            "overgangsmote_dato": str(timezone.localdate()),
            "overgangsmote_notat": "Overlevert.",
        },
    ),
    _case_target("cases:extend", valid=lambda s: {"begrunnelse": "Mer tid."}),
    _case_target(
        "cases:complete",
        valid=lambda s: {"avsluttet": str(timezone.localdate()), "konklusjon": "tiltak"},
    ),
    _case_target(
        "cases:party_status",
        valid=lambda s: {"innvilget": str(timezone.localdate()), "begrunnelse": "Moden."},
    ),
    Target(
        "cases:duplicate",
        "teamleder",
        lambda s: _possible_duplicate(s, "link"),
        label="cases:duplicate[link]",
    ),
    Target(
        "cases:duplicate",
        "teamleder",
        lambda s: _possible_duplicate(s, "dismiss"),
        label="cases:duplicate[dismiss]",
    ),
    Target(
        "cases:duplicate",
        "teamleder",
        lambda s: _possible_duplicate(s, "transfer"),
        valid=lambda s: {
            "overgangsmote_dato": str(timezone.localdate()),
            "overgangsmote_notat": "Overlevert.",
        },
        label="cases:duplicate[transfer]",
    ),
    _case_target("documents:dispatch"),
    _case_target("vedtak:create"),
    _case_target("vedtak:edit"),
    _case_target("vedtak:tiltak_add", valid=lambda s: {"omfang": "2 timer per uke"}),
    _case_target("vedtak:tiltak_edit"),
    _case_target("vedtak:tiltak_remove"),
    _case_target("vedtak:transition"),
    _case_target(
        "vedtak:transition",
        action="withdraw",
        label="vedtak:transition[withdraw]",
        valid=lambda s: {"reason": "Feil sak."},
    ),
    _case_target("vedtak:approve_measures"),
    _case_target("vedtak:comment", valid=lambda s: {"comment": "Se over vurderingen."}),
    _case_target("vedtak:forhandsvarsel"),
    _case_target(
        "vedtak:statement",
        valid=lambda s: {"uttalelse": "Ingen merknader.", "mottatt": str(timezone.localdate())},
    ),
    _case_target("vedtak:samtykke_create"),
    _case_target("vedtak:samtykke_withdraw"),
    _case_target("vedtak:tiltak_dates"),
    _case_target("contractors:oppdrag_create"),
    _case_target("contractors:oppdrag_edit"),
    _case_target(
        "contractors:oppdrag_brief",
        valid=lambda s: {"orientering_notat": "Gjennomgått."},
    ),
    _case_target("contractors:oppdrag_end", valid=lambda s: {"reason": "Ferdig."}),
    # The journal, meetings and incoming documents (issue 21).
    _case_target(
        "journal:create",
        valid=lambda s: {
            "type": "telefon",
            "dato": str(timezone.localdate()),
            "hva_ble_sagt": "Mor ringte om skolen.",
            "vurdering": "Følges opp.",
        },
    ),
    _case_target("journal:edit"),
    _case_target("journal:sign"),
    _case_target("journal:correct"),
    _case_target(
        "moter:plan",
        valid=lambda s: {"type": "samarbeidsmote", "agenda": "Skole og fritid."},
    ),
    _case_target("moter:edit"),
    _case_target("moter:minutes", valid=lambda s: {"referat": "Vi ble enige om planen."}),
    _case_target(
        "moter:oppgave",
        valid=lambda s: {"hva": "Ringe skolen.", "frist": str(timezone.localdate())},
    ),
    _case_target("moter:oppgave_complete"),
    _case_target("moter:action"),
    _case_target(
        "moter:ansvarsgruppe",
        valid=lambda s: {"rytme_uker": "6", "startdato": str(timezone.localdate())},
    ),
    _case_target("innkommende:create"),
    _case_target("innkommende:withdraw", valid=lambda s: {"reason": "Feil sak."}),
    _case_target(
        "klage:register",
        valid=lambda s: {
            "klager": str(s.sak.parter.order_by("pk").first().pk),
            "mottatt": str(timezone.localdate()),
            "kanal": "post",
            "gjelder": "Vi er uenige i vedtaket.",
        },
    ),
    _case_target("klage:action", valid=lambda s: {"vurdering": "Vedtaket er riktig."}),
    _case_target(
        "innsyn:create",
        valid=lambda s: {
            "part": str(s.sak.parter.order_by("pk").first().pk),
            "mottatt": str(timezone.localdate()),
            "kanal": "post",
            "hva": "Alle dokumentene.",
        },
    ),
    _case_target("innsyn:review"),
    _case_target("innsyn:answer"),
    # Ettervern (ETT-01, ETT-02) and the centre course (SENTER-02 … SENTER-05).
    _case_target("ettervern:sak_action"),
    _case_target("ettervern:vedtak_action"),
    _case_target("senter:action"),
    # The programme bank (BANK-01): the head of service keeps it.
    Target(
        "programbank:create",
        "barnevernleder",
        lambda s: {"tjeneste_id": s.sak.tjeneste_id},
        lambda s: {"navn": "Fuzzprogram"},
    ),
    Target("programbank:edit", "barnevernleder", lambda s: {"program_id": _program(s).pk}),
    # Closing a case (AVS-01, AVS-02) and the service's checklists and routines (RUT-01/02).
    _case_target("avslutning:page", valid=lambda s: {"oppsummering": "Tiltakene har virket."}),
    _case_target("avslutning:action"),
    _case_target("avslutning:reopen", valid=lambda s: {"begrunnelse": "Ny bekymring."}),
    Target(
        "rutiner:sjekkliste_create",
        "barnevernleder",
        valid=lambda s: {"navn": "Egen", "kode": "egen", "punkter": "Punkt", "aktiv": "on"},
    ),
    Target(
        "rutiner:sjekkliste_edit",
        "barnevernleder",
        lambda s: {"sjekkliste_id": s.sak.tjeneste.sjekklister.order_by("pk").first().pk},
    ),
    Target(
        "rutiner:rutine_create",
        "barnevernleder",
        valid=lambda s: {
            "aktivitet": "Egen rutine",
            "utfor": "Gjør slik.",
            "ansvar": "Saksbehandler",
            "nokkel": "annet",
            "rekkefolge": "9",
            "aktiv": "on",
        },
    ),
    Target(
        "rutiner:rutine_edit",
        "barnevernleder",
        lambda s: {"rutine_id": s.sak.tjeneste.rutiner.order_by("pk").first().pk},
    ),
    # Referrals (issue 23, HENV-01): the receiver list is the head's.
    _case_target(
        "henvisning:create",
        valid=lambda s: {
            "mottaker": str(_referral_receiver(s)["mottaker_id"]),
            "sporsmal": "Vi ber om en vurdering.",
            "hjemmel_type": "lov",
            "lovhjemmel": "barnevernsloven § 13-3",
        },
    ),
    _case_target("henvisning:edit"),
    _case_target("henvisning:action", valid=lambda s: {"begrunnelse": "Ikke aktuelt."}),
    Target("henvisning:receivers", "barnevernleder"),
    Target(
        "henvisning:receiver_create",
        "barnevernleder",
        valid=lambda s: {"navn": "PPT Fuzzvik", "type": "ppt", "svarfrist_dager": "30"},
    ),
    Target("henvisning:receiver_edit", "barnevernleder", lambda s: _referral_receiver(s)),
    _case_target("plans:create"),
    _case_target("plans:new_version"),
    _case_target("plans:interval"),
    _case_target("plans:edit"),
    _case_target("plans:submit"),
    Target("plans:approve", "teamleder", lambda s: _plan_for_approval(s)),
    Target(
        "plans:approve",
        "teamleder",
        lambda s: _plan_for_approval(s),
        valid=lambda s: {"op": "return", "comment": "Mangler delmål."},
        label="plans:approve[return]",
    ),
    _case_target("plans:discard"),
    _case_target("plans:send_out"),
    Target("evaluations:create", "saksbehandler", lambda s: _with_plan_in_force(s)),
    _case_target("evaluations:edit"),
    _case_target("evaluations:send_out"),
    Target(
        "audit:nodtilgang",
        "saksbehandler",
        valid=lambda s: {"saksnummer": s.world.sak_b.saksnummer, "begrunnelse": "Vakt i helgen."},
    ),
    Target(
        "contractors:create",
        "saksbehandler",
        valid=lambda s: {
            "type": "stottekontakt",
            "tilknytning": "oppdragstaker",
            "fornavn": "Per",
            "etternavn": "Fuzz",
        },
    ),
    Target(
        "contractors:edit",
        "saksbehandler",
        lambda s: {"oppdragstaker_id": s.oppdragstaker.pk},
    ),
    Target(
        "contractors:politiattest",
        "saksbehandler",
        lambda s: {"oppdragstaker_id": s.oppdragstaker.pk},
        valid=lambda s: {
            "utstedt_dato": str(timezone.localdate() - timedelta(days=10)),
            "vurdert_dato": str(timezone.localdate()),
            "resultat": "ingen_merknader",
        },
    ),
    Target(
        "contractors:taushetserklaering",
        "saksbehandler",
        lambda s: {"oppdragstaker_id": s.oppdragstaker.pk},
        valid=lambda s: {"signert_dato": str(timezone.localdate())},
    ),
    Target(
        "contractors:transition",
        "saksbehandler",
        lambda s: {"oppdragstaker_id": s.oppdragstaker.pk, "action": "end"},
        valid=lambda s: {"reason": "Sluttet."},
        label="contractors:transition[end]",
    ),
    Target(
        "contractors:transition",
        "saksbehandler",
        lambda s: {"oppdragstaker_id": s.oppdragstaker.pk, "action": "receive_documentation"},
        label="contractors:transition[receive_documentation]",
    ),
    Target(
        "contractors:contract",
        "kontorfaglig",
        lambda s: {"oppdrag_id": s.oppdrag.pk},
        valid=lambda s: {"dato": str(timezone.localdate())},
    ),
    Target(
        "contractors:submission",
        "kontorfaglig",
        lambda s: {"oppdrag_id": s.oppdrag.pk},
        valid=lambda s: {"type": "timeliste", "mottatt": str(timezone.localdate())},
    ),
]

#: The targets without their pytest marks.
PLAIN_TARGETS: list[Target] = [getattr(t, "values", (t,))[0] for t in TARGETS]

#: URLs that accept POST but hold no form of their own, and why.
NOT_FORMS = {
    "kvalitet:refresh": "a button: compute the indicators now (KVAL-01); reads nothing from "
    "the post",
    "programbank:seed": "a button: add the source's programmes the service lacks (BANK-01); "
    "reads nothing from the post",
    "rapportering:download": "a button: download the released extract, a logged act (RAPP-04); "
    "reads nothing from the post",
    "rapportering:action": "a confirm button (ConfirmActionForm, no fields): release the "
    "extract (RAPP-04); an unknown action is not found",
    "accounts:logout": "a button: ends the session, reads nothing from the post",
    "accounts:session_ping": "the idle-timeout keep-alive (JSON), reads nothing from the post",
    "accounts:grant_decide": "two buttons, confirm or refuse (issue 19); other values refused",
    "accounts:malform": "three radio choices (bokmål, nynorsk, the service's form; issue 26); "
    "another value is refused next to the field (tests/nynorsk/test_malform.py)",
    "audit:nodtilgang_decide": "a confirm button (no fields): approve or refuse a request over "
    "the break-the-glass limit (ROLE-04, issue 19)",
    "documents:retry": "a button: orders a failed letter again (DOK-01), reads only `next`",
    "rutiner:sak_list": "buttons: start one of the service's checklists (RUT-01); another "
    "code is not found",
    "rutiner:sak_detail": "buttons: tick or untick an item (RUT-01); another item is not found",
    "contractors:approval_retry": "a button: orders a failed approval document again (DOK-01)",
    # Views without a method restriction answer a POST as a GET; the smoke test below posts
    # odd input to them too.
    "core:home": "the start page: no form",
    "core:healthz": "the health check: no form",
    "cases:detail": "the case page: its buttons post to the pages listed above",
    "cases:history": "the case history: no form",
    "vedtak:queue": "the guidance queue: filters by GET",
    "vedtak:dashboard": "the decisions to sign: filters by GET",
    "vedtak:detail": "the decision page: its buttons post to the pages listed above",
    "vedtak:samtykker": "the consents list: no form",
    "cases:address_barn": "a shielded address on its own page (SAK-05): no form",
    "cases:address_part": "a shielded address on its own page (SAK-05): no form",
    "audit:access_log": "the access log: filters by GET",
}
#: Whole namespaces that are not ours to fuzz.
NOT_OURS = {"admin": "Django's admin: system administrators only, Django's own forms"}


# --- the URL configuration ------------------------------------------------------------------


def _allowed_methods(callback) -> set[str] | None:
    """The methods a view accepts: a class-based view's handlers, or the list given to
    ``require_http_methods`` (found in the decorator's closure); None when unrestricted."""
    view_class = getattr(callback, "view_class", None)
    if view_class is not None:
        return {m.upper() for m in view_class.http_method_names if hasattr(view_class, m)}
    func = callback
    while func is not None:
        for cell in getattr(func, "__closure__", None) or ():
            try:
                value = cell.cell_contents
            except ValueError:
                continue
            if (
                isinstance(value, list | tuple)
                and value
                and all(isinstance(m, str) and m in {"GET", "POST", "PUT", "HEAD"} for m in value)
            ):
                return set(value)
        func = getattr(func, "__wrapped__", None)
    return None


def _named_patterns(resolver=None, namespace=""):
    for p in (resolver or get_resolver()).url_patterns:
        if isinstance(p, URLResolver):
            ns = f"{namespace}{p.namespace}:" if p.namespace else namespace
            yield from _named_patterns(p, ns)
        elif p.name:
            yield f"{namespace}{p.name}", p.callback


def post_accepting_urls() -> set[str]:
    """Every named URL of ours whose view accepts POST (or any method)."""
    names = set()
    for name, callback in _named_patterns():
        if name.split(":")[0] in NOT_OURS:
            continue
        methods = _allowed_methods(callback)
        if methods is None or "POST" in methods:
            names.add(name)
    return names


def test_every_post_url_is_fuzzed_or_exempt():
    """A new form URL fails here until it is in ``TARGETS`` or ``NOT_FORMS`` with a reason."""
    covered = {t.url_name for t in PLAIN_TARGETS}
    assert not covered & set(NOT_FORMS)
    assert post_accepting_urls() == covered | set(NOT_FORMS)
    assert len({t.id for t in PLAIN_TARGETS}) == len(PLAIN_TARGETS)


# --- reading a form as a browser does --------------------------------------------------------


@dataclass
class Field:
    name: str
    kind: str
    id: str = ""
    values: list[str] = field(default_factory=list)
    options: list[str] = field(default_factory=list)
    invalid: bool = False
    count: int = 0


@dataclass
class Form:
    action: str
    method: str
    fields: dict[str, Field] = field(default_factory=dict)


class FormParser(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms: list[Form] = []
        self._form: Form | None = None
        self._text: Field | None = None
        self._select: Field | None = None
        self._option: tuple[str | None, bool] | None = None
        self._option_text = ""

    def _field(self, name: str, kind: str, attrs: dict) -> Field:
        field_id = attrs.get("id") or ""
        if kind in {"checkbox", "radio"}:
            field_id = re.sub(r"_\d+$", "", field_id)  # a group's inputs: id_<name>_<n>
        f = self._form.fields.setdefault(name, Field(name, kind, field_id))
        f.count += 1
        f.invalid = f.invalid or attrs.get("aria-invalid") == "true"
        return f

    def handle_starttag(self, tag, attrs):
        a = {k: v if v is not None else "" for k, v in attrs}
        if tag == "form":
            self._form = Form(a.get("action", ""), a.get("method", "get").lower())
            self.forms.append(self._form)
            return
        if self._form is None or (not a.get("name") and tag != "option"):
            return
        if tag == "input":
            kind = a.get("type", "text").lower()
            f = self._field(a["name"], kind, a)
            if kind in {"checkbox", "radio"}:
                f.options.append(a.get("value", "on"))
                if "checked" in a:
                    f.values.append(a.get("value", "on"))
            elif kind in {"submit", "button", "image", "reset"}:
                f.options.append(a.get("value", ""))
            else:
                f.values = [a.get("value", "")]
        elif tag == "button" and a.get("type", "submit") == "submit":
            self._field(a["name"], "submit", a).options.append(a.get("value", ""))
        elif tag == "textarea":
            self._text = self._field(a["name"], "textarea", a)
            self._text.values = [""]
        elif tag == "select":
            self._select = self._field(a["name"], "select", a)
            self._select.values = []
        elif tag == "option" and self._select is not None:
            self._option = (a.get("value"), "selected" in a)
            self._option_text = ""

    def handle_data(self, data):
        if self._text is not None:
            self._text.values[0] += data
        elif self._option is not None:
            self._option_text += data

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "textarea":
            self._text = None
        elif tag == "option" and self._option is not None:
            value, selected = self._option
            value = self._option_text.strip() if value is None else value
            self._select.options.append(value)
            if selected:
                self._select.values.append(value)
            self._option = None
        elif tag == "select" and self._select is not None:
            if not self._select.values and self._select.options:
                self._select.values = [self._select.options[0]]
            self._select = None


def the_form(html: str, path: str) -> Form | None:
    """The page's form that posts to ``path`` (the largest, when several do)."""
    parser = FormParser()
    parser.feed(html)
    mine = [
        f
        for f in parser.forms
        if f.method == "post" and urlsplit(f.action).path in {"", path} and f.fields
    ]
    return max(mine, key=lambda f: len(f.fields), default=None)


def baseline(form: Form | None) -> dict[str, list[str]]:
    if form is None:
        return {}
    return {
        name: list(f.values)
        for name, f in form.fields.items()
        if f.kind not in {"submit", "button", "image", "reset"} and name != "csrfmiddlewaretoken"
    }


# --- odd input ------------------------------------------------------------------------------

NO_SURROGATES = st.characters(exclude_categories=("Cs",))


def _bad_check_digits(born: date, individual: int, which: int, step: int) -> str:
    from cases.rules import check_digits

    first_nine = f"{born.day:02d}{born.month + 80:02d}{born:%y}{individual:03d}"
    good = check_digits(first_nine) or "00"
    digits = list(good)
    digits[which] = str((int(digits[which]) + step) % 10)
    return first_nine + "".join(digits)


#: SAK-01: numbers of the right shape whose check digits are wrong, and wrong shapes.
FODSELSNUMMER = st.one_of(
    st.builds(
        _bad_check_digits,
        st.dates(date(2000, 1, 1), date(2039, 12, 31)),
        st.integers(500, 999),
        st.integers(0, 1),
        st.integers(1, 9),
    ),
    st.sampled_from(
        [
            "00000000000",
            "12345678901",
            "3102802000",  # ten digits
            "310280200000",  # twelve
            "abcdefghijk",
            "310280 20000",
            "31.02.80-20000",
            "31028020000\x00",
            "٣١٠٢٨٠٢٠٠٠٠",  # Arabic-Indic digits: str.isdigit() says yes
        ]
    ),
)
LONG = st.builds(
    lambda ch, n: ch * n,
    st.sampled_from(["a", "Æ", "9", "<", " ", "\U0001f600"]),
    st.integers(10_000, 12_000),
)
CONTROL = st.sampled_from(
    [
        "\x00",
        "Ola\x00Nordmann",
        "\x1b[2J\x1b[31mrød",
        "\u202egnp.exe",
        "\x07\x08\x0b\x0c\x7f",
        "\r\n\r\n",
        "\ufeff\u200b\u200d",
        "\t",
        " ",
    ]
)
MARKUP = st.sampled_from(
    [
        SCRIPT,
        IMG,
        f"Ola {SCRIPT} Nordmann",
        f"</textarea>{SCRIPT}",
        f"</title>{SCRIPT}",
        "{{ request.user }}{% debug %}",
        "javascript:alert(1)",
        "<b>fet</b> &amp; &lt;",
        "' OR 1=1 --",
    ]
)
DATES = st.one_of(
    st.sampled_from(
        [
            "2025-02-30",
            "31.13.2024",
            "0000-00-00",
            "2024-13-01",
            "30.02.2025",
            "9999-12-31",
            "10000-01-01",
            "0001-01-01",
            "1899-12-31",
            "2024-1-1",
            "i morgen",
            "-2024-01-01",
            "2024-02-29T25:61",
            "2024-06-01T12:00",
        ]
    ),
    st.dates().map(date.isoformat),
    st.dates(date(1000, 1, 1)).map(lambda d: d.strftime("%d.%m.%Y")),
)
NUMBERS = st.one_of(
    st.sampled_from(
        ["-1", "0", "1e309", "NaN", "inf", "-0", "1,5", "2147483648", "9" * 40, "0x10", "٣"]
    ),
    st.integers(-(2**70), 2**70).map(str),
)
TEXT = st.text(NO_SURROGATES, max_size=40)


def odd_values(outside_ids: list[int]) -> st.SearchStrategy[str]:
    return st.one_of(
        MARKUP,
        CONTROL,
        LONG,
        DATES,
        FODSELSNUMMER,
        NUMBERS,
        TEXT,
        st.just("ugyldig-valg"),
        st.sampled_from(outside_ids).map(str),  # ids outside the user's reach (ROLE-02)
    )


# --- the checks -----------------------------------------------------------------------------

TEXT_KINDS = {"text", "textarea", "email", "tel", "search", "number", "date", "datetime-local"}
CHOICE_KINDS = {"select", "radio"}
ENGLISH = re.compile(
    r"\b(Enter a|This field|Select a valid|Ensure this|characters|is not one of|Null characters)"
)


def _norm(value: str) -> str:
    return value.replace("\r\n", "\n").replace("\r", "\n").strip()


def _error_text(html: str, field_id: str) -> str:
    match = re.search(rf'id="{re.escape(field_id)}_error"[^>]*>(.*?)</div>', html, re.S)
    return unescape(re.sub(r"<[^>]+>", " ", match.group(1))).strip() if match else ""


def assert_escaped(client: Client, *paths: str) -> None:
    for path in paths:
        response = client.get(path)
        assert response.status_code in {200, 302, 404}, (path, response.status_code)
        html = response.content.decode(errors="replace")
        for raw in DANGEROUS:
            assert raw not in html, f"unescaped {raw!r} on {path}"


def check_response(
    *,
    target: Target,
    scene: Scene,
    client: Client,
    path: str,
    form: Form | None,
    name,
    value,
    response,
) -> None:
    status = response.status_code
    allowed = {200, 302} | ({429} if target.pre_login else set())
    assert status in allowed, f"{status} for {name}={value[:80]!r}"
    fuzzed = form.fields.get(name) if form and name else None
    if status == 302:
        location = response["Location"]
        if fuzzed is not None and not target.pre_login and not target.filters:
            offered = fuzzed.kind in CHOICE_KINDS or (
                fuzzed.kind == "checkbox" and fuzzed.count > 1
            )
            if offered and value and value.strip() not in fuzzed.options:
                raise AssertionError(f"{name} accepted {value[:80]!r}, not one of its choices")
        if target.pre_login:
            return
        # The page the user lands on, and the case history (LOG-01 shows every stored value).
        pages = [location] if urlsplit(location).netloc in {"", "testserver"} else []
        if "sak_id" in (resolved := resolve(path)).kwargs:
            pages.append(reverse("cases:history", kwargs={"sak_id": resolved.kwargs["sak_id"]}))
        assert_escaped(client, *pages)
        return
    if status != 200:
        return
    html = response.content.decode(errors="replace")
    for raw in DANGEROUS:
        assert raw not in html, f"unescaped {raw!r} after posting {name}"
    again = the_form(html, path)
    if again is None or fuzzed is None or name not in again.fields:
        return
    shown = again.fields[name]
    if shown.invalid and shown.kind == "hidden":
        # A tampered hidden value: nothing to show next to it, so the error summary says it.
        assert 'id="feiloppsummering"' in html, f"no error summary for the hidden {name}"
    elif shown.invalid:
        # LOG-02: the message stands next to the field, in Norwegian.
        message = _error_text(html, shown.id)
        assert message, f"{name} is marked invalid but has no message next to it"
        assert not ENGLISH.search(message), f"English error for {name}: {message!r}"
    if fuzzed.kind in TEXT_KINDS and shown.kind in TEXT_KINDS and fuzzed.kind != "password":
        # LOG-02: what the user typed comes back in the field.
        assert shown.values and _norm(shown.values[0]) == _norm(value), (
            f"{name}: typed {value[:80]!r}, shown {shown.values[:1]!r}"[:300]
        )


# --- the scene ------------------------------------------------------------------------------


@pytest.fixture
def scene(world, documents_storage) -> Scene:  # noqa: F811
    from ..contractors.factories import make_oppdragstaker, quick_oppdrag

    sak = make_sak(
        world.saksbehandler,
        world.team_a,
        melding_mottatt=timezone.localdate() - timedelta(days=20),
        parter=2,
    )
    oppdragstaker = make_oppdragstaker(world.saksbehandler, documented=False, approved=False)
    oppdrag = quick_oppdrag(sak, by=world.saksbehandler, approver=world.barnevernleder)
    other_sb = make_user("sb_fuzz_annen")
    grant(other_sb, Rolle.SAKSBEHANDLER, team=world.sak_annen.team)
    foreign_oppdragstaker = make_oppdragstaker(other_sb, documented=False, approved=False)
    foreign_oppdrag = quick_oppdrag(world.sak_annen, by=other_sb, approver=world.annen_tjeneste)
    outside = {
        "sak_id": world.sak_annen.pk,
        "team": world.sak_annen.team_id,
        "user": other_sb.pk,
        "part": world.sak_annen.parter.first().pk,
        "oppdragstaker_id": foreign_oppdragstaker.pk,
        "oppdrag_id": foreign_oppdrag.pk,
        "tiltak": foreign_oppdrag.tiltak_id,
        "vedtak": foreign_oppdrag.tiltak.vedtak_id,
    }
    return Scene(world, sak, oppdragstaker, oppdrag, outside)


def _client(target: Target, scene: Scene) -> Client:
    client = Client()
    if target.role is None:
        return client
    user = getattr(scene.world, target.role)
    if target.pre_login == "code":
        totp_device(user)
        client.force_login(user, otp=False)
    elif target.pre_login == "setup":
        client.force_login(user, otp=False)
    else:
        client.force_login(user)
    return client


@pytest.mark.parametrize("target", TARGETS, ids=lambda t: getattr(t, "id", ""))
def test_LOG_02_odd_input_gets_a_field_error_or_success(target: Target, scene: Scene):
    """LOG-02 and SAK-01: every form answers odd input with a Norwegian message next to the
    field, keeps what was typed, and never stores a script that a page runs."""
    path = reverse(target.url_name, kwargs=target.kwargs(scene))
    outside_ids = sorted(set(scene.outside.values()))
    # Every example starts from the same state (the savepoint), so the form is read once.
    client = _client(target, scene)
    page = client.get(path)
    html = page.content.decode(errors="replace")
    form = the_form(html, path) if page.status_code == 200 else None
    names = [n for n in (form.fields if form else ()) if n != "csrfmiddlewaretoken"]

    @FUZZ
    @given(data=st.data())
    def post_odd_input(data):
        name = data.draw(st.sampled_from(sorted(names) or ["ekstra"]), label="field")
        fuzzed = form.fields.get(name) if form else None
        odd = odd_values(outside_ids)
        if fuzzed is not None and fuzzed.kind in {"submit", "checkbox", "radio", "select"}:
            odd = st.one_of(st.sampled_from(fuzzed.options or [""]), odd)
        value = data.draw(odd, label="value")
        post = {**baseline(form), **target.valid(scene), name: value}
        savepoint = transaction.savepoint()
        try:
            poster = _client(target, scene) if target.pre_login else client
            response = poster.post(path, post)
            check_response(
                target=target,
                scene=scene,
                client=poster,
                path=path,
                form=form,
                name=name,
                value=value,
                response=response,
            )
        finally:
            transaction.savepoint_rollback(savepoint)

    post_odd_input()


@pytest.mark.parametrize("target", PLAIN_TARGETS, ids=lambda t: t.id)
def test_LOG_02_a_nul_byte_in_every_text_field_is_a_field_error(target: Target, scene: Scene):
    """PostgreSQL refuses NUL bytes in text: every text a form takes, all at once, must get a
    message (or be cleaned away), never reach the database as a 500."""
    path = reverse(target.url_name, kwargs=target.kwargs(scene))
    client = _client(target, scene)
    page = client.get(path)
    form = (
        the_form(page.content.decode(errors="replace"), path) if page.status_code == 200 else None
    )
    if form is None:
        pytest.skip("no form on the page")
    post = {**baseline(form), **target.valid(scene)}
    texts = [n for n, f in form.fields.items() if f.kind in TEXT_KINDS - {"hidden"}]
    for name in texts:
        post[name] = f"Ola\x00{SCRIPT}"
    response = client.post(path, post)
    allowed = {200, 302} | ({429} if target.pre_login else set())
    assert response.status_code in allowed
    assert SCRIPT not in response.content.decode(errors="replace")


@pytest.mark.parametrize("target", [t for t in PLAIN_TARGETS if t.role], ids=lambda t: t.id)
def test_ROLE_02_post_outside_reach_is_404(target: Target, scene: Scene):
    """ROLE-02: a post to an object outside the user's reach is 404 and changes nothing."""
    kwargs = target.kwargs(scene)
    ints = {k: v for k, v in kwargs.items() if isinstance(v, int)}
    if not ints:
        pytest.skip("no object in the URL")
    client = _client(target, scene)
    good = reverse(target.url_name, kwargs=kwargs)
    page = client.get(good)
    post = {
        **baseline(the_form(page.content.decode(errors="replace"), good)),
        **target.valid(scene),
    }
    for key in ints:
        for other in {scene.outside.get(key), 2**31 - 1} - {None}:
            path = reverse(target.url_name, kwargs={**kwargs, key: other})
            savepoint = transaction.savepoint()
            try:
                response = _client(target, scene).post(path, post)
                assert response.status_code == 404, (path, response.status_code)
            finally:
                transaction.savepoint_rollback(savepoint)


READ_PAGES = [
    "core:home",
    "cases:detail",
    "cases:history",
    "vedtak:queue",
    "vedtak:dashboard",
    "vedtak:detail",
    "vedtak:samtykker",
]


@pytest.mark.parametrize("name", READ_PAGES)
def test_pages_without_a_form_take_a_stray_post(name: str, scene: Scene):
    """The pages that answer a POST as a GET: odd input does them no harm."""
    kwargs = resolve(case_url(name, scene.sak)).kwargs if name in CASE_URL_ROLES else {}
    client = _client(Target(name, "barnevernleder"), scene)
    odd = {"q": SCRIPT, "status": "\x00", "team": "9" * 30, "side": "-1"}
    response = client.post(reverse(name, kwargs=kwargs), odd)
    assert response.status_code in {200, 404}  # the queue is the team leader's
    assert SCRIPT not in response.content.decode()


# --- issue 19, finding 8: implausible input -------------------------------------------------
#
# Every text field of every form refuses control characters and bidirectional controls with a
# message next to it that names the character, and nothing of it is stored; every date field
# refuses a date before 1900 or more than ten years ahead with a message that names the range.

#: A few examples per form: each posts every text (or date) field of the form at once.
FINDING8_FUZZ = settings(FUZZ, max_examples=4)

#: What no text may hold: the bidi controls, and the control characters but those multi-line
#: text keeps (tab, line feed, carriage return; a single-line field refuses them too, see
#: tests/security/test_issue19_input.py). NUL has its own test above.
HIDDEN = st.one_of(
    st.sampled_from(sorted(BIDI_CONTROLS)),
    st.characters(categories=("Cc",), exclude_characters="\x00\t\n\r"),
)
PLAIN_KINDS = {"text", "textarea", "email", "tel", "search"}
DATE_FORMATS = {"date": "%Y-%m-%d", "datetime-local": "%Y-%m-%dT12:00", "month": "%Y-%m"}
#: The logged-in forms that store what they are given (the login and the code store nothing,
#: and must answer odd input as any wrong input; the case list's filters redirect).
STORING_TARGETS = [t for t in PLAIN_TARGETS if not t.pre_login and not t.filters]
#: The plans' approval reads no text: its comment is the return's (plans:approve[return]).
NO_TEXT_READ = {"plans:approve"}
RANGE = re.compile(r"\d\d\.\d\d\.\d{4}\D+\d\d\.\d\d\.\d{4}")


def _stored_text(ch: str) -> list[str]:
    """The project's tables (and their history) whose text holds ``ch``."""
    from django.apps import apps
    from django.db.models import CharField, JSONField, Q, TextField
    from django.db.models.functions import Cast

    found = []
    for model in apps.get_models():
        if model.__module__.split(".")[0] not in OUR_APPS:
            continue
        fields = model._meta.concrete_fields
        texts = [f.name for f in fields if isinstance(f, CharField | TextField)]
        jsons = [f.name for f in fields if isinstance(f, JSONField)]
        rows = model._base_manager.annotate(**{f"j8_{n}": Cast(n, TextField()) for n in jsons})
        q = Q()
        for n in texts:
            q |= Q(**{f"{n}__contains": ch})
        for n in jsons:
            q |= Q(**{f"j8_{n}__contains": ch})
        if (texts or jsons) and rows.filter(q).exists():
            found.append(model._meta.label)
    return found


def _stored_date(day: date) -> list[str]:
    """The project's tables (and their history) with a date (or a time on the day) ``day``."""
    from django.apps import apps
    from django.db.models import DateField, DateTimeField, Q

    found = []
    for model in apps.get_models():
        if model.__module__.split(".")[0] not in OUR_APPS:
            continue
        q = Q()
        for f in model._meta.concrete_fields:
            if isinstance(f, DateTimeField):
                q |= Q(**{f"{f.name}__date": day})
            elif isinstance(f, DateField):
                q |= Q(**{f.name: day})
        if q and model._base_manager.filter(q).exists():
            found.append(model._meta.label)
    return found


OUR_APPS = {
    "core",
    "accounts",
    "cases",
    "documents",
    "vedtak",
    "plans",
    "evaluations",
    "contractors",
    "reminders",
    "audit",
}


def _read_form(target: Target, scene: Scene) -> tuple[str, Client, Form | None]:
    path = reverse(target.url_name, kwargs=target.kwargs(scene))
    client = _client(target, scene)
    page = client.get(path)
    html = page.content.decode(errors="replace")
    return path, client, the_form(html, path) if page.status_code == 200 else None


@pytest.mark.parametrize("target", STORING_TARGETS, ids=lambda t: t.id)
def test_finding8_hidden_characters_in_every_text_field_are_refused(target: Target, scene):
    """Issue 19, finding 8: a bidi control (U+202E …) or a control character in any text
    field of any form is refused with a message next to the field that names it, what was
    typed is shown again, and it is stored nowhere."""
    path, client, form = _read_form(target, scene)
    texts = [n for n, f in (form.fields.items() if form else ()) if f.kind in PLAIN_KINDS]
    if not texts or target.id in NO_TEXT_READ:
        pytest.skip("no text field the form reads")

    @FINDING8_FUZZ
    @given(ch=HIDDEN, before=st.sampled_from(["Ola", "Kari Nordmann ", "«"]))
    def post_hidden_characters(ch, before):
        value = f"{before}{ch}gnp.exe"
        post = {**baseline(form), **target.valid(scene), **dict.fromkeys(texts, value)}
        savepoint = transaction.savepoint()
        try:
            response = client.post(path, post)
            assert response.status_code == 200, f"{response.status_code} for {ch!r}"
            html = response.content.decode(errors="replace")
            again = the_form(html, path)
            for name in texts:
                shown = again.fields[name]
                assert shown.invalid, f"{name} took {ch!r}"
                message = _error_text(html, shown.id)
                assert f"U+{ord(ch):04X}" in message, f"{name}: {message!r}"
                assert not ENGLISH.search(message), message
                assert _norm(shown.values[0]) == _norm(value)
            assert not _stored_text(ch)
        finally:
            transaction.savepoint_rollback(savepoint)

    post_hidden_characters()


def _out_of_range() -> st.SearchStrategy[date]:
    from core.validators import years_after

    return st.one_of(
        st.dates(date(1000, 1, 1), date(1899, 12, 31)),
        st.dates(years_after(timezone.localdate(), 10) + timedelta(days=1), date(9998, 12, 1)),
    )


@pytest.mark.parametrize("target", STORING_TARGETS, ids=lambda t: t.id)
def test_finding8_dates_out_of_range_in_every_date_field_are_refused(target: Target, scene):
    """Issue 19, finding 8: a date before 1900 or more than ten years ahead (a plan's date;
    an event's is held to one year) in any date field is refused with a message next to the
    field that names the allowed range, and stored nowhere."""
    path, client, form = _read_form(target, scene)
    dates = {
        n: DATE_FORMATS[f.kind]
        for n, f in (form.fields.items() if form else ())
        if f.kind in DATE_FORMATS
    }
    if not dates:
        pytest.skip("no date field")

    @FINDING8_FUZZ
    @given(day=_out_of_range())
    def post_dates(day):
        typed = {name: day.strftime(fmt) for name, fmt in dates.items()}
        post = {**baseline(form), **target.valid(scene), **typed}
        savepoint = transaction.savepoint()
        try:
            response = client.post(path, post)
            assert response.status_code == 200, f"{response.status_code} for {day}"
            html = response.content.decode(errors="replace")
            again = the_form(html, path)
            for name in dates:
                shown = again.fields[name]
                assert shown.invalid, f"{name} took {typed[name]}"
                message = _error_text(html, shown.id)
                assert RANGE.search(message), f"{name}: {message!r}"
                assert shown.values == [typed[name]]
            assert not _stored_date(day)
        finally:
            transaction.savepoint_rollback(savepoint)

    post_dates()
