"""The evaluation of a plan (evaluering): EVAL-01 … EVAL-05.

An evaluation is written as a draft (``utkast``), prefilled from the goals and measures of the
plan version in force, and completed: status «G» (gjennomført, EVAL-05). The status is
protected: only the transition below changes it, and the services in
:mod:`evaluations.services` call it through the action table (:mod:`evaluations.actions`). The
completed evaluation moves the EVAL-01 clock, is sent to every party, and a conclusion to
replace, supplement or end a measure opens a draft vedtak (EVAL-04).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django_fsm import ConcurrentTransitionMixin, FSMField, transition
from simple_history.models import HistoricalRecords

from core.rules import conditions
from plans.models import Maal, Planversjon, Tiltaksplan

from . import permissions, rules


class Evaluering(ConcurrentTransitionMixin, models.Model):
    class Status(models.TextChoices):
        UTKAST = "utkast", _("Draft")
        GJENNOMFORT = "G", pgettext_lazy("evaluation status", "Completed")

    #: The colour of each status's tag on the pages (presentation only).
    STATUS_COLORS = {Status.UTKAST: "info", Status.GJENNOMFORT: "success"}

    plan = models.ForeignKey(
        Tiltaksplan, on_delete=models.PROTECT, related_name="evalueringer", verbose_name=_("plan")
    )
    versjon = models.ForeignKey(
        Planversjon,
        on_delete=models.PROTECT,
        related_name="evalueringer",
        verbose_name=_("plan version evaluated"),
    )
    status = FSMField(
        _("status"), max_length=8, choices=Status.choices, default=Status.UTKAST, protected=True
    )
    dato = models.DateField(_("date of the evaluation"), null=True, blank=True)
    deltakere = models.TextField(_("who took part"), blank=True)
    # EVAL-03: what the service, the collaborating services, the parents and the child say.
    fra_tjenesten = models.TextField(_("from the child welfare service"), blank=True)
    fra_samarbeidspartnere = models.TextField(
        _("from collaborating services"),
        blank=True,
        help_text=_("School, kindergarten, health services, the contractor …"),
    )
    fra_foreldre = models.TextField(_("from the parents"), blank=True)
    fra_barnet = models.TextField(_("the child's own view of the change"), blank=True)
    barnet_ikke_spurt_begrunnelse = models.TextField(
        _("why the child's view was not asked for"), blank=True
    )
    oppsummering = models.TextField(_("summary"), blank=True)
    neste_evaluering = models.DateField(_("next evaluation"), null=True, blank=True)
    opprettet_av = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("created by"),
    )
    opprettet = models.DateTimeField(_("created"), default=timezone.now, editable=False)
    gjennomfort_av = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name=_("completed by"),
    )
    gjennomfort = models.DateTimeField(_("completed"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("evaluation")
        verbose_name_plural = _("evaluations")
        ordering = ["-dato", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan"],
                condition=models.Q(status="utkast"),
                name="evaluering_one_draft_per_plan",
            ),
            models.CheckConstraint(
                condition=models.Q(status="utkast")
                | models.Q(
                    dato__isnull=False, gjennomfort__isnull=False, gjennomfort_av__isnull=False
                ),
                name="evaluering_completed_has_date",
            ),
        ]
        indexes = [models.Index(fields=["plan", "status", "dato"], name="evaluering_plan_dato")]

    def __str__(self) -> str:
        return str(_("Evaluation %(date)s")) % {"date": self.dato or "–"}

    @property
    def sak_id(self) -> int:
        """The case the evaluation belongs to (for documents made from it)."""
        return self.plan.sak_id

    @property
    def sak(self):
        return self.plan.sak

    @property
    def er_gjennomfort(self) -> bool:
        return self.status == self.Status.GJENNOMFORT

    @property
    def status_color(self) -> str:
        return self.STATUS_COLORS.get(self.status, "neutral")

    # --- EVAL-05: the transition ---------------------------------------------------------------

    @transition(
        field=status,
        source=Status.UTKAST,
        target=Status.GJENNOMFORT,
        conditions=conditions(rules.TRANSITION_RULES["complete"]),
        permission=permissions.can_complete,
    )
    def complete(self, *, by) -> None:
        self.gjennomfort = timezone.now()
        self.gjennomfort_av = by


class Maalvurdering(models.Model):
    """EVAL-03: the progress on one goal or delmål."""

    class Fremgang(models.TextChoices):
        NADD = "nadd", _("Reached")
        GOD = "god", _("Good progress")
        NOE = "noe", _("Some progress")
        INGEN = "ingen", _("No change")
        TILBAKE = "tilbake", _("Gone backwards")

    evaluering = models.ForeignKey(
        Evaluering, on_delete=models.PROTECT, related_name="maalvurderinger"
    )
    maal = models.ForeignKey(Maal, on_delete=models.PROTECT, related_name="vurderinger")
    fremgang = models.CharField(_("progress"), max_length=16, choices=Fremgang.choices, blank=True)
    niva_na = models.CharField(_("level now"), max_length=300, blank=True)
    kommentar = models.TextField(_("comment"), blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("progress on a goal")
        verbose_name_plural = _("progress on goals")
        ordering = ["evaluering_id", "maal__rekkefolge", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["evaluering", "maal"], name="maalvurdering_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.evaluering_id}: {self.maal_id}"


class Tiltakskonklusjon(models.Model):
    """EVAL-03: the conclusion for one measure; EVAL-04 for replace, supplement and end."""

    class Konklusjon(models.TextChoices):
        FORTSETTE = "fortsette", _("Continue")
        JUSTERE = "justere", _("Adjust")
        ERSTATTE = "erstatte", _("Replace")
        SUPPLERE = "supplere", _("Supplement")
        AVSLUTTE = "avslutte", _("End")

    #: EVAL-04: the conclusions that open a draft vedtak, and the vedtak type they open.
    OPENS_VEDTAK = {
        Konklusjon.ERSTATTE: "endring",
        Konklusjon.SUPPLERE: "nytt",
        Konklusjon.AVSLUTTE: "avslutning",
    }

    evaluering = models.ForeignKey(
        Evaluering, on_delete=models.PROTECT, related_name="konklusjoner"
    )
    tiltak = models.ForeignKey("vedtak.Tiltak", on_delete=models.PROTECT, related_name="+")
    konklusjon = models.CharField(
        _("conclusion"), max_length=16, choices=Konklusjon.choices, blank=True
    )
    begrunnelse = models.TextField(_("reasons"), blank=True)
    vedtak = models.ForeignKey(
        "vedtak.Vedtak",
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name=_("draft decision opened"),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("conclusion for a measure")
        verbose_name_plural = _("conclusions for measures")
        ordering = ["evaluering_id", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["evaluering", "tiltak"], name="tiltakskonklusjon_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.evaluering_id}: {self.tiltak_id} {self.konklusjon}"
