"""Issue 20 in the browser: no action drops typed text (item 1), the consent form shows only the
chosen purpose's fields (item 8), and a printed decision starts with its text (item 9)."""

import pytest
from django.urls import reverse

from tests.vedtak import factories as f

from .conftest import assert_accessible, login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _edit_url(live_server, v):
    return live_server.url + reverse("vedtak:edit", args=[v.sak_id, v.pk])


def test_add_measure_keeps_the_typed_text(page, live_server, world):
    v = f.draft(world, tiltak=(), content=False)
    dialogs = []
    page.on("dialog", lambda d: (dialogs.append(d.type), d.accept()))
    login(page, live_server, world.saksbehandler)
    page.goto(_edit_url(live_server, v))
    page.locator("#id_bakgrunn").fill("Skolen meldte bekymring før tiltaket ble lagt til.")
    page.get_by_role("button", name="Legg til tiltak").click()
    page.get_by_role("heading", name="Legg til tiltak").wait_for()
    # Saved, so nothing asked on the way; and back on the draft the text is there.
    page.get_by_role("link", name="Avbryt").click()
    page.get_by_role("heading", name="Rediger utkastet til vedtak").wait_for()
    assert page.locator("#id_bakgrunn").input_value() == (
        "Skolen meldte bekymring før tiltaket ble lagt til."
    )
    assert dialogs == []
    assert_accessible(page, "draft with its measures' buttons")


def test_leaving_a_changed_form_asks_first(page, live_server, world):
    v = f.draft(world)
    dialogs = []
    answer = {"accept": False}

    def on_dialog(dialog):
        dialogs.append(dialog.type)
        dialog.accept() if answer["accept"] else dialog.dismiss()

    page.on("dialog", on_dialog)
    login(page, live_server, world.saksbehandler)
    edit = _edit_url(live_server, v)
    page.goto(edit)
    # Unchanged: the menu goes without asking.
    page.get_by_role("link", name="Saker", exact=True).first.click()
    page.wait_for_url(lambda url: url.endswith(reverse("cases:list")))
    assert dialogs == []

    page.goto(edit)
    page.locator("#id_vurdering").fill("En vurdering som ikke er lagret.")
    page.get_by_role("link", name="Saker", exact=True).first.click(no_wait_after=True)
    page.wait_for_timeout(500)
    assert dialogs == ["beforeunload"]
    assert page.url == edit  # the user chose to stay; the text is still there
    assert page.locator("#id_vurdering").input_value() == "En vurdering som ikke er lagret."

    answer["accept"] = True
    page.get_by_role("link", name="Saker", exact=True).first.click(no_wait_after=True)
    page.wait_for_url(lambda url: url.endswith(reverse("cases:list")))
    assert dialogs == ["beforeunload", "beforeunload"]

    # Saving is no leaving: the draft saves without asking.
    page.goto(edit)
    page.locator("#id_vurdering").fill("Nå lagret.")
    page.get_by_role("button", name="Lagre utkast").click()
    page.wait_for_url(lambda url: "rediger" not in url)
    assert dialogs == ["beforeunload", "beforeunload"]


def test_the_consent_form_shows_the_chosen_purposes_fields(page, live_server, world):
    v = f.draft(world)
    login(page, live_server, world.saksbehandler)
    page.goto(live_server.url + reverse("vedtak:samtykke_create", args=[v.sak_id]))
    assert page.locator("#id_tiltak_valg").is_visible()
    for name in ("mottaker", "mottakertype", "informasjon"):
        assert page.locator(f"#id_{name}").is_hidden()
    page.get_by_label("Samtykke til å dele opplysninger").check()
    assert page.locator("#id_informasjon").is_visible()
    assert page.locator("#id_tiltak_valg").is_hidden()
    assert_accessible(page, "consent form, sharing")


def test_the_printed_decision_starts_with_its_text(page, live_server, world):
    g = f.godkjent(world)
    login(page, live_server, world.saksbehandler)
    page.goto(live_server.url + reverse("vedtak:detail", args=[g.sak_id, g.pk]))
    page.emulate_media(media="print")
    text = page.locator("#text-heading").bounding_box()
    measures = page.locator("#tiltak-heading").bounding_box()
    title = page.get_by_role("heading", level=1).bounding_box()
    assert title["y"] < text["y"] < measures["y"]
    for hidden in ("#checks-heading", "#actions-heading", ".app-nav", ".app-breadcrumbs"):
        assert page.locator(hidden).first.is_hidden(), hidden
