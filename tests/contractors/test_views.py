"""The contractor pages: every role gets 200 or 404 on the service pages (the case pages are
in tests/test_need_to_know.py), forms explain refusals by rule, the work list shows and drops
what is missing, and the lists run a constant number of queries."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from contractors import rules, services
from contractors.models import Innlevering, Oppdrag, Oppdragstaker

from ..conftest import World
from . import factories as f

pytestmark = pytest.mark.django_db

STAFF = {
    "saksbehandler",
    "saksbehandler_b",
    "teamleder",
    "teamleder_b",
    "barnevernleder",
    "kontorfaglig",
}
MANAGERS = {"saksbehandler", "saksbehandler_b", "teamleder", "teamleder_b"}

#: Who gets 200 on each service page (not case-scoped); everybody else gets 404.
EXPECTED = {
    # Another municipality's head of service sees their own service's (empty) lists.
    "contractors:list": STAFF | {"annen_tjeneste"},
    "contractors:create": MANAGERS,
    "contractors:worklist": {"kontorfaglig", "barnevernleder", "annen_tjeneste"},
    "contractors:detail": STAFF,
    "contractors:edit": MANAGERS,
    "contractors:politiattest": MANAGERS,
    "contractors:taushetserklaering": MANAGERS,
    "contractors:transition": MANAGERS | {"barnevernleder"},  # suspend
    "contractors:contract": {"kontorfaglig"},
    "contractors:submission": {"kontorfaglig", "saksbehandler", "teamleder"},  # team A's case
}


@pytest.fixture
def oppdrag(world):
    return f.quick_oppdrag(
        world.sak_a,
        by=world.saksbehandler,
        approver=world.barnevernleder,
        fra_dato=timezone.localdate() - timedelta(days=70),
    )


def _url(name, oppdrag):
    if name in {"contractors:list", "contractors:create", "contractors:worklist"}:
        return reverse(name)
    if name in {"contractors:contract", "contractors:submission"}:
        return reverse(name, kwargs={"oppdrag_id": oppdrag.pk})
    kwargs = {"oppdragstaker_id": oppdrag.oppdragstaker_id}
    if name == "contractors:transition":
        kwargs["action"] = "suspend"
    return reverse(name, kwargs=kwargs)


def test_ROLE_02_every_service_page_is_in_the_matrix():
    from ..test_need_to_know import iter_named_urls

    names = {n for n, conv in iter_named_urls() if n.startswith("contractors:")}
    case_pages = {
        n for n, conv in iter_named_urls() if n.startswith("contractors:") and "sak_id" in conv
    }
    # The approval document's download and «Try again» are tested with the document itself.
    documents = {"contractors:approval_download", "contractors:approval_retry"}
    assert names - case_pages - documents == set(EXPECTED)


@pytest.mark.parametrize("role", list(World.USERS))
@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_ROLE_02_service_pages_by_role(client, world, oppdrag, role, name):
    """Contractors hold personal data: only their service's staff see them (404 otherwise)."""
    client.force_login(world.users()[role])
    response = client.get(_url(name, oppdrag))
    expected = 200 if role in EXPECTED[name] else 404
    assert response.status_code == expected, (role, name)
    if expected == 404 or role == "annen_tjeneste":
        assert oppdrag.oppdragstaker.etternavn not in response.content.decode()


def test_ROLE_02_the_contractor_page_shows_the_case_only_to_its_readers(client, world, oppdrag):
    url = reverse("contractors:detail", kwargs={"oppdragstaker_id": oppdrag.oppdragstaker_id})
    child, number = world.sak_a.barn.fullt_navn, world.sak_a.saksnummer
    seen = {}
    for role in ("saksbehandler", "saksbehandler_b", "kontorfaglig"):
        client.force_login(getattr(world, role))
        html = client.get(url).content.decode()
        seen[role] = (child in html, number in html)
    assert seen == {
        "saksbehandler": (True, True),
        "saksbehandler_b": (False, False),
        "kontorfaglig": (False, True),  # the case number for the contract, never the child
    }


