"""ROLE-04 break-the-glass: a user opens a case of their own service outside their teams with a
stated reason; every read is logged with it, nothing can be changed, and the case's team leader
is told the next morning."""

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from audit.models import Nodtilgang
from cases.permissions import saker_visible_to
from core.models import AccessLogEntry
from reminders.models import Paminnelse
from reminders.services import plan_night

pytestmark = pytest.mark.django_db

REASON = "Barnet er meldt savnet, saksbehandler er ikke å få tak i"


def _open(client, user, saksnummer, reason=REASON):
    client.force_login(user)
    return client.post(
        reverse("audit:nodtilgang"), {"saksnummer": saksnummer, "begrunnelse": reason}
    )


def test_ROLE_04_break_the_glass_opens_the_case_read_only_and_logs_the_reason(client, world):
    sak = world.sak_a
    response = _open(client, world.saksbehandler_b, sak.saksnummer)
    assert response.status_code == 302
    assert response["Location"] == reverse("cases:detail", kwargs={"sak_id": sak.pk})
    grant = Nodtilgang.objects.get()
    assert (grant.user, grant.sak, grant.begrunnelse) == (world.saksbehandler_b, sak, REASON)
    assert grant.gyldig_til > timezone.now() + timedelta(hours=3)

    page = client.get(reverse("cases:detail", kwargs={"sak_id": sak.pk}))
    assert page.status_code == 200
    text = page.content.decode()
    assert "ROLE-04" in text
    assert REASON in text
    row = AccessLogEntry.objects.order_by("-pk").first()
    assert (row.user, row.sak, row.nodtilgang, row.reason) == (
        world.saksbehandler_b,
        sak,
        grant,
        REASON,
    )
    # Read, never write: the edit pages stay closed.
    assert client.get(reverse("cases:barn_edit", kwargs={"sak_id": sak.pk})).status_code == 404
    assert client.get(reverse("cases:history", kwargs={"sak_id": sak.pk})).status_code == 200


def test_ROLE_04_the_reason_must_be_stated(client, world):
    response = _open(client, world.saksbehandler_b, world.sak_a.saksnummer, reason="fordi")
    assert response.status_code == 200
    assert "ROLE-04" in response.content.decode()
    assert 'aria-invalid="true"' in response.content.decode()
    assert world.sak_a.saksnummer in response.content.decode()  # nothing typed is lost
    assert not Nodtilgang.objects.exists()


def test_ROLE_04_a_case_of_another_service_is_never_reached(client, world):
    """Another municipality's case answers as a number that does not exist."""
    type(world.sak_annen).objects.filter(pk=world.sak_annen.pk).update(saksnummer="2026/09999")
    response = _open(client, world.saksbehandler, "2026/09999")
    assert response.status_code == 200
    assert "No case with this case number" in response.content.decode() or (
        "Fant ingen sak" in response.content.decode()
    )
    assert not Nodtilgang.objects.exists()
    assert world.sak_annen.pk not in saker_visible_to(world.saksbehandler).values_list(
        "pk", flat=True
    )


def test_ROLE_04_a_case_in_ones_own_team_needs_no_grant(client, world):
    response = _open(client, world.saksbehandler, world.sak_a.saksnummer)
    assert response.status_code == 302
    assert not Nodtilgang.objects.exists()


@pytest.mark.parametrize("role", ["kontorfaglig", "systemadmin", "uten_rolle"])
def test_ROLE_04_only_case_roles_may_break_the_glass(client, world, role):
    client.force_login(getattr(world, role))
    assert client.get(reverse("audit:nodtilgang")).status_code == 404
    response = _open(client, getattr(world, role), world.sak_a.saksnummer)
    assert response.status_code == 404
    assert not Nodtilgang.objects.exists()


