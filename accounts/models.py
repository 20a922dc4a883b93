"""Users, the organisation (tjeneste → team) and role memberships (ROLE-01).

Separated duties (issue 19): the system administrator never holds a role in the service's work
or a clearance for shielded addresses, and what the administrator grants – a role, a clearance –
is a :class:`Tilgangstildeling` that takes effect only when a head of service of that service
confirms it in the app. A :class:`Rolletildeling` exists only once confirmed, so every reader of
the roles (``User.active_roles``, the login backend, the reminders) sees confirmed roles only.
"""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.contrib.sessions.base_session import AbstractBaseSession
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.malform import Malform, first_form

from .sessions import SessionStore


class Rolle(models.TextChoices):
    """ROLE-01: the roles of the service. A role is held within an organisation unit."""

    SAKSBEHANDLER = "saksbehandler", _("Caseworker")
    TEAMLEDER = "teamleder", _("Team leader")
    BARNEVERNLEDER = "barnevernleder", _("Head of service")
    KONTORFAGLIG = "kontorfaglig", _("Clerical officer")
    SYSTEMADMINISTRATOR = "systemadministrator", _("System administrator")


#: Roles held in a team; the others are held in the whole service.
TEAM_ROLES = (Rolle.SAKSBEHANDLER, Rolle.TEAMLEDER)
#: The roles in the service's work: each opens children's cases or the contractors' data. The
#: system administrator holds none of them (issue 19: separated duties).
CASE_ROLES = (Rolle.SAKSBEHANDLER, Rolle.TEAMLEDER, Rolle.BARNEVERNLEDER, Rolle.KONTORFAGLIG)

ADMIN_HOLDS_NO_CASE_ACCESS = _(
    "The system administrator cannot hold a role in the service's work or a clearance for "
    "shielded addresses. Casework needs a user of its own."
)
CASE_USER_IS_NO_ADMIN = _(
    "A user with a role in the service's work or a clearance for shielded addresses cannot be "
    "the system administrator (staff status, superuser or the system administrator role)."
)


