"""Issue 19, finding 2: the system administrator could give himself case access. In
``/admin/`` he added himself a barnevernleder role and the strictly-confidential clearance and
read every case and shielded address; he could also set any user's password and delete their
TOTP device.

Now:
- the administrator (staff, superuser or the system administrator role) never holds a role in
  the service's work or a clearance, and a user who holds one is never made administrator:
  refused with a Norwegian message in the model, the admin's form and the services;
- what the administrator grants – a role, a clearance – is an access grant that takes effect
  only when a head of service of that service confirms it at «Tilgangstildelinger»
  (/konto/tildelinger/), never a grant to themselves; the page lists every grant awaiting and
  those decided lately, and the enrolment codes made;
- a role in force cannot be changed in the admin, and an ended one stays ended;
- a password set by the administrator, or a device removed, ends the user's sessions, and the
  next login needs an enrolment code (finding 3). The administrator cannot add, change or read
  an authenticator device.
"""

from __future__ import annotations

import pytest
from django.contrib.auth.hashers import check_password
from django.core.exceptions import ValidationError
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts import services
from accounts.models import Rolle, Rolletildeling, Tilgangstildeling, User, UserSession
from core.exceptions import DomainError, NotFound

from ..accounts.helpers import administrator
from ..accounts.test_login import SETUP, password_login
from ..conftest import Client
from ..factories import fresh, grant, make_user, totp_device
from .test_issue19_sessions import FormValues, assert_logged_out, logged_in

pytestmark = pytest.mark.django_db

GRANTS = reverse("accounts:grants")
NO_CASE_ACCESS = "Systemadministratoren kan ikke ha en rolle i tjenestens arbeid"
NO_ADMIN = "kan ikke være systemadministrator"


@pytest.fixture
def admin():
    return administrator()


@pytest.fixture
def admin_client(admin) -> Client:
    client = Client()
    client.force_login(admin)
    return client


def case_url(sak) -> str:
    return reverse("cases:detail", kwargs={"sak_id": sak.pk})


def user_form(client, user) -> tuple[str, dict]:
    url = reverse("admin:accounts_user_change", args=[user.pk])
    page = client.get(url)
    assert page.status_code == 200
    form = FormValues()
    form.feed(page.content.decode())
    return url, {k: v for k, v in form.data.items() if "__prefix__" not in k}


def add_grant(data: dict, **fields) -> None:
    """One new row in the access-grant inline of the user form."""
    n = int(data["tilgangstildelinger-TOTAL_FORMS"][0])
    data["tilgangstildelinger-TOTAL_FORMS"] = [str(n + 1)]
    for name in ("rolle", "team", "tjeneste", "adresseklarering"):
        data[f"tilgangstildelinger-{n}-{name}"] = [str(fields.get(name, ""))]


def admin_grants(client, user, **fields):
    url, data = user_form(client, user)
    add_grant(data, **fields)
    return client.post(url, data)


def decide(client, grant_or_pk, decision: str):
    pk = getattr(grant_or_pk, "pk", grant_or_pk)
    return client.post(reverse("accounts:grant_decide", args=[pk]), {"decision": decision})


def second_head_of_service(world) -> User:
    return grant(make_user("bvl2"), Rolle.BARNEVERNLEDER, tjeneste=world.tjeneste)


# --- the administrator holds no case access ---------------------------------------------------


