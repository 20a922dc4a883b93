"""Referrals (HENV-01 … HENV-03): writing one with its legal basis, the team leader's approval
when the service asks for it, the letter read back from its PDF (DOK-01, SAK-05), its dispatch
(DOK-02), the answer (HENV-02), the follow-up of an offer (HENV-03), the finder of the nightly
digest and «Mine frister», the overview and the receiver list."""

from __future__ import annotations

import subprocess
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from cases.models import Part
from core.exceptions import NotFound, RuleViolation
from documents.models import Dokument, Utsending
from henvisning import selectors, services
from henvisning.models import Henvisning, Henvisningsoppsett, Mottaker
from innkommende.models import InnkommendeDokument
from reminders import finders
from tests.documents.helpers import documents_storage  # noqa: F401  (a fixture)
from vedtak.models import Tiltakstype, Vedtak

from ..factories import make_sak
from . import factories as f

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("documents_storage")]


def today():
    return timezone.localdate()


def rules_of(exc: RuleViolation) -> set[str]:
    return {b.rule_id for b in exc.breaches}


def fields_of(exc: RuleViolation) -> set:
    return {b.field for b in exc.breaches}


def pdf_text(dokument: Dokument) -> str:
    with dokument.fil.open("rb") as fh:
        data = fh.read()
    out = subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=data, capture_output=True, check=True
    )
    return " ".join(out.stdout.decode().split())


@pytest.fixture
def sak(world):
    return make_sak(world.saksbehandler, world.team_a, parter=2)


@pytest.fixture
def bup(world):
    return f.mottaker(world.tjeneste)


# --- HENV-01: what a referral names ------------------------------------------------------------


def test_HENV_01_a_referral_with_a_consent_naming_the_receiver_is_saved(sak, bup):
    h = f.draft(sak, bup)
    assert (h.status, h.mottaker, h.hjemmel_type) == ("utkast", bup, "samtykke")
    assert h.samtykke.mottaker == bup.navn
    assert list(selectors.open_for_case(sak)) == [h]


def test_HENV_01_a_consent_naming_another_receiver_is_refused(sak, bup):
    other = f.consent(sak, "Familievernkontoret i Nordvik")
    with pytest.raises(RuleViolation) as e:
        services.henvisning_create(actor=sak.saksbehandler, sak_id=sak.pk, data=f.data(bup, other))
    assert rules_of(e.value) == {"HENV-01"} and fields_of(e.value) == {"samtykke"}
    assert "HENV-01" in e.value.breaches[0].message
    assert not Henvisning.objects.exists()


def test_HENV_01_no_consent_and_no_law_is_refused(sak, bup):
    with pytest.raises(RuleViolation) as e:
        services.henvisning_create(
            actor=sak.saksbehandler,
            sak_id=sak.pk,
            data=f.data(bup, None, hjemmel_type="samtykke"),
        )
    assert fields_of(e.value) == {"samtykke"}
    with pytest.raises(RuleViolation) as e:
        services.henvisning_create(
            actor=sak.saksbehandler, sak_id=sak.pk, data=f.data(bup, None, lovhjemmel=" ")
        )
    assert fields_of(e.value) == {"lovhjemmel"}


def test_HENV_01_a_withdrawn_consent_is_no_basis(sak, bup):
    s = f.consent(sak, bup.navn, gitt=today() - timedelta(days=10))
    s.trukket_dato = today() - timedelta(days=1)
    s.save()
    with pytest.raises(RuleViolation) as e:
        services.henvisning_create(actor=sak.saksbehandler, sak_id=sak.pk, data=f.data(bup, s))
    assert fields_of(e.value) == {"samtykke"}


def test_HENV_01_the_law_is_a_legal_basis(sak, bup):
    h = f.draft(sak, bup, with_consent=False)
    assert (h.hjemmel_type, h.lovhjemmel, h.samtykke) == ("lov", "barnevernsloven § 13-3", None)


