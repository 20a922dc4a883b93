"""Requests for access to the case documents (INNSYN-01, fvl § 18/§ 19): registered, each
document given or withheld with its ground, answered by a letter that names the given
documents and never a withheld one, what was given logged (ROLE-03), and a request not
answered on the nightly digest and «Mine frister» (FRIST-01)."""

from __future__ import annotations

import subprocess
from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from core.exceptions import NotFound, RuleViolation
from core.models import AccessLogEntry
from documents.models import Dokument
from innsyn import services
from innsyn.models import Innsynskrav, Vurdering
from innsyn.rules import ANSWER_DAYS
from innsyn.selectors import documents_for_review
from innsyn.services import Decision
from reminders import finders
from reminders import selectors as reminder_selectors
from reminders import services as reminder_services
from reminders.models import Paminnelse

from ..documents.helpers import (  # noqa: F401  (documents_storage: a fixture)
    documents_storage,
    make_dokument,
    pdf_text,
    stored_path,
)
from ..innkommende.factories import receive
from ..journal.factories import make_note
from .factories import make_krav

pytestmark = pytest.mark.django_db

GIVEN_TITLE = "Rapport fra familiesenteret om samspill"
WITHHELD_TITLE = "Bekymringsmelding fra naboen Hansen"


def _today():
    return timezone.localdate()


@pytest.fixture
def documents(world, sak, documents_storage):  # noqa: F811
    """Two incoming documents (one to give, one to withhold) and a signed journal note."""
    sb = world.saksbehandler
    given = receive(sb, sak, tittel=GIVEN_TITLE, mottatt=_today() - timedelta(days=5))
    withheld = receive(sb, sak, tittel=WITHHELD_TITLE, mottatt=_today() - timedelta(days=4))
    note = make_note(sb, sak, signed=True)
    return given, withheld, note


def _key(kilde, obj) -> str:
    return f"{kilde}_{obj.pk}"


def test_INNSYN_01_the_review_lists_letters_incoming_and_signed_notes(world, sak, documents):
    sb = world.saksbehandler
    given, withheld, note = documents
    make_note(sb, sak, signed=False, vurdering="Et utkast.")  # a draft is no case document
    brev = make_dokument(sb, sak)
    krav = make_krav(sb, sak)
    keys = {d.key for d in documents_for_review(krav)}
    assert keys == {
        _key("brev", brev),
        _key("innkommende", given),
        _key("innkommende", withheld),
        _key("journal", note),
    }


def test_INNSYN_01_withholding_without_a_reason_is_refused(world, sak, documents):
    sb = world.saksbehandler
    given, withheld, _note = documents
    krav = make_krav(sb, sak)
    with pytest.raises(RuleViolation) as exc:
        services.innsynskrav_review(
            actor=sb,
            krav_id=krav.pk,
            decisions={
                _key("innkommende", given): Decision("gitt"),
                _key("innkommende", withheld): Decision("unntatt"),
            },
        )
    (breach,) = exc.value.breaches
    assert breach.rule_id == "INNSYN-01"
    assert breach.field == f"{_key('innkommende', withheld)}_grunn"
    assert not Vurdering.objects.exists()  # nothing saved
    # «Another ground» must be described.
    with pytest.raises(RuleViolation) as exc:
        services.innsynskrav_review(
            actor=sb,
            krav_id=krav.pk,
            decisions={_key("innkommende", withheld): Decision("unntatt", "annet", " ")},
        )
    assert exc.value.breaches[0].field == f"{_key('innkommende', withheld)}_begrunnelse"


def test_INNSYN_01_the_review_page_says_so_next_to_the_field_in_norwegian(
    client, world, sak, documents
):
    sb = world.saksbehandler
    _given, withheld, _note = documents
    krav = make_krav(sb, sak)
    client.force_login(sb)
    url = reverse("innsyn:review", args=[sak.pk, krav.pk])
    assert client.get(url).status_code == 200
    key = _key("innkommende", withheld)
    response = client.post(url, {f"{key}_utfall": "unntatt", f"{key}_begrunnelse": "Hmm"})
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert "fvl § 19" in str(errors[f"{key}_grunn"])
    assert "Et dokument som unntas fra innsyn" in response.content.decode()
    assert "Hmm" in response.content.decode()  # LOG-02: nothing typed is lost


