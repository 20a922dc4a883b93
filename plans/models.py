"""The plan of measures (tiltaksplan, bvl § 8-1): PLAN-01 … PLAN-05.

A case has one :class:`Tiltaksplan`. Its content lives in numbered :class:`Planversjon` rows:
a change makes a new version, and older versions stay readable (PLAN-03). A version goes
``utkast`` → ``til_godkjenning`` → ``godkjent`` (a leader approves it), or back to ``utkast``
with a comment; a draft nobody wants is ``forkastet``. The status is protected: only the
transitions below change it, and the services in :mod:`plans.services` call them.

An approved version is in force from its ``gyldig_fra`` until its ``gyldig_til`` or until a
later approved version starts (PLAN-04, computed in :mod:`plans.rules`).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_fsm import ConcurrentTransitionMixin, FSMField, transition
from simple_history.models import HistoricalRecords

from cases.models import Sak
from core.rules import conditions

from . import permissions, rules
from .schedule import default_interval


class Tiltaksplan(models.Model):
    """The plan of one case. PLAN-01: the case's caseworker in the measures team owns it."""

    sak = models.OneToOneField(
        Sak, on_delete=models.PROTECT, related_name="tiltaksplan", verbose_name=_("case")
    )
    # EVAL-02: the date of the next evaluation as last agreed (by an approved version or a
    # completed evaluation). The services keep it; EVAL-02 is checked every time it is set.
    neste_evaluering = models.DateField(_("next evaluation"), null=True, blank=True)
    # EVAL-01: a longer interval for this plan needs a recorded reason and a leader's approval.
    intervall_maneder = models.PositiveSmallIntegerField(
        _("evaluation interval in months"), null=True, blank=True
    )
    intervall_begrunnelse = models.TextField(_("reason for the longer interval"), blank=True)
    intervall_godkjent_av = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name=_("longer interval approved by"),
    )
    opprettet_av = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("created by"),
    )
    opprettet = models.DateTimeField(_("created"), default=timezone.now, editable=False)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("plan of measures")
        verbose_name_plural = _("plans of measures")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(intervall_maneder__isnull=True)
                | (
                    models.Q(intervall_godkjent_av__isnull=False)
                    & ~models.Q(intervall_begrunnelse="")
                ),
                name="tiltaksplan_longer_interval_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return str(_("Plan of measures for case %(number)s")) % {"number": self.sak_id}

    @property
    def intervall(self) -> int:
        return self.intervall_maneder or default_interval()