def test_HENV_01_a_receiver_without_an_address_cannot_be_chosen(world, sak):
    m = f.mottaker(world.tjeneste, "Kommunepsykologen", type="kommunepsykolog", adresse="")
    with pytest.raises(RuleViolation) as e:
        f.draft(sak, m)
    assert fields_of(e.value) == {"mottaker"}
    assert "HENV-01" in e.value.breaches[0].message


def test_HENV_01_what_is_asked_is_required(sak, bup):
    with pytest.raises(RuleViolation) as e:
        f.draft(sak, bup, sporsmal="  ")
    assert fields_of(e.value) == {"sporsmal"}


def test_HENV_01_ROLE_02_an_attachment_or_receiver_of_another_case_is_not_found(world, sak, bup):
    other = make_sak(world.saksbehandler, world.team_a, parter=1)
    foreign = f.draft(other, bup)
    f.made(foreign)
    foreign.refresh_from_db()
    with pytest.raises(NotFound):
        f.draft(sak, bup, vedlegg_dokument_ids=[foreign.brev_id])
    annen = f.mottaker(world.sak_annen.tjeneste, "BUP Annenby")
    with pytest.raises(NotFound):
        f.draft(sak, annen)
    assert not Henvisning.objects.filter(sak=sak).exists()


def test_HENV_01_ROLE_02_a_foreign_attachment_posted_in_the_form_is_refused(
    client, world, sak, bup
):
    """The form offers only the case's documents: another case's is refused next to the field
    (the service answers 404 when called with it, see above), and nothing is stored."""
    other = make_sak(world.saksbehandler, world.team_a, parter=1)
    foreign = f.made(f.draft(other, bup))
    s = f.consent(sak, bup.navn)
    client.force_login(world.saksbehandler)
    response = client.post(
        reverse("henvisning:create", kwargs={"sak_id": sak.pk}),
        {
            "mottaker": bup.pk,
            "sporsmal": "Utredning",
            "hjemmel_type": "samtykke",
            "samtykke": s.pk,
            "vedlegg_dokumenter": [foreign.brev_id],
        },
    )
    assert response.status_code == 200
    assert 'id="id_vedlegg_dokumenter_error"' in response.content.decode() or (
        "aria-invalid" in response.content.decode()
    )
    assert not Henvisning.objects.filter(sak=sak).exists()


