"""Requests for access to the case documents (INNSYN-01, fvl § 18).

A party of the case asks to see the documents (:class:`Innsynskrav`); the caseworker goes
through the case's documents – the letters sent (``documents.Dokument``), the incoming
documents (``innkommende``) and the signed journal notes, minutes of meetings included
(``journal.Journalnotat``) – and marks each one given or withheld (:class:`Vurdering`). A
withheld document has its ground under fvl § 19. The answer is a letter to the party that lists
what is given and, without naming them, how many documents are withheld and why. Nothing is
deleted: every change is in the history (LOG-01).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class Innsynskrav(models.Model):
    class Kanal(models.TextChoices):
        POST = "post", _("By post")
        DIGITALT = "digitalt", _("Digitally")
        MUNTLIG = "muntlig", _("Orally")

    class Status(models.TextChoices):
        MOTTATT = "mottatt", _("Received")
        BESVART = "besvart", _("Answered")

    STATUS_COLORS = {Status.MOTTATT: "warning", Status.BESVART: "success"}

    sak = models.ForeignKey(
        "cases.Sak", on_delete=models.PROTECT, related_name="innsynskrav", verbose_name=_("case")
    )
    part = models.ForeignKey(
        "cases.Part", on_delete=models.PROTECT, related_name="+", verbose_name=_("party")
    )
    mottatt = models.DateField(_("date received"))
    kanal = models.CharField(_("channel"), max_length=16, choices=Kanal.choices)
    hva = models.TextField(_("what is asked for"))
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.MOTTATT
    )
    besvart = models.DateField(_("date answered"), null=True, blank=True)
    besvart_av = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("answered by"),
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
        verbose_name = _("request for access")
        verbose_name_plural = _("requests for access")
        ordering = ["-mottatt", "-pk"]
        indexes = [
            models.Index(
                fields=["mottatt"],
                name="innsyn_open_mottatt",
                condition=models.Q(status="mottatt"),
            )
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status="mottatt") | models.Q(besvart__isnull=False),
                name="innsyn_answered_has_date",
            )
        ]

    def __str__(self) -> str:
        return str(_("Request for access received %(date)s")) % {"date": self.mottatt}

    @property
    def status_color(self) -> str:
        return self.STATUS_COLORS.get(self.status, "neutral")

    @property
    def er_besvart(self) -> bool:
        return self.status == self.Status.BESVART


class Vurdering(models.Model):
    """One document of the case, given or withheld on one request (INNSYN-01)."""

    class Kilde(models.TextChoices):
        BREV = "brev", _("Letter from the service")
        INNKOMMENDE = "innkommende", _("Incoming document")
        JOURNAL = "journal", _("Journal note")

    class Utfall(models.TextChoices):
        GITT = "gitt", _("Given")
        UNNTATT = "unntatt", _("Withheld")

    class Grunn(models.TextChoices):
        """The grounds for withholding under fvl § 19, as plain descriptions."""

        ANNEN_PERSON = (
            "annen_person",
            _(
                "Information about another person's health or other circumstances that for "
                "special reasons should not be passed on (fvl § 19)"
            ),
        )
        PARTENS_HELSE = (
            "partens_helse",
            _(
                "Information it is inadvisable for the party to know, for the sake of the "
                "party's health or relations with people close to them (fvl § 19)"
            ),
        )
        FORRETNING = (
            "forretning",
            _("Technical devices, production methods or business matters (fvl § 19)"),
        )
        SIKKERHET = (
            "sikkerhet",
            _("National security, defence or relations with other states (fvl § 19)"),
        )
        ANNET = "annet", _("Another ground under fvl § 19 (described below)")

    krav = models.ForeignKey(
        Innsynskrav,
        on_delete=models.PROTECT,
        related_name="vurderinger",
        verbose_name=_("request for access"),
    )
    kilde = models.CharField(_("kind of document"), max_length=16, choices=Kilde.choices)
    ref_id = models.PositiveBigIntegerField(_("document id"))
    #: The document's title as the caseworker saw it when deciding (the letter prints it for
    #: a given document only).
    tittel = models.CharField(_("title"), max_length=250)
    utfall = models.CharField(_("outcome"), max_length=16, choices=Utfall.choices)
    grunn = models.CharField(_("ground"), max_length=16, choices=Grunn.choices, blank=True)
    begrunnelse = models.TextField(_("reason"), blank=True)
    vurdert_av = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("decided by"),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("document decision")
        verbose_name_plural = _("document decisions")
        ordering = ["kilde", "ref_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["krav", "kilde", "ref_id"], name="innsyn_one_decision_per_document"
            ),
            # INNSYN-01: a withheld document has its ground.
            models.CheckConstraint(
                condition=models.Q(utfall="gitt") | ~models.Q(grunn=""),
                name="innsyn_withheld_has_ground",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kilde_display()} {self.ref_id}: {self.get_utfall_display()}"

    @property
    def key(self) -> str:
        return f"{self.kilde}_{self.ref_id}"