def test_finding2_admin_cannot_hold_case_role(world, admin, admin_client):
    # The admin's form: the head of service's role for himself is refused, with a message.
    response = admin_grants(
        admin_client, admin, rolle=Rolle.BARNEVERNLEDER, tjeneste=world.tjeneste.pk
    )
    assert response.status_code == 200
    assert NO_CASE_ACCESS in response.content.decode()
    assert not Tilgangstildeling.objects.filter(user=admin).exists()
    # The same for a caseworker's role in a team.
    response = admin_grants(
        admin_client,
        admin,
        rolle=Rolle.SAKSBEHANDLER,
        team=world.team_a.pk,
        tjeneste=world.tjeneste.pk,
    )
    assert NO_CASE_ACCESS in response.content.decode()
    assert not Tilgangstildeling.objects.filter(user=admin).exists()

    # The model: a role membership (made by other means) does not validate.
    role = Rolletildeling(user=admin, rolle=Rolle.BARNEVERNLEDER, tjeneste=world.tjeneste)
    with pytest.raises(ValidationError) as refused:
        role.full_clean()
    assert NO_CASE_ACCESS in str(refused.value)
    # ... nor for the holder of the system administrator role, staff or not.
    sysadm = world.systemadmin
    assert not sysadm.is_staff
    wish = Tilgangstildeling(
        user=sysadm, rolle=Rolle.SAKSBEHANDLER, team=world.team_a, tjeneste=world.tjeneste
    )
    with pytest.raises(ValidationError):
        wish.full_clean()

    # The service.
    with pytest.raises(DomainError) as refused:
        services.tilgangstildeling_create(
            actor=admin,
            user_id=admin.pk,
            tjeneste_id=world.tjeneste.pk,
            rolle=Rolle.BARNEVERNLEDER,
        )
    assert NO_CASE_ACCESS in str(refused.value.message)

    # And at confirmation, should a grant have got in some other way.
    slipped = Tilgangstildeling.objects.create(
        user=admin, tjeneste=world.tjeneste, rolle=Rolle.BARNEVERNLEDER
    )
    bvl = logged_in(world.barnevernleder)
    decide(bvl, slipped, "confirm")
    slipped.refresh_from_db()
    assert slipped.is_pending
    assert not fresh(admin).active_roles()
    assert admin_client.get(case_url(world.sak_a)).status_code == 404


def test_finding2_admin_cannot_hold_address_clearance(world, admin, admin_client):
    # The clearance is not a field the admin's form changes.
    url, data = user_form(admin_client, admin)
    data["adresseklarering"] = [User.Adresseklarering.STRENGT_FORTROLIG]
    assert admin_client.post(url, data).status_code == 302
    admin.refresh_from_db()
    assert admin.adresseklarering == User.Adresseklarering.INGEN
    # A grant of it is refused.
    response = admin_grants(
        admin_client,
        admin,
        adresseklarering=User.Adresseklarering.STRENGT_FORTROLIG,
        tjeneste=world.tjeneste.pk,
    )
    assert response.status_code == 200
    assert NO_CASE_ACCESS in response.content.decode()
    assert not Tilgangstildeling.objects.filter(user=admin).exists()
    with pytest.raises(DomainError):
        services.tilgangstildeling_create(
            actor=admin,
            user_id=admin.pk,
            tjeneste_id=world.tjeneste.pk,
            adresseklarering=User.Adresseklarering.FORTROLIG,
        )


def test_finding2_case_user_cannot_become_administrator(world, admin_client):
    bvl = world.barnevernleder
    url, data = user_form(admin_client, bvl)
    data["is_staff"] = ["on"]
    response = admin_client.post(url, data)
    assert response.status_code == 200
    assert NO_ADMIN in response.content.decode()
    bvl.refresh_from_db()
    assert not bvl.is_staff
    # Nor by the system administrator role.
    response = admin_grants(
        admin_client,
        world.saksbehandler,
        rolle=Rolle.SYSTEMADMINISTRATOR,
        tjeneste=world.tjeneste.pk,
    )
    assert response.status_code == 200
    assert NO_ADMIN in response.content.decode()
    # Nor by asking for staff status and a role in the same form.
    newcomer = make_user("nykommer")
    url, data = user_form(admin_client, newcomer)
    data["is_staff"] = ["on"]
    add_grant(data, rolle=Rolle.KONTORFAGLIG, tjeneste=world.tjeneste.pk)
    response = admin_client.post(url, data)
    assert response.status_code == 200
    assert NO_CASE_ACCESS in response.content.decode()
    newcomer.refresh_from_db()
    assert not newcomer.is_staff
    assert not Tilgangstildeling.objects.filter(user=newcomer).exists()


# --- four eyes: the head of service confirms -------------------------------------------------