def test_HENV_01_bad_input_is_shown_next_to_the_field_and_kept(client, world, sak, bup):
    f.consent(sak, "Noen andre")
    client.force_login(world.saksbehandler)
    response = client.post(
        reverse("henvisning:create", kwargs={"sak_id": sak.pk}),
        {
            "mottaker": bup.pk,
            "sporsmal": "Vi ber om en vurdering av språket.",
            "hjemmel_type": "samtykke",
        },
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "HENV-01" in html
    assert "Vi ber om en vurdering av språket." in html
    assert not Henvisning.objects.exists()


def test_HENV_01_BANK_03_the_create_page_is_prefilled_from_a_plan_goal(client, world, sak, bup):
    from tests.plans import factories as pf

    pf.draft(world, sak=sak)
    goal = selectors.plan_goals(sak)[0]
    client.force_login(world.saksbehandler)
    url = reverse("henvisning:create", kwargs={"sak_id": sak.pk})
    response = client.get(url, {"maal": goal.pk, "program": "999999"})
    assert response.status_code == 200
    assert response.context["form"].initial["maal"] == [goal.pk]
    # A goal of another case and an unknown programme are ignored.
    other = make_sak(world.saksbehandler, world.team_a)
    response = client.get(
        reverse("henvisning:create", kwargs={"sak_id": other.pk}), {"maal": goal.pk, "program": "x"}
    )
    assert response.status_code == 200
    assert "maal" not in response.context["form"].initial


def test_HENV_01_the_draft_is_changed_and_a_made_letter_is_dropped(sak, bup):
    h = f.made(f.draft(sak, bup))
    assert h.brev_id is not None
    h = services.henvisning_update(
        actor=sak.saksbehandler,
        sak_id=sak.pk,
        henvisning_id=h.pk,
        data=f.data(bup, h.samtykke, sporsmal="Ny tekst"),
    )
    assert (h.sporsmal, h.brev) == ("Ny tekst", None)


# --- The letter (DOK-01/02, SAK-05) ------------------------------------------------------------


def test_HENV_01_DOK_01_SAK_05_the_letter_names_the_receiver_and_basis_and_no_shielded_address(
    world, sak, bup
):
    barn = sak.barn
    barn.adresse = "Hemmeligveien 7, 9990 Nordvik"
    barn.adressebeskyttelse = "strengt_fortrolig"
    barn.save()
    mor = sak.parter.order_by("pk").first()
    Part.objects.filter(pk=mor.pk).update(
        adresse="Skjultgata 3, 9990 Nordvik", adressebeskyttelse="fortrolig"
    )
    h = f.made(f.draft(sak, bup))
    text = pdf_text(h.brev)
    assert "Henvisning til BUP Nordvik" in text
    assert "Postboks 12" in text  # the receiver's address block
    assert "utredning av barnets psykiske helse" in text
    assert "samtykke fra" in text and "Forelder0" in text  # the legal basis (SAM-04)
    assert barn.fullt_navn in text
    assert "Hemmeligveien" not in text and "Skjultgata" not in text
    assert h.brev.type == Dokument.Type.HENVISNING


def test_HENV_01_the_letter_with_the_law_as_its_basis(sak, bup):
    h = f.made(f.draft(sak, bup, with_consent=False))
    assert "barnevernsloven § 13-3" in pdf_text(h.brev)


def test_HENV_01_DOK_02_sending_records_the_dispatch_and_the_expected_answer(sak, bup):
    h = f.sent(sak, bup)
    assert (h.status, h.sendt, h.svarfrist) == ("sendt", today(), today() + timedelta(days=30))
    u = Utsending.objects.get(dokument=h.brev)
    assert (u.mottaker, u.kanal) == (bup.navn, "brev")
    assert list(selectors.open_for_case(sak)) == [h]


def test_HENV_01_it_is_not_sent_before_its_letter_is_made(sak, bup):
    h = f.draft(sak, bup)
    with pytest.raises(RuleViolation) as e:
        services.henvisning_send(
            actor=sak.saksbehandler, henvisning_id=h.pk, kanal="brev", sendt=today()
        )
    assert rules_of(e.value) == {"HENV-01"}


# --- The team leader's approval (the service's setting) ----------------------------------------


def test_HENV_01_the_team_leader_approves_when_the_service_asks(world, sak, bup):
    Henvisningsoppsett.objects.create(tjeneste=world.tjeneste, krever_godkjenning=True)
    h = f.draft(sak, bup)
    assert [o.name for o in selectors.offers(h, world.saksbehandler)] == ["submit", "close"]
    with pytest.raises(RuleViolation):
        services.henvisning_make_letter(actor=world.saksbehandler, henvisning_id=h.pk)
    h = services.henvisning_submit(actor=world.saksbehandler, henvisning_id=h.pk)
    with pytest.raises(NotFound):  # the caseworker does not approve
        services.henvisning_approve(actor=world.saksbehandler, henvisning_id=h.pk)
    h = services.henvisning_send_back(
        actor=world.teamleder, henvisning_id=h.pk, tilbakemelding="Skriv kortere."
    )
    assert (h.status, h.tilbakemelding) == ("utkast", "Skriv kortere.")
    h = services.henvisning_submit(actor=world.saksbehandler, henvisning_id=h.pk)
    h = services.henvisning_approve(actor=world.teamleder, henvisning_id=h.pk)
    assert (h.status, h.godkjent_av) == ("godkjent", world.teamleder)
    h = f.made(h)
    h = services.henvisning_send(
        actor=world.saksbehandler, henvisning_id=h.pk, kanal="digital", sendt=today()
    )
    assert h.status == "sendt"


def test_HENV_01_without_the_setting_there_is_no_approval_step(world, sak, bup):
    h = f.draft(sak, bup)
    assert [o.name for o in selectors.offers(h, world.saksbehandler)] == ["make_letter", "close"]
    with pytest.raises(RuleViolation):
        services.henvisning_submit(actor=world.saksbehandler, henvisning_id=h.pk)


# --- HENV-02: the answer -----------------------------------------------------------------------


def answer(h, **kw):
    d = {
        "utfall": "tilbud",
        "svar_dato": today(),
        "fil": f.pdf_file(),
        "tilbud_hva": "Utredning ved BUP, 6 samtaler",
        "tilbud_hvor": "BUP Nordvik",
        "tilbud_fra": today() + timedelta(days=14),
        "tilbud_kostnad": "",
        "tilbud_kontakt": "Kari Lege",
    }
    d.update(kw)
    return services.henvisning_record_answer(actor=h.sak.saksbehandler, henvisning_id=h.pk, **d)


def test_HENV_02_an_offer_is_recorded_with_the_answer_as_an_incoming_document(sak, bup):
    h = f.sent(sak, bup, on=today() - timedelta(days=10))
    h = answer(h)
    assert (h.status, h.utfall, h.tilbud_kontakt) == ("besvart", "tilbud", "Kari Lege")
    svar = h.svar_dokument
    assert (svar.type, svar.avsender, svar.sak_id) == ("svar_henvisning", bup.navn, sak.pk)
    assert list(selectors.open_for_case(sak)) == []


def test_HENV_02_a_refusal_needs_its_reason(sak, bup):
    h = f.sent(sak, bup, on=today() - timedelta(days=10))
    with pytest.raises(RuleViolation) as e:
        answer(h, utfall="avslag", avslag_begrunnelse="")
    assert fields_of(e.value) == {"avslag_begrunnelse"}
    h = answer(h, utfall="avslag", avslag_begrunnelse="Ikke i målgruppen.")
    assert (h.utfall, h.tilbud_hva) == ("avslag", "")


def test_HENV_02_an_answer_dated_before_the_referral_was_sent_is_refused(sak, bup):
    h = f.sent(sak, bup, on=today() - timedelta(days=10))
    with pytest.raises(RuleViolation) as e:
        answer(h, svar_dato=today() - timedelta(days=11))
    assert fields_of(e.value) == {"svar_dato"}
    assert "HENV-02" in e.value.breaches[0].message
    assert not InnkommendeDokument.objects.filter(sak=sak).exists()  # nothing stored
    assert answer(h, svar_dato=today() - timedelta(days=10)).status == "besvart"


def test_HENV_02_an_answer_in_the_future_or_without_a_document_is_refused(sak, bup):
    h = f.sent(sak, bup, on=today() - timedelta(days=10))
    with pytest.raises(RuleViolation) as e:
        answer(h, svar_dato=today() + timedelta(days=1), fil=None)
    assert fields_of(e.value) == {"svar_dato", "fil"}


def test_HENV_02_the_answer_may_be_an_incoming_document_of_the_case_only(world, sak, bup):
    h = f.sent(sak, bup, on=today() - timedelta(days=10))
    other = f.sent(make_sak(world.saksbehandler, world.team_a, parter=1), bup)
    other = answer(other)
    with pytest.raises(NotFound):
        answer(h, fil=None, svar_dokument_id=other.svar_dokument_id)


def test_HENV_02_FRIST_01_an_unanswered_referral_past_its_time_is_found(sak, bup):
    h = f.sent(sak, bup, on=today() - timedelta(days=40))  # expected 10 days ago
    due = f.sent(sak, f.mottaker(sak.tjeneste, "PPT Nordvik", type="ppt"), on=today())
    kind = finders.KINDS_BY_ID["henvisning"]
    items = finders.kind_rows(kind, today())
    assert [(i.ref_id, i.rule, i.dato) for i in items] == [(h.pk, "HENV-02", h.svarfrist)]
    assert items[0].overdue(today())
    assert items[0].saksbehandler_id == sak.saksbehandler_id
    assert due.pk not in {i.ref_id for i in items}
    answer(h)
    assert finders.kind_rows(kind, today()) == []


def test_HENV_02_FRIST_01_mine_frister_shows_the_overdue_referral(client, world, sak, bup):
    f.sent(sak, bup, on=today() - timedelta(days=40))
    client.force_login(world.saksbehandler)
    html = client.get(reverse("reminders:mine")).content.decode()
    assert sak.saksnummer in html
    assert "HENV-02" in html


# --- HENV-03: the offer taken up ---------------------------------------------------------------


def test_HENV_03_an_offer_taken_up_opens_a_draft_decision_with_the_measure(world, sak):
    typ = Tiltakstype.objects.get(kode="foreldreveiledning")
    mst = f.mottaker(world.tjeneste, "MST Nord", type="mst", krever_vedtak=True, tiltakstype=typ)
    h = answer(f.sent(sak, mst, on=today() - timedelta(days=5)))
    h = services.henvisning_take_up(
        actor=world.saksbehandler,
        henvisning_id=h.pk,
        oppfolging="vedtak",
        tiltakstype_id=typ.pk,
        omfang="3 timer per uke",
    )
    v = h.vedtak
    assert (v.status, v.sak_id, h.oppfolging) == (Vedtak.Status.UTKAST, sak.pk, "vedtak")
    tiltak = v.tiltak.get()
    assert (tiltak.type, tiltak.omfang, tiltak.startdato) == (typ, "3 timer per uke", h.tilbud_fra)
    assert "Utredning ved BUP" in tiltak.beskrivelse
    assert [o.name for o in selectors.offers(h, world.saksbehandler)] == []


def test_HENV_03_without_a_decision_where_one_is_needed_asks_for_a_reason(world, sak):
    mst = f.mottaker(world.tjeneste, "MST Nord", type="mst", krever_vedtak=True)
    h = answer(f.sent(sak, mst, on=today() - timedelta(days=5)))
    with pytest.raises(RuleViolation) as e:
        services.henvisning_take_up(
            actor=world.saksbehandler, henvisning_id=h.pk, oppfolging="samarbeid"
        )
    assert fields_of(e.value) == {"merknad"} and rules_of(e.value) == {"HENV-03"}


def test_HENV_03_an_offer_of_a_service_whose_law_needs_no_decision_is_a_collaboration(sak, bup):
    assert bup.krever_vedtak is False
    h = answer(f.sent(sak, bup, on=today() - timedelta(days=5)))
    h = services.henvisning_take_up(
        actor=sak.saksbehandler, henvisning_id=h.pk, oppfolging="samarbeid"
    )
    assert (h.oppfolging, h.vedtak) == ("samarbeid", None)
    assert not Vedtak.objects.filter(sak=sak).exists()


def test_HENV_03_a_refusal_has_nothing_to_take_up(sak, bup):
    h = answer(
        f.sent(sak, bup, on=today() - timedelta(days=5)),
        utfall="avslag",
        avslag_begrunnelse="Ventetid.",
    )
    with pytest.raises(RuleViolation):
        services.henvisning_take_up(
            actor=sak.saksbehandler, henvisning_id=h.pk, oppfolging="samarbeid"
        )


# --- Closing, the case page, the overview, the receiver list ------------------------------------


def test_HENV_01_a_draft_is_closed_with_a_reason(sak, bup):
    h = f.draft(sak, bup)
    with pytest.raises(RuleViolation):
        services.henvisning_close(actor=sak.saksbehandler, henvisning_id=h.pk, begrunnelse="")
    h = services.henvisning_close(
        actor=sak.saksbehandler, henvisning_id=h.pk, begrunnelse="Ikke lenger aktuelt."
    )
    assert h.status == "avsluttet"
    assert list(selectors.open_for_case(sak)) == []


def test_HENV_01_the_case_page_shows_the_referrals(client, world, sak, bup):
    f.draft(sak, bup)
    client.force_login(world.saksbehandler)
    html = client.get(reverse("cases:detail", kwargs={"sak_id": sak.pk})).content.decode()
    assert "BUP Nordvik" in html
    assert reverse("henvisning:create", kwargs={"sak_id": sak.pk}) in html


def test_HENV_01_the_pages_of_a_referral_walk_through(client, world, sak, bup):
    h = f.sent(sak, bup, on=today() - timedelta(days=3))
    client.force_login(world.saksbehandler)
    detail = reverse("henvisning:detail", kwargs={"sak_id": sak.pk, "henvisning_id": h.pk})
    assert "BUP Nordvik" in client.get(detail).content.decode()
    url = reverse(
        "henvisning:action",
        kwargs={"sak_id": sak.pk, "henvisning_id": h.pk, "name": "record_answer"},
    )
    response = client.post(
        url,
        {
            "utfall": "tilbud",
            "svar_dato": (today() - timedelta(days=4)).isoformat(),
            "tilbud_hva": "Samtaler",
            "fil": f.pdf_file(),
        },
    )
    assert response.status_code == 200
    assert "HENV-02" in response.content.decode()
    assert "Samtaler" in response.content.decode()  # nothing typed is lost
    response = client.post(
        url,
        {
            "utfall": "tilbud",
            "svar_dato": today().isoformat(),
            "tilbud_hva": "Samtaler",
            "fil": f.pdf_file(),
        },
    )
    assert response.status_code == 302
    h.refresh_from_db()
    assert (h.status, h.tilbud_hva) == ("besvart", "Samtaler")


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("saksbehandler", 404),
        ("teamleder", 200),
        ("teamleder_b", 200),
        ("barnevernleder", 200),
        ("kontorfaglig", 404),
        ("systemadmin", 404),
        ("annen_tjeneste", 200),
        ("uten_rolle", 404),
    ],
)
def test_HENV_02_ROLE_02_the_overview_is_the_leaders(client, world, role, status):
    client.force_login(world.users()[role])
    assert client.get(reverse("henvisning:overview")).status_code == status