class Planversjon(ConcurrentTransitionMixin, models.Model):
    """One version of the plan, with everything PLAN-02 asks for."""

    class Status(models.TextChoices):
        UTKAST = "utkast", _("Draft")
        TIL_GODKJENNING = "til_godkjenning", _("Waiting for a leader's approval")
        GODKJENT = "godkjent", _("Approved")
        FORKASTET = "forkastet", _("Discarded")

    OPEN = (Status.UTKAST, Status.TIL_GODKJENNING)
    #: The colour of each status's tag on the pages (presentation only).
    STATUS_COLORS = {
        Status.UTKAST: "info",
        Status.TIL_GODKJENNING: "warning",
        Status.GODKJENT: "success",
        Status.FORKASTET: "neutral",
    }

    plan = models.ForeignKey(
        Tiltaksplan, on_delete=models.PROTECT, related_name="versjoner", verbose_name=_("plan")
    )
    nummer = models.PositiveIntegerField(_("version"))
    status = FSMField(
        _("status"), max_length=24, choices=Status.choices, default=Status.UTKAST, protected=True
    )
    # PLAN-02: the contents.
    utfordringer = models.TextField(
        _("the family's and the child's challenges and needs"), blank=True
    )
    ressurser = models.TextField(_("the family's and the child's resources"), blank=True)
    behov = models.TextField(_("how the needs are to be met"), blank=True)
    ansvar = models.TextField(
        _("roles and responsibilities"),
        blank=True,
        help_text=_("The service, the parents, school, health services, the network."),
    )
    barnets_onsker = models.TextField(_("the child's wishes"), blank=True)
    tilpasninger = models.TextField(
        _("adaptations"), blank=True, help_text=_("Language, interpreter, culture, disability.")
    )
    sikkerhetsplan = models.TextField(
        _("safety plan"), blank=True, help_text=_("Who to call when, and what to do in a crisis.")
    )
    # PLAN-01: how the child and the parents took part.
    medvirkning_barn = models.TextField(_("how the child took part"), blank=True)
    medvirkning_foreldre = models.TextField(_("how the parents took part"), blank=True)
    # PLAN-05: the child-friendly version, in plain language.
    til_barnet = models.TextField(
        _("a few words to the child"),
        blank=True,
        help_text=_("Plain language, for the child-friendly version of the plan."),
    )
    # ETT-04: the youth's own plan («min plan»), made with the youth from 18, in their words.
    min_plan = models.BooleanField(
        _("«min plan»: the youth's own plan"),
        default=False,
        help_text=_(
            "From 18: made with the youth, in the youth's words; only the youth's consent is "
            "asked (ETT-04)."
        ),
    )
    ungdommens_ord = models.TextField(_("the plan in the youth's own words"), blank=True)
    gyldig_fra = models.DateField(_("applies from"), null=True, blank=True)
    gyldig_til = models.DateField(
        _("applies until"), null=True, blank=True, help_text=_("Empty: until a new version.")
    )
    neste_evaluering = models.DateField(_("next evaluation"), null=True, blank=True)
    # EVAL-01 (should): why the first evaluation is not 4–6 weeks after the start.
    neste_evaluering_begrunnelse = models.TextField(
        _("why the first evaluation is not 4–6 weeks after the start"), blank=True
    )
    samtykker = models.ManyToManyField(
        "vedtak.Samtykke",
        blank=True,
        related_name="planversjoner",
        verbose_name=_("consents the plan relies on"),
    )
    opprettet_av = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("created by"),
    )
    opprettet = models.DateTimeField(_("created"), default=timezone.now, editable=False)
    endret = models.DateTimeField(_("changed"), default=timezone.now)
    sendt_til_godkjenning = models.DateTimeField(_("sent for approval"), null=True, blank=True)
    sendt_til_godkjenning_av = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name=_("sent for approval by"),
    )
    godkjent_av = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name=_("approved by"),
    )
    godkjent = models.DateTimeField(_("approved"), null=True, blank=True)
    history = HistoricalRecords(excluded_fields=["endret"], m2m_fields=[samtykker])

    class Meta:
        verbose_name = _("plan version")
        verbose_name_plural = _("plan versions")
        ordering = ["plan_id", "nummer"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "nummer"], name="planversjon_unique_number"),
            # One version at a time is being written or waits for approval.
            models.UniqueConstraint(
                fields=["plan"],
                condition=models.Q(status__in=["utkast", "til_godkjenning"]),
                name="planversjon_one_open_per_plan",
            ),
            models.CheckConstraint(
                condition=models.Q(gyldig_til__isnull=True)
                | models.Q(gyldig_fra__isnull=False, gyldig_til__gte=models.F("gyldig_fra")),
                name="planversjon_period_in_order",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="godkjent")
                | models.Q(
                    godkjent__isnull=False, godkjent_av__isnull=False, gyldig_fra__isnull=False
                ),
                name="planversjon_approved_has_approver",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "gyldig_fra"], name="planversjon_status_fra"),
        ]

    def __str__(self) -> str:
        return str(_("Version %(n)s")) % {"n": self.nummer}

    @property
    def sak_id(self) -> int:
        """The case the version belongs to (for documents made from it)."""
        return self.plan.sak_id

    @property
    def sak(self) -> Sak:
        return self.plan.sak

    @property
    def er_redigerbar(self) -> bool:
        return self.status == self.Status.UTKAST

    @property
    def er_godkjent(self) -> bool:
        return self.status == self.Status.GODKJENT

    @property
    def status_color(self) -> str:
        return self.STATUS_COLORS.get(self.status, "neutral")

    # --- PLAN-03: the transitions -------------------------------------------------------------
    # Who may take each is the predicate of plans.permissions (the same function as the action
    # table's ``may``); what must hold, the rules of plans.rules.TRANSITION_RULES.

    @transition(
        field=status,
        source=Status.UTKAST,
        target=Status.TIL_GODKJENNING,
        conditions=conditions(rules.TRANSITION_RULES["send_for_approval"]),
        permission=permissions.can_send_for_approval,
    )
    def send_for_approval(self, *, by) -> None:
        self.sendt_til_godkjenning = timezone.now()
        self.sendt_til_godkjenning_av = by

    @transition(
        field=status,
        source=Status.TIL_GODKJENNING,
        target=Status.GODKJENT,
        conditions=conditions(rules.TRANSITION_RULES["approve"]),
        permission=permissions.can_approve,
    )
    def approve(self, *, by) -> None:
        self.godkjent_av = by
        self.godkjent = timezone.now()

    @transition(
        field=status,
        source=Status.TIL_GODKJENNING,
        target=Status.UTKAST,
        conditions=conditions(rules.TRANSITION_RULES["return_to_draft"]),
        permission=permissions.can_return_to_draft,
    )
    def return_to_draft(self, *, by) -> None:
        self.sendt_til_godkjenning = None

    @transition(
        field=status,
        source=Status.UTKAST,
        target=Status.FORKASTET,
        conditions=conditions(rules.TRANSITION_RULES["discard"]),
        permission=permissions.can_discard,
    )
    def discard(self, *, by) -> None:
        pass


