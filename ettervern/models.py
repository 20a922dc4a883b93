"""Ettervern (18–25): the dialogue with the youth before 18 (ETT-01) and the outcome of the
decision at 18 (ETT-02).

Both lean on records other apps keep: the dialogue is a journal note or a meeting of the case,
marked here as the ettervern dialogue; the decision is an ordinary :class:`vedtak.models.Vedtak`
(its measures, reasons, approval and letter), and :class:`Ettervernvedtak` adds what ETT-02
asks of it: continue, change, end, or the youth declines, with the youth's reason.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from cases.models import Sak

from . import rules


class Ettervernsamtale(models.Model):
    """ETT-01: the dialogue about ettervern with the youth, recorded as a signed journal note or
    a held meeting of the case."""

    sak = models.ForeignKey(
        Sak, on_delete=models.PROTECT, related_name="ettervernsamtaler", verbose_name=_("case")
    )
    notat = models.ForeignKey(
        "journal.Journalnotat",
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name=_("journal note"),
    )
    mote = models.ForeignKey(
        "moter.Mote",
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name=_("meeting"),
    )
    dato = models.DateField(_("date of the dialogue"))
    registrert_av = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("registered by"),
    )
    registrert = models.DateTimeField(_("registered"), default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("ettervern dialogue")
        verbose_name_plural = _("ettervern dialogues")
        ordering = ["dato", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(notat__isnull=False) & models.Q(mote__isnull=True))
                | (models.Q(notat__isnull=True) & models.Q(mote__isnull=False)),
                name="ettervernsamtale_note_or_meeting",
            ),
            models.UniqueConstraint(
                fields=["notat"],
                condition=models.Q(notat__isnull=False),
                name="ettervernsamtale_one_per_note",
            ),
            models.UniqueConstraint(
                fields=["mote"],
                condition=models.Q(mote__isnull=False),
                name="ettervernsamtale_one_per_meeting",
            ),
        ]

    def __str__(self) -> str:
        return str(_("Ettervern dialogue %(date)s")) % {"date": self.dato}

    @staticmethod
    def history_label(record) -> str:
        return str(_("Ettervern dialogue %(date)s")) % {"date": record.dato}


class Ettervernvedtak(models.Model):
    """ETT-02: what the decision at 18 does with the measures, and a declined offer's reason.
    The decision itself (reasons, measures, approval, the letter with the complaint
    information) is the :class:`vedtak.models.Vedtak` it belongs to."""

    class Utfall(models.TextChoices):
        FORTSETTE = rules.CONTINUE, _("Continue the measures")
        ENDRE = rules.CHANGE, _("Change the measures")
        AVSLUTTE = rules.END, _("End the measures")
        TAKKER_NEI = rules.DECLINED, _("The youth declines the offer")

    vedtak = models.OneToOneField(
        "vedtak.Vedtak",
        on_delete=models.PROTECT,
        related_name="ettervern",
        verbose_name=_("decision"),
    )
    utfall = models.CharField(_("outcome"), max_length=16, choices=Utfall.choices)
    ungdommens_begrunnelse = models.TextField(
        _("the youth's reason for declining"),
        blank=True,
        help_text=_("In the youth's own words (ETT-02)."),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("ettervern decision")
        verbose_name_plural = _("ettervern decisions")

    def __str__(self) -> str:
        return self.get_utfall_display()

    @staticmethod
    def history_label(record) -> str:
        return str(_("Ettervern decision %(id)s")) % {"id": record.vedtak_id}

    @property
    def er_avslag(self) -> bool:
        """The youth declined the offer (ETT-02)."""
        return self.utfall == self.Utfall.TAKKER_NEI

    @property
    def fyller_25(self):
        """ETT-02/ETT-03: until this day the youth may change their mind and ask again."""
        return rules.twenty_fifth(self.vedtak.sak.barn.fodselsdato)
