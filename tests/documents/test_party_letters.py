"""Issue 20, finding 10 (and the document list of finding 8): the parties' letters read back
from the real PDFs.

- DOK-02: every party gets a copy of the decision of their own, addressed to them with their
  own address block (SAK-05: never a shielded address), the copies listed in each, and each
  copy is sent to its own party only; the document list names each copy's recipient.
- Signatures carry job titles; the caseworker's direct telephone and e-mail are printed.
- «barnevernstjenesten», as the law spells it, in every letter.
- The advance notice says what is being considered and why (fvl § 16).
- Every letter is set in Inter and nothing else (``pdffonts``).

The first page of each letter type is saved as a PNG under ``test-artifacts/letters/``.
"""

from __future__ import annotations

import re
import subprocess
from datetime import timedelta
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone

from cases import services as case_services
from cases.models import Part
from core.exceptions import RuleViolation
from documents.models import Dokument, Utsending
from documents.services import dokument_read_verified, dokument_register_dispatch, dokument_render
from tests.contractors import factories as cf
from tests.plans import factories as pf
from tests.vedtak import factories as vf
from vedtak.models import Vedtak

from .helpers import documents_storage  # noqa: F401  (a fixture)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("documents_storage")]

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "letters"
MOR_ADRESSE = "Fjellveien 3, 9999 Fjordvik"
FAR_ADRESSE = "Postboks 12, 9990 Nabodal"
SKJULT_ADRESSE = "Hemmeligveien 7, 9999 Fjordvik"


def _pdf(dokument: Dokument, tmp_path: Path) -> Path:
    dokument = Dokument.objects.get(pk=dokument.pk)
    if dokument.status == Dokument.Status.BESTILT:
        dokument = dokument_render(dokument_id=dokument.pk)
    assert dokument.is_downloadable, dokument.feil
    content = dokument_read_verified(dokument)
    assert content is not None
    path = tmp_path / f"{dokument.type}-{dokument.pk}.pdf"
    path.write_bytes(content)
    return path


def text_of(path: Path, *, first_page: bool = False) -> str:
    args = ["pdftotext", "-layout", *(["-f", "1", "-l", "1"] if first_page else []), str(path)]
    out = subprocess.run([*args, "-"], capture_output=True, text=True, timeout=30, check=True)
    return " ".join(out.stdout.split())


def fonts_of(path: Path) -> set[str]:
    """The embedded fonts' family names (the subset prefix ``ABCDEF+`` dropped)."""
    out = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True)
    rows = out.stdout.splitlines()[2:]
    return {row.split()[0].split("+", 1)[-1] for row in rows if row.strip()}


