"""The service's reporting to Barnevernsregisteret (RAPP-02 … RAPP-04): who reports
(:class:`Avgiver`), each day's extract (:class:`Uttrekk`) and what the controls found in it
(:class:`Kontrollfunn`)."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_fsm import ConcurrentTransitionMixin, FSMField, transition
from simple_history.models import HistoricalRecords

from accounts.models import Tjeneste
from cases.models import Sak
from documents.storage import dokument_storage

from . import permissions


class Avgiver(models.Model):
    """Avgiver: the organisation number (and, in Oslo, Bergen and Trondheim, the district)
    the service reports under. The municipality's number and name are the service's own."""

    tjeneste = models.OneToOneField(
        Tjeneste, on_delete=models.PROTECT, related_name="avgiver", verbose_name=_("service")
    )
    organisasjonsnummer = models.CharField(
        _("organisation number"),
        max_length=9,
        validators=[RegexValidator(r"^\d{9}$", _("Nine digits."))],
    )
    bydelsnummer = models.CharField(
        _("district number"),
        max_length=2,
        blank=True,
        validators=[RegexValidator(r"^\d{2}$", _("Two digits."))],
    )
    bydelsnavn = models.CharField(_("district name"), max_length=250, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("reporting unit")
        verbose_name_plural = _("reporting units")

    def __str__(self) -> str:
        return self.organisasjonsnummer


def _fil_navn(uttrekk: Uttrekk, filename: str) -> str:
    return f"rapportering/{uttrekk.tjeneste_id}/{filename}"


class Uttrekk(ConcurrentTransitionMixin, models.Model):
    """RAPP-04: one extract of one service on one day, stored with its schema version,
    checksum and the result of the controls; released by the head of service, then sent."""

    class Status(models.TextChoices):
        FEILET = "feilet", _("Build failed")
        STOPPET = "stoppet", _("Stopped by the controls")
        KLAR = "klar", _("Ready to release")
        FRIGITT = "frigitt", _("Released")
        SENDT = "sendt", _("Sent")

    STATUS_COLORS = {
        Status.FEILET: "danger",
        Status.STOPPET: "danger",
        Status.KLAR: "info",
        Status.FRIGITT: "success",
        Status.SENDT: "success",
    }

    tjeneste = models.ForeignKey(
        Tjeneste, on_delete=models.PROTECT, related_name="uttrekk", verbose_name=_("service")
    )
    dato = models.DateField(_("date of the extract"))
    laget = models.DateTimeField(_("built"), default=timezone.now)
    skjemaversjon = models.CharField(_("schema version"), max_length=20)
    status = FSMField(
        _("status"), max_length=10, choices=Status.choices, default=Status.FEILET, protected=True
    )
    fil = models.FileField(
        _("file"), storage=dokument_storage, upload_to=_fil_navn, max_length=300, blank=True
    )
    sjekksum = models.CharField(_("checksum (SHA-256)"), max_length=64, blank=True)
    storrelse = models.PositiveBigIntegerField(_("size in bytes"), default=0)
    antall_saker = models.PositiveIntegerField(_("cases"), default=0)
    antall_fatal = models.PositiveIntegerField(default=0)
    antall_error = models.PositiveIntegerField(default=0)
    antall_warning = models.PositiveIntegerField(default=0)
    antall_info = models.PositiveIntegerField(default=0)
    feil = models.TextField(_("why the build failed"), blank=True)
    frigitt_av = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("released by"),
    )
    frigitt = models.DateTimeField(_("released"), null=True, blank=True)
    sendt_av = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("sent by"),
    )
    sendt = models.DateTimeField(_("sent"), null=True, blank=True)
    sendt_via = models.CharField(_("sent through"), max_length=100, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("extract")
        verbose_name_plural = _("extracts")
        ordering = ["-dato", "-laget", "-pk"]
        indexes = [models.Index(fields=["tjeneste", "dato"], name="uttrekk_tjeneste_dato")]

    def __str__(self) -> str:
        return f"{self.tjeneste_id}/{self.dato}"

    @property
    def status_color(self) -> str:
        return self.STATUS_COLORS.get(self.status, "neutral")

    @property
    def kan_frigis(self) -> bool:
        """RAPP-03: no FATAL and no ERROR result."""
        return self.antall_fatal == 0 and self.antall_error == 0

    # The build (RAPP-02/03): a new extract is «feilet» until its file is stored; then it is
    # ready to release, or stopped by a FATAL or ERROR result.
    @transition(field=status, source=Status.FEILET, target=Status.KLAR)
    def mark_ready(self) -> None:
        pass

    @transition(field=status, source=Status.FEILET, target=Status.STOPPET)
    def mark_stopped(self) -> None:
        pass

    @transition(
        field=status,
        source=Status.KLAR,
        target=Status.FRIGITT,
        permission=permissions.can_release,
    )
    def release(self, *, by) -> None:
        self.frigitt_av = by
        self.frigitt = timezone.now()

    @transition(
        field=status,
        source=[Status.FRIGITT, Status.SENDT],
        target=Status.SENDT,
        permission=permissions.can_send,
    )
    def send(self, *, by, via: str) -> None:
        self.sendt_av = by
        self.sendt = timezone.now()
        self.sendt_via = via


class Kontrollfunn(models.Model):
    """RAPP-03: one failed control in an extract, under the control's own number and
    wording, naming the record to fix (``objekt``/``objekt_id``, in ``sak`` when it has one)."""

    class Alvorlighetsgrad(models.TextChoices):
        FATAL = "FATAL", "FATAL"
        ERROR = "ERROR", "ERROR"
        WARNING = "WARNING", "WARNING"
        INFO = "INFO", "INFO"

    uttrekk = models.ForeignKey(
        Uttrekk, on_delete=models.PROTECT, related_name="funn", verbose_name=_("extract")
    )
    kontroll = models.CharField(_("control"), max_length=80)
    alvorlighetsgrad = models.CharField(
        _("severity"), max_length=8, choices=Alvorlighetsgrad.choices
    )
    melding = models.TextField(_("message"))
    sak = models.ForeignKey(
        Sak,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("case"),
    )
    objekt = models.CharField(_("record"), max_length=20)
    objekt_id = models.PositiveBigIntegerField(_("record id"), null=True, blank=True)

    class Meta:
        verbose_name = _("control result")
        verbose_name_plural = _("control results")
        ordering = ["pk"]
        indexes = [models.Index(fields=["uttrekk", "alvorlighetsgrad"], name="funn_uttrekk_grad")]

    def __str__(self) -> str:
        return f"{self.kontroll}: {self.alvorlighetsgrad}"
