"""Issue 20, item 4: the pages read as an application, not as a specification.

Rule IDs stand where a rule blocks or warns, never in a heading, legend or caption; the
breadcrumbs name a decision, a plan version and an evaluation as users call them, never by an
id; a hidden field has no label («Versjon»); «(valgfritt)» is said once."""

import re

import pytest
from django.urls import reverse
from django.utils import timezone

from core.dates import format_dato
from vedtak.models import Vedtak

from .contractors import factories as cf
from .plans import factories as pf
from .vedtak import factories as vf

pytestmark = pytest.mark.django_db

RULE_ID = re.compile(r"\b[A-Z]{2,5}-\d{2}\b")
HEADINGS = re.compile(r"<(h[1-4]|legend|caption)\b[^>]*>(.*?)</\1>", re.S)
BREADCRUMBS = re.compile(r'<nav class="ds-breadcrumbs[^"]*"[^>]*>(.*?)</nav>', re.S)
TAG = re.compile(r"<[^>]+>")


def text(fragment: str) -> str:
    return " ".join(TAG.sub(" ", fragment).split())


def headings(page: str) -> list[str]:
    return [text(m.group(2)) for m in HEADINGS.finditer(page)]


def breadcrumbs(page: str) -> str:
    found = BREADCRUMBS.search(page)
    assert found, "the page has breadcrumbs"
    return text(found.group(1))


@pytest.fixture
def full_case(world, settings, tmp_path):
    """Case A with everything a caseworker's day touches: an approved decision, a started
    measure with a contractor, an approved plan, a completed evaluation and a new draft."""
    settings.DOCUMENTS_STORAGE = {
        "BACKEND": "documents.storage.PrivateFileSystemStorage",
        "OPTIONS": {"location": str(tmp_path / "dokumenter")},
    }
    oppdrag = cf.running_assignment(world, sak=world.sak_a)
    evaluering = pf.evaluation(world, world.sak_a)
    draft = vf.draft(world, world.sak_a)
    sak = world.sak_a
    versjon = sak.tiltaksplan.versjoner.order_by("-nummer").first()
    return {
        "sak": sak,
        "vedtak": oppdrag.tiltak.vedtak,
        "draft": draft,
        "versjon": versjon,
        "evaluering": evaluering,
        "oppdrag": oppdrag,
    }


def _pages(c) -> dict[str, str]:
    sak, v, d = c["sak"].pk, c["vedtak"].pk, c["draft"].pk
    return {
        "home": reverse("core:home"),
        "case list": reverse("cases:list"),
        "case": reverse("cases:detail", args=[sak]),
        "case history": reverse("cases:history", args=[sak]),
        "new case": reverse("cases:create"),
        "decision": reverse("vedtak:detail", args=[sak, v]),
        "draft": reverse("vedtak:detail", args=[sak, d]),
        "draft edit": reverse("vedtak:edit", args=[sak, d]),
        "guidance": reverse("vedtak:transition", args=[sak, d, "send_to_guidance"]),
        "consents": reverse("vedtak:samtykker", args=[sak]),
        "plan": reverse("plans:detail", args=[sak]),
        "plan version": reverse("plans:version", args=[sak, c["versjon"].pk]),
        "plan history": reverse("plans:history", args=[sak]),
        "evaluation": reverse("evaluations:detail", args=[sak, c["evaluering"].pk]),
        "contractors": reverse("contractors:list"),
        "contractor": reverse("contractors:detail", args=[c["oppdrag"].oppdragstaker_id]),
        "assignment": reverse("contractors:oppdrag_detail", args=[sak, c["oppdrag"].pk]),
        "deadlines": reverse("reminders:mine"),
    }


def test_no_rule_id_in_a_heading_legend_or_caption(client, world, full_case):
    client.force_login(world.saksbehandler)
    found = {}
    for name, url in _pages(full_case).items():
        response = client.get(url)
        assert response.status_code == 200, name
        with_ids = [h for h in headings(response.content.decode()) if RULE_ID.search(h)]
        if with_ids:
            found[name] = with_ids
    assert found == {}


def test_no_rule_id_in_the_leaders_headings(client, world, full_case):
    client.force_login(world.teamleder)
    for url in (reverse("vedtak:queue"), reverse("core:home")):
        page = client.get(url).content.decode()
        assert [h for h in headings(page) if RULE_ID.search(h)] == []


def test_no_rule_id_in_the_clerks_work_list(client, world, full_case):
    client.force_login(world.kontorfaglig)
    page = client.get(reverse("contractors:worklist")).content.decode()
    assert [h for h in headings(page) if RULE_ID.search(h)] == []


def test_no_rule_id_in_the_legends_of_a_plan_and_an_evaluation_being_written(client, world):
    sak = world.sak_a
    pf.running_plan(world, sak)
    versjon = pf.draft(world, sak, new_version=True)
    evaluering = pf.evaluation(world, sak, complete=False)
    client.force_login(world.saksbehandler)
    for url in (
        reverse("plans:edit", args=[sak.pk, versjon.pk]),
        reverse("evaluations:edit", args=[sak.pk, evaluering.pk]),
    ):
        page = client.get(url).content.decode()
        assert "<legend" in page
        assert [h for h in headings(page) if RULE_ID.search(h)] == []


