"""Issue 26: the service's written form (målform), the user's own choice, the letters' form
per party, the nightly e-mail in its recipient's form, and nynorsk dates."""

from __future__ import annotations

import re
import zlib
from datetime import date

import pytest
from django.urls import reverse
from django.utils import translation

from accounts.models import User
from cases import services as case_services
from cases.models import Part
from core.dates import format_dato
from documents.models import Dokument
from documents.services import dokument_read_verified, dokument_render
from reminders import services as reminder_services
from reminders.models import Paminnelse
from tests.documents.helpers import documents_storage  # noqa: F401  (a fixture)
from tests.documents.test_party_letters import text_of
from tests.vedtak import factories as vf

from .telltale import bokmal_in

pytestmark = pytest.mark.django_db


def _nynorsk_service(world):
    """The service writes nynorsk, and calls itself so (its name is data, printed as given)."""
    world.tjeneste.malform = "nn"
    world.tjeneste.navn = "Barnevernstenesta i Fjordvik"
    world.tjeneste.save()


def test_a_user_sees_their_services_form_unless_they_chose_their_own(world):
    sb = User.objects.get(pk=world.saksbehandler.pk)
    assert sb.language() == "nb"  # the default: bokmål
    _nynorsk_service(world)
    sb = User.objects.get(pk=world.saksbehandler.pk)
    assert sb.language() == "nn"
    sb.malform = "nb"
    assert sb.language() == "nb"  # the user's own choice first
    assert User(username="ny").language() == "nb"  # no role, no service: bokmål


def test_the_pages_follow_the_users_form(client, world):
    _nynorsk_service(world)
    client.force_login(world.saksbehandler)
    response = client.get(reverse("core:home"))
    assert response.status_code == 200
    assert '<html lang="nn"' in response.content.decode()
    assert response["Content-Language"] == "nn"
    with translation.override("nn"):
        assert translation.gettext("Log out") in response.content.decode()
    # The user chooses bokmål for their own screens: kept, with its history.
    response = client.post(reverse("accounts:malform"), {"malform": "nb"})
    assert response.status_code == 302
    assert User.objects.get(pk=world.saksbehandler.pk).malform == "nb"
    assert User.history.filter(id=world.saksbehandler.pk, malform="nb").exists()
    response = client.get(reverse("core:home"))
    assert '<html lang="nb"' in response.content.decode()
    # «The service's form» again.
    client.post(reverse("accounts:malform"), {"malform": ""})
    assert '<html lang="nn"' in client.get(reverse("core:home")).content.decode()


def test_the_written_form_page_refuses_an_unknown_form_next_to_the_field(client, world):
    client.force_login(world.saksbehandler)
    response = client.post(reverse("accounts:malform"), {"malform": "sv"})
    assert response.status_code == 200
    page = response.content.decode()
    assert 'aria-invalid="true"' in page or "error" in page
    assert User.objects.get(pk=world.saksbehandler.pk).malform == ""
    assert "Velg et gyldig valg" in page or "Vel eit gyldig val" in page


def test_dates_are_written_in_nynorsk():
    with translation.override("nn"):
        assert format_dato(date(2026, 12, 5), "weekday") == "laurdag 5. desember 2026"
        assert format_dato(date(2026, 11, 30), "weekday") == "måndag 30. november 2026"
    with translation.override("nb"):
        assert format_dato(date(2026, 12, 5), "weekday") == "lørdag 5. desember 2026"


def test_the_nightly_e_mail_is_in_its_recipients_form(world):
    _nynorsk_service(world)
    content = {"antall": 1, "kinds": [{"id": "evaluering", "rule": "EVAL-01", "antall": 1}]}
    row = Paminnelse.objects.create(
        mottaker=world.teamleder, kjoredato=date(2026, 12, 5), innhold=content
    )
    message = reminder_services.render_digest(Paminnelse.objects.get(pk=row.pk))
    text = message.subject + "\n" + message.body
    with translation.override("nn"):
        assert translation.gettext("Good morning,") in message.body
    assert bokmal_in(text) == []
    # A leader of the same service who chose bokmål gets it in bokmål.
    world.teamleder.malform = "nb"
    world.teamleder.save()
    message = reminder_services.render_digest(Paminnelse.objects.get(pk=row.pk))
    with translation.override("nb"):
        assert translation.gettext("Good morning,") in message.body


