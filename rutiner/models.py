"""The service's checklists and routine table (RUT-01, RUT-02, source 002).

- :class:`Sjekkliste` is the service's template: a code (``avslutning``, ``ettervern`` …), a
  name and its items, kept by the head of service. The six of source 002 are seeded as
  editable defaults (:mod:`rutiner.defaults`); a service adds its own.
- :class:`SakSjekkliste` is a checklist started on a case: a copy of the template's items
  (:class:`Sjekkpunkt`), each ticked with who and when. An action may require it complete
  (:func:`rutiner.rules.checklist_complete`).
- :class:`Rutine` is one row of the routine table: activity, what to do, who is responsible,
  where in the system (``nokkel``: the page whose «Rutine» link shows it).

Nothing is deleted (LOG-01): a template or routine is made inactive; everything has history.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from accounts.models import Tjeneste
from cases.models import Sak
from core.validators import PlainTextValidator

_TEXT = [PlainTextValidator(multiline=True)]
_LINE = [PlainTextValidator()]


class Sjekkliste(models.Model):
    """RUT-01: one of the service's checklists (the template a case's checklist copies)."""

    tjeneste = models.ForeignKey(
        Tjeneste, on_delete=models.PROTECT, related_name="sjekklister", verbose_name=_("service")
    )
    kode = models.SlugField(
        _("code"),
        max_length=40,
        help_text=_("A short name the system uses (e.g. avslutning for the closing checklist)."),
    )
    navn = models.CharField(_("name"), max_length=120, validators=_LINE)
    punkter = models.JSONField(_("items"), default=list)
    aktiv = models.BooleanField(_("in use"), default=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("checklist")
        verbose_name_plural = _("checklists")
        ordering = ["tjeneste", "navn"]
        constraints = [
            models.UniqueConstraint(fields=["tjeneste", "kode"], name="sjekkliste_unique_kode"),
        ]

    def __str__(self) -> str:
        return self.navn


class SakSjekkliste(models.Model):
    """RUT-01: a checklist started on a case: the template's items copied when it started."""

    sak = models.ForeignKey(
        Sak, on_delete=models.PROTECT, related_name="sjekklister", verbose_name=_("case")
    )
    mal = models.ForeignKey(
        Sjekkliste, on_delete=models.PROTECT, related_name="+", verbose_name=_("checklist")
    )
    kode = models.SlugField(_("code"), max_length=40)
    navn = models.CharField(_("name"), max_length=120)
    startet = models.DateTimeField(_("started"), auto_now_add=True)
    startet_av = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("started by"),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("case checklist")
        verbose_name_plural = _("case checklists")
        ordering = ["startet"]
        constraints = [
            models.UniqueConstraint(fields=["sak", "kode"], name="saksjekkliste_unique_kode"),
        ]

    def __str__(self) -> str:
        return self.navn

    def open_items(self) -> list[Sjekkpunkt]:
        return [p for p in self.punkter.all() if p.avkrysset is None]

    @property
    def complete(self) -> bool:
        return not self.open_items()


class Sjekkpunkt(models.Model):
    """One item of a case's checklist, ticked with who and when (RUT-01)."""

    sjekkliste = models.ForeignKey(
        SakSjekkliste,
        on_delete=models.PROTECT,
        related_name="punkter",
        verbose_name=_("checklist"),
    )
    nr = models.PositiveSmallIntegerField(_("number"))
    tekst = models.TextField(_("item"))
    avkrysset = models.DateTimeField(_("ticked"), null=True, blank=True)
    avkrysset_av = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name=_("ticked by"),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("checklist item")
        verbose_name_plural = _("checklist items")
        ordering = ["sjekkliste", "nr"]
        constraints = [
            models.UniqueConstraint(fields=["sjekkliste", "nr"], name="sjekkpunkt_unique_nr"),
        ]

    def __str__(self) -> str:
        return self.tekst


class Rutine(models.Model):
    """RUT-02: a row of the service's routine table, shown by the «Rutine» link of the page
    named by ``nokkel``."""

    class Nokkel(models.TextChoices):
        OVERFORING = "overforing", _("Transfer of a case")
        TILTAKSPLAN = "tiltaksplan", _("Plan of measures")
        EVALUERING = "evaluering", _("Evaluation")
        HENVISNING = "henvisning", _("Referral")
        OPPDRAGSTAKER = "oppdragstaker", _("Contractors")
        ETTERVERN = "ettervern", _("Aftercare")
        AVSLUTNING = "avslutning", _("Closing a case")
        ANNET = "annet", _("Other")

    tjeneste = models.ForeignKey(
        Tjeneste, on_delete=models.PROTECT, related_name="rutiner", verbose_name=_("service")
    )
    nokkel = models.CharField(
        _("where in the system"), max_length=20, choices=Nokkel.choices, default=Nokkel.ANNET
    )
    aktivitet = models.CharField(_("activity"), max_length=200, validators=_LINE)
    utfor = models.TextField(_("what to do"), validators=_TEXT)
    ansvar = models.CharField(_("who is responsible"), max_length=200, validators=_LINE)
    utfores_i = models.CharField(
        _("done in the system"), max_length=300, blank=True, validators=_LINE
    )
    rekkefolge = models.PositiveSmallIntegerField(_("order"), default=0)
    aktiv = models.BooleanField(_("in use"), default=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("routine")
        verbose_name_plural = _("routines")
        ordering = ["tjeneste", "rekkefolge", "pk"]

    def __str__(self) -> str:
        return self.aktivitet