def test_ROLE_04_the_grant_ends(client, world):
    _open(client, world.saksbehandler_b, world.sak_a.saksnummer)
    url = reverse("cases:detail", kwargs={"sak_id": world.sak_a.pk})
    assert client.get(url).status_code == 200
    Nodtilgang.objects.update(gyldig_til=timezone.now() - timedelta(seconds=1))
    assert client.get(url).status_code == 404
    assert not saker_visible_to(world.saksbehandler_b).filter(pk=world.sak_a.pk).exists()


def test_ROLE_04_grants_are_never_deleted(world):
    grant = Nodtilgang.objects.create(
        user=world.saksbehandler_b,
        sak=world.sak_a,
        begrunnelse=REASON,
        gyldig_til=timezone.now() + timedelta(hours=1),
    )
    with pytest.raises(Exception, match="ROLE-04"):
        grant.delete()


def test_ROLE_04_the_team_leader_is_told_the_next_morning(
    client, world, django_capture_on_commit_callbacks
):
    world.teamleder.email = "tl@example.org"
    world.teamleder.save()
    world.barnevernleder.email = "bvl@example.org"
    world.barnevernleder.save()
    _open(client, world.saksbehandler_b, world.sak_a.saksnummer)
    today = timezone.localdate()
    # The same day: nothing yet.
    with django_capture_on_commit_callbacks(execute=True):
        plan_night(run_date=today)
    assert not Paminnelse.objects.filter(digest="nodtilgang").exists()
    # The next morning: the team leader of team A, and nobody else.
    with django_capture_on_commit_callbacks(execute=True):
        plan_night(run_date=today + timedelta(days=1))
        plan_night(run_date=today + timedelta(days=1))  # a re-run tells nobody twice
    notices = [m for m in mail.outbox if "break-the-glass" in m.body or "nødtilgang" in m.body]
    assert len(notices) == 1
    message = notices[0]
    assert message.to == ["tl@example.org"]
    assert world.sak_a.saksnummer in message.body
    # No reason, no name in the e-mail.
    assert REASON not in message.body
    assert world.sak_a.barn.fornavn not in message.body
    assert world.saksbehandler_b.last_name not in message.body
    assert Nodtilgang.objects.get().varslet == today + timedelta(days=1)
    # The next night: nothing new.
    with django_capture_on_commit_callbacks(execute=True):
        plan_night(run_date=today + timedelta(days=2))
    assert Paminnelse.objects.filter(digest="nodtilgang").count() == 1


def test_ROLE_04_a_team_without_a_leader_tells_the_head_of_service(
    client, world, django_capture_on_commit_callbacks
):
    world.barnevernleder.email = "bvl@example.org"
    world.barnevernleder.save()
    world.teamleder_b.rolletildelinger.update(avsluttet=timezone.now())
    _open(client, world.saksbehandler, world.sak_b.saksnummer)
    with django_capture_on_commit_callbacks(execute=True):
        plan_night(run_date=timezone.localdate() + timedelta(days=1))
    row = Paminnelse.objects.get(digest="nodtilgang")
    assert row.mottaker == world.barnevernleder
    assert row.innhold["saksnummer"] == [world.sak_b.saksnummer]
    assert row.status == "sendt"


def test_ROLE_04_a_grant_works_in_every_session_and_keeps_lists_on_the_team_index(world):
    """The database decides; the need-to-know filter of lists stays a plain id list (no
    subquery on the grants, which would stop PostgreSQL using the team index)."""
    from tests.conftest import Client

    first, second = Client(), Client()
    _open(first, world.saksbehandler_b, world.sak_a.saksnummer)
    url = reverse("cases:detail", kwargs={"sak_id": world.sak_a.pk})
    second.force_login(world.saksbehandler_b)
    assert second.get(url).status_code == 200  # another session: found in the database
    assert "audit_nodtilgang" not in str(saker_visible_to(world.saksbehandler_b).query)
    response = second.get(reverse("cases:list"))
    assert world.sak_a.saksnummer in response.content.decode()
