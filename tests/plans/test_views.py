"""The plan and evaluation pages: the editor's rows without JavaScript (nothing typed is lost,
LOG-02), approval by a leader, the evaluation form prefilled from the goals, the case page's
panel (EVAL-01/02: due and late), the team leader's queue, and their query counts."""

from datetime import timedelta

import pytest
from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from evaluations.models import Evaluering
from plans import selectors, services
from plans.models import Maal, Planversjon

from ..factories import make_sak
from . import factories as f

pytestmark = pytest.mark.django_db


def editor_post(versjon, **overrides) -> dict:
    """The editor's form as the browser posts it, from the saved draft."""
    data = {
        "gyldig_fra": versjon.gyldig_fra.isoformat() if versjon.gyldig_fra else "",
        "gyldig_til": "",
        "neste_evaluering": versjon.neste_evaluering.isoformat()
        if versjon.neste_evaluering
        else "",
        **{k: getattr(versjon, k) for k in services.TEXT_FIELDS},
        "tiltak-TOTAL_FORMS": "0",
        "tiltak-INITIAL_FORMS": "0",
        "aktivitet-TOTAL_FORMS": "0",
        "aktivitet-INITIAL_FORMS": "0",
    }
    goals = list(Maal.objects.filter(versjon=versjon).order_by("rekkefolge"))
    data["maal-TOTAL_FORMS"] = str(len(goals))
    data["maal-INITIAL_FORMS"] = str(len(goals))
    for i, g in enumerate(goals):
        data[f"maal-{i}-id"] = str(g.pk)
        data[f"maal-{i}-beskrivelse"] = g.beskrivelse
        data[f"maal-{i}-indikator"] = g.indikator
        if g.overordnet_id:
            data[f"maal-{i}-delmal"] = "on"
    pts = list(versjon.plantiltak.all())
    data["tiltak-TOTAL_FORMS"] = str(len(pts))
    for i, pt in enumerate(pts):
        data[f"tiltak-{i}-tiltak_id"] = str(pt.tiltak_id)
        data[f"tiltak-{i}-valgt"] = "on"
        data[f"tiltak-{i}-planlagt_til"] = pt.planlagt_til.isoformat() if pt.planlagt_til else ""
    data.update(overrides)
    return data


@pytest.fixture
def draft(world):
    vedtak = f.godkjent_vedtak(world)
    return f.draft(world, tiltak=f.tiltak_of(vedtak))


def edit_url(versjon) -> str:
    return reverse("plans:edit", kwargs={"sak_id": versjon.plan.sak_id, "versjon_id": versjon.pk})


def test_PLAN_02_add_a_row_without_javascript_keeps_what_was_typed(client, world, draft):
    client.force_login(world.saksbehandler)
    data = editor_post(
        draft,
        op="add-maal",
        utfordringer="Skrevet i møtet, ikke lagret",
        **{"maal-0-beskrivelse": "Endret i møtet"},
    )
    response = client.post(edit_url(draft), data)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'name="maal-TOTAL_FORMS" value="3"' in html
    assert "Skrevet i møtet, ikke lagret" in html
    assert "Endret i møtet" in html
    assert 'id="id_maal-2-beskrivelse"' in html and "autofocus" in html
    # Nothing is saved until the caseworker saves.
    assert Maal.objects.filter(versjon=draft).count() == 2
    assert Planversjon.objects.get(pk=draft.pk).utfordringer == f.CONTENT["utfordringer"]


def test_PLAN_02_move_and_remove_rows_then_save(client, world, draft):
    client.force_login(world.saksbehandler)
    goals = list(Maal.objects.filter(versjon=draft).order_by("rekkefolge"))
    data = editor_post(draft, op="add-maal")
    data = {**data, "maal-TOTAL_FORMS": "3", "maal-2-beskrivelse": "Ny tredje"}
    response = client.post(edit_url(draft), {**data, "op": "up-maal-2"})
    html = response.content.decode()
    # "Ny tredje" is now row 2 (index 1); the moved row's button keeps the focus.
    assert html.index("Ny tredje") < html.index(goals[1].beskrivelse)
    assert 'id="up-maal-1" autofocus' in html
    moved = {
        **data,
        "maal-1-beskrivelse": "Ny tredje",
        "maal-1-id": "",
        "maal-1-delmal": "",
        "maal-2-beskrivelse": goals[1].beskrivelse,
        "maal-2-id": str(goals[1].pk),
        "maal-2-delmal": "on",
    }
    response = client.post(edit_url(draft), {**moved, "op": "remove-maal-0"})
    assert response.status_code == 200
    assert 'name="maal-TOTAL_FORMS" value="2"' in response.content.decode()
    response = client.post(edit_url(draft), {**moved, "op": "save"})
    assert response.status_code == 302
    saved = list(Maal.objects.filter(versjon=draft).order_by("rekkefolge"))
    assert [g.beskrivelse for g in saved] == [
        goals[0].beskrivelse,
        "Ny tredje",
        goals[1].beskrivelse,
    ]
    assert saved[2].overordnet_id == saved[1].pk  # a delmål of the goal above it


