"""Issue 20, items 1, 8 and 9 through the client: the draft's other actions save the typed text
first; a recorded statement is changed (not silently replaced) and its earlier versions show;
the consent form asks only for the chosen purpose's fields (SAM-02, SAM-04); the rules panel of
an approved decision says what the approval rested on; the printed page starts with the
decision's text."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from vedtak import services
from vedtak.models import Samtykke, Vedtak

from . import factories as f

pytestmark = pytest.mark.django_db


def url(name, v, **kw):
    return reverse(f"vedtak:{name}", kwargs={"sak_id": v.sak_id, "vedtak_id": v.pk, **kw})


def _draft_post(v, **extra):
    return {**f.CONTENT, "hjemmel": "barnevernsloven § 3-1", "versjon": v.versjon, **extra}


# --- item 1: no action drops typed text ----------------------------------------------------------


def test_add_measure_saves_the_draft_first_then_opens_the_measure_form(client, world):
    v = f.draft(world, tiltak=(), content=False)
    client.force_login(world.saksbehandler)
    r = client.post(
        url("edit", v), _draft_post(v, bakgrunn="Skrevet før tiltaket.", op="add_measure")
    )
    assert r.status_code == 302
    assert r["Location"] == url("tiltak_add", v)
    v.refresh_from_db()
    assert v.bakgrunn == "Skrevet før tiltaket."
    # Back on the draft, the text is there.
    page = client.get(url("edit", v)).content.decode()
    assert "Skrevet før tiltaket." in page


def test_a_measure_row_action_saves_the_draft_first(client, world):
    v = f.draft(world)
    t = v.tiltak.get()
    client.force_login(world.saksbehandler)
    r = client.post(url("edit", v), _draft_post(v, vurdering="Ny vurdering.", op=f"change-{t.pk}"))
    assert r["Location"] == url("tiltak_edit", v, tiltak_id=t.pk)
    v.refresh_from_db()
    assert v.vurdering == "Ny vurdering."
    r = client.post(url("edit", v), _draft_post(v, op=f"remove-{t.pk}"))
    assert r["Location"] == url("tiltak_remove", v, tiltak_id=t.pk)


@pytest.mark.parametrize("op", ["", "save", "https://example.com/", "change-999999"])
def test_any_other_op_saves_and_goes_to_the_decision(client, world, op):
    v = f.draft(world)
    client.force_login(world.saksbehandler)
    r = client.post(url("edit", v), _draft_post(v, op=op))
    assert r["Location"] == url("detail", v)


def test_a_refused_save_stays_on_the_draft_with_the_text(client, world):
    """VED-12: a stale form does not go on to the measure form; the text stays."""
    v = f.draft(world)
    client.force_login(world.saksbehandler)
    r = client.post(
        url("edit", v),
        _draft_post(v, versjon=v.versjon - 1, bakgrunn="Min tekst.", op="add_measure"),
    )
    assert r.status_code == 200
    assert "Min tekst." in r.content.decode()


def test_the_draft_page_offers_buttons_of_the_draft_form(client, world):
    v = f.draft(world)
    t = v.tiltak.get()
    client.force_login(world.saksbehandler)
    page = client.get(url("edit", v)).content.decode()
    assert '<form method="post" class="app-form" id="draft-form"' in page
    add = re.search(r'<button type="submit" form="draft-form" name="op" value="add_measure"', page)
    assert add, "«Legg til tiltak» is a button of the draft's form"
    assert f'value="change-{t.pk}"' in page and f'value="remove-{t.pk}"' in page
    assert f'href="{url("tiltak_add", v)}"' not in page
    # Enter in a field saves: the first button of the form in the page is «Lagre utkast».
    first = re.search(r'<button type="submit" form="draft-form"[^>]*>([^<]*)<', page)
    assert first.group(1) == "Lagre utkast"
    assert first.start() < add.start()


def test_VED_01_a_blocked_add_measure_stays_a_disabled_button(client, world):
    g = f.godkjent(world)
    end = services.vedtak_create(
        actor=world.saksbehandler,
        sak_id=g.sak_id,
        type=Vedtak.Type.AVSLUTNING,
        endrer_tiltak_ids=[g.tiltak.get().pk],
    )
    client.force_login(world.saksbehandler)
    page = client.get(url("edit", end)).content.decode()
    assert 'value="add_measure"' not in page
    assert "VED-01" in page
    r = client.post(url("edit", end), _draft_post(end, op="add_measure"))
    assert r["Location"] == url("detail", end)


def test_every_page_loads_the_unsaved_changes_warning(client, world):
    client.force_login(world.saksbehandler)
    page = client.get(reverse("cases:detail", args=[world.sak_a.pk])).content.decode()
    assert re.search(r'<script src="[^"]*js/unsaved\.js" defer></script>', page)
    script = (Path(settings.BASE_DIR) / "static/js/unsaved.js").read_text()
    assert "beforeunload" in script and 'method="post" i' in script


# --- item 8: statements -------------------------------------------------------------------------


def test_VED_06_a_recorded_statement_is_changed_with_its_history(client, world):
    v = f.draft(world)
    f.notify_all(world, v, answered=False)
    notice = v.forhandsvarsler.first()
    client.force_login(world.saksbehandler)
    page = client.get(url("detail", v)).content.decode()
    assert "Registrer uttalelse" in page

    today = timezone.localdate()
    statement = url("statement", v, forhandsvarsel_id=notice.pk)
    r = client.post(statement, {"mottatt": today.isoformat(), "uttalelse": "Første versjon."})
    assert r.status_code == 302
    page = client.get(url("detail", v)).content.decode()
    table = page[page.index('id="notice-heading"') :]
    row = table[table.index(notice.mottaker_navn) :]
    row = row[: row.index("</tr>")]
    assert "Endre uttalelse" in row and "Registrer uttalelse" not in row

    form = client.get(statement).content.decode()
    assert "Endre uttalelsen fra" in form
    assert "Første versjon." in form  # the statement saved now, and in the field
    assert "Tidligere versjoner av uttalelsen" not in form

    r = client.post(statement, {"mottatt": today.isoformat(), "uttalelse": "Andre versjon."})
    assert r.status_code == 302
    notice.refresh_from_db()
    assert notice.uttalelse == "Andre versjon."
    assert notice.history.first().history_change_reason == "Uttalelse endret"
    form = client.get(statement).content.decode()
    earlier = form[form.index("Tidligere versjoner av uttalelsen") :]
    assert "Første versjon." in earlier
    assert "?post=forhandsvarsel:" in form  # LOG-01: the record's own history


# --- item 8: consents ---------------------------------------------------------------------------


def _consent_post(v, **extra):
    mother = v.sak.parter.filter(daglig_omsorg=True).first()
    return {
        "giver": f"part-{mother.pk}",
        "formal": "Støttekontakt i fritiden.",
        "gitt_dato": timezone.localdate().isoformat(),
        "form": "skriftlig",
        "informert_om_tilbaketrekking": "on",
        "informert_om_rettigheter": "on",
        **extra,
    }


def test_SAM_02_a_consent_to_measures_does_not_ask_what_is_shared(client, world):
    v = f.draft(world)
    client.force_login(world.saksbehandler)
    create = reverse("vedtak:samtykke_create", args=[v.sak_id])
    r = client.post(create, _consent_post(v, formal_type="tiltak", tiltak_valg=[v.tiltak.get().pk]))
    assert r.status_code == 302, r.content.decode()[:3000]
    s = Samtykke.objects.get(sak=v.sak)
    assert s.informasjon == "" and list(s.tiltak.all()) == [v.tiltak.get()]


def test_SAM_02_SAM_04_a_consent_to_share_asks_recipient_and_what_is_shared(client, world):
    v = f.draft(world)
    client.force_login(world.saksbehandler)
    create = reverse("vedtak:samtykke_create", args=[v.sak_id])
    # The measures the decision's page chose are not tied to a consent to share.
    data = _consent_post(v, formal_type="informasjonsdeling", tiltak_valg=[v.tiltak.get().pk])
    r = client.post(create, data)
    assert r.status_code == 200
    form = r.context["form"]
    assert "SAM-04" in str(form.errors["mottaker"])
    assert "SAM-02" in str(form.errors["informasjon"])
    assert "tiltak_valg" not in form.errors
    r = client.post(create, {**data, "mottaker": "Skolen", "informasjon": "Fravær."})
    assert r.status_code == 302
    s = Samtykke.objects.get(sak=v.sak)
    assert s.er_informasjonsdeling and s.tiltak.count() == 0


def test_SAM_02_a_consent_to_measures_names_them_next_to_the_field(client, world):
    v = f.draft(world)
    client.force_login(world.saksbehandler)
    r = client.post(
        reverse("vedtak:samtykke_create", args=[v.sak_id]), _consent_post(v, formal_type="tiltak")
    )
    assert r.status_code == 200
    assert "SAM-02" in str(r.context["form"].errors["tiltak_valg"])


def test_a_consent_without_a_purpose_asks_for_the_purpose_first(client, world):
    v = f.draft(world)
    client.force_login(world.saksbehandler)
    r = client.post(reverse("vedtak:samtykke_create", args=[v.sak_id]), _consent_post(v))
    errors = r.context["form"].errors
    assert "formal_type" in errors
    assert not {"tiltak_valg", "mottaker", "informasjon"} & set(errors)


def test_the_consent_form_groups_the_fields_of_each_purpose(client, world):
    v = f.draft(world)
    client.force_login(world.saksbehandler)
    page = client.get(reverse("vedtak:samtykke_create", args=[v.sak_id])).content.decode()
    measures = page.index('data-show-when="formal_type=tiltak"')
    sharing = page.index('data-show-when="formal_type=informasjonsdeling"')
    assert measures < page.index('name="tiltak_valg"') < sharing
    for name in ("mottaker", "mottakertype", "informasjon"):
        assert page.index(f'name="{name}"') > sharing
    assert page.index('name="formal"') > page.index('name="informasjon"')
    assert "(valgfritt)" not in page[measures:]


# --- item 9: the rules panel after approval, and print --------------------------------------------


def test_VED_09_the_panel_of_an_approved_decision_says_what_it_rested_on(client, world):
    g = f.godkjent(world)
    client.force_login(world.saksbehandler)
    page = client.get(url("detail", g)).content.decode()
    panel = page[page.index('id="checks-heading"') :]
    panel = panel[: panel.index("</section>")]
    assert "Grunnlaget for godkjenningen" in panel
    assert "Mangler" not in panel and "Regler før godkjenning" not in panel
    assert panel.count("Oppfylt") == 5
    assert "Godkjent uten tiltaksplan" in panel and "Planen lages nå." in panel


def test_VED_06_the_panel_before_approval_lists_what_is_missing(client, world):
    v = f.draft(world)
    client.force_login(world.saksbehandler)
    page = client.get(url("detail", v)).content.decode()
    panel = page[page.index('id="checks-heading"') :]
    assert "Regler før godkjenning" in panel and "Mangler" in panel


def test_the_panel_of_a_withdrawn_decision_lists_nothing_missing(client, world):
    v = f.draft(world)
    services.vedtak_withdraw(actor=world.saksbehandler, vedtak_id=v.pk, reason="Feil sak.")
    client.force_login(world.saksbehandler)
    page = client.get(url("detail", v)).content.decode()
    panel = page[page.index('id="checks-heading"') :]
    panel = panel[: panel.index("</section>")]
    assert "Mangler" not in panel and "trukket før det ble godkjent" in panel


def test_the_printed_decision_starts_with_its_text(client, world):
    v = f.draft(world)
    client.force_login(world.saksbehandler)
    page = client.get(url("detail", v)).content.decode()
    assert re.search(
        r'<section class="[^"]*app-print-first[^"]*" aria-labelledby="text-heading"', page
    )
    assert re.search(
        r'<section class="[^"]*app-print-hide[^"]*" aria-labelledby="checks-heading"', page
    )
    assert re.search(
        r'<section class="[^"]*app-print-hide[^"]*" aria-labelledby="actions-heading"', page
    )
    css = (Path(settings.BASE_DIR) / "static/css/app.css").read_text()
    block = css[css.index("@media print {\n  .ds-skip-link") :]
    assert ".app-print-hide" in block and ".app-main > .app-print-first { order: -1; }" in block