def test_a_decision_is_named_by_its_measures_and_day_in_the_breadcrumbs(client, world, full_case):
    vedtak = full_case["vedtak"]
    day = format_dato(timezone.localdate(vedtak.opprettet))
    client.force_login(world.saksbehandler)
    for url in (
        reverse("vedtak:detail", args=[vedtak.sak_id, vedtak.pk]),
        reverse("vedtak:transition", args=[vedtak.sak_id, full_case["draft"].pk, "withdraw"]),
    ):
        crumbs = breadcrumbs(client.get(url).content.decode())
        assert f"Vedtak {vedtak.pk}" not in crumbs
        assert re.search(r"Vedtak \d+\b", crumbs) is None
    crumbs = breadcrumbs(
        client.get(reverse("vedtak:detail", args=[vedtak.sak_id, vedtak.pk])).content.decode()
    )
    assert f"Vedtak om støttekontakt, {day}" in crumbs


def test_display_name_of_a_change_and_of_an_empty_decision(world):
    vedtak = vf.draft(world, world.sak_a, tiltak=())
    day = format_dato(timezone.localdate(vedtak.opprettet))
    assert vedtak.display_name == f"Vedtak {day}"
    vedtak = Vedtak.objects.get(pk=vf.draft(world, world.sak_a).pk)
    assert vedtak.display_name == f"Vedtak om støttekontakt, {day}"


def test_a_plan_version_and_an_evaluation_are_named_in_the_breadcrumbs(client, world, full_case):
    sak, versjon, evaluering = full_case["sak"], full_case["versjon"], full_case["evaluering"]
    client.force_login(world.saksbehandler)
    crumbs = breadcrumbs(
        client.get(reverse("plans:version", args=[sak.pk, versjon.pk])).content.decode()
    )
    assert crumbs.endswith(f"Tiltaksplan Tiltaksplan, versjon {versjon.nummer}")
    assert re.search(r"versjon \d+ \(", crumbs) is None
    crumbs = breadcrumbs(
        client.get(reverse("evaluations:detail", args=[sak.pk, evaluering.pk])).content.decode()
    )
    assert f"Evaluering {format_dato(evaluering.dato)}" in crumbs
    crumbs = breadcrumbs(
        client.get(
            reverse("contractors:oppdrag_detail", args=[sak.pk, full_case["oppdrag"].pk])
        ).content.decode()
    )
    assert f"Oppdrag: Støttekontakt, {full_case['oppdrag'].oppdragstaker.navn}" in crumbs


def test_a_hidden_field_has_no_label(client, world, full_case):
    """The version a form was read at (VED-12) is hidden: no empty «Versjon» label."""
    sak, draft = full_case["sak"], full_case["draft"]
    client.force_login(world.saksbehandler)
    for url in (
        reverse("vedtak:edit", args=[sak.pk, draft.pk]),
        reverse("vedtak:transition", args=[sak.pk, draft.pk, "send_to_guidance"]),
    ):
        page = client.get(url).content.decode()
        assert 'type="hidden" name="versjon"' in page
        assert 'for="id_versjon"' not in page
        assert ">Versjon<" not in page


def test_optional_is_said_once(client, world, full_case):
    sak, draft = full_case["sak"], full_case["draft"]
    client.force_login(world.saksbehandler)
    page = client.get(
        reverse("vedtak:transition", args=[sak.pk, draft.pk, "send_to_guidance"])
    ).content.decode()
    assert "(valgfritt)" in page
    assert text(page).count("valgfritt) (valgfritt") == 0
    assert "(valgfritt) (valgfritt)" not in text(page)


def test_an_explanation_names_no_rule_id_and_a_block_still_does(client, world):
    """The new-case page explains without rule IDs; a number refused still says SAK-01."""
    client.force_login(world.saksbehandler)
    page = client.get(reverse("cases:create")).content.decode()
    intro = page.split("<h1", 1)[1].split("<form", 1)[0]
    assert RULE_ID.search(text(intro)) is None
    refused = client.post(
        reverse("cases:create"),
        {"team": world.team_a.pk, "fornavn": "A", "etternavn": "B", "fodselsnummer": "1"},
    ).content.decode()
    assert "(SAK-01)" in refused.split('id="id_fodselsnummer_error"')[1].split("</div>")[0]


def test_a_label_that_says_optional_gets_no_second_optional():
    from django import forms
    from django.utils import translation

    from core.forms import Form

    class Sample(Form):
        measure = forms.CharField(label="Tiltak (valgfritt)", required=False)
        note = forms.CharField(label="Merknad", required=False)

    with translation.override("nb"):
        page = text(str(Sample()))
    assert "Tiltak (valgfritt)" in page
    assert "(valgfritt) (valgfritt)" not in page
    assert "Merknad (valgfritt)" in page