def first_page_png(path: Path, name: str) -> Path:
    """The letter's first page as a PNG screenshot (poppler's pdftoppm)."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    target = ARTIFACTS / name
    subprocess.run(
        ["pdftoppm", "-png", "-r", "80", "-f", "1", "-l", "1", "-singlefile", str(path), target],
        check=True,
        timeout=60,
    )
    png = target.with_suffix(".png")
    assert png.stat().st_size > 10_000
    return png


def check_letter(dokument: Dokument, tmp_path: Path, name: str) -> str:
    """Every letter: Inter only, «barnevernstjenesten» spelled as the law spells it, a
    screenshot of its first page. Returns its text."""
    path = _pdf(dokument, tmp_path)
    fonts = fonts_of(path)
    assert fonts and all(re.fullmatch(r"Inter(-Bold)?", f) for f in fonts), fonts
    text = text_of(path)
    assert not re.search(r"barneverntjenest", text, re.IGNORECASE), name
    first_page_png(path, name)
    return text


@pytest.fixture
def parents_apart(world):
    """The mother and the father live at different addresses; the caseworker has a job
    title, a direct telephone and an e-mail; the service is spelled as the law spells it."""
    sak = world.sak_a
    mor = sak.parter.get(relasjon=Part.Relasjon.MOR)
    far = sak.parter.get(relasjon=Part.Relasjon.FAR)
    for part, adresse in ((mor, MOR_ADRESSE), (far, FAR_ADRESSE)):
        case_services.part_update(
            actor=world.saksbehandler, sak_id=sak.pk, part_id=part.pk, data={"adresse": adresse}
        )
    sb = world.saksbehandler
    sb.first_name, sb.last_name = "Sara", "Lien"
    sb.tittel = "Barnevernskonsulent"
    sb.telefon = "41 00 00 11"
    sb.email = "sara.lien@fjordvik.invalid"
    sb.save()
    bvl = world.barnevernleder
    bvl.first_name, bvl.last_name, bvl.tittel = "Berit", "Strand", "Barnevernsleder"
    bvl.save()
    tjeneste = sak.tjeneste
    tjeneste.navn = "Barnevernstjenesten i Fjordvik"
    tjeneste.save()
    return mor, far


def _copies(vedtak: Vedtak) -> dict[int, Dokument]:
    return {
        d.part_id: d
        for d in Dokument.objects.for_source(vedtak).filter(type="vedtak").select_related("part")
    }


def test_DOK_02_SAK_05_each_party_gets_a_copy_of_the_decision_with_their_own_address(
    world, parents_apart, tmp_path
):
    mor, far = parents_apart
    v = vf.godkjent(world)
    copies = _copies(v)
    assert set(copies) == {mor.pk, far.pk}  # one copy per party, none joint
    mor_text = check_letter(copies[mor.pk], tmp_path, "vedtak")
    far_text = text_of(_pdf(copies[far.pk], tmp_path))
    first = text_of(_pdf(copies[mor.pk], tmp_path), first_page=True)
    # The address block is the copy's own party's, with the postal address.
    assert mor.fullt_navn in first and "Fjellveien 3" in first and "9999 Fjordvik" in first
    assert "Postboks 12" not in mor_text
    assert "Postboks 12" in far_text and "9990 Nabodal" in far_text
    assert "Fjellveien 3" not in far_text
    # All copies listed with their recipient, in each copy.
    for text in (mor_text, far_text):
        assert "Likelydende brev er sendt til partene i saken" in text
        assert f"{mor.fullt_navn} (mor)" in text and f"{far.fullt_navn} (far)" in text
    # Signatures with job titles; the caseworker's direct telephone and e-mail.
    assert "Berit Strand Barnevernsleder" in mor_text or (
        "Berit Strand" in mor_text and "Barnevernsleder" in mor_text
    )
    assert "Barnevernskonsulent" in mor_text
    assert "41 00 00 11" in first and "sara.lien@fjordvik.invalid" in first
    assert "Barnevernstjenestens vurdering" in mor_text


def test_SAK_05_a_shielded_partys_copy_has_no_address(world, parents_apart, tmp_path):
    mor, far = parents_apart
    case_services.part_update(
        actor=world.saksbehandler,
        sak_id=world.sak_a.pk,
        part_id=mor.pk,
        data={"adresse": SKJULT_ADRESSE, "adressebeskyttelse": "fortrolig"},
    )
    v = vf.godkjent(world)
    copies = _copies(v)
    for part_id in (mor.pk, far.pk):
        text = text_of(_pdf(copies[part_id], tmp_path))
        assert "Hemmeligveien" not in text
    assert mor.fullt_navn in text_of(_pdf(copies[mor.pk], tmp_path), first_page=True)


def test_DOK_02_each_copy_is_sent_to_its_own_party_only(world, parents_apart):
    mor, far = parents_apart
    v = vf.godkjent(world)
    vf.render_documents(v)
    copies = _copies(v)
    with pytest.raises(RuleViolation) as refused:
        dokument_register_dispatch(
            actor=world.saksbehandler, dokument=copies[mor.pk], part=far, kanal="brev"
        )
    assert refused.value.breaches[0].rule_id == "DOK-02"
    assert refused.value.breaches[0].field == "part"
    # The send-out registers each party on their own copy.
    vf_send_out(world, v, {f"part-{mor.pk}": "digital", f"part-{far.pk}": "brev"})
    sent = {
        u.part_id: (u.dokument_id, u.kanal)
        for u in Utsending.objects.filter(dokument__in=copies.values())
    }
    assert sent == {mor.pk: (copies[mor.pk].pk, "digital"), far.pk: (copies[far.pk].pk, "brev")}
    assert all(d.status == "sendt" for d in _copies(v).values())


def vf_send_out(world, v, kanaler):
    from vedtak import services

    return services.vedtak_send_out(actor=world.saksbehandler, vedtak_id=v.pk, kanaler=kanaler)


def test_DOK_02_the_dispatch_form_of_a_copy_offers_its_own_party_only(client, world, parents_apart):
    mor, far = parents_apart
    v = vf.godkjent(world)
    vf.render_documents(v)
    copy = _copies(v)[mor.pk]
    client.force_login(world.saksbehandler)
    url = reverse("documents:dispatch", kwargs={"sak_id": v.sak_id, "dokument_id": copy.pk})
    html = client.get(url).content.decode()
    assert mor.fullt_navn in html
    assert far.fullt_navn not in html
    assert 'name="mottaker"' not in html  # no «someone else» for a party's own copy


def test_issue_20_8_the_document_list_names_each_copys_recipient(client, world, parents_apart):
    mor, far = parents_apart
    v = vf.klar_for_godkjenning(world)
    vf.notify_all(world, v, answered=False)
    client.force_login(world.saksbehandler)
    html = client.get(reverse("documents:list", kwargs={"sak_id": v.sak_id})).content.decode()
    rows = re.findall(r"Forhåndsvarsel, versjon 1(.*?)</td>", html, re.S)
    assert len(rows) == 2
    assert {("Til " + mor.fullt_navn) in r for r in rows} == {True, False}
    assert any(("Til " + far.fullt_navn) in r for r in rows)


def test_VED_06_the_advance_notice_says_what_is_considered_and_why(world, parents_apart, tmp_path):
    mor, _far = parents_apart
    v = vf.klar_for_godkjenning(world)
    vf.notify_all(world, v, answered=False)
    vf.consent_all(world, v)
    notice = Dokument.objects.get(sak=v.sak, type="forhandsvarsel", part=mor)
    text = check_letter(notice, tmp_path, "forhandsvarsel")
    first = text_of(_pdf(notice, tmp_path), first_page=True)
    assert mor.fullt_navn in first and "Fjellveien 3" in first  # her own address block
    assert "Hva vi vurderer" in text and "Støttekontakt, 4 timer per uke" in text
    assert "barnevernsloven § 3-1" in text
    assert "Hvorfor vi vurderer dette" in text
    assert vf.CONTENT["bakgrunn"] in text
    assert "41 00 00 11" in first and "sara.lien@fjordvik.invalid" in first
    assert "Barnevernskonsulent" in text  # the caseworker signs with the job title
    consent = Dokument.objects.filter(sak=v.sak, type="samtykkeerklaering").first()
    check_letter(consent, tmp_path, "samtykkeerklaering")


def test_a_signature_without_a_job_title_gets_the_role(world, tmp_path):
    v = vf.godkjent(world)
    world.saksbehandler.tittel = ""
    world.saksbehandler.save()
    doc = Dokument.objects.for_source(v).filter(type="vedtak").first()
    text = text_of(_pdf(doc, tmp_path))
    assert "Saksbehandler" in text.split("Med hilsen", 1)[1]
    assert "Barnevernleder" in text.split("Med hilsen", 1)[1]


def test_DOK_02_the_plan_and_evaluation_go_as_copies_every_letter_in_inter(
    world, parents_apart, tmp_path, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        _v, versjon, _tiltak = pf.running_plan(world, started_days_ago=40)
    mor, far = parents_apart
    plan_copies = Dokument.objects.for_source(versjon).filter(type="tiltaksplan")
    assert {d.part_id for d in plan_copies} == {mor.pk, far.pk}  # DOK-02: a copy each
    text = check_letter(plan_copies.get(part=far), tmp_path, "tiltaksplan")
    assert "Postboks 12" in text and "Fjellveien 3" not in text  # his own address only
    assert "Likelydende brev er sendt til partene i saken" in text
    check_letter(
        Dokument.objects.for_source(versjon).get(type="tiltaksplan_barn"),
        tmp_path,
        "tiltaksplan_barn",
    )
    with django_capture_on_commit_callbacks(execute=True):
        ev = pf.evaluation(world, neste=timezone.localdate() + timedelta(days=60))
    ev_copies = Dokument.objects.for_source(ev).filter(type="evaluering")
    assert {d.part_id for d in ev_copies} == {mor.pk, far.pk}
    text = check_letter(ev_copies.get(part=mor), tmp_path, "evaluering")
    assert "Fjellveien 3" in text and "Postboks 12" not in text
    sb = world.saksbehandler
    o = cf.make_oppdragstaker(sb, fornavn="Sigrid", etternavn="Støttesen")
    oppdrag = cf.assign(
        sb, cf.godkjent_tiltak(world), o, fra_dato=timezone.localdate() + timedelta(days=7)
    )
    check_letter(
        Dokument.objects.for_source(oppdrag).get(type="oppdragsavtale"), tmp_path, "oppdragsavtale"
    )
    check_letter(
        Dokument.objects.for_source(o).get(type="godkjenningsdokument"),
        tmp_path,
        "godkjenningsdokument",
    )