def _pdf_lang(content: bytes) -> str | None:
    """The PDF's /Lang (the document catalogue lies in a compressed object stream)."""
    for raw in re.findall(rb"stream\r?\n(.*?)\r?\nendstream", content, re.S):
        try:
            data = zlib.decompress(raw)
        except zlib.error:
            data = raw
        match = re.search(rb"/Lang\s*\((\w+)\)", data)
        if match:
            return match.group(1).decode()
    match = re.search(rb"/Lang\s*\((\w+)\)", content)
    return match.group(1).decode() if match else None


#: What a nynorsk service's caseworker writes in the decision (the data of the letter).
NN_CONTENT = {
    "bakgrunn": "Familien har bede om hjelp etter ein vanskeleg periode.",
    "vurdering": "Tenesta vurderer at foreldrerettleiing og støttekontakt vil hjelpe.",
    "barnets_mening": "Barnet ønskjer ein støttekontakt å gjere aktivitetar med.",
    "barnets_mening_vekt": "Ønsket til barnet er tillagt stor vekt.",
    "barnets_beste": "Det er til det beste for barnet å få tiltaka no.",
}


@pytest.mark.usefixtures("documents_storage")
def test_DOK_01_a_party_who_wants_bokmal_gets_a_bokmal_copy_the_others_nynorsk(
    world, tmp_path, monkeypatch
):
    _nynorsk_service(world)
    monkeypatch.setattr(vf, "CONTENT", NN_CONTENT)
    sak = world.sak_a
    far = sak.parter.get(relasjon=Part.Relasjon.FAR)
    case_services.part_update(
        actor=world.saksbehandler, sak_id=sak.pk, part_id=far.pk, data={"malform": "nb"}
    )
    v = vf.godkjent(world)
    copies = list(Dokument.objects.for_source(v).filter(type="vedtak").select_related("part"))
    assert copies and len(copies) >= 2
    forms = {d.part_id: d.sprak for d in copies}
    assert forms[far.pk] == "nb"
    assert {s for pk, s in forms.items() if pk != far.pk} == {"nn"}
    for d in copies:
        d = dokument_render(dokument_id=d.pk) if d.status == Dokument.Status.BESTILT else d
        d = Dokument.objects.get(pk=d.pk)
        content = dokument_read_verified(d)
        assert content is not None
        assert _pdf_lang(content) == d.sprak  # screen readers read it in its language
        path = tmp_path / f"{d.pk}.pdf"
        path.write_bytes(content)
        text = text_of(path)
        if d.sprak == "nn":
            found = [
                line[max(0, line.find("»") - 60) : line.find("«") + 40] for line in bokmal_in(text)
            ]
            assert not found, found
            assert "barnevernstenesta" in text.lower()
        else:
            assert "barnevernstjenesten" in text.lower()


def test_a_partys_wish_for_the_other_form_is_kept_and_shown_on_the_case(client, world):
    _nynorsk_service(world)
    sak = world.sak_a
    far = sak.parter.get(relasjon=Part.Relasjon.FAR)
    case_services.part_update(
        actor=world.saksbehandler, sak_id=sak.pk, part_id=far.pk, data={"malform": "nb"}
    )
    assert Part.history.filter(id=far.pk, malform="nb").exists()
    client.force_login(world.saksbehandler)
    page = client.get(reverse("cases:detail", args=[sak.pk])).content.decode()
    assert "Brev på Bokmål" in page  # the interface is nynorsk, the party's letters bokmål
