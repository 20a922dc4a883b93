"""The components look as Designsystemet draws them (issue 20, item 5).

- A radio or checkbox is Designsystemet's own: a small input (.ds-input) with its label beside
  it on the same line, the group a .ds-fieldset with a legend; never an input stretched over
  the whole width with the label under it.
- The step list of a decision (VED-03) shows where the decision is: the current step
  (aria-current="step") is drawn differently from the others.
- Actions are buttons in a row, never bullet points.

Screenshots of the decision page, the new-decision form and the consent form are saved under
test-artifacts/; axe checks each page.
"""

import pytest
from django.urls import reverse

from tests.vedtak import factories as vf

from .conftest import assert_accessible, login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

#: The list items that hold a button but still show a list marker (a bullet or a number).
_BULLETED_BUTTONS = """() => [...document.querySelectorAll("li")]
  .filter((li) => li.querySelector(":scope > .ds-button, :scope > form > .ds-button"))
  .filter((li) => {
    const s = getComputedStyle(li);
    const marker = getComputedStyle(li, "::marker").content;
    return s.display === "list-item" && s.listStyleType !== "none"
      && marker !== "none" && marker !== '""';
  })
  .map((li) => li.textContent.trim().slice(0, 40))"""


def _assert_beside(page, input_locator, name: str) -> None:
    """The input is a small box and its label sits to its right, on the same line."""
    box = input_locator.bounding_box()
    label = page.locator(f'label[for="{input_locator.get_attribute("id")}"]')
    label_box = label.bounding_box()
    assert box and label_box, name
    assert box["width"] <= 32 and box["height"] <= 32, f"{name}: input drawn {box}"
    assert label_box["x"] >= box["x"] + box["width"], f"{name}: label not beside the input"
    input_middle = box["y"] + box["height"] / 2
    assert label_box["y"] <= input_middle <= label_box["y"] + label_box["height"], (
        f"{name}: label {label_box} not on the input's line {box}"
    )
    assert "ds-input" in (input_locator.get_attribute("class") or ""), name


def _assert_radio_group(page, field_id: str, *, options: int = 2) -> None:
    fieldset = page.locator(f"fieldset.ds-fieldset#{field_id}")
    assert fieldset.count() == 1, f"{field_id}: no .ds-fieldset"
    assert fieldset.locator(":scope > legend").inner_text().strip()
    inputs = fieldset.locator("input.ds-input")
    assert inputs.count() >= options
    for i in range(inputs.count()):
        _assert_beside(page, inputs.nth(i), f"{field_id} option {i}")


def test_VED_03_the_decision_page_shows_the_current_step_and_actions_as_buttons(
    page, live_server, world, artifacts
):
    v = vf.draft(world)
    login(page, live_server, world.saksbehandler)
    page.goto(live_server.url + reverse("vedtak:detail", args=[v.sak_id, v.pk]))

    steps = page.locator("ol.app-stepper > li")
    current = page.locator('ol.app-stepper > li[aria-current="step"]')
    assert steps.count() >= 4
    assert current.count() == 1
    other = page.locator('ol.app-stepper > li:not([aria-current="step"])').last

    def look(locator):
        return locator.evaluate(
            """(li) => {
              const s = getComputedStyle(li), b = getComputedStyle(li, "::before");
              return [s.color, s.fontWeight, b.backgroundColor, b.borderColor];
            }"""
        )

    mine, theirs = look(current), look(other)
    assert mine[0] != theirs[0], "the current step has the colour of the others"
    assert int(mine[1]) > int(theirs[1]), "the current step is not bolder"
    assert mine[2] != theirs[2], "the current step's mark is not filled"

    assert page.locator(".app-action-list .ds-button").count() >= 2
    assert page.evaluate(_BULLETED_BUTTONS) == []
    assert_accessible(page, "decision page")
    page.screenshot(path=artifacts / "komponenter-vedtak.png", full_page=True)


def test_radios_and_checkboxes_are_designsystemets_own(page, live_server, world, artifacts):
    v = vf.draft(world)
    login(page, live_server, world.saksbehandler)

    # A new decision: what it is about (radios), the measures it changes (checkboxes).
    page.goto(live_server.url + reverse("vedtak:create", args=[world.sak_a.pk]))
    _assert_radio_group(page, "id_type", options=1)  # a new measure: the case has none running
    assert page.evaluate(_BULLETED_BUTTONS) == []
    assert_accessible(page, "new decision")
    page.screenshot(path=artifacts / "komponenter-nytt-vedtak.png", full_page=True)

    # The consent form: its purpose (radios), the measures (checkboxes), the confirmations.
    url = reverse("vedtak:samtykke_create", args=[world.sak_a.pk]) + f"?vedtak={v.pk}"
    page.goto(live_server.url + url)
    _assert_radio_group(page, "id_formal_type")
    measures = page.locator("fieldset.ds-fieldset#id_tiltak_valg input.ds-input[type=checkbox]")
    assert measures.count() >= 1
    _assert_beside(page, measures.first, "measure")
    confirmation = page.locator("#id_informert_om_tilbaketrekking")
    _assert_beside(page, confirmation, "confirmation")
    assert_accessible(page, "consent form")
    page.screenshot(path=artifacts / "komponenter-samtykke.png", full_page=True)

    # Narrow (320 px): still beside each other, the long labels wrapped.
    page.set_viewport_size({"width": 320, "height": 800})
    _assert_radio_group(page, "id_formal_type")
    _assert_beside(page, confirmation, "confirmation at 320 px")
    assert page.evaluate("document.documentElement.scrollWidth") <= 321
    page.screenshot(path=artifacts / "komponenter-samtykke-320.png", full_page=True)


def test_a_radio_group_with_an_error_names_it_in_its_fieldset(page, live_server, world):
    """The error of a radio group is inside its fieldset, every option marked invalid and
    pointed at the message; the error summary's link leads to the group."""
    v = vf.draft(world)
    login(page, live_server, world.saksbehandler)
    url = reverse("vedtak:samtykke_create", args=[world.sak_a.pk]) + f"?vedtak={v.pk}"
    page.goto(live_server.url + url)
    page.locator("#id_formal_type input").evaluate_all(
        "els => els.forEach((el) => { el.checked = false; })"
    )
    page.locator("main form.app-form button[type=submit]").click()
    fieldset = page.locator("fieldset.ds-fieldset#id_formal_type")
    message = fieldset.locator(":scope > .ds-validation-message#id_formal_type_error")
    message.wait_for()
    for option in fieldset.locator("input.ds-input").all():
        assert option.get_attribute("aria-invalid") == "true"
        assert "id_formal_type_error" in (option.get_attribute("aria-describedby") or "")
    assert page.locator('#feiloppsummering a[href="#id_formal_type"]').count() == 1
    assert_accessible(page, "consent form with an error")
