"""Issue 19, finding 8: implausible input is refused next to its field.

``melding_mottatt=01.01.1800`` gave an investigation deadline in 1800, and the bidi override
U+202E and other control characters were accepted in names. Now every form of
:mod:`core.forms` holds every date to a plausible range (from 1900, or the child's birth when
the form knows the child; an event at most a year ahead, a plan's date ten years) and every
text to text without control characters (:mod:`core.validators`). One test per rule here; the
fuzz tests of every form are in ``test_form_fuzzing.py`` (``test_finding8_…``).
"""

from __future__ import annotations

import importlib
import inspect
import unicodedata
from datetime import UTC, date, datetime, timedelta

import pytest
from django import forms as django_forms
from django.apps import apps
from django.conf import settings
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone, translation

from cases.forms import ForlengelseForm, PartForm, SakCreateForm, UndersokelseAvsluttForm
from cases.models import Part, Sak, Undersokelse
from contractors.forms import OppdragForm
from core.forms import (
    ActionForm,
    PlanDateField,
    PlausibleInputMixin,
    WallClockDateTimeField,
    child_birth_date_of,
)
from core.forms import Form as CoreForm
from core.validators import (
    BIDI_CONTROLS,
    EARLIEST,
    DateRangeValidator,
    PlainTextValidator,
    hidden_characters,
    years_after,
)
from plans.forms import GoalForm, MeasureForm, PlanForm
from vedtak.forms import SamtykkeForm, TiltakForm

from ..factories import make_sak, synthetic_number

pytestmark = pytest.mark.django_db(databases=[])

#: Every control character (Cc) and every bidi control.
CONTROLS = sorted(
    {chr(c) for c in range(0x110000) if unicodedata.category(chr(c)) == "Cc"} | BIDI_CONTROLS
)


@pytest.fixture(autouse=True)
def norwegian():
    with translation.override("nb"):
        yield


def _dmy(day: date) -> str:
    return f"{day:%d.%m.%Y}"


def _errors(form, name: str) -> list[str]:
    return list(form.errors.get(name, []))


# --- dates ------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_finding8_melding_mottatt_in_1800_is_refused_with_the_range(client, world):
    """The finding: 01.01.1800 as the report's date gave a deadline in 1800."""
    client.force_login(world.saksbehandler)
    before = Sak.objects.count()
    response = client.post(
        reverse("cases:create"),
        {
            "team": world.team_a.pk,
            "fornavn": "Mia",
            "etternavn": "Nyberg",
            "fodselsnummer": synthetic_number(timezone.localdate() - timedelta(days=900)),
            "sprak": "norsk",
            "adressebeskyttelse": "ingen",
            "melding_mottatt": "01.01.1800",
        },
    )
    assert response.status_code == 200
    html = response.content.decode()
    latest = _dmy(years_after(timezone.localdate(), 1))
    message = f"Skriv en dato fra og med barnets fødselsdato (%s) til og med {latest}."
    born = _dmy(timezone.localdate() - timedelta(days=900))
    assert 'id="id_melding_mottatt_error"' in html
    assert message % born in html
    assert 'value="01.01.1800"' in html
    assert Sak.objects.count() == before
    assert not Undersokelse.objects.filter(melding_mottatt__year=1800).exists()


def test_finding8_no_date_before_1900():
    form = UndersokelseAvsluttForm({"avsluttet": "1899-12-31", "konklusjon": "tiltak"})
    latest = _dmy(years_after(timezone.localdate(), 1))
    assert _errors(form, "avsluttet") == [
        f"Skriv en dato fra og med 01.01.1900 til og med {latest}."
    ]
    form = UndersokelseAvsluttForm({"avsluttet": "1900-01-01", "konklusjon": "tiltak"})
    assert form.is_valid(), form.errors
    assert date(1900, 1, 1) == EARLIEST