def test_finding2_role_takes_effect_only_when_a_head_of_service_confirms(world, admin_client):
    newcomer = make_user("ny_saksbehandler")
    response = admin_grants(
        admin_client,
        newcomer,
        rolle=Rolle.SAKSBEHANDLER,
        team=world.team_a.pk,
        tjeneste=world.tjeneste.pk,
    )
    assert response.status_code == 302
    pending = Tilgangstildeling.objects.get(user=newcomer)
    assert pending.is_pending
    assert pending.tildelt_av == administrator()
    # Nothing yet: no role, no case.
    assert not fresh(newcomer).active_roles()
    newcomer_client = logged_in(newcomer)
    assert newcomer_client.get(case_url(world.sak_a)).status_code == 404

    bvl = logged_in(world.barnevernleder)
    page = bvl.get(GRANTS)
    assert page.status_code == 200
    html = page.content.decode()
    assert newcomer.username in html
    assert reverse("accounts:grant_decide", args=[pending.pk]) in html
    assert decide(bvl, pending, "confirm")["Location"] == GRANTS

    pending.refresh_from_db()
    assert pending.status == Tilgangstildeling.Status.BEKREFTET
    assert pending.avgjort_av == world.barnevernleder
    role = pending.rolletildeling
    assert (role.user, role.rolle, role.team) == (newcomer, Rolle.SAKSBEHANDLER, world.team_a)
    assert role.history.get().history_user == world.barnevernleder
    assert newcomer_client.get(case_url(world.sak_a)).status_code == 200
    # Recent grants stay on the page, with who decided.
    html = bvl.get(GRANTS).content.decode()
    assert "Bekreftet" in html
    assert world.barnevernleder.get_full_name() in html
    # Decided once only.
    decide(bvl, pending, "refuse")
    pending.refresh_from_db()
    assert pending.status == Tilgangstildeling.Status.BEKREFTET


