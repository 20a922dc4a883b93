"""Issue 19, finding 9 (ROLE-04): break-the-glass has a limit.

More than three grants to one user in 24 hours need a team leader's approval first: the fourth
request is stored waiting with its reason and opens nothing; a team leader of the requester's
team (or the head of service) approves or refuses it in the app, through the kernel's table
(:data:`audit.actions.NODTILGANG`) and action page. The team leader and the head of service are
told the same day: on their start page, and by e-mail (the outbox's same-day row; the night
mails whoever that missed).
"""

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from audit.models import Nodtilgang
from audit.services import NODTILGANG_LIMIT_DIGEST, NODTILGANG_PER_DOGN
from reminders.models import Paminnelse
from reminders.services import plan_night

from ..factories import make_sak

pytestmark = pytest.mark.django_db

REASON = "Barnet er meldt savnet, saksbehandler er ikke å få tak i"


def _detail(sak) -> str:
    return reverse("cases:detail", kwargs={"sak_id": sak.pk})


def _ask(client, user, sak):
    client.force_login(user)
    return client.post(
        reverse("audit:nodtilgang"), {"saksnummer": sak.saksnummer, "begrunnelse": REASON}
    )


@pytest.fixture
def over(world, client, django_capture_on_commit_callbacks):
    """Team B's caseworker opens three of team A's cases by break-the-glass, then asks for a
    fourth; the team leaders and the head of service have e-mail addresses."""
    for leader, address in (
        (world.teamleder, "tl_a@example.org"),
        (world.teamleder_b, "tl_b@example.org"),
        (world.barnevernleder, "bvl@example.org"),
    ):
        leader.email = address
        leader.save(update_fields=["email"])
    cases = [world.sak_a] + [make_sak(world.saksbehandler, world.team_a) for _ in range(3)]
    for sak in cases[:NODTILGANG_PER_DOGN]:
        response = _ask(client, world.saksbehandler_b, sak)
        assert response["Location"] == _detail(sak)
        assert client.get(_detail(sak)).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        fourth = _ask(client, world.saksbehandler_b, cases[NODTILGANG_PER_DOGN])
    world.fourth_response = fourth
    world.fourth = cases[NODTILGANG_PER_DOGN]
    return world


def test_finding9_three_grants_work_and_the_fourth_waits_and_opens_nothing(client, over):
    assert over.fourth_response.status_code == 302
    assert over.fourth_response["Location"] == reverse("core:home")
    request = Nodtilgang.objects.get(sak=over.fourth)
    assert (request.status, request.krever_godkjenning, request.begrunnelse) == (
        "venter",
        True,
        REASON,
    )
    assert Nodtilgang.objects.filter(status="innvilget").count() == NODTILGANG_PER_DOGN
    client.force_login(over.saksbehandler_b)
    assert client.get(_detail(over.fourth)).status_code == 404
    # Asking again before a leader decides is the same request, and still opens nothing.
    _ask(client, over.saksbehandler_b, over.fourth)
    assert Nodtilgang.objects.filter(sak=over.fourth).count() == 1
    assert client.get(_detail(over.fourth)).status_code == 404


def test_finding9_the_team_leader_approves_and_the_case_opens(client, over):
    request = Nodtilgang.objects.get(sak=over.fourth)
    client.force_login(over.teamleder_b)
    url = reverse(
        "audit:nodtilgang_decide", kwargs={"nodtilgang_id": request.pk, "name": "approve"}
    )
    page = client.get(url)
    assert page.status_code == 200
    html = page.content.decode()
    assert REASON in html and over.fourth.saksnummer in html
    assert over.fourth.barn.etternavn not in html  # the leader may not see the case
    assert client.post(url)["Location"] == reverse("core:home")
    request = Nodtilgang.objects.get(pk=request.pk)
    assert (request.status, request.avgjort_av) == ("innvilget", over.teamleder_b)
    assert request.gyldig_til > timezone.now() + timedelta(hours=3)
    client.force_login(over.saksbehandler_b)
    assert client.get(_detail(over.fourth)).status_code == 200
    # Decided: neither action is offered again.
    client.force_login(over.teamleder_b)
    assert client.post(url).status_code == 200  # the page says it is decided; nothing changes
    assert Nodtilgang.objects.get(pk=request.pk).status == "innvilget"


def test_finding9_a_refusal_keeps_the_case_closed(client, over):
    request = Nodtilgang.objects.get(sak=over.fourth)
    client.force_login(over.barnevernleder)  # the head of service decides too
    url = reverse("audit:nodtilgang_decide", kwargs={"nodtilgang_id": request.pk, "name": "refuse"})
    assert client.post(url).status_code == 302
    assert Nodtilgang.objects.get(pk=request.pk).status == "avslatt"
    client.force_login(over.saksbehandler_b)
    assert client.get(_detail(over.fourth)).status_code == 404
    approve = reverse(
        "audit:nodtilgang_decide", kwargs={"nodtilgang_id": request.pk, "name": "approve"}
    )
    client.force_login(over.teamleder_b)
    client.post(approve)
    assert Nodtilgang.objects.get(pk=request.pk).status == "avslatt"