class Tjeneste(models.Model):
    """A municipal child welfare service (barnevernstjenesten), the top organisation unit."""

    navn = models.CharField(_("name"), max_length=200)
    kommune = models.CharField(_("municipality"), max_length=200)
    kommunenummer = models.CharField(_("municipality number"), max_length=4, unique=True)
    adresse = models.CharField(_("postal address"), max_length=300, blank=True)
    telefon = models.CharField(_("telephone"), max_length=40, blank=True)
    malform = models.CharField(
        _("official written form"),
        max_length=2,
        choices=Malform.choices,
        default=Malform.BOKMAL,
        help_text=_(
            "The form of Norwegian the service writes in: its users' screens unless they choose "
            "otherwise, and every letter to the parties (DOK-01)."
        ),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("service")
        verbose_name_plural = _("services")
        ordering = ["navn"]

    def __str__(self) -> str:
        return self.navn


class Team(models.Model):
    """A team within a service, e.g. the investigation team or the measures team."""

    tjeneste = models.ForeignKey(
        Tjeneste, on_delete=models.PROTECT, related_name="team", verbose_name=_("service")
    )
    navn = models.CharField(_("name"), max_length=200)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("team")
        verbose_name_plural = _("teams")
        ordering = ["navn"]
        constraints = [
            models.UniqueConstraint(fields=["tjeneste", "navn"], name="team_unique_name"),
        ]

    def __str__(self) -> str:
        return self.navn


class User(AbstractUser):
    """A person who logs in. Roles come from :class:`Rolletildeling`, never from groups."""

    class Adresseklarering(models.TextChoices):
        """SAK-05: the shielded addresses a user is cleared to see (set by the administrator)."""

        INGEN = "ingen", _("None")
        FORTROLIG = "fortrolig", _("Confidential")
        STRENGT_FORTROLIG = "strengt_fortrolig", _("Confidential and strictly confidential")

    tittel = models.CharField(_("job title"), max_length=120, blank=True)
    # The caseworker's own number, printed in the letters beside the e-mail (the service's
    # switchboard is on the Tjeneste).
    telefon = models.CharField(_("direct telephone"), max_length=40, blank=True)
    adresseklarering = models.CharField(
        _("clearance for shielded addresses"),
        max_length=20,
        choices=Adresseklarering.choices,
        default=Adresseklarering.INGEN,
        help_text=_("SAK-05: which shielded addresses this user may see. Every view is logged."),
    )
    malform = models.CharField(
        _("written form"),
        max_length=2,
        choices=Malform.choices,
        blank=True,
        help_text=_("The form of Norwegian of this user's screens. Empty: the service's own."),
    )
    history = HistoricalRecords(excluded_fields=["last_login", "password"])

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["first_name", "last_name"]

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    def clean(self) -> None:
        super().clean()
        if (self.is_staff or self.is_superuser) and holds_case_access(self):
            field = "is_superuser" if self.is_superuser and not self.is_staff else "is_staff"
            raise ValidationError({field: CASE_USER_IS_NO_ADMIN})

    # Role look-ups are cached per instance: one query per request, whatever the page asks.
    def active_roles(self) -> list[Rolletildeling]:
        if not hasattr(self, "_active_roles"):
            self._active_roles = list(
                self.rolletildelinger.filter(avsluttet__isnull=True).select_related(
                    "team", "tjeneste"
                )
            )
        return self._active_roles

    def has_role(self, rolle: str) -> bool:
        return any(r.rolle == rolle for r in self.active_roles())

    def team_ids(self, *roller: str) -> set[int]:
        return {r.team_id for r in self.active_roles() if r.rolle in roller and r.team_id}

    def language(self) -> str:
        """The written form of this user's screens and e-mails: their own choice, else the
        official form of the service of their first role, else bokmål. Reads the roles the
        login already read (no query of its own on a page)."""
        roles = self.active_roles() if self.pk else []
        return first_form(self.malform, *(r.tjeneste.malform for r in roles[:1]))

    def tjeneste_ids(self, *roller: str) -> set[int]:
        return {r.tjeneste_id for r in self.active_roles() if r.rolle in roller}

    @property
    def role_names(self) -> list[str]:
        seen: dict[str, str] = {}
        for r in self.active_roles():
            seen.setdefault(r.rolle, str(r.get_rolle_display()))
        return list(seen.values())


class Rolletildeling(models.Model):
    """ROLE-01: a person holds a role within an organisation unit.

    Saksbehandler and teamleder are held in a team; barnevernleder, kontorfaglig and
    systemadministrator in the whole service. A membership is ended, never deleted.
    """

    user = models.ForeignKey(
        User, on_delete=models.PROTECT, related_name="rolletildelinger", verbose_name=_("user")
    )
    rolle = models.CharField(_("role"), max_length=32, choices=Rolle.choices)
    tjeneste = models.ForeignKey(
        Tjeneste,
        on_delete=models.PROTECT,
        related_name="rolletildelinger",
        verbose_name=_("service"),
    )
    team = models.ForeignKey(
        Team,
        on_delete=models.PROTECT,
        related_name="rolletildelinger",
        verbose_name=_("team"),
        null=True,
        blank=True,
    )
    opprettet = models.DateTimeField(_("created"), auto_now_add=True)
    avsluttet = models.DateTimeField(_("ended"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("role membership")
        verbose_name_plural = _("role memberships")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "rolle", "team"],
                condition=Q(avsluttet__isnull=True, team__isnull=False),
                name="rolletildeling_unique_active_team",
            ),
            models.UniqueConstraint(
                fields=["user", "rolle", "tjeneste"],
                condition=Q(avsluttet__isnull=True, team__isnull=True),
                name="rolletildeling_unique_active_service",
            ),
            models.CheckConstraint(
                condition=(
                    Q(rolle__in=[r.value for r in TEAM_ROLES], team__isnull=False)
                    | (~Q(rolle__in=[r.value for r in TEAM_ROLES]) & Q(team__isnull=True))
                ),
                name="rolletildeling_team_matches_role",
            ),
        ]

    def __str__(self) -> str:
        unit = self.team or self.tjeneste
        return f"{self.user} – {self.get_rolle_display()} ({unit})"

    def clean(self) -> None:
        if self.team_id and self.team.tjeneste_id != self.tjeneste_id:
            raise ValidationError({"team": _("The team must belong to the chosen service.")})
        if self.pk is None:
            if self.user_id is not None:
                duty_check(self.user, rolle=self.rolle)
            return
        before = Rolletildeling.objects.filter(pk=self.pk).first()
        if before is None:
            return
        if (before.user_id, before.rolle, before.tjeneste_id, before.team_id) != (
            self.user_id,
            self.rolle,
            self.tjeneste_id,
            self.team_id,
        ):
            raise ValidationError(
                _("A role membership is not changed: end it, and grant the new role.")
            )
        if before.avsluttet is not None and self.avsluttet != before.avsluttet:
            raise ValidationError(
                {"avsluttet": _("An ended role membership stays ended: grant the role anew.")}
            )