def test_finding8_an_event_is_at_most_a_year_ahead():
    today = timezone.localdate()
    latest = years_after(today, 1)
    ok = UndersokelseAvsluttForm({"avsluttet": latest.isoformat(), "konklusjon": "tiltak"})
    assert ok.is_valid(), ok.errors
    late = (latest + timedelta(days=1)).isoformat()
    form = UndersokelseAvsluttForm({"avsluttet": late, "konklusjon": "tiltak"})
    assert _errors(form, "avsluttet") == [
        f"Skriv en dato fra og med 01.01.1900 til og med {_dmy(latest)}."
    ]


def test_finding8_a_plan_date_may_lie_up_to_ten_years_ahead():
    today = timezone.localdate()
    latest = years_after(today, 10)
    for day, valid in (
        (years_after(today, 5), True),
        (latest, True),
        (latest + timedelta(1), False),
    ):
        form = PlanForm({"neste_evaluering": day.isoformat(), "gyldig_til": day.isoformat()})
        assert form.is_valid() is valid, (day, form.errors)
    form = PlanForm({"neste_evaluering": (latest + timedelta(days=1)).isoformat()})
    assert _errors(form, "neste_evaluering") == [
        f"Skriv en dato fra og med 01.01.1900 til og med {_dmy(latest)}."
    ]


def test_finding8_the_plan_dates_are_the_fields_a_plan_sets():
    """A plan's dates (a planned end, a next evaluation, a goal's deadline, a measure's start
    and planned end, a consent's end, an assignment's time frame) may lie ten years ahead;
    every other date is an event's."""
    plan_fields = {
        PlanForm: {"gyldig_fra", "gyldig_til", "neste_evaluering"},
        MeasureForm: {"planlagt_til"},
        GoalForm: {"frist"},
        TiltakForm: {"startdato", "sluttdato"},
        SamtykkeForm: {"gyldig_til"},
        OppdragForm: {"fra_dato", "til_dato"},
    }
    for form_class, names in plan_fields.items():
        found = {n for n, f in form_class.base_fields.items() if isinstance(f, PlanDateField)}
        assert found == names, form_class
    assert not isinstance(UndersokelseAvsluttForm.base_fields["avsluttet"], PlanDateField)


@pytest.mark.django_db
def test_finding8_no_date_of_a_case_before_the_childs_birth(client, world):
    """A form that knows the child (every action on a case) refuses a date before the birth,
    and says so with the birth date."""
    sak = make_sak(world.saksbehandler, world.team_a, age=10)
    born = sak.barn.fodselsdato
    client.force_login(world.teamleder)
    url = reverse("cases:party_status", kwargs={"sak_id": sak.pk})
    response = client.post(
        url, {"innvilget": (born - timedelta(days=1)).isoformat(), "begrunnelse": "Moden."}
    )
    assert response.status_code == 200
    html = response.content.decode()
    latest = _dmy(years_after(timezone.localdate(), 1))
    assert (
        f"Skriv en dato fra og med barnets fødselsdato ({_dmy(born)}) til og med {latest}." in html
    )
    assert 'id="id_innvilget_error"' in html
    sak.refresh_from_db()
    assert sak.barn_partsstatus_innvilget is None


@pytest.mark.django_db
def test_finding8_a_report_before_the_childs_birth_is_refused():
    born = timezone.localdate() - timedelta(days=400)
    data = {
        "fornavn": "Mia",
        "etternavn": "Nyberg",
        "fodselsnummer": synthetic_number(born),
        "sprak": "norsk",
        "adressebeskyttelse": "ingen",
    }
    early = SakCreateForm({**data, "melding_mottatt": born - timedelta(days=1)}, teams=None)
    assert any(_dmy(born) in e for e in _errors(early, "melding_mottatt"))
    assert early.child_birth_date() == born
    on_the_day = SakCreateForm({**data, "melding_mottatt": born}, teams=None)
    assert not _errors(on_the_day, "melding_mottatt")


