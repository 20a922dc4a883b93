"""The error pages are the project's own, in Norwegian, with DEBUG off (issue 17): never
Django's English pages, never the exception's text, never the case's personal data; the 500
page is made without the database, which may be what failed («database is locked»)."""

import pytest
from django.db import OperationalError
from django.test import RequestFactory
from django.urls import reverse

from core import errors

from .conftest import Client
from .test_settings import GOOD_KEY, settings_of

pytestmark = pytest.mark.django_db

ENGLISH = (
    "Server Error",
    "Bad Request",
    "Forbidden",
    "CSRF verification failed",
    "Not Found",
    "Page not found",
    "Traceback",
    "database is locked",
    "OperationalError",
    "the reason stays in the code",
)


def assert_norwegian(response, status: int, heading: str) -> str:
    assert response.status_code == status
    page = response.content.decode()
    assert '<html lang="nb"' in page
    assert heading in page
    for text in ENGLISH:
        assert text not in page, text
    return page


@pytest.fixture
def failing_client():
    """The test client, answering an error as the server would instead of raising it."""
    return Client(raise_request_exception=False)


def test_debug_is_off_in_the_suite(settings):
    assert settings.DEBUG is False


def test_404_is_norwegian_for_a_missing_page_and_a_case_outside_the_teams(client, world):
    assert_norwegian(client.get("/finnes-ikke/"), 404, "Fant ikke siden")
    client.force_login(world.saksbehandler)
    assert_norwegian(client.get("/finnes-ikke/"), 404, "Fant ikke siden")
    page = assert_norwegian(
        client.get(reverse("cases:detail", kwargs={"sak_id": world.sak_b.pk})),
        404,
        "Fant ikke siden",
    )
    assert world.sak_b.barn.etternavn not in page
    assert world.sak_b.saksnummer not in page


@pytest.mark.urls("tests.error_urls")
def test_403_is_norwegian(failing_client, world):
    failing_client.force_login(world.saksbehandler)
    assert_norwegian(failing_client.get("/test-feil/403/"), 403, "Ingen tilgang")


@pytest.mark.urls("tests.error_urls")
def test_400_is_norwegian_for_a_suspicious_request_and_an_unknown_host(failing_client, world):
    assert_norwegian(
        failing_client.get("/", HTTP_HOST="ukjent.example"), 400, "Forespørselen kunne ikke"
    )
    failing_client.force_login(world.saksbehandler)
    assert_norwegian(failing_client.get("/test-feil/400/"), 400, "Forespørselen kunne ikke")


def test_a_refused_form_csrf_is_norwegian_and_saves_nothing(world):
    client = Client(enforce_csrf_checks=True)
    assert_norwegian(
        client.post(reverse("accounts:login"), {"username": "x", "password": "y"}),
        403,
        "Skjemaet kunne ikke sendes",
    )
    client.force_login(world.saksbehandler)
    before = world.sak_a.parter.count()
    page = assert_norwegian(
        client.post(
            reverse("cases:part_create", kwargs={"sak_id": world.sak_a.pk}),
            {"relasjon": "far", "fornavn": "Ny", "etternavn": "Forelder"},
        ),
        403,
        "Skjemaet kunne ikke sendes",
    )
    assert "ingenting ble lagret" in page
    assert world.sak_a.parter.count() == before


@pytest.mark.urls("tests.error_urls")
def test_database_is_locked_gives_the_norwegian_500_page(failing_client, world):
    failing_client.force_login(world.saksbehandler)
    page = assert_norwegian(failing_client.get("/test-feil/500/"), 500, "Noe gikk galt")
    assert "se etter før du gjør det igjen" in page  # the action may have been saved


def test_500_in_a_case_page_shows_no_personal_data(failing_client, world, monkeypatch):
    def locked(*args, **kwargs):
        raise OperationalError("database is locked")

    monkeypatch.setattr("cases.selectors.case_page_batched", locked)
    failing_client.force_login(world.saksbehandler)
    page = assert_norwegian(
        failing_client.get(reverse("cases:detail", kwargs={"sak_id": world.sak_a.pk})),
        500,
        "Noe gikk galt",
    )
    assert world.sak_a.barn.fornavn not in page
    assert world.sak_a.barn.etternavn not in page
    assert world.saksbehandler.get_full_name() not in page  # no user context at all


def test_the_500_page_needs_no_database(django_assert_num_queries):
    request = RequestFactory().get("/")
    with django_assert_num_queries(0):
        response = errors.server_error(request)
    assert_norwegian(response, 500, "Noe gikk galt")


def test_an_error_page_whose_layout_fails_falls_back_to_the_plain_page(client, monkeypatch):
    def broken(*args, **kwargs):
        raise OperationalError("database is locked")

    monkeypatch.setattr(errors, "render", broken)
    monkeypatch.setattr(errors.loader, "get_template", broken)
    assert_norwegian(client.get("/finnes-ikke/"), 404, "Noe gikk galt")
    assert_norwegian(errors.server_error(RequestFactory().get("/")), 500, "Noe gikk galt")


@pytest.mark.parametrize(
    ("module", "env"),
    [
        ("hjelpetiltak.settings.local", {}),
        ("hjelpetiltak.settings.production", {"SECRET_KEY": GOOD_KEY}),
        ("hjelpetiltak.settings.test", {}),
    ],
)
def test_every_settings_mode_has_debug_off_and_the_norwegian_csrf_page(module, env):
    """`make run` (local) too: a service trying the product sees the Norwegian pages; a
    developer asks for Django's debug pages with DEBUG=true."""
    out = settings_of(module, env, "s.DEBUG, s.CSRF_FAILURE_VIEW, s.ROOT_URLCONF")
    assert out.returncode == 0, out.stderr
    assert out.stdout.split() == ["False", "core.errors.csrf_failure", "hjelpetiltak.urls"]
