"""Bufetat's standard course at a senter for foreldre og barn, seen from the service that
refers (source 001; SENTER-01 … SENTER-05).

- :class:`Senterforlop` – the course of one referral to a centre (a one-to-one to
  :class:`henvisning.models.Henvisning` whose receiver is of the kind ``senter``): before it is
  sent, when Bufetat's investigation of the family ended (SENTER-02) and the caseworker's reason
  for sending it anyway; after the offer, the centre's vurderingsmøte and when it called for the
  henvisningsmøte (SENTER-03), the centre's handlingsplan and sluttrapport (incoming documents,
  INN-01) and the measure the service evaluates as its own (a :class:`vedtak.models.Tiltak`,
  SENTER-05).
- :class:`Sentermote` – a meeting of the case (:class:`moter.models.Mote`: henvisningsmøte,
  oppstartsmøte, samarbeidsmøte, tilbakemeldingsmøte, with its minutes) that belongs to the
  course.

The record is made by the first action on it; until then the course page shows the referral
alone. Nothing here has a state of its own: the course is open while the referral's offer
stands (:attr:`Senterforlop.er_i_gang`).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from cases.models import Sak
from core.validators import PlainTextValidator
from henvisning.models import Henvisning
from innkommende.models import InnkommendeDokument
from moter.models import Mote
from vedtak.models import Tiltak

_TEXT = [PlainTextValidator(multiline=True)]

#: The kinds of meeting of the course (source 001), in the course's order.
MOTETYPER = (
    Mote.Type.HENVISNINGSMOTE,
    Mote.Type.OPPSTARTSMOTE,
    Mote.Type.SAMARBEIDSMOTE,
    Mote.Type.TILBAKEMELDINGSMOTE,
)
#: A meeting that took place (its minutes written or signed).
HELD = (Mote.Status.AVHOLDT, Mote.Status.SIGNERT)


class Senterforlop(models.Model):
    """SENTER-01 … SENTER-05: the course of one referral to a centre for parents and children."""

    henvisning = models.OneToOneField(
        Henvisning,
        on_delete=models.PROTECT,
        related_name="senterforlop",
        verbose_name=_("referral"),
    )
    sak = models.ForeignKey(
        Sak, on_delete=models.PROTECT, related_name="senterforlop", verbose_name=_("case")
    )
    # SENTER-02: Bufetat's investigation of the family, and the reason for going on without one.
    bufetat_utredning_avsluttet = models.DateField(
        _("Bufetat's investigation of the family ended on"),
        null=True,
        blank=True,
        help_text=_("Empty: no Bufetat investigation of the family."),
    )
    videre_begrunnelse = models.TextField(
        _("reason for sending the referral anyway"), blank=True, validators=_TEXT
    )
    # SENTER-03: the centre's vurderingsmøte and its call for the henvisningsmøte.
    vurderingsmote = models.DateField(_("the centre's vurderingsmøte"), null=True, blank=True)
    kontaktet = models.DateField(
        _("the centre called for the henvisningsmøte on"), null=True, blank=True
    )
    # SENTER-03/INN-01: the centre's reports, received as incoming documents.
    handlingsplan = models.ForeignKey(
        InnkommendeDokument,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("the centre's handlingsplan"),
    )
    sluttrapport = models.ForeignKey(
        InnkommendeDokument,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("the centre's sluttrapport"),
    )
    # SENTER-05: the measure the service evaluates as its own.
    tiltak = models.ForeignKey(
        Tiltak,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="senterforlop",
        verbose_name=_("measure"),
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
        verbose_name = _("centre course")
        verbose_name_plural = _("centre courses")
        ordering = ["-opprettet", "-pk"]

    def __str__(self) -> str:
        return str(_("Centre course"))

    @staticmethod
    def history_label(record) -> str:
        return str(_("Centre course"))

    @property
    def er_i_gang(self) -> bool:
        """After the centre's offer, unless the family declined it: the course has its meetings
        and reports."""
        h = self.henvisning
        return (
            h.status == Henvisning.Status.BESVART
            and h.utfall == Henvisning.Utfall.TILBUD
            and h.oppfolging != Henvisning.Oppfolging.TAKKET_NEI
        )

    def linked_meetings(self) -> list[Mote]:
        """The course's meetings, oldest first (prefetched by the selectors)."""
        return sorted((k.mote for k in self.moter.all()), key=lambda m: (m.tidspunkt, m.pk))

    def held_feedback_meetings(self) -> list[Mote]:
        return [
            m
            for m in self.linked_meetings()
            if m.type == Mote.Type.TILBAKEMELDINGSMOTE and m.status in HELD
        ]


class Sentermote(models.Model):
    """SENTER-03: a meeting of the case that belongs to the centre course."""

    forlop = models.ForeignKey(
        Senterforlop, on_delete=models.PROTECT, related_name="moter", verbose_name=_("course")
    )
    mote = models.OneToOneField(
        Mote, on_delete=models.PROTECT, related_name="senterkobling", verbose_name=_("meeting")
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("meeting of a centre course")
        verbose_name_plural = _("meetings of a centre course")
        ordering = ["pk"]

    def __str__(self) -> str:
        return str(self.mote)