def test_LOG_02_EVAL_02_a_refused_date_is_shown_next_to_the_field_and_input_kept(
    client, world, draft
):
    client.force_login(world.saksbehandler)
    too_late = (timezone.localdate() + timedelta(days=200)).isoformat()
    response = client.post(
        edit_url(draft),
        editor_post(draft, op="save", neste_evaluering=too_late, ressurser="Ny tekst"),
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="id_neste_evaluering_error"' in html
    assert "EVAL-02" in html
    assert f'value="{too_late}"' in html and "Ny tekst" in html
    assert Planversjon.objects.get(pk=draft.pk).ressurser == f.CONTENT["ressurser"]


def test_PLAN_03_submit_and_approve_through_the_pages(client, world, draft):
    sak_id = draft.plan.sak_id
    client.force_login(world.saksbehandler)
    url = reverse("plans:submit", kwargs={"sak_id": sak_id, "versjon_id": draft.pk})
    assert client.get(url).status_code == 200
    assert client.post(url).status_code == 302
    # The caseworker cannot open the approval page: 404.
    approve = reverse("plans:approve", kwargs={"sak_id": sak_id, "versjon_id": draft.pk})
    assert client.get(approve).status_code == 404
    client.force_login(world.teamleder)
    response = client.post(approve, {"op": "return", "comment": ""})
    assert response.status_code == 200 and "PLAN-03" in response.content.decode()
    assert client.post(approve, {"op": "approve"}).status_code == 302
    assert Planversjon.objects.get(pk=draft.pk).status == Planversjon.Status.GODKJENT


def test_PLAN_04_the_approval_page_explains_why_approval_is_blocked(client, world):
    vedtak = f.godkjent_vedtak(world, tiltak=("stottekontakt", "leksehjelp"))
    running, planned = f.tiltak_of(vedtak)
    f.approved(world, tiltak=[running, planned])
    f.start(world, running)
    second = f.draft(world, tiltak=[planned], new_version=True)
    services.planversjon_send_for_approval(actor=world.saksbehandler, versjon_id=second.pk)
    client.force_login(world.teamleder)
    url = reverse("plans:approve", kwargs={"sak_id": world.sak_a.pk, "versjon_id": second.pk})
    html = client.get(url).content.decode()
    assert "PLAN-04" in html and "Støttekontakt" in html
    response = client.post(url, {"op": "approve"})
    assert response.status_code == 200 and "PLAN-04" in response.content.decode()


def test_EVAL_03_the_evaluation_form_is_prefilled_and_completes(client, world):
    f.running_plan(world, started_days_ago=40)
    client.force_login(world.saksbehandler)
    sak_id = world.sak_a.pk
    # RUT-02: the service's routine for evaluations, next to the action it governs.
    page = client.get(reverse("evaluations:create", kwargs={"sak_id": sak_id})).content.decode()
    assert reverse("rutiner:rutine", args=["evaluering"]) in page
    response = client.post(reverse("evaluations:create", kwargs={"sak_id": sak_id}))
    ev = Evaluering.objects.get()
    assert response["Location"] == reverse(
        "evaluations:edit", kwargs={"sak_id": sak_id, "evaluering_id": ev.pk}
    )
    html = client.get(response["Location"]).content.decode()
    for goal in f.GOALS:
        assert goal["beskrivelse"] in html and goal["indikator"] in html
    rows = list(ev.maalvurderinger.order_by("maal__rekkefolge"))
    today = timezone.localdate()
    data = {
        "dato": today.isoformat(),
        "fra_tjenesten": "Bedre.",
        "fra_samarbeidspartnere": "Skolen: mindre fravær.",
        "fra_foreldre": "Fornøyde.",
        "fra_barnet": "Gøy med fotball.",
        "neste_evaluering": (today + timedelta(days=80)).isoformat(),
        "fremgang-TOTAL_FORMS": str(len(rows)),
        "fremgang-INITIAL_FORMS": str(len(rows)),
        "konklusjon-TOTAL_FORMS": "1",
        "konklusjon-INITIAL_FORMS": "1",
        "konklusjon-0-konklusjon": "fortsette",
        "op": "complete",
    }
    for i in range(len(rows)):
        data[f"fremgang-{i}-fremgang"] = "god"
    url = reverse("evaluations:edit", kwargs={"sak_id": sak_id, "evaluering_id": ev.pk})
    response = client.post(url, {**data, "fremgang-1-fremgang": ""})
    assert response.status_code == 200 and "EVAL-03" in response.content.decode()
    assert Evaluering.objects.get().status == "utkast"
    assert client.post(url, data).status_code == 302
    assert Evaluering.objects.get().status == "G"


def test_EVAL_01_the_case_page_shows_when_the_next_evaluation_is_due_and_that_it_is_late(
    client, world
):
    f.running_plan(world, started_days_ago=50)
    client.force_login(world.saksbehandler)
    html = client.get(reverse("cases:detail", kwargs={"sak_id": world.sak_a.pk})).content
    html = html.decode()
    due = timezone.localdate() - timedelta(days=50) + timedelta(weeks=6)
    assert f'datetime="{due.isoformat()}"' in html
    assert 'id="plan-heading"' in html
    assert 'data-color="danger"' in html.split('id="plan-heading"')[1].split("</section>")[0]
    summary = selectors.plan_summary(world.sak_a)
    assert summary.late and not summary.over_limit and summary.schedule.due == due


def test_the_case_page_panel_without_a_plan(client, world):
    client.force_login(world.saksbehandler)
    html = client.get(reverse("cases:detail", kwargs={"sak_id": world.sak_a.pk})).content
    assert reverse("plans:detail", kwargs={"sak_id": world.sak_a.pk}) in html.decode()


def test_plan_summary_is_one_query_whatever_the_plan_holds(world):
    _v, _versjon, _t = f.running_plan(world, started_days_ago=30)
    with CaptureQueriesContext(connection) as small:
        selectors.plan_summary(world.sak_a)
    for _ in range(3):
        new = f.draft(world, new_version=True)
        services.planversjon_send_for_approval(actor=world.saksbehandler, versjon_id=new.pk)
        services.planversjon_approve(actor=world.teamleder, versjon_id=new.pk)
    f.evaluation(world)
    with CaptureQueriesContext(connection) as large:
        summary = selectors.plan_summary(world.sak_a)
    assert len(small.captured_queries) == len(large.captured_queries) == 1
    assert summary.in_force.nummer == 4 and summary.version_count == 4


def test_PLAN_03_the_team_leaders_queue(world, django_assert_max_num_queries):
    for _ in range(3):  # drafts are not in the queue
        sak = make_sak(world.saksbehandler, world.team_a, parter=1)
        services.tiltaksplan_create(actor=world.saksbehandler, sak_id=sak.pk)
    waiting = []
    for sak in (world.sak_a,):
        vedtak = f.godkjent_vedtak(world, sak)
        d = f.draft(world, sak, tiltak=f.tiltak_of(vedtak))
        services.planversjon_send_for_approval(actor=world.saksbehandler, versjon_id=d.pk)
        waiting.append(d.pk)
    with django_assert_max_num_queries(1):
        queue = selectors.plans_awaiting_approval(world.teamleder)
    assert [v.pk for v in queue] == waiting
    assert selectors.plans_awaiting_approval(world.saksbehandler) == []
    assert selectors.plans_awaiting_approval(world.teamleder_b) == []
    assert [v.pk for v in selectors.plans_awaiting_approval(world.barnevernleder)] == waiting
    html = render_to_string("plans/_queue_section.html", {"plan_queue": queue})
    assert world.sak_a.saksnummer in html
    assert (
        reverse("plans:approve", kwargs={"sak_id": world.sak_a.pk, "versjon_id": waiting[0]})
        in html
    )


def test_PLAN_03_the_history_page_shows_what_changed(client, world):
    _v, _first, _t = f.running_plan(world)
    second = services.planversjon_create(actor=world.saksbehandler, sak_id=world.sak_a.pk)
    services.planversjon_update(
        actor=world.saksbehandler,
        versjon_id=second.pk,
        data={"sikkerhetsplan": "Ring naboen Kari først."},
        activities=[{"hva": "Leksehjelp", "hvor_ofte": "Ukentlig", "ansvarlig": "Skolen"}],
    )
    client.force_login(world.barnevernleder)
    html = client.get(reverse("plans:history", kwargs={"sak_id": world.sak_a.pk})).content
    html = html.decode()
    assert "Ring naboen Kari først." in html and f.CONTENT["sikkerhetsplan"] in html
    assert "Leksehjelp" in html and f.ACTIVITIES[0]["hva"] in html