def test_HENV_02_the_overview_counts_per_receiver_in_the_period(client, world, sak, bup):
    waiting = f.sent(sak, bup, on=today() - timedelta(days=12))
    answer(f.sent(sak, bup, on=today() - timedelta(days=5)))
    answer(
        f.sent(sak, bup, on=today() - timedelta(days=5)),
        utfall="avslag",
        avslag_begrunnelse="Ventetid.",
    )
    rows = selectors.overview(world.teamleder, today() - timedelta(days=30), today())
    assert len(rows) == 1
    row = rows[0]
    assert (row.mottaker, [h.pk for h in row.apne], row.tilbud, row.avslag) == (
        bup,
        [waiting.pk],
        1,
        1,
    )
    assert row.lengst_ventet == 12
    assert selectors.overview(world.teamleder_b, today() - timedelta(days=30), today()) == []
    assert selectors.overview(world.saksbehandler, today(), today()) == []
    client.force_login(world.barnevernleder)
    html = client.get(reverse("henvisning:overview")).content.decode()
    assert "BUP Nordvik" in html and sak.saksnummer not in html


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("saksbehandler", 404),
        ("teamleder", 404),
        ("barnevernleder", 200),
        ("kontorfaglig", 404),
        ("systemadmin", 404),
        ("uten_rolle", 404),
    ],
)
def test_HENV_01_ROLE_02_the_receiver_list_is_the_heads(client, world, role, status):
    m = f.mottaker(world.tjeneste)
    client.force_login(world.users()[role])
    for url in (
        reverse("henvisning:receivers"),
        reverse("henvisning:receiver_create"),
        reverse("henvisning:receiver_edit", kwargs={"mottaker_id": m.pk}),
    ):
        assert client.get(url).status_code == status, url


