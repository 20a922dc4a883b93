"""The journal's action tables (:mod:`journal.actions`): django-fsm and the table agree on who
may sign and on what must hold; each role is offered what is theirs on a draft and on a signed
note (JOUR-02); other apps' hits reach the journal's search through its registry."""

import pytest
from django.urls import reverse

from journal import registry
from journal.actions import JOURNAL, MACHINE, TRANSITIONS
from journal.models import Journalnotat

from .factories import make_note

ROLES = ("saksbehandler", "teamleder", "barnevernleder", "saksbehandler_b", "annen_tjeneste")


def test_JOUR_02_every_transition_of_the_model_is_in_the_table():
    found = {n for n, v in vars(Journalnotat).items() if hasattr(v, "_django_fsm")}
    assert found == set(TRANSITIONS) == {"sign"}


def test_JOUR_02_the_fsm_permission_and_conditions_are_the_tables():
    action = MACHINE["sign"]
    transitions = Journalnotat.sign._django_fsm.transitions.values()
    assert transitions
    for t in transitions:
        assert t.permission is action.may
        assert [c.__self__ for c in t.conditions] == list(action.rules)


def _offered(world, obj, machine=MACHINE):
    return {role: [o.name for o in machine.offers(obj, getattr(world, role))] for role in ROLES}


@pytest.mark.django_db
def test_JOUR_02_the_offers_of_each_role_on_a_draft_and_a_signed_note(world, sak):
    notat = make_note(world.saksbehandler, sak)
    assert _offered(world, notat) == {
        "saksbehandler": ["edit", "sign"],
        "teamleder": [],
        "barnevernleder": [],
        "saksbehandler_b": [],
        "annen_tjeneste": [],
    }
    signed = make_note(world.saksbehandler, sak, signed=True)
    assert _offered(world, signed) == {
        "saksbehandler": ["correct"],
        "teamleder": ["correct"],
        "barnevernleder": [],
        "saksbehandler_b": [],
        "annen_tjeneste": [],
    }
    assert _offered(world, sak, JOURNAL)["teamleder"] == ["create"]
    assert _offered(world, sak, JOURNAL)["barnevernleder"] == []


@pytest.mark.django_db
def test_JOUR_01_other_apps_add_hits_to_the_search_and_entries_to_the_journal(client, world, sak):
    def documents(user, s, query, found):
        return [registry.Hit("Innkommende", f"Rapport om {query}", None, "/rapport/")]

    def meetings(user, s, found):
        return [registry.Hit("Møte", "Ansvarsgruppemøte", None, "/mote/")]

    registry.SEARCH_SOURCES.register("test_documents", documents)
    registry.TIMELINE_SOURCES.register("test_meetings", meetings)
    try:
        client.force_login(world.saksbehandler)
        url = reverse("journal:journal", args=[sak.pk])
        page = client.get(url, {"q": "skole"}).content.decode()
        assert "Rapport om skole" in page and "Ansvarsgruppemøte" in page
        assert "Rapport om" not in client.get(url).content.decode()
    finally:
        registry.SEARCH_SOURCES._items.pop("test_documents")
        registry.TIMELINE_SOURCES._items.pop("test_meetings")