def test_OPP_01_LOG_02_registering_a_contractor_explains_refusals_next_to_the_field(client, world):
    client.force_login(world.saksbehandler)
    data = {
        "type": "kjopt_tjeneste",
        "tilknytning": "oppdragstaker",
        "fornavn": "Kari",
        "etternavn": "Lien",
        "arbeider_med_barnet": "on",
    }
    response = client.post(reverse("contractors:create"), data)
    assert response.status_code == 200
    assert "OPP-01" in str(response.context["form"].errors["tilknytning"])
    assert 'value="Lien"' in response.content.decode()
    data.update(type="stottekontakt")
    response = client.post(reverse("contractors:create"), data)
    o = Oppdragstaker.objects.get()
    assert response["Location"] == reverse("contractors:detail", kwargs={"oppdragstaker_id": o.pk})


def test_OPP_02_the_approval_actions_on_the_contractor_page(client, world):
    sb = world.saksbehandler
    o = f.make_oppdragstaker(sb, taushetserklaering=False)
    client.force_login(sb)
    detail = reverse("contractors:detail", kwargs={"oppdragstaker_id": o.pk})
    page = client.get(detail)
    actions = {a["name"]: a for a in page.context["actions"]}
    assert {b.rule_id for b in actions["receive_documentation"]["blocked"]} == {"OPP-02"}
    response = client.post(
        reverse(
            "contractors:transition",
            kwargs={"oppdragstaker_id": o.pk, "action": "receive_documentation"},
        ),
        follow=True,
    )
    assert "OPP-02" in response.content.decode()
    client.post(
        reverse("contractors:taushetserklaering", kwargs={"oppdragstaker_id": o.pk}),
        {"signert_dato": timezone.localdate().isoformat()},
    )
    for action in ("receive_documentation", "approve"):
        client.post(
            reverse("contractors:transition", kwargs={"oppdragstaker_id": o.pk, "action": action})
        )
    o.refresh_from_db()
    assert o.status == "godkjent"
    # Suspension asks for a reason (LOG-01).
    url = reverse("contractors:transition", kwargs={"oppdragstaker_id": o.pk, "action": "suspend"})
    assert client.post(url, {"reason": ""}).status_code == 200
    client.post(url, {"reason": "Venter på ny politiattest."})
    o.refresh_from_db()
    assert (o.status, o.suspendert_begrunnelse) == ("suspendert", "Venter på ny politiattest.")


def test_OPP_05_a_missing_timesheet_on_the_work_list_page_goes_when_received(
    client, world, oppdrag
):
    client.force_login(world.kontorfaglig)
    month = rules.last_month(timezone.localdate())
    link = (
        reverse("contractors:submission", kwargs={"oppdrag_id": oppdrag.pk})
        + f"?type=timeliste&amp;periode={month:%Y-%m}"
    )
    page = client.get(reverse("contractors:worklist"))
    assert link in page.content.decode()
    response = client.post(
        reverse("contractors:submission", kwargs={"oppdrag_id": oppdrag.pk})
        + f"?type=timeliste&periode={month:%Y-%m}",
        {"type": "timeliste", "periode": f"{month:%Y-%m}", "mottatt": timezone.localdate()},
    )
    assert response.status_code == 302
    assert Innlevering.objects.get().periode == month
    assert link not in client.get(reverse("contractors:worklist")).content.decode()


def test_OPP_04_the_kontorfaglig_registers_the_work_contract_from_the_work_list(
    client, world, oppdrag
):
    client.force_login(world.kontorfaglig)
    url = reverse("contractors:contract", kwargs={"oppdrag_id": oppdrag.pk})
    assert url in client.get(reverse("contractors:worklist")).content.decode()
    assert client.post(url, {"dato": timezone.localdate()}).status_code == 302
    oppdrag.refresh_from_db()
    assert oppdrag.arbeidskontrakt_av_id == world.kontorfaglig.pk
    assert url not in client.get(reverse("contractors:worklist")).content.decode()