def test_HENV_01_the_head_keeps_the_receiver_list_and_the_setting(client, world):
    client.force_login(world.barnevernleder)
    response = client.post(
        reverse("henvisning:receiver_create"),
        {
            "navn": "Familievernkontoret",
            "type": "familievern",
            "adresse": "Storgata 1, 9990 Nordvik",
            "svarfrist_dager": "21",
            "aktiv": "on",
        },
    )
    assert response.status_code == 302
    m = Mottaker.objects.get(navn="Familievernkontoret")
    assert (m.tjeneste, m.svarfrist_dager, m.krever_vedtak) == (world.tjeneste, 21, False)
    response = client.post(reverse("henvisning:receivers"), {"krever_godkjenning": "on"})
    assert response.status_code == 302
    assert Henvisningsoppsett.krever_godkjenning_for(world.tjeneste.pk)
    # The other service's receiver is not this head's.
    annen = f.mottaker(world.sak_annen.tjeneste, "BUP Annenby")
    url = reverse("henvisning:receiver_edit", kwargs={"mottaker_id": annen.pk})
    assert client.get(url).status_code == 404


def test_HENV_01_the_apps_above_add_rules_and_warnings_to_the_send(sak, bup, monkeypatch):
    """henvisning.registry: a must rule blocks the send, a should rule asks for a reason that
    the registering app records after the send."""
    from core.rules import SHOULD, Rule
    from henvisning import registry

    recorded = []
    block = Rule("HENV-01", "Blokkert.", lambda h, on: ["Test."] if h.sporsmal == "x" else [])
    warn = Rule("HENV-01", "Advarsel.", lambda h, on: ["Sjekk."], SHOULD)
    monkeypatch.setattr(registry, "SEND_RULES", registry.SEND_RULES)
    registry.SEND_RULES.append(block)
    registry.SEND_WARNINGS.append(warn)
    registry.AFTER_SEND.append(
        lambda h, *, actor, override_reason: recorded.append(override_reason)
    )
    try:
        h = f.made(f.draft(sak, bup))
        with pytest.raises(RuleViolation) as e:
            services.henvisning_send(
                actor=sak.saksbehandler, henvisning_id=h.pk, kanal="brev", sendt=today()
            )
        assert fields_of(e.value) == {"override_reason"}
        h = services.henvisning_send(
            actor=sak.saksbehandler,
            henvisning_id=h.pk,
            kanal="brev",
            sendt=today(),
            override_reason="Familien ønsker det.",
        )
        assert (h.status, recorded) == ("sendt", ["Familien ønsker det."])
    finally:
        registry.SEND_RULES.remove(block)
        registry.SEND_WARNINGS.remove(warn)
        registry.AFTER_SEND.pop()


