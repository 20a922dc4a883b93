"""Incoming documents (INN-01): what came in to the service about a case.

A report from a contractor or a centre, a letter from a party, the answer to a referral, the
minutes of another service – received, registered with sender, date received, kind and the
SHA-256 checksum of its file, and linked to the case and, where relevant, a measure or an
evaluation. The file lies in the private storage of the documents
(:func:`documents.storage.dokument_storage`, ``DOCUMENTS_ROOT``), never under a public path,
and is read only through the logged download (ROLE-03).

The assignments of the contractors refer to an incoming document (their report, OPP-05): the
contractors app is above this one. A meeting (MOTE) is below: a document may name the meeting
it was given in or for (``mote``), and the meeting's page lists it through
:data:`moter.registry.MEETING_PAGE`. A referral (HENV) will refer to it the same way, or get a
nullable link here once its app sits below this one.

Nothing is deleted: a document registered by mistake is withdrawn with a reason, and stays in
the history.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from cases.models import Sak
from documents.storage import dokument_storage
from evaluations.models import Evaluering
from vedtak.models import Tiltak


class InnkommendeDokument(models.Model):
    class Type(models.TextChoices):
        RAPPORT_OPPDRAGSTAKER = "rapport_oppdragstaker", _("Report from a contractor")
        RAPPORT_SENTER = "rapport_senter", _("Report from a centre")
        BREV_PART = "brev_part", _("Letter from a party")
        SVAR_HENVISNING = "svar_henvisning", _("Answer to a referral")
        REFERAT_ANNEN_TJENESTE = "referat_annen_tjeneste", _("Minutes from another service")
        ANNET = "annet", _("Other")

    class Status(models.TextChoices):
        MOTTATT = "mottatt", _("Received")
        TRUKKET = "trukket", _("Withdrawn")

    #: The colour of each status's tag on the pages (presentation only).
    STATUS_COLORS = {Status.MOTTATT: "success", Status.TRUKKET: "neutral"}

    #: The reports an evaluation shows (INN-02).
    REPORTS = (Type.RAPPORT_OPPDRAGSTAKER, Type.RAPPORT_SENTER)

    sak = models.ForeignKey(
        Sak, on_delete=models.PROTECT, related_name="innkommende", verbose_name=_("case")
    )
    type = models.CharField(_("kind"), max_length=32, choices=Type.choices)
    avsender = models.CharField(_("sender"), max_length=200)
    mottatt = models.DateField(_("date received"))
    tittel = models.CharField(_("title"), max_length=200)
    fil = models.FileField(_("file"), storage=dokument_storage, max_length=200)
    filnavn = models.CharField(_("file name"), max_length=200)
    storrelse = models.PositiveBigIntegerField(_("size in bytes"))
    innholdstype = models.CharField(_("content type"), max_length=40)
    sha256 = models.CharField(_("SHA-256 checksum"), max_length=64)
    tiltak = models.ForeignKey(
        Tiltak,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="innkommende",
        verbose_name=_("measure"),
    )
    evaluering = models.ForeignKey(
        Evaluering,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="innkommende",
        verbose_name=_("evaluation"),
    )
    mote = models.ForeignKey(
        "moter.Mote",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="innkommende",
        verbose_name=_("meeting"),
    )
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.MOTTATT
    )
    trukket_begrunnelse = models.TextField(_("reason for withdrawal"), blank=True)
    registrert_av = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("registered by"),
    )
    registrert = models.DateTimeField(_("registered"), default=timezone.now, editable=False)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("incoming document")
        verbose_name_plural = _("incoming documents")
        ordering = ["-mottatt", "-pk"]
        indexes = [models.Index(fields=["sak", "mottatt"], name="innkommende_sak_mottatt")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(sha256__regex=r"^[0-9a-f]{64}$"),
                name="innkommende_has_checksum",
            ),
            models.CheckConstraint(
                condition=models.Q(storrelse__gt=0), name="innkommende_not_empty"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_type_display()}: {self.tittel}"

    @property
    def status_color(self) -> str:
        return self.STATUS_COLORS.get(self.status, "neutral")

    @property
    def er_trukket(self) -> bool:
        return self.status == self.Status.TRUKKET