def _answer(world, sak, documents, django_capture_on_commit_callbacks, krav=None):
    sb = world.saksbehandler
    given, withheld, note = documents
    krav = krav or make_krav(sb, sak)
    services.innsynskrav_review(
        actor=sb,
        krav_id=krav.pk,
        decisions={
            _key("innkommende", given): Decision("gitt"),
            _key("innkommende", withheld): Decision(
                "unntatt", Vurdering.Grunn.ANNEN_PERSON, "Opplysninger om en annen familie."
            ),
            _key("journal", note): Decision("gitt"),
        },
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.innsynskrav_answer(actor=sb, krav_id=krav.pk)
    krav.refresh_from_db()
    return krav


def test_INNSYN_01_the_answer_letter_names_the_given_and_never_the_withheld(
    world, sak, documents, django_capture_on_commit_callbacks
):
    krav = _answer(world, sak, documents, django_capture_on_commit_callbacks)
    assert krav.status == Innsynskrav.Status.BESVART and krav.besvart == _today()
    (letter,) = Dokument.objects.for_source(krav)
    assert letter.type == Dokument.Type.INNSYNSSVAR
    assert letter.part_id == krav.part_id  # DOK-02: to the party who asked
    assert letter.status == Dokument.Status.FERDIG
    text = " ".join(pdf_text(stored_path(letter)).split())
    assert GIVEN_TITLE in text
    assert "Vedlegg" in text  # the given documents are enclosed
    assert WITHHELD_TITLE not in text
    assert "Hansen" not in text
    assert "forvaltningsloven § 19" in text
    assert "Opplysninger om en annen familie." in text
    # The given incoming document's file is attached to the PDF (the journal note has none);
    # the withheld one's is not.
    listing = subprocess.run(
        ["pdfdetach", "-list", str(stored_path(letter))],
        capture_output=True,
        text=True,
        timeout=30,
        check=True,
    ).stdout
    assert "1 embedded files" in listing and "vedlegg-1.pdf" in listing


def test_INNSYN_01_what_was_given_is_logged_one_row_per_document(
    world, sak, documents, django_capture_on_commit_callbacks
):
    given, withheld, note = documents
    before = AccessLogEntry.objects.count()
    krav = _answer(world, sak, documents, django_capture_on_commit_callbacks)
    rows = list(AccessLogEntry.objects.filter(action=AccessLogEntry.Action.EXPORT, sak=sak))
    assert AccessLogEntry.objects.count() == before + 2
    assert len(rows) == 2
    reasons = " ".join(r.reason for r in rows)
    assert f"innkommende {given.pk}" in reasons and f"journal {note.pk}" in reasons
    assert f"innkommende {withheld.pk}" not in reasons
    assert {r.user_id for r in rows} == {world.saksbehandler.pk}
    assert all(str(krav.pk) in r.reason for r in rows)
    assert WITHHELD_TITLE not in reasons and GIVEN_TITLE not in reasons


def test_INNSYN_01_no_answer_before_every_document_is_decided(world, sak, documents):
    sb = world.saksbehandler
    given, _withheld, _note = documents
    krav = make_krav(sb, sak)
    services.innsynskrav_review(
        actor=sb, krav_id=krav.pk, decisions={_key("innkommende", given): Decision("gitt")}
    )
    with pytest.raises(RuleViolation) as exc:
        services.innsynskrav_answer(actor=sb, krav_id=krav.pk)
    assert exc.value.breaches[0].rule_id == "INNSYN-01"
    krav.refresh_from_db()
    assert krav.status == Innsynskrav.Status.MOTTATT


def test_INNSYN_01_register_refuses_a_future_date_and_another_case_party(world, sak):
    sb = world.saksbehandler
    with pytest.raises(RuleViolation) as exc:
        make_krav(sb, sak, days_ago=-1)
    assert [b.field for b in exc.value.breaches] == ["mottatt"]
    other = world.sak_a.parter.first()
    if other is not None:
        with pytest.raises(RuleViolation):
            make_krav(sb, sak, part_id=other.pk)


def test_INNSYN_01_outside_need_to_know_is_not_found(world, sak):
    krav = make_krav(world.saksbehandler, sak)
    with pytest.raises(NotFound):
        services.innsynskrav_answer(actor=world.saksbehandler_b, krav_id=krav.pk)
    with pytest.raises(NotFound):
        services.innsynskrav_review(actor=world.saksbehandler_b, krav_id=krav.pk, decisions={})


def test_INNSYN_01_FRIST_01_an_unanswered_request_is_on_the_digest_until_answered(
    world, sak, documents, django_capture_on_commit_callbacks
):
    window = finders.KINDS_BY_ID["innsyn"].window()
    fresh = make_krav(world.saksbehandler, sak, days_ago=0)
    due = _today() + timedelta(days=ANSWER_DAYS)
    assert fresh.pk not in {
        f.ref_id for f in finders.due_items(due - timedelta(days=window + 1)) if f.kind == "innsyn"
    }
    (item,) = [f for f in finders.due_items(due) if f.kind == "innsyn"]
    assert (item.rule, item.ref_id, item.dato, item.sak_id) == ("INNSYN-01", fresh.pk, due, sak.pk)
    assert item.saksbehandler_id == world.saksbehandler.pk
    # FRIST-02: the nightly job's rows carry ids only.
    assert [r for r in finders.iter_due_rows(due) if r.kind == "innsyn"]
    _answer(world, sak, documents, django_capture_on_commit_callbacks, krav=fresh)
    assert not [f for f in finders.due_items(due + timedelta(days=30)) if f.kind == "innsyn"]


def test_INNSYN_01_the_case_page_shows_the_innsyn_history(client, world, sak):
    krav = make_krav(world.saksbehandler, sak)
    client.force_login(world.teamleder)
    page = client.get(reverse("cases:detail", args=[sak.pk])).content.decode()
    assert reverse("innsyn:detail", args=[sak.pk, krav.pk]) in page
    assert reverse("innsyn:create", args=[sak.pk]) in page


def test_INNSYN_01_the_pages_register_review_and_answer(client, world, sak, documents):
    sb = world.saksbehandler
    given, withheld, note = documents
    client.force_login(sb)
    part = sak.parter.order_by("pk").first()
    response = client.post(
        reverse("innsyn:create", args=[sak.pk]),
        {
            "part": part.pk,
            "mottatt": str(_today()),
            "kanal": "digitalt",
            "hva": "Alt om meg.",
        },
    )
    krav = Innsynskrav.objects.get(sak=sak)
    assert response.status_code == 302
    review = reverse("innsyn:review", args=[sak.pk, krav.pk])
    data = {
        f"{_key('innkommende', given)}_utfall": "gitt",
        f"{_key('innkommende', withheld)}_utfall": "unntatt",
        f"{_key('innkommende', withheld)}_grunn": "annen_person",
        f"{_key('journal', note)}_utfall": "gitt",
    }
    assert client.post(review, data).status_code == 302
    assert krav.vurderinger.count() == 3
    answer = reverse("innsyn:answer", args=[sak.pk, krav.pk])
    assert client.get(answer).status_code == 200
    assert client.post(answer, {}).status_code == 302
    krav.refresh_from_db()
    assert krav.er_besvart
    detail = client.get(reverse("innsyn:detail", args=[sak.pk, krav.pk]))
    assert "Svar på begjæring om innsyn" in detail.content.decode()
    # Answered: neither the review nor the answer is offered any more.
    assert reverse("innsyn:review", args=[sak.pk, krav.pk]) not in detail.content.decode()
    again = client.post(answer, {})
    assert "allerede besvart" in again.content.decode()
    assert Dokument.objects.for_source(krav).count() == 1  # no second letter


def test_INNSYN_01_FRIST_01_the_nightly_digest_and_my_deadlines_show_an_overdue_request(
    client, world, sak
):
    for name, user in world.users().items():
        user.email = f"{name}@kommune.invalid"
        user.save(update_fields=["email"])
    sb = world.saksbehandler
    krav = make_krav(sb, sak, days_ago=ANSWER_DAYS + 1)
    mine = [f for f in reminder_selectors.frister_for_user(sb, _today()) if f.kind == "innsyn"]
    assert [(f.ref_id, f.overdue(_today())) for f in mine] == [(krav.pk, True)]
    for pk in reminder_services.paminnelser_plan(run_date=_today()):
        reminder_services.paminnelse_send(paminnelse_id=pk)
    leader = world.teamleder  # the team leader gets the team's deadlines
    row = Paminnelse.objects.get(mottaker=leader, kjoredato=_today())
    (kind,) = [k for k in row.innhold["kinds"] if k["id"] == "innsyn"]
    assert (kind["rule"], kind["antall"], kind["saksnummer"]) == (
        "INNSYN-01",
        1,
        [sak.saksnummer],
    )
    (sent,) = [m for m in mail.outbox if m.to == [leader.email]]
    assert "(INNSYN-01): 1" in sent.body
    # FRIST-02: no names in the e-mail.
    assert krav.part.fornavn not in sent.body
    client.force_login(sb)
    page = client.get(reverse("reminders:mine")).content.decode()
    assert sak.saksnummer in page


def test_INNSYN_01_the_case_history_keeps_the_request_and_its_decisions(
    client, world, sak, documents
):
    sb = world.saksbehandler
    given, _withheld, _note = documents
    krav = make_krav(sb, sak)
    services.innsynskrav_review(
        actor=sb, krav_id=krav.pk, decisions={_key("innkommende", given): Decision("gitt")}
    )
    client.force_login(sb)
    response = client.get(reverse("cases:history", args=[sak.pk]))
    assert response.status_code == 200
    page = response.content.decode()
    assert f"?post=innsyn:{krav.pk}" in page
    assert f"?post=innsyn_vurdering:{krav.vurderinger.get().pk}" in page
