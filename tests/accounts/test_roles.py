"""ROLE-01: roles are held within an organisation unit; one person can hold several."""

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts.models import Rolle, Rolletildeling
from cases.permissions import saker_visible_to

from ..factories import fresh, grant, make_user

pytestmark = pytest.mark.django_db


def test_ROLE_01_one_person_holds_several_roles_in_units(world):
    user = grant(make_user(), Rolle.SAKSBEHANDLER, team=world.team_a)
    grant(user, Rolle.TEAMLEDER, team=world.team_b)
    grant(user, Rolle.KONTORFAGLIG, tjeneste=world.tjeneste)
    user = fresh(user)
    assert user.team_ids(Rolle.SAKSBEHANDLER) == {world.team_a.pk}
    assert user.team_ids(Rolle.TEAMLEDER) == {world.team_b.pk}
    assert user.has_role(Rolle.KONTORFAGLIG)
    assert set(user.role_names) == {"Saksbehandler", "Teamleder", "Kontorfaglig"}
    # Both teams' cases through the two roles (ROLE-02 builds on the memberships).
    assert set(saker_visible_to(user)) == {world.sak_a, world.sak_b}


@pytest.mark.parametrize(
    ("rolle", "with_team"),
    [
        (Rolle.SAKSBEHANDLER, False),  # a caseworker works in a team
        (Rolle.TEAMLEDER, False),
        (Rolle.BARNEVERNLEDER, True),  # the head of service holds the role in the service
        (Rolle.KONTORFAGLIG, True),
    ],
)
def test_ROLE_01_role_is_held_in_the_right_kind_of_unit(world, rolle, with_team):
    with pytest.raises(IntegrityError), transaction.atomic():
        Rolletildeling.objects.create(
            user=make_user(),
            rolle=rolle,
            tjeneste=world.tjeneste,
            team=world.team_a if with_team else None,
        )


def test_ROLE_01_membership_is_ended_not_deleted_and_kept_in_history(world):
    membership = world.saksbehandler.rolletildelinger.get()
    membership.avsluttet = timezone.now()
    membership.save()
    assert Rolletildeling.objects.filter(pk=membership.pk).exists()
    assert not fresh(world.saksbehandler).active_roles()
    assert membership.history.count() == 2
    # The same role can be held again later.
    grant(world.saksbehandler, Rolle.SAKSBEHANDLER, team=world.team_a)
    assert fresh(world.saksbehandler).team_ids(Rolle.SAKSBEHANDLER) == {world.team_a.pk}


def test_ROLE_01_admin_never_deletes(world, rf):
    from django.contrib import admin

    from accounts.models import Team, Tjeneste, User

    request = rf.get("/")
    request.user = world.systemadmin
    for model in (User, Team, Tjeneste):
        assert not admin.site._registry[model].has_delete_permission(request)
