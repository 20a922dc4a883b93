"""A party's complaint against a decision (KLAGE-01 … KLAGE-03).

Status (protected, changed only by the transitions below through :mod:`klage.actions`):
``mottatt`` → ``vurdert`` (the service's own assessment written, fvl § 33) → either
``omgjort`` (the service changes its decision: a change decision is opened and linked) or
``oversendt`` (sent to the statsforvalteren with the service's comments, a letter to every
party, KLAGE-02) → ``avgjort`` (the statsforvalteren's outcome recorded, KLAGE-03).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_fsm import ConcurrentTransitionMixin, FSMField, transition
from simple_history.models import HistoricalRecords

from accounts.models import Tjeneste
from cases.models import Part, Sak
from core.validators import PlainTextValidator

from . import permissions

_TEXT = [PlainTextValidator(multiline=True)]


class Klageoppsett(models.Model):
    """The service's complaint setting: the statsforvalteren its complaints go to (KLAGE-02),
    named and addressed on the forwarding letter's own copy. Kept in the admin."""

    tjeneste = models.OneToOneField(
        Tjeneste, on_delete=models.PROTECT, related_name="klageoppsett", verbose_name=_("service")
    )
    statsforvalter_navn = models.CharField(
        _("the statsforvalteren's name"),
        max_length=200,
        help_text=_("For example «Statsforvalteren i Vestland»."),
    )
    statsforvalter_adresse = models.TextField(
        _("the statsforvalteren's postal address"),
        blank=True,
        validators=_TEXT,
        help_text=_("One line each, or separated by commas."),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("complaint setting")
        verbose_name_plural = _("complaint settings")

    def __str__(self) -> str:
        return str(self.tjeneste)


class Klage(ConcurrentTransitionMixin, models.Model):
    class Kanal(models.TextChoices):
        POST = "post", _("By post")
        DIGITALT = "digitalt", _("Digitally")
        MUNTLIG = "muntlig", _("Orally")

    class Status(models.TextChoices):
        MOTTATT = "mottatt", _("Received")
        VURDERT = "vurdert", _("Assessed by the service")
        OMGJORT = "omgjort", _("Changed by the service")
        OVERSENDT = "oversendt", _("Sent to the statsforvalteren")
        AVGJORT = "avgjort", _("Decided by the statsforvalteren")

    class Utfall(models.TextChoices):
        STADFESTET = "stadfestet", _("Upheld")
        ENDRET = "endret", _("Changed")
        OPPHEVET = "opphevet", _("Set aside and returned")

    #: KLAGE-04: waiting for the service (not yet reviewed or sent on).
    WAITING = (Status.MOTTATT, Status.VURDERT)
    STATUS_COLORS = {
        Status.MOTTATT: "warning",
        Status.VURDERT: "info",
        Status.OMGJORT: "success",
        Status.OVERSENDT: "accent",
        Status.AVGJORT: "success",
    }

    sak = models.ForeignKey(
        Sak, on_delete=models.PROTECT, related_name="klager", verbose_name=_("case")
    )
    vedtak = models.ForeignKey(
        "vedtak.Vedtak", on_delete=models.PROTECT, related_name="klager", verbose_name=_("decision")
    )
    klager = models.ForeignKey(
        Part, on_delete=models.PROTECT, related_name="klager", verbose_name=_("complainant")
    )
    mottatt = models.DateField(_("date received"))
    kanal = models.CharField(_("channel"), max_length=16, choices=Kanal.choices)
    gjelder = models.TextField(_("what the complaint is about"), validators=_TEXT)
    # The letter as an incoming document (INN-01), or the note of an oral complaint.
    brev = models.ForeignKey(
        "innkommende.InnkommendeDokument",
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name=_("the complaint's letter"),
    )
    notat = models.ForeignKey(
        "journal.Journalnotat",
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name=_("note of the oral complaint"),
    )
    # KLAGE-01: the party's notification of the decision and the deadline from it.
    underrettet = models.DateField(_("party notified"))
    frist = models.DateField(_("complaint deadline"))
    for_sent = models.BooleanField(_("received late"), default=False)
    behandles_likevel = models.BooleanField(_("considered anyway"), null=True, blank=True)
    likevel_begrunnelse = models.TextField(_("reason (fvl § 31)"), blank=True, validators=_TEXT)
    status = FSMField(
        _("status"), max_length=16, choices=Status.choices, default=Status.MOTTATT, protected=True
    )
    # KLAGE-02: the service's own assessment (fvl § 33) and the leader's handling.
    vurdering = models.TextField(_("the service's assessment"), blank=True, validators=_TEXT)
    behandlet_av = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name=_("handled by"),
    )
    behandlet = models.DateTimeField(_("handled"), null=True, blank=True)
    nytt_vedtak = models.ForeignKey(
        "vedtak.Vedtak",
        on_delete=models.PROTECT,
        related_name="fra_klage",
        null=True,
        blank=True,
        verbose_name=_("new decision"),
    )
    # KLAGE-03: the statsforvalteren's outcome.
    utfall = models.CharField(_("outcome"), max_length=16, choices=Utfall.choices, blank=True)
    utfall_dato = models.DateField(_("date of the outcome"), null=True, blank=True)
    utfall_brev = models.ForeignKey(
        "innkommende.InnkommendeDokument",
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name=_("the statsforvalteren's letter"),
    )
    registrert_av = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("registered by"),
    )
    registrert = models.DateTimeField(_("registered"), default=timezone.now, editable=False)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("complaint")
        verbose_name_plural = _("complaints")
        ordering = ["-mottatt", "-pk"]
        indexes = [models.Index(fields=["status", "sak"], name="klage_status_sak")]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(behandles_likevel=True) | ~models.Q(likevel_begrunnelse=""),
                name="klage_late_considered_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return str(_("Complaint %(id)s")) % {"id": self.pk}

    @property
    def status_color(self) -> str:
        return self.STATUS_COLORS.get(self.status, "neutral")

    @property
    def venter(self) -> bool:
        return self.status in self.WAITING

    # --- transitions: they only change fields on the instance ------------------------------

    @transition(
        field=status,
        source=[Status.MOTTATT, Status.VURDERT],
        target=Status.VURDERT,
        permission=permissions.can_assess,
    )
    def assess(self, *, by, vurdering: str) -> None:
        self.vurdering = vurdering

    @transition(
        field=status,
        source=Status.VURDERT,
        target=Status.OMGJORT,
        permission=permissions.can_handle,
    )
    def change(self, *, by) -> None:
        self.behandlet_av = by
        self.behandlet = timezone.now()

    @transition(
        field=status,
        source=Status.VURDERT,
        target=Status.OVERSENDT,
        permission=permissions.can_handle,
    )
    def forward(self, *, by) -> None:
        self.behandlet_av = by
        self.behandlet = timezone.now()

    @transition(
        field=status,
        source=Status.OVERSENDT,
        target=Status.AVGJORT,
        permission=permissions.can_assess,
    )
    def record_outcome(self, *, by, utfall: str, utfall_dato) -> None:
        self.utfall = utfall
        self.utfall_dato = utfall_dato
