"""LOG-01: every record has a history page – the case history narrowed to the record and its
parts – with who, when, and old and new values side by side; the case history holds the plans,
evaluations and assignments too, and is paged."""

import pytest
from django.urls import reverse

from cases import services
from cases.selectors import SHIELDED
from core.models import AccessLogEntry

from ..plans import factories as pf
from ..vedtak import factories as vf

pytestmark = pytest.mark.django_db


def _history(client, sak, **params):
    return client.get(reverse("cases:history", kwargs={"sak_id": sak.pk}), params)


def test_LOG_01_a_decision_has_its_own_history_with_its_measures(client, world):
    vedtak = vf.draft(world)
    client.force_login(world.saksbehandler)
    detail = client.get(
        reverse("vedtak:detail", kwargs={"sak_id": world.sak_a.pk, "vedtak_id": vedtak.pk})
    ).content.decode()
    assert f"?post=vedtak:{vedtak.pk}" in detail
    response = _history(client, world.sak_a, post=f"vedtak:{vedtak.pk}")
    assert response.status_code == 200
    records = {e.record.split(":")[0] for e in response.context["historikk"]}
    assert records == {"vedtak", "tiltak"}
    # The read is an access-log row like the whole history (ROLE-03).
    assert AccessLogEntry.objects.order_by("-pk").first().action == "history"


def test_LOG_01_old_and_new_values_side_by_side(client, world):
    sak = world.sak_a
    services.barn_update(actor=world.saksbehandler, sak_id=sak.pk, data={"sprak": "arabisk"})
    client.force_login(world.teamleder)
    response = _history(client, sak, post=f"barn:{sak.barn_id}")
    change = next(e for e in response.context["historikk"] if e.kind == "~")
    assert change.who == world.saksbehandler
    assert [(c.old, c.new) for c in change.changes] == [("norsk", "arabisk")]
    assert "arabisk" in response.content.decode()


def test_LOG_01_the_case_history_holds_the_plan_and_its_versions(client, world):
    _vedtak, versjon, _measure = pf.running_plan(world, world.sak_a)
    client.force_login(world.saksbehandler)
    events = _history(client, world.sak_a).context["historikk"]
    kinds = {e.record.split(":")[0] for e in events}
    assert {"plan", "versjon", "maal"} <= kinds
    own = _history(client, world.sak_a, post=f"versjon:{versjon.pk}").context["historikk"]
    assert {e.record.split(":")[0] for e in own} >= {"versjon", "maal"}
    assert "plan" not in {e.record.split(":")[0] for e in own}


def test_LOG_01_ROLE_02_a_record_of_another_case_or_a_bad_key_is_404(client, world):
    other = vf.draft(world, sak=world.sak_b, author=world.saksbehandler_b)
    client.force_login(world.barnevernleder)  # sees both cases
    assert _history(client, world.sak_a, post=f"vedtak:{other.pk}").status_code == 404
    assert _history(client, world.sak_a, post="vedtak:x").status_code == 404
    assert _history(client, world.sak_a, post="<script>:1").status_code == 404
    client.force_login(world.saksbehandler)
    assert _history(client, world.sak_b, post=f"vedtak:{other.pk}").status_code == 404


def test_LOG_01_the_history_is_paged(client, world, settings):
    settings.HISTORY_PAGE_SIZE = 5
    sak = world.sak_a
    for n in range(8):
        services.barn_update(actor=world.saksbehandler, sak_id=sak.pk, data={"sprak": f"s{n}"})
    client.force_login(world.saksbehandler)
    pages = [_history(client, sak)]
    while pages[-1].context["page"].has_older:
        pages.append(_history(client, sak, eldre=pages[-1].context["page"].older))
    first = pages[0].context["page"]
    assert len(first.events) == 5 and not first.has_newer
    assert 'aria-label="Sider"' in pages[0].content.decode()
    # Every change once, newest first, across the pages (a keyset cursor, not an offset).
    events = [e for p in pages for e in p.context["page"].events]
    assert [e.when for e in events] == sorted((e.when for e in events), reverse=True)
    assert len({e.cursor for e in events}) == len(events)
    languages = [c.new for e in events for c in e.changes if e.record.startswith("barn:")]
    assert languages[:8] == [f"s{n}" for n in reversed(range(8))]
    # And back again: the page before the last is the one we came from.
    second = pages[1].context["page"]
    back = _history(client, sak, nyere=second.events[0].cursor).context["page"]
    assert [e.cursor for e in back.events] == [e.cursor for e in first.events]
    assert not back.has_newer and back.has_older
    # A cursor that is not one reads the first page.
    odd = _history(client, sak, eldre="x.<script>.1").context["page"]
    assert [e.cursor for e in odd.events] == [e.cursor for e in first.events]


def test_LOG_01_SAK_05_a_shielded_address_is_masked_in_the_history(client, world):
    secret = "Hemmeligveien 12, 9999 Fjordvik"
    sak = world.sak_a
    world.saksbehandler.adresseklarering = "strengt_fortrolig"
    world.saksbehandler.save()
    services.barn_update(
        actor=world.saksbehandler,
        sak_id=sak.pk,
        data={"adresse": secret, "adressebeskyttelse": "fortrolig"},
    )
    services.barn_update(actor=world.saksbehandler, sak_id=sak.pk, data={"adresse": secret + " B"})
    client.force_login(world.saksbehandler)
    response = _history(client, sak)
    assert "Hemmeligveien" not in response.content.decode()
    shielded = [c for e in response.context["historikk"] for c in e.changes if c.field == "adresse"]
    assert len(shielded) == 2
    assert all(c.old is SHIELDED and c.new is SHIELDED for c in shielded)