@pytest.mark.django_db
def test_finding8_the_child_is_found_from_the_record_an_action_is_on(world):
    from vedtak import services as vedtak_services

    sak = world.sak_a
    born = sak.barn.fodselsdato
    assert child_birth_date_of(sak) == born
    assert child_birth_date_of(sak.parter.first()) == born
    vedtak = vedtak_services.vedtak_create(actor=world.saksbehandler, sak_id=sak.pk)
    assert child_birth_date_of(vedtak) == born
    assert child_birth_date_of(object()) is None
    assert child_birth_date_of(None) is None
    form = UndersokelseAvsluttForm.for_action(None, obj=sak)
    assert form.child_born == born


def test_finding8_every_action_forms_for_action_tells_the_child():
    """``for_action`` of every action form (its own or inherited) passes the birth on."""
    for form_class in _project_form_classes():
        if issubclass(form_class, ActionForm):
            assert getattr(form_class.for_action.__func__, "knows_the_child", False), form_class


def test_finding8_a_time_out_of_range_is_refused():
    class Sent(CoreForm):
        tidspunkt = WallClockDateTimeField(input_formats=["%Y-%m-%dT%H:%M"])

    assert "tidspunkt" in Sent({"tidspunkt": "1800-01-01T12:00"}).errors
    now = timezone.localtime().strftime("%Y-%m-%dT%H:%M")
    assert Sent({"tidspunkt": now}).is_valid()


# --- text -------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_finding8_bidi_override_in_a_name_is_refused(client, world):
    """The finding: U+202E in a name turns «Kari exe.gnp» round on every page."""
    sak = world.sak_a
    part = sak.parter.first()
    client.force_login(world.saksbehandler)
    url = reverse("cases:part_edit", kwargs={"sak_id": sak.pk, "part_id": part.pk})
    data = {
        "relasjon": part.relasjon,
        "fornavn": "Kari\u202egnp.exe",
        "etternavn": part.etternavn,
        "adressebeskyttelse": part.adressebeskyttelse,
        "sprak": part.sprak,
        "aktiv": "on",
    }
    response = client.post(url, data)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="id_fornavn_error"' in html
    assert "Fjern det usynlige styretegnet U+202E" in html
    part.refresh_from_db()
    assert "\u202e" not in part.fornavn
    assert not Part.objects.filter(fornavn__contains="\u202e").exists()


@pytest.mark.parametrize("ch", CONTROLS, ids=lambda ch: f"U+{ord(ch):04X}")
def test_finding8_every_control_and_bidi_character_is_refused_in_a_name(ch):
    form = PartForm({"relasjon": "mor", "fornavn": f"Kari{ch}Nordmann", "etternavn": "N"})
    assert any(f"U+{ord(ch):04X}" in e for e in _errors(form, "fornavn")), form.errors


def test_finding8_free_text_refuses_control_characters_but_keeps_line_breaks():
    for ch in ("\x1b", "\x07", "\x7f", "\x85", "\u202e", "\u2066", "\u200f", "\u061c"):
        form = ForlengelseForm({"begrunnelse": f"Mer tid{ch}[2J"})
        assert any(f"U+{ord(ch):04X}" in e for e in _errors(form, "begrunnelse"))
    text = "Første linje\r\n\tinnrykket\nandre\rtredje"
    form = ForlengelseForm({"begrunnelse": text})
    assert form.is_valid(), form.errors


def test_finding8_a_single_line_refuses_tab_and_line_breaks():
    for ch in "\t\n\r":
        form = PartForm({"relasjon": "mor", "fornavn": f"Kari{ch}Nordmann", "etternavn": "N"})
        assert _errors(form, "fornavn"), repr(ch)


def test_finding8_letters_of_every_script_and_joiners_are_kept():
    for name in ("Åse Øyvårdsdatter", "محمد", "Ngọc Ánh", "Zoë-Li", "👩\u200d👧", "Ann\u00adMari"):
        form = PartForm({"relasjon": "mor", "fornavn": name, "etternavn": "N"})
        assert not _errors(form, "fornavn"), (name, form.errors)