@pytest.mark.parametrize(
    "role",
    [
        "saksbehandler_b",
        "saksbehandler",
        "teamleder",
        "kontorfaglig",
        "annen_tjeneste",
        "uten_rolle",
    ],
)
def test_finding9_nobody_else_decides_not_the_requester_nor_another_team(client, over, role):
    """The requester's own team leader (team B) and the head of service decide; team A's
    leader, whose case it is, is told the next morning as for every grant."""
    request = Nodtilgang.objects.get(sak=over.fourth)
    client.force_login(getattr(over, role))
    for name in ("approve", "refuse"):
        url = reverse("audit:nodtilgang_decide", kwargs={"nodtilgang_id": request.pk, "name": name})
        assert client.get(url).status_code == 404
        assert client.post(url).status_code == 404
    assert Nodtilgang.objects.get(pk=request.pk).status == "venter"


def test_finding9_the_team_leader_and_the_head_of_service_see_it_on_their_start_page(client, over):
    request = Nodtilgang.objects.get(sak=over.fourth)
    approve = reverse(
        "audit:nodtilgang_decide", kwargs={"nodtilgang_id": request.pk, "name": "approve"}
    )
    for leader in (over.teamleder_b, over.barnevernleder):
        client.force_login(leader)
        response = client.get(reverse("core:home"))
        notices = response.context["nodtilgang"]
        assert [r.grant.pk for r in notices.requests] == [request.pk]
        html = response.content.decode()
        assert over.fourth.saksnummer in html
        assert approve in html
        assert REASON not in html  # the reason is on the decision page only
    # Team A's leader is not the requester's leader: told the next morning, not asked.
    client.force_login(over.teamleder)
    notices = client.get(reverse("core:home")).context["nodtilgang"]
    assert not notices
    # The requester sees their request waiting.
    client.force_login(over.saksbehandler_b)
    mine = client.get(reverse("core:home")).context["nodtilgang"].mine
    assert [g.pk for g in mine] == [request.pk]


def test_finding9_the_leaders_are_e_mailed_the_same_day(over):
    rows = Paminnelse.objects.filter(digest=NODTILGANG_LIMIT_DIGEST)
    assert {(r.mottaker_id, r.kjoredato, r.status) for r in rows} == {
        (over.teamleder_b.pk, timezone.localdate(), "sendt"),
        (over.barnevernleder.pk, timezone.localdate(), "sendt"),
    }
    sent = [m for m in mail.outbox if "tl_b@example.org" in m.to or "bvl@example.org" in m.to]
    assert len(sent) == 2
    for message in sent:
        assert reverse("core:home") in message.body
        # No names, no case number, no reason in the e-mail.
        assert over.fourth.saksnummer not in message.body
        assert over.fourth.barn.fornavn not in message.body
        assert over.saksbehandler_b.last_name not in message.body
        assert REASON not in message.body
    assert Nodtilgang.objects.get(sak=over.fourth).grense_varslet == timezone.localdate()


def test_finding9_a_second_request_the_same_day_is_mailed_the_next_night(
    client, over, django_capture_on_commit_callbacks
):
    fifth = make_sak(over.saksbehandler, over.team_a)
    with django_capture_on_commit_callbacks(execute=True):
        _ask(client, over.saksbehandler_b, fifth)
    request = Nodtilgang.objects.get(sak=fifth)
    assert request.status == "venter"
    # Each leader had today's e-mail already: the request waits for the next one.
    assert request.grense_varslet is None
    assert Paminnelse.objects.filter(digest=NODTILGANG_LIMIT_DIGEST).count() == 2
    tomorrow = timezone.localdate() + timedelta(days=1)
    with django_capture_on_commit_callbacks(execute=True):
        plan_night(run_date=tomorrow)
        plan_night(run_date=tomorrow)  # a re-run tells nobody twice
    assert (
        Paminnelse.objects.filter(digest=NODTILGANG_LIMIT_DIGEST, kjoredato=tomorrow).count() == 2
    )
    assert Nodtilgang.objects.get(pk=request.pk).grense_varslet == tomorrow


def test_finding9_the_window_is_24_hours(client, over):
    """Grants older than 24 hours do not count."""
    Nodtilgang.objects.filter(status="innvilget").update(
        opprettet=timezone.now() - timedelta(hours=25)
    )
    fifth = make_sak(over.saksbehandler, over.team_a)
    response = _ask(client, over.saksbehandler_b, fifth)
    assert response["Location"] == _detail(fifth)
    assert Nodtilgang.objects.get(sak=fifth).status == "innvilget"


def test_finding9_the_cases_team_leader_hears_of_an_approved_grant_the_next_morning(
    client, over, django_capture_on_commit_callbacks
):
    """The nightly notice of ROLE-04 tells of granted openings only: a waiting request is told
    once decided, a refused one never."""
    request = Nodtilgang.objects.get(sak=over.fourth)
    tomorrow = timezone.localdate() + timedelta(days=1)
    with django_capture_on_commit_callbacks(execute=True):
        plan_night(run_date=tomorrow)
    row = Paminnelse.objects.get(digest="nodtilgang", mottaker=over.teamleder)
    assert over.fourth.saksnummer not in row.innhold["saksnummer"]
    assert Nodtilgang.objects.get(pk=request.pk).varslet is None
    client.force_login(over.teamleder_b)
    client.post(
        reverse("audit:nodtilgang_decide", kwargs={"nodtilgang_id": request.pk, "name": "approve"})
    )
    with django_capture_on_commit_callbacks(execute=True):
        plan_night(run_date=tomorrow + timedelta(days=1))
    row = Paminnelse.objects.get(
        digest="nodtilgang", mottaker=over.teamleder, kjoredato=tomorrow + timedelta(days=1)
    )
    assert row.innhold["saksnummer"] == [over.fourth.saksnummer]