class LiveManager(models.Manager):
    """Rows taken out of a draft are kept (LOG-01) but not shown or copied."""

    def get_queryset(self):
        return super().get_queryset().filter(fjernet=False)


class PlanTiltak(models.Model):
    """A measure the version covers, with its time frame (PLAN-02)."""

    versjon = models.ForeignKey(
        Planversjon, on_delete=models.PROTECT, related_name="plantiltak", verbose_name=_("version")
    )
    tiltak = models.ForeignKey(
        "vedtak.Tiltak", on_delete=models.PROTECT, related_name="+", verbose_name=_("measure")
    )
    planlagt_til = models.DateField(_("time frame: planned until"), null=True, blank=True)
    fjernet = models.BooleanField(_("removed from the draft"), default=False)
    history = HistoricalRecords()

    objects = LiveManager()
    med_fjernede = models.Manager()  # noqa: DJ012 (a manager, not a field)

    class Meta:
        base_manager_name = "med_fjernede"
        verbose_name = _("measure in the plan")
        verbose_name_plural = _("measures in the plan")
        constraints = [
            models.UniqueConstraint(
                fields=["versjon", "tiltak"],
                condition=models.Q(fjernet=False),
                name="plantiltak_unique",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.versjon_id}: {self.tiltak_id}"


class Maal(models.Model):
    """PLAN-02: a goal (or a delmål under the goal before it): concrete, measurable and
    time-bound, with an indicator, today's level, the target and a deadline."""

    versjon = models.ForeignKey(
        Planversjon, on_delete=models.PROTECT, related_name="maal", verbose_name=_("version")
    )
    overordnet = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        related_name="delmal",
        null=True,
        blank=True,
        verbose_name=_("sub-goal of"),
    )
    rekkefolge = models.PositiveSmallIntegerField(_("order"), default=0)
    beskrivelse = models.TextField(_("goal"))
    indikator = models.TextField(_("indicator"), blank=True, help_text=_("How we see the change."))
    niva_na = models.CharField(_("level now"), max_length=300, blank=True)
    malniva = models.CharField(_("target level"), max_length=300, blank=True)
    frist = models.DateField(_("deadline"), null=True, blank=True)
    barnets_ord = models.TextField(
        _("the goal in the child's words"),
        blank=True,
        help_text=_("For the child-friendly version (PLAN-05)."),
    )
    # The row of the earlier version this one was copied from: what changed between versions.
    kilde = models.ForeignKey(
        "self", on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    fjernet = models.BooleanField(_("removed from the draft"), default=False)
    history = HistoricalRecords()

    objects = LiveManager()
    med_fjernede = models.Manager()  # noqa: DJ012 (a manager, not a field)

    class Meta:
        base_manager_name = "med_fjernede"
        verbose_name = _("goal")
        verbose_name_plural = _("goals")
        ordering = ["versjon_id", "rekkefolge", "pk"]

    def __str__(self) -> str:
        return self.beskrivelse[:80]

    @property
    def er_delmal(self) -> bool:
        return self.overordnet_id is not None


class Aktivitet(models.Model):
    """PLAN-02: an activity – what, where, how often, and who is responsible."""

    versjon = models.ForeignKey(
        Planversjon, on_delete=models.PROTECT, related_name="aktiviteter", verbose_name=_("version")
    )
    rekkefolge = models.PositiveSmallIntegerField(_("order"), default=0)
    hva = models.TextField(_("what"))
    hvor = models.CharField(_("where"), max_length=200, blank=True)
    hvor_ofte = models.CharField(_("how often"), max_length=200, blank=True)
    ansvarlig = models.CharField(_("who is responsible"), max_length=200, blank=True)
    kilde = models.ForeignKey(
        "self", on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    fjernet = models.BooleanField(_("removed from the draft"), default=False)
    history = HistoricalRecords()

    objects = LiveManager()
    med_fjernede = models.Manager()  # noqa: DJ012 (a manager, not a field)

    class Meta:
        base_manager_name = "med_fjernede"
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        ordering = ["versjon_id", "rekkefolge", "pk"]

    def __str__(self) -> str:
        return self.hva[:80]


class Plankommentar(models.Model):
    """A leader's comment when a version is returned to draft (PLAN-03), kept with the plan."""

    versjon = models.ForeignKey(
        Planversjon, on_delete=models.PROTECT, related_name="kommentarer", verbose_name=_("version")
    )
    tekst = models.TextField(_("comment"))
    forfatter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("written by"),
    )
    tidspunkt = models.DateTimeField(_("time"), default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("comment on a plan")
        verbose_name_plural = _("comments on plans")
        ordering = ["tidspunkt", "pk"]

    def __str__(self) -> str:
        return self.tekst[:80]