def _count(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return sum(1 for q in ctx.captured_queries if "SAVEPOINT" not in q["sql"])


def _grow(world, n):
    fra = timezone.localdate() - timedelta(days=70)
    for i in range(n):
        f.quick_oppdrag(
            world.sak_a if i % 2 else world.sak_b,
            by=world.saksbehandler,
            approver=world.barnevernleder,
            fra_dato=fra,
            rapportering="manedlig" if i % 3 else "kvartalsvis",
        )


def test_work_list_query_count_is_constant_in_the_number_of_contractors(
    client, world, django_assert_num_queries
):
    client.force_login(world.kontorfaglig)
    url = reverse("contractors:worklist")
    _grow(world, 3)
    small = _count(client, url)
    _grow(world, 15)
    with django_assert_num_queries(small, exact=True) as captured:
        response = client.get(url)
    assert response.status_code == 200
    assert len(response.context["liste"].mangler) == 18
    assert len(response.context["liste"].kontrakter) == 18
    assert len(captured) <= 12


@pytest.mark.parametrize("role", ["saksbehandler", "kontorfaglig"])
def test_contractor_list_query_count_is_constant(client, world, role, django_assert_num_queries):
    client.force_login(getattr(world, role))
    url = reverse("contractors:list")
    _grow(world, 3)
    small = _count(client, url)
    _grow(world, 15)
    with django_assert_num_queries(small):
        assert len(client.get(url).context["rows"]) == 18


def test_the_case_page_offers_the_assignment_and_the_form_assigns(client, world):
    sb = world.saksbehandler
    tiltak = f.godkjent_tiltak(world)
    o = f.make_oppdragstaker(sb)
    client.force_login(sb)
    page = client.get(reverse("cases:detail", kwargs={"sak_id": world.sak_a.pk}))
    create = reverse(
        "contractors:oppdrag_create", kwargs={"sak_id": world.sak_a.pk, "tiltak_id": tiltak.pk}
    )
    assert create in page.content.decode()
    response = client.post(
        create,
        {
            "oppdragstaker": o.pk,
            "fra_dato": timezone.localdate() + timedelta(days=3),
            "timer": "4",
            "timer_per": "uke",
            "godtgjoring": "timesats",
            "veiledningsplan": "Månedlig veiledning.",
            "rapportering": "manedlig",
        },
    )
    oppdrag = Oppdrag.objects.get()
    assert response["Location"] == reverse(
        "contractors:oppdrag_detail", kwargs={"sak_id": world.sak_a.pk, "oppdrag_id": oppdrag.pk}
    )
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert o.etternavn in page.content.decode()


def test_OPP_02_the_assignment_form_refuses_an_unapproved_contractor_for_a_start_today(
    client, world
):
    sb = world.saksbehandler
    tiltak = f.godkjent_tiltak(world)
    o = f.make_oppdragstaker(sb, approved=False)
    client.force_login(sb)
    response = client.post(
        reverse(
            "contractors:oppdrag_create", kwargs={"sak_id": world.sak_a.pk, "tiltak_id": tiltak.pk}
        ),
        {
            "oppdragstaker": o.pk,
            "fra_dato": timezone.localdate(),
            "timer": "4",
            "timer_per": "uke",
            "godtgjoring": "timesats",
            "veiledningsplan": "Månedlig.",
            "rapportering": "manedlig",
        },
    )
    assert response.status_code == 200
    assert "OPP-02" in str(response.context["form"].errors["oppdragstaker"])
    assert not Oppdrag.objects.exists()


# --- OPP-02: an assignment to a contractor not yet approved says so where it shows (issue 17) -

BLOCKED = "Kan ikke starte: mangler politiattest og taushetserklæring"


def _pages(world, oppdrag):
    return {
        "case": (world.saksbehandler, reverse("cases:detail", kwargs={"sak_id": oppdrag.sak_id})),
        "assignment": (
            world.saksbehandler,
            reverse(
                "contractors:oppdrag_detail",
                kwargs={"sak_id": oppdrag.sak_id, "oppdrag_id": oppdrag.pk},
            ),
        ),
        "work_list": (world.kontorfaglig, reverse("contractors:worklist")),
        "contractor": (
            world.saksbehandler,
            reverse("contractors:detail", kwargs={"oppdragstaker_id": oppdrag.oppdragstaker_id}),
        ),
    }


def _texts(client, world, oppdrag) -> dict[str, str]:
    found = {}
    for name, (user, url) in _pages(world, oppdrag).items():
        client.force_login(user)
        response = client.get(url)
        assert response.status_code == 200
        found[name] = response.content.decode()
    return found


def test_OPP_02_an_unapproved_contractor_assigned_to_a_later_start_shows_the_warning(client, world):
    """Assigning a contractor without police certificate and confidentiality declaration to a
    measure that starts later is allowed; the case page (the assignment and the measure), the
    assignment, the work list and the contractor's page say what is missing until it is in."""
    sb = world.saksbehandler
    today = timezone.localdate()
    tiltak = f.godkjent_tiltak(world)
    o = f.make_oppdragstaker(sb, politiattest=False, taushetserklaering=False)
    oppdrag = f.assign(sb, tiltak, o, fra_dato=today + timedelta(days=14))

    pages = _texts(client, world, oppdrag)
    for name, text in pages.items():
        assert f'{BLOCKED}</span> <span class="app-rule">(OPP-02)</span>' in text, name
    # On the case page both on the assignment's row and on the measure's.
    assert pages["case"].count(BLOCKED) == 2

    # The documents in, the approval is what is left.
    services.politiattest_register(
        actor=sb,
        oppdragstaker_id=o.pk,
        utstedt_dato=today - timedelta(days=3),
        vurdert_dato=today,
        resultat="ingen_merknader",
        vurdering="",
    )
    services.taushetserklaering_register(actor=sb, oppdragstaker_id=o.pk, signert_dato=today)
    services.oppdragstaker_receive_documentation(actor=sb, oppdragstaker_id=o.pk)
    for name, text in _texts(client, world, oppdrag).items():
        assert BLOCKED not in text, name
        assert "Kan ikke starte: mangler godkjenning" in text, name

    services.oppdragstaker_approve(actor=sb, oppdragstaker_id=o.pk)
    for name, text in _texts(client, world, oppdrag).items():
        assert "Kan ikke starte" not in text, name


def test_OPP_02_ROLE_02_the_warning_stays_behind_need_to_know(client, world):
    sb = world.saksbehandler
    tiltak = f.godkjent_tiltak(world)
    o = f.make_oppdragstaker(sb, politiattest=False, taushetserklaering=False)
    oppdrag = f.assign(sb, tiltak, o, fra_dato=timezone.localdate() + timedelta(days=14))
    client.force_login(world.saksbehandler_b)
    for name in ("case", "assignment"):
        assert client.get(_pages(world, oppdrag)[name][1]).status_code == 404, name


def test_OPP_02_a_suspended_contractor_on_a_running_measure_must_stop(client, world):
    oppdrag = f.running_assignment(world)
    services.oppdragstaker_suspend(
        actor=world.saksbehandler, oppdragstaker_id=oppdrag.oppdragstaker_id, reason="Venter."
    )
    for name, text in _texts(client, world, oppdrag).items():
        assert "Kan ikke arbeide: oppdragstakeren er suspendert" in text, name


def test_OPP_02_the_case_page_query_count_is_constant_in_the_number_of_assignments(client, world):
    client.force_login(world.saksbehandler)
    url = reverse("cases:detail", kwargs={"sak_id": world.sak_a.pk})

    def grow(n):
        for _ in range(n):
            f.quick_oppdrag(
                world.sak_a,
                by=world.saksbehandler,
                approver=world.barnevernleder,
                fra_dato=None,
            )

    grow(2)
    client.get(url)
    small = _count(client, url)
    grow(10)
    response = client.get(url)
    assert response.content.decode().count("Kan ikke starte: mangler politiattest") == 24
    assert _count(client, url) == small


def test_ROLE_01_the_list_offers_what_each_role_may_do(client, world):
    """The list's buttons are the service-level table's offers (actions.TJENESTE): the
    caseworkers register contractors, the clerical officer and the head of service keep the
    work list; the template decides nothing."""
    create, worklist = reverse("contractors:create"), reverse("contractors:worklist")
    for role, expected in (
        ("saksbehandler", {"create"}),
        ("teamleder", {"create"}),
        ("kontorfaglig", {"worklist"}),
        ("barnevernleder", {"worklist"}),
    ):
        client.force_login(getattr(world, role))
        response = client.get(reverse("contractors:list"))
        assert {a.name for a in response.context["actions"]} == expected, role
        html = response.content.decode()
        assert (f'href="{create}"' in html, f'href="{worklist}"' in html) == (
            "create" in expected,
            "worklist" in expected,
        ), role


def test_OPP_02_the_contractor_page_marks_where_the_approval_is(client, world):
    o = f.make_oppdragstaker(world.saksbehandler, approved=False)
    client.force_login(world.saksbehandler)
    html = client.get(
        reverse("contractors:detail", kwargs={"oppdragstaker_id": o.pk})
    ).content.decode()
    assert o.status == Oppdragstaker.Status.DOKUMENTASJON_MOTTATT
    assert '<li aria-current="step">Dokumentasjon mottatt</li>' in html
    assert html.count('aria-current="step"') == 1
    assert 'app-status--dokumentasjon_mottatt" data-color="info"' in html
