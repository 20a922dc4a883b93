"""Users, the organisation (tjeneste → team) and role memberships (ROLE-01)."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.contrib.sessions.base_session import AbstractBaseSession
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

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


class Tjeneste(models.Model):
    """A municipal child welfare service (barnevernstjenesten), the top organisation unit."""

    navn = models.CharField(_("name"), max_length=200)
    kommune = models.CharField(_("municipality"), max_length=200)
    kommunenummer = models.CharField(_("municipality number"), max_length=4, unique=True)
    adresse = models.CharField(_("postal address"), max_length=300, blank=True)
    telefon = models.CharField(_("telephone"), max_length=40, blank=True)
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
    adresseklarering = models.CharField(
        _("clearance for shielded addresses"),
        max_length=20,
        choices=Adresseklarering.choices,
        default=Adresseklarering.INGEN,
        help_text=_("SAK-05: which shielded addresses this user may see. Every view is logged."),
    )
    history = HistoricalRecords(excluded_fields=["last_login", "password"])

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["first_name", "last_name"]

    def __str__(self) -> str:
        return self.get_full_name() or self.username

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
        from django.core.exceptions import ValidationError

        if self.team_id and self.team.tjeneste_id != self.tjeneste_id:
            raise ValidationError({"team": _("The team must belong to the chosen service.")})


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