def test_HENV_03_a_declined_offer_is_recorded_with_its_reason(sak, bup):
    h = answer(f.sent(sak, bup, on=today() - timedelta(days=5)))
    with pytest.raises(RuleViolation) as e:
        services.henvisning_take_up(
            actor=sak.saksbehandler, henvisning_id=h.pk, oppfolging="takket_nei"
        )
    assert fields_of(e.value) == {"merknad"}
    h = services.henvisning_take_up(
        actor=sak.saksbehandler,
        henvisning_id=h.pk,
        oppfolging="takket_nei",
        merknad="Familien vil vente.",
    )
    assert (h.oppfolging, h.oppfolging_merknad, h.vedtak) == (
        "takket_nei",
        "Familien vil vente.",
        None,
    )


def test_HENV_01_LOG_01_the_referral_is_in_the_case_history(client, world, sak, bup):
    h = f.draft(sak, bup)
    services.henvisning_update(
        actor=sak.saksbehandler,
        sak_id=sak.pk,
        henvisning_id=h.pk,
        data=f.data(bup, h.samtykke, sporsmal="Vi ber om en samtale med familien."),
    )
    client.force_login(world.saksbehandler)
    html = client.get(reverse("cases:history", kwargs={"sak_id": sak.pk})).content.decode()
    assert "Vi ber om en samtale med familien." in html


def test_HENV_01_the_plan_page_offers_a_referral_from_each_goal(client, world, sak, bup):
    from tests.plans import factories as pf

    pf.running_plan(world, sak)
    goal = selectors.plan_goals(sak)[0]
    f.draft(sak, bup, maal_ids=[goal.pk])
    client.force_login(world.saksbehandler)
    html = client.get(reverse("plans:detail", kwargs={"sak_id": sak.pk})).content.decode()
    create = reverse("henvisning:create", kwargs={"sak_id": sak.pk})
    assert f"{create}?maal={goal.pk}" in html
    assert "1 henvisning" in html