class Tilgangstildeling(models.Model):
    """A role or a clearance for shielded addresses granted by the system administrator, which
    takes effect only when a head of service (barnevernleder) of the service confirms it in the
    app – four eyes (issue 19). Confirming a role makes its :class:`Rolletildeling`; confirming a
    clearance sets ``User.adresseklarering``. A head of service never confirms a grant to
    themselves. Decided grants stay, with who decided and when."""

    class Status(models.TextChoices):
        VENTER = "venter", _("Awaiting confirmation")
        BEKREFTET = "bekreftet", _("Confirmed")
        AVVIST = "avvist", _("Refused")

    user = models.ForeignKey(
        User, on_delete=models.PROTECT, related_name="tilgangstildelinger", verbose_name=_("user")
    )
    tjeneste = models.ForeignKey(
        Tjeneste,
        on_delete=models.PROTECT,
        related_name="tilgangstildelinger",
        verbose_name=_("service"),
        help_text=_("A head of service of this service confirms the grant."),
    )
    rolle = models.CharField(_("role"), max_length=32, choices=Rolle.choices, blank=True)
    team = models.ForeignKey(
        Team,
        on_delete=models.PROTECT,
        related_name="tilgangstildelinger",
        verbose_name=_("team"),
        null=True,
        blank=True,
    )
    adresseklarering = models.CharField(
        _("clearance for shielded addresses"),
        max_length=20,
        choices=[c for c in User.Adresseklarering.choices if c[0] != User.Adresseklarering.INGEN],
        blank=True,
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.VENTER
    )
    tildelt_av = models.ForeignKey(
        User,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("granted by"),
        null=True,
        blank=True,
    )
    tildelt = models.DateTimeField(_("granted"), auto_now_add=True)
    avgjort_av = models.ForeignKey(
        User,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("decided by"),
        null=True,
        blank=True,
    )
    avgjort = models.DateTimeField(_("decided"), null=True, blank=True)
    rolletildeling = models.OneToOneField(
        Rolletildeling,
        on_delete=models.PROTECT,
        related_name="tilgangstildeling",
        verbose_name=_("role membership"),
        null=True,
        blank=True,
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("access grant")
        verbose_name_plural = _("access grants")
        ordering = ["-tildelt"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    (~Q(rolle="") & Q(adresseklarering=""))
                    | (Q(rolle="") & ~Q(adresseklarering="") & Q(team__isnull=True))
                ),
                name="tilgangstildeling_role_or_clearance",
            ),
            models.CheckConstraint(
                condition=(
                    Q(rolle="")
                    | Q(rolle__in=[r.value for r in TEAM_ROLES], team__isnull=False)
                    | (~Q(rolle__in=[r.value for r in TEAM_ROLES]) & Q(team__isnull=True))
                ),
                name="tilgangstildeling_team_matches_role",
            ),
            models.CheckConstraint(
                condition=Q(status="venter", avgjort__isnull=True)
                | (~Q(status="venter") & Q(avgjort__isnull=False)),
                name="tilgangstildeling_decided_has_time",
            ),
        ]

    def __str__(self) -> str:
        what = self.get_rolle_display() if self.rolle else self.get_adresseklarering_display()
        return f"{self.user} – {what} ({self.team or self.tjeneste})"

    @property
    def is_pending(self) -> bool:
        return self.status == self.Status.VENTER

    def clean(self) -> None:
        if bool(self.rolle) == bool(self.adresseklarering):
            raise ValidationError(_("Grant either a role or a clearance for shielded addresses."))
        if self.rolle:
            if self.rolle in TEAM_ROLES and not self.team_id:
                raise ValidationError({"team": _("This role is held in a team: choose the team.")})
            if self.rolle not in TEAM_ROLES and self.team_id:
                raise ValidationError(
                    {"team": _("This role is held in the whole service: leave the team empty.")}
                )
        elif self.team_id:
            raise ValidationError({"team": _("A clearance is not held in a team.")})
        if self.team_id and self.tjeneste_id and self.team.tjeneste_id != self.tjeneste_id:
            raise ValidationError({"team": _("The team must belong to the chosen service.")})
        if self.pk is not None or self.user_id is None:
            return
        duty_check(self.user, rolle=self.rolle, adresseklarering=self.adresseklarering)
        if self.adresseklarering:
            if clearance_rank(self.adresseklarering) <= clearance_rank(self.user.adresseklarering):
                raise ValidationError(
                    {"adresseklarering": _("The user already has this clearance or more.")}
                )
            if self.tjeneste_id and not _has_role_in(self.user, self.tjeneste_id):
                raise ValidationError(
                    {"tjeneste": _("The user holds no role in this service: grant the role first.")}
                )
        pending = Tilgangstildeling.objects.filter(
            user_id=self.user_id,
            status=self.Status.VENTER,
            tjeneste_id=self.tjeneste_id,
            rolle=self.rolle,
            team_id=self.team_id,
            adresseklarering=self.adresseklarering,
        )
        if pending.exists():
            raise ValidationError(_("The same grant already awaits confirmation."))