def test_finding2_clearance_takes_effect_only_when_a_head_of_service_confirms(world, admin_client):
    user = world.saksbehandler
    response = admin_grants(
        admin_client,
        user,
        adresseklarering=User.Adresseklarering.STRENGT_FORTROLIG,
        tjeneste=world.tjeneste.pk,
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.adresseklarering == User.Adresseklarering.INGEN
    pending = Tilgangstildeling.objects.get(user=user)

    decide(logged_in(world.barnevernleder), pending, "confirm")
    user.refresh_from_db()
    assert user.adresseklarering == User.Adresseklarering.STRENGT_FORTROLIG
    assert user.history.first().history_user == world.barnevernleder


def test_finding2_head_of_service_cannot_confirm_a_grant_to_themselves(world, admin):
    me = world.barnevernleder
    pending = services.tilgangstildeling_create(
        actor=admin,
        user_id=me.pk,
        tjeneste_id=world.tjeneste.pk,
        adresseklarering=User.Adresseklarering.FORTROLIG,
    )
    client = logged_in(me)
    html = client.get(GRANTS).content.decode()
    assert "en annen barnevernleder må bekrefte den" in html
    response = decide(client, pending, "confirm")
    assert response.status_code == 302
    assert "Du kan ikke bekrefte en tildeling til deg selv" in client.get(GRANTS).content.decode()
    pending.refresh_from_db()
    assert pending.is_pending
    me.refresh_from_db()
    assert me.adresseklarering == User.Adresseklarering.INGEN
    with pytest.raises(DomainError):
        services.tilgangstildeling_confirm(actor=me, tildeling_id=pending.pk)

    decide(logged_in(second_head_of_service(world)), pending, "confirm")
    me.refresh_from_db()
    assert me.adresseklarering == User.Adresseklarering.FORTROLIG


def test_finding2_refused_grant_gives_nothing(world, admin):
    newcomer = make_user()
    pending = services.tilgangstildeling_create(
        actor=admin, user_id=newcomer.pk, tjeneste_id=world.tjeneste.pk, rolle=Rolle.KONTORFAGLIG
    )
    bvl = logged_in(world.barnevernleder)
    decide(bvl, pending, "refuse")
    pending.refresh_from_db()
    assert pending.status == Tilgangstildeling.Status.AVVIST
    assert pending.rolletildeling is None
    assert not fresh(newcomer).active_roles()
    assert "Avvist" in bvl.get(GRANTS).content.decode()
    # A refused grant cannot be confirmed afterwards.
    decide(bvl, pending, "confirm")
    assert not fresh(newcomer).active_roles()


def test_finding2_grants_page_is_for_the_heads_of_that_service_only(world, admin, admin_client):
    pending = services.tilgangstildeling_create(
        actor=admin,
        user_id=make_user("ventende").pk,
        tjeneste_id=world.tjeneste.pk,
        rolle=Rolle.SAKSBEHANDLER,
        team_id=world.team_a.pk,
    )
    # The head of another service: the page has nothing of this service, and the grant is 404.
    other = logged_in(world.annen_tjeneste)
    assert "ventende" not in other.get(GRANTS).content.decode()
    assert decide(other, pending, "confirm").status_code == 404
    with pytest.raises(NotFound):
        services.tilgangstildeling_confirm(actor=world.annen_tjeneste, tildeling_id=pending.pk)
    pending.refresh_from_db()
    assert pending.is_pending
    # Everyone who heads no service: 404, the page and the decision alike.
    for name in ("saksbehandler", "teamleder", "kontorfaglig", "systemadmin", "uten_rolle"):
        client = logged_in(getattr(world, name))
        assert client.get(GRANTS).status_code == 404, name
        assert decide(client, pending, "confirm").status_code == 404, name
    assert admin_client.get(GRANTS).status_code == 404
    assert decide(admin_client, pending, "confirm").status_code == 404
    pending.refresh_from_db()
    assert pending.is_pending
    # The menu shows the page to the head of service only.
    assert GRANTS in logged_in(world.barnevernleder).get(reverse("core:home")).content.decode()
    assert GRANTS not in logged_in(world.teamleder).get(reverse("core:home")).content.decode()


def test_finding2_grants_page_shows_the_enrolment_codes_made(world, admin):
    services.registreringskode_issue(actor=admin, user_id=world.saksbehandler.pk)
    services.registreringskode_issue(
        actor=admin, user_id=world.sak_annen.team.rolletildelinger.get().user_id
    )
    html = logged_in(world.barnevernleder).get(GRANTS).content.decode()
    assert "Registreringskoder som er laget" in html
    assert world.saksbehandler.username in html
    assert "sb_annen" not in html  # another service's people


# --- roles in force in the admin --------------------------------------------------------------


def test_finding2_roles_in_force_are_not_changed_or_added_in_the_admin(world, admin_client):
    user = world.saksbehandler
    role = user.rolletildelinger.get()
    url, data = user_form(admin_client, user)
    # A changed role or team in a posted form is not taken.
    data["rolletildelinger-0-rolle"] = [Rolle.TEAMLEDER]
    data["rolletildelinger-0-team"] = [str(world.team_b.pk)]
    # Nor a new role membership added by hand.
    data["rolletildelinger-TOTAL_FORMS"] = ["2"]
    data["rolletildelinger-1-rolle"] = [Rolle.BARNEVERNLEDER]
    data["rolletildelinger-1-tjeneste"] = [str(world.tjeneste.pk)]
    data["rolletildelinger-1-user"] = [str(user.pk)]
    assert admin_client.post(url, data).status_code == 302
    role.refresh_from_db()
    assert (role.rolle, role.team_id) == (Rolle.SAKSBEHANDLER, world.team_a.pk)
    assert user.rolletildelinger.count() == 1

    # A role can be ended here (less access needs no confirmation) ...
    url, data = user_form(admin_client, user)
    data["rolletildelinger-0-avsluttet_0"] = [timezone.localdate().strftime("%d.%m.%Y")]
    data["rolletildelinger-0-avsluttet_1"] = ["08:00:00"]
    data["rolletildelinger-0-avsluttet"] = [timezone.now().strftime("%Y-%m-%d %H:%M:%S")]
    assert admin_client.post(url, data).status_code == 302
    role.refresh_from_db()
    assert role.avsluttet is not None
    # ... but an ended role stays ended.
    url, data = user_form(admin_client, user)
    for key in list(data):
        if key.startswith("rolletildelinger-0-avsluttet"):
            data[key] = [""]
    response = admin_client.post(url, data)
    assert response.status_code == 200
    assert "forblir avsluttet" in response.content.decode()
    role.refresh_from_db()
    assert role.avsluttet is not None
    role.avsluttet = None
    with pytest.raises(ValidationError):
        role.full_clean()


# --- password and device: sessions end, a new enrolment -------------------------------------


def test_finding2_password_set_by_admin_ends_sessions_and_needs_a_new_enrolment(
    world, admin_client
):
    user = world.saksbehandler
    office, laptop = logged_in(user), logged_in(user)
    assert TOTPDevice.objects.filter(user=user, confirmed=True).exists()
    url = reverse("admin:auth_user_password_change", args=[user.pk])
    response = admin_client.post(
        url,
        {
            "password1": "Nytt-passord-2026!",
            "password2": "Nytt-passord-2026!",
            "usable_password": "true",
        },
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert check_password("Nytt-passord-2026!", user.password)
    assert_logged_out(office)
    assert_logged_out(laptop)
    assert not UserSession.objects.filter(user=user).exists()
    assert not TOTPDevice.objects.filter(user=user).exists()
    # Whoever knows the new password reaches the enrolment code, not a secret.
    client = Client()
    password_login(client, user, password="Nytt-passord-2026!")
    page = client.get(SETUP)
    assert 'name="registreringskode"' in page.content.decode()
    assert "app-qr" not in page.content.decode()


def test_finding2_device_removed_by_admin_ends_the_sessions(world, admin_client):
    user = world.saksbehandler
    browser = logged_in(user)
    colleague = logged_in(world.saksbehandler_b)
    device = TOTPDevice.objects.get(user=user)
    url = reverse("admin:otp_totp_totpdevice_delete", args=[device.pk])
    assert admin_client.post(url, {"post": "yes"}).status_code == 302
    assert not TOTPDevice.objects.filter(pk=device.pk).exists()
    assert_logged_out(browser)
    assert colleague.get(reverse("core:home")).status_code == 200


def test_finding2_admin_cannot_add_change_or_read_an_authenticator_device(world, admin_client):
    device = totp_device(world.saksbehandler)
    assert admin_client.get(reverse("admin:otp_totp_totpdevice_add")).status_code == 403
    page = admin_client.get(reverse("admin:otp_totp_totpdevice_change", args=[device.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    assert device.key not in html
    assert 'name="key"' not in html
    assert "qrcode" not in html.lower()
    with pytest.raises(NoReverseMatch):
        reverse("admin:otp_totp_totpdevice_config", kwargs={"pk": device.pk})
    # A posted change is refused.
    response = admin_client.post(
        reverse("admin:otp_totp_totpdevice_change", args=[device.pk]),
        {"user": device.user_id, "name": "x", "key": "00" * 20, "confirmed": "on"},
    )
    assert response.status_code == 403
    device.refresh_from_db()
    assert device.key != "00" * 20


def test_finding2_a_new_service_gets_its_first_head_of_service_on_the_server(world, admin):
    from django.core.management import CommandError, call_command

    from ..factories import org

    tjeneste, _team, _other = org("9903")
    first = make_user("forste_leder")
    pending = services.tilgangstildeling_create(
        actor=admin, user_id=first.pk, tjeneste_id=tjeneste.pk, rolle=Rolle.BARNEVERNLEDER
    )
    call_command("confirm_first_head", pending.pk)
    pending.refresh_from_db()
    assert pending.status == Tilgangstildeling.Status.BEKREFTET
    assert fresh(first).tjeneste_ids(Rolle.BARNEVERNLEDER) == {tjeneste.pk}
    # Once the service has a head of service, the next one is confirmed in the app.
    second = services.tilgangstildeling_create(
        actor=admin, user_id=make_user().pk, tjeneste_id=tjeneste.pk, rolle=Rolle.BARNEVERNLEDER
    )
    with pytest.raises(CommandError):
        call_command("confirm_first_head", second.pk)
    second.refresh_from_db()
    assert second.is_pending
    # Never a grant of another role, nor the administrator's.
    other = services.tilgangstildeling_create(
        actor=admin, user_id=make_user().pk, tjeneste_id=tjeneste.pk, rolle=Rolle.KONTORFAGLIG
    )
    with pytest.raises(CommandError):
        call_command("confirm_first_head", other.pk)
