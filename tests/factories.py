"""Test data made through the real services where a rule applies (Zulip's rule)."""

from __future__ import annotations

import itertools
from datetime import date, timedelta

from django.utils import timezone

from accounts.models import Rolle, Rolletildeling, Team, Tjeneste, User
from cases import services
from cases.models import Part, Sak
from cases.rules import add_years, age_on, make_synthetic_id_number

_counter = itertools.count(1)


def make_user(username: str | None = None, **kwargs) -> User:
    n = next(_counter)
    return User.objects.create_user(
        username=username or f"user{n}",
        password="test-password-123",
        first_name=kwargs.pop("first_name", f"Fornavn{n}"),
        last_name=kwargs.pop("last_name", f"Etternavn{n}"),
        **kwargs,
    )


def totp_device(user: User, *, confirmed: bool = True):
    """The user's authenticator device (django-otp TOTP), made once; confirmed by default."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.filter(user=user, confirmed=confirmed).order_by("-pk").first()
    return device or TOTPDevice.objects.create(user=user, name="Test", confirmed=confirmed)


def totp_code(user_or_device) -> str:
    """The code the user's authenticator app would show now, and that the server will accept
    (the next time step if this step's code was already used)."""
    from django_otp.oath import TOTP

    from accounts.security import next_code

    device = user_or_device if hasattr(user_or_device, "bin_key") else totp_device(user_or_device)
    device.refresh_from_db()
    now = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift).t()
    if device.last_t > now:
        # Several logins within one 30-second step used up the next step's code too: a test may
        # log in as often as it likes, so make room (replay protection has its own test).
        type(device).objects.filter(pk=device.pk).update(last_t=now - 1)
        device.refresh_from_db()
    return next_code(device)


def grant(user: User, rolle: str, *, team: Team | None = None, tjeneste: Tjeneste | None = None):
    tjeneste = tjeneste or team.tjeneste
    Rolletildeling.objects.create(user=user, rolle=rolle, team=team, tjeneste=tjeneste)
    return fresh(user)


def fresh(user: User) -> User:
    """The same user with its cached roles dropped (after a role change)."""
    if hasattr(user, "_active_roles"):
        del user._active_roles
    return user


_used_numbers: set[str] = set()


def synthetic_number(born: date) -> str:
    for individual in itertools.count(500):
        number = make_synthetic_id_number(born, individual)
        if number and number not in _used_numbers:
            _used_numbers.add(number)
            return number
    raise AssertionError("unreachable")


def make_sak(
    actor: User,
    team: Team,
    *,
    born: date | None = None,
    age: int | None = None,
    fornavn: str = "Testbarn",
    etternavn: str | None = None,
    melding_mottatt: date | None = None,
    parter: int = 0,
) -> Sak:
    """A case for a new child. ``age=N``: a child of exactly N years today, whatever today is
    (born on today's date N years ago when that day exists: on 29 February, the 28th, since a
    child born on 1 March would still be N - 1). Neither: a child of about 8."""
    if born is None:
        today = timezone.localdate()
        born = add_years(today, -(age if age is not None else 8))
        if age is not None and age_on(born, today) < age:
            born -= timedelta(days=1)  # 29 February: the day N years ago did not exist
        if age is None:  # spread birth dates so that numbers never run out
            born -= timedelta(days=next(_counter) % 300)
    sak = services.sak_create(
        actor=actor,
        team=team,
        barn_data={
            "fornavn": fornavn,
            "etternavn": etternavn or f"Etternavn{next(_counter)}",
            "fodselsnummer": synthetic_number(born),
        },
        melding_mottatt=melding_mottatt,
    )
    for i in range(parter):
        services.part_create(
            actor=actor,
            sak_id=sak.pk,
            data={
                "relasjon": Part.Relasjon.MOR if i == 0 else Part.Relasjon.FAR,
                "fornavn": f"Forelder{i}",
                "etternavn": sak.barn.etternavn,
                "daglig_omsorg": i == 0,
            },
        )
    return sak


def org(kommunenummer: str = "9901") -> tuple[Tjeneste, Team, Team]:
    tjeneste = Tjeneste.objects.create(
        navn=f"Barnevernstjenesten {kommunenummer}",
        kommune=f"Kommune {kommunenummer}",
        kommunenummer=kommunenummer,
    )
    return (
        tjeneste,
        Team.objects.create(tjeneste=tjeneste, navn="Tiltaksteamet"),
        Team.objects.create(tjeneste=tjeneste, navn="Undersøkelsesteamet"),
    )


__all__ = [
    "Rolle",
    "fresh",
    "grant",
    "make_sak",
    "make_user",
    "org",
    "synthetic_number",
    "totp_code",
    "totp_device",
]