def clearance_rank(value: str) -> int:
    """0 for none, 1 for fortrolig, 2 for both (SAK-05)."""
    order = [c.value for c in User.Adresseklarering]
    return order.index(value) if value in order else 0


def _has_role_in(user: User, tjeneste_id: int) -> bool:
    """A role of the user's in the service, held or awaiting confirmation."""
    return (
        Rolletildeling.objects.filter(
            user_id=user.pk, tjeneste_id=tjeneste_id, avsluttet__isnull=True
        ).exists()
        or Tilgangstildeling.objects.filter(
            user_id=user.pk,
            tjeneste_id=tjeneste_id,
            status=Tilgangstildeling.Status.VENTER,
        )
        .exclude(rolle="")
        .exists()
    )


def administers(user: User) -> bool:
    """The user is the system administrator: ``/admin/`` (staff or superuser) or the system
    administrator role, held or awaiting confirmation."""
    if user.is_staff or user.is_superuser:
        return True
    if user.pk is None:
        return False
    sysadmin = Rolle.SYSTEMADMINISTRATOR
    return (
        Rolletildeling.objects.filter(
            user_id=user.pk, rolle=sysadmin, avsluttet__isnull=True
        ).exists()
        or Tilgangstildeling.objects.filter(
            user_id=user.pk, rolle=sysadmin, status=Tilgangstildeling.Status.VENTER
        ).exists()
    )


def holds_case_access(user: User) -> bool:
    """The user holds a role in the service's work or a clearance for shielded addresses, or
    awaits one."""
    if user.adresseklarering != User.Adresseklarering.INGEN:
        return True
    if user.pk is None:
        return False
    return (
        Rolletildeling.objects.filter(
            user_id=user.pk, rolle__in=CASE_ROLES, avsluttet__isnull=True
        ).exists()
        or Tilgangstildeling.objects.filter(
            Q(rolle__in=CASE_ROLES) | ~Q(adresseklarering=""),
            user_id=user.pk,
            status=Tilgangstildeling.Status.VENTER,
        ).exists()
    )


def duty_problem(user: User, *, rolle: str = "", adresseklarering: str = "") -> str | None:
    """Why ``user`` may not be given ``rolle`` or ``adresseklarering`` (separated duties), or
    ``None``. The same answer for the model, the admin's forms and the services."""
    opens_cases = rolle in CASE_ROLES or bool(
        adresseklarering and adresseklarering != User.Adresseklarering.INGEN
    )
    if opens_cases and administers(user):
        return ADMIN_HOLDS_NO_CASE_ACCESS
    if rolle == Rolle.SYSTEMADMINISTRATOR and holds_case_access(user):
        return CASE_USER_IS_NO_ADMIN
    return None


def duty_check(user: User, *, rolle: str = "", adresseklarering: str = "") -> None:
    """:func:`duty_problem` as a ``ValidationError`` on the field it concerns."""
    problem = duty_problem(user, rolle=rolle, adresseklarering=adresseklarering)
    if problem is not None:
        raise ValidationError({"adresseklarering" if adresseklarering else "rolle": problem})


class Registreringskode(models.Model):
    """A one-time enrolment code (issue 19): setting up the authenticator app needs it besides
    the password, on the first login and after the administrator removed a device or reset the
    password. Issued by the administrator and shown once; stored hashed (Django's password
    hasher); valid ``VALID_HOURS`` hours; used once. A new code voids the user's older ones."""

    VALID_HOURS = 72

    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="+", verbose_name=_("user")
    )
    kode_hash = models.CharField(_("code (hashed)"), max_length=256)
    opprettet = models.DateTimeField(_("created"), default=timezone.now, editable=False)
    opprettet_av = models.ForeignKey(
        User,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("issued by"),
        null=True,
        blank=True,
    )
    gyldig_til = models.DateTimeField(_("valid until"))
    brukt = models.DateTimeField(_("used"), null=True, blank=True)

    class Meta:
        verbose_name = _("enrolment code")
        verbose_name_plural = _("enrolment codes")
        ordering = ["-opprettet"]

    def __str__(self) -> str:
        return f"{self.user} ({self.opprettet:%Y-%m-%d %H:%M})"


class UserSession(AbstractBaseSession):
    """A login session that knows its user, so that all of a user's sessions can be ended at
    once when the user is deactivated (``accounts.services.user_sessions_end``).

    The session engine is ``accounts.sessions``; rows are infrastructure, not records.
    """

    user = models.ForeignKey(
        User,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("user"),
    )

    class Meta:
        verbose_name = _("login session")
        verbose_name_plural = _("login sessions")

    @classmethod
    def get_session_store_class(cls):
        return SessionStore
