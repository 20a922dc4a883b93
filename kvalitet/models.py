"""The materialised summary of the quality indicators (KVAL-01, issue 25).

The figures are computed from the records (KVAL-02) by :func:`kvalitet.services.
indikatorer_beregn`, which the nightly job runs, and stored here, so that the page reads a few
hundred rows whatever the size of the service. A run is a :class:`Beregning`; the page reads
the newest one and says when it was made. Runs are kept (nothing is deleted), and no row is
ever changed: they hold counts only, never a person, so they have no history of their own.
"""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Team, Tjeneste


class Beregning(models.Model):
    """One computation of a service's indicators: when, and the day counted to."""

    tjeneste = models.ForeignKey(
        Tjeneste, on_delete=models.PROTECT, related_name="+", verbose_name=_("service")
    )
    beregnet = models.DateTimeField(_("computed"), default=timezone.now)
    til_dato = models.DateField(_("counted to"))

    class Meta:
        verbose_name = _("computation of the indicators")
        verbose_name_plural = _("computations of the indicators")
        indexes = [models.Index(fields=["tjeneste", "-beregnet"], name="kval_beregning_nyeste")]

    def __str__(self) -> str:
        return f"{self.tjeneste_id}: {self.beregnet:%Y-%m-%d %H:%M}"


class Indikatortall(models.Model):
    """One figure: an indicator for a team (or, with no team, the whole service) in a quarter.

    ``antall`` is what the figure is counted of (events, or for PLAN-04 measure days), ``treff``
    how many met the measure (for PLAN-04: the days without a plan); a median indicator has
    ``median`` and ``p90`` in days."""

    beregning = models.ForeignKey(
        Beregning, on_delete=models.PROTECT, related_name="tall", verbose_name=_("computation")
    )
    team = models.ForeignKey(
        Team, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    indikator = models.CharField(_("indicator"), max_length=32)
    kvartal = models.DateField(_("quarter (its first day)"))
    antall = models.PositiveIntegerField(_("counted"), default=0)
    treff = models.PositiveIntegerField(_("met"), default=0)
    median = models.FloatField(_("median"), null=True, blank=True)
    p90 = models.FloatField(_("90th percentile"), null=True, blank=True)

    class Meta:
        verbose_name = _("indicator figure")
        verbose_name_plural = _("indicator figures")
        constraints = [
            models.UniqueConstraint(
                fields=["beregning", "team", "indikator", "kvartal"], name="kval_tall_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indikator} {self.kvartal}: {self.treff}/{self.antall}"