def test_finding8_one_message_for_a_nul_byte():
    """Django's own NUL check gives way to the one message that names the character."""
    form = ForlengelseForm({"begrunnelse": "Ola\x00"})
    assert _errors(form, "begrunnelse") == [
        "Fjern det usynlige styretegnet U+0000: tegn som snur tekstretningen eller styrer "
        "skjermen, er ikke tillatt."
    ]


def test_finding8_the_message_names_every_character_once():
    form = ForlengelseForm({"begrunnelse": "a\u202eb\u202ec\x07"})
    assert _errors(form, "begrunnelse") == [
        "Fjern de usynlige styretegnene U+202E, U+0007: tegn som snur tekstretningen eller "
        "styrer skjermen, er ikke tillatt."
    ]


def test_finding8_fields_added_after_the_form_is_made_are_checked():
    """A field a form adds in its ``__init__`` (a comment, a reason) is checked too."""

    class Later(CoreForm):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self.fields["comment"] = django_forms.CharField(widget=django_forms.Textarea)
            self.fields["day"] = django_forms.DateField()

    form = Later({"comment": "x\u202ey", "day": "1800-01-01"})
    assert set(form.errors) == {"comment", "day"}


def test_finding8_a_password_is_not_text():
    class Secret(CoreForm):
        password = django_forms.CharField(widget=django_forms.PasswordInput)

    assert Secret({"password": "p\x07ss\u202e"}).is_valid()


# --- one place ------------------------------------------------------------------------------

#: Forms of the project that are not :mod:`core.forms` forms, and why.
NOT_CORE_FORMS = {
    "accounts.forms.LoginForm": "stores nothing; odd input must read as any wrong login",
    "cases.forms.SakFilterForm": "search and filters (GET): stores nothing, falls back",
    "contractors.forms.OppdragstakerFilterForm": "filters (GET): stores nothing, falls back",
}


def _project_form_classes():
    for config in apps.get_app_configs():
        if not config.path.startswith(str(settings.BASE_DIR)) or "/.venv/" in config.path:
            continue
        try:
            module = importlib.import_module(f"{config.name}.forms")
        except ModuleNotFoundError:
            continue
        for _name, obj in inspect.getmembers(module, inspect.isclass):
            if obj.__module__ == module.__name__ and issubclass(obj, django_forms.BaseForm):
                yield obj


def test_finding8_every_form_of_every_app_applies_the_checks():
    """No copy per form: every form of every app is a :mod:`core.forms` form (and so
    refuses hidden characters and implausible dates), or listed above with a reason."""
    missing = [
        f"{c.__module__}.{c.__qualname__}"
        for c in _project_form_classes()
        if not issubclass(c, PlausibleInputMixin)
    ]
    assert sorted(missing) == sorted(NOT_CORE_FORMS)


def test_finding8_validators_for_models_and_services():
    """The same rules as validators a model field or a service can use (deconstructible, so a
    migration can hold them)."""
    assert PlainTextValidator(multiline=True).deconstruct() == (
        "core.validators.PlainTextValidator",
        (),
        {"multiline": True},
    )
    assert DateRangeValidator(10) == DateRangeValidator(10) != DateRangeValidator(1)
    with pytest.raises(ValidationError):
        PlainTextValidator()("a\u202eb")
    PlainTextValidator(multiline=True)("a\tb\nc")
    with pytest.raises(ValidationError):
        DateRangeValidator()(date(1800, 1, 1))
    with pytest.raises(ValidationError):
        DateRangeValidator()(years_after(timezone.localdate(), 1) + timedelta(days=1))
    DateRangeValidator(10)(years_after(timezone.localdate(), 10))
    DateRangeValidator()(datetime(1900, 1, 1, 12, tzinfo=UTC))
    assert hidden_characters("a\u202eb\u202e\t", multiline=True) == ["\u202e"]
    assert years_after(date(2028, 2, 29), 1) == date(2029, 2, 28)
