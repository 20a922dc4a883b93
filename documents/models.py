"""Documents (DOK-01) and their dispatches to the parties (DOK-02).

A document is ordered (``bestilt``), rendered to PDF by a worker (``ferdig``, or ``feilet`` after
its last attempt failed) and sent (``sendt``) once the first dispatch to a recipient is
registered. A sent document is never
changed: a correction is a new document with the next version number. The guard is here, on
the model, and (on PostgreSQL) in a trigger, so that no code path can get round it.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.exceptions import RuleBreach, RuleViolation
from core.malform import Malform

from .storage import dokument_storage


class DokumentLocked(RuleViolation):
    """DOK-01: a sent document (or a rendered file) is never changed."""

    def __init__(self, message=None):
        super().__init__(
            [
                RuleBreach(
                    "DOK-01",
                    message
                    or _("The document has been sent and cannot be changed. Make a new version."),
                )
            ]
        )


class DokumentQuerySet(models.QuerySet):
    def for_source(self, source: models.Model) -> DokumentQuerySet:
        return self.filter(
            content_type=ContentType.objects.get_for_model(source), object_id=source.pk
        )

    def downloadable(self) -> DokumentQuerySet:
        return self.filter(status__in=Dokument.DOWNLOADABLE)


class Dokument(models.Model):
    """DOK-01: one version of one letter, made from one source record of a case."""

    class Type(models.TextChoices):
        FORHANDSVARSEL = "forhandsvarsel", _("Advance notice")
        VEDTAK = "vedtak", _("Decision")
        SAMTYKKEERKLAERING = "samtykkeerklaering", _("Consent form")
        TILTAKSPLAN = "tiltaksplan", _("Plan of measures")
        TILTAKSPLAN_BARN = "tiltaksplan_barn", _("Plan of measures for the child")
        EVALUERING = "evaluering", _("Evaluation")
        OPPDRAGSAVTALE = "oppdragsavtale", _("Assignment agreement")
        GODKJENNINGSDOKUMENT = "godkjenningsdokument", _("Approval document")
        MOTEINNKALLING = "moteinnkalling", _("Meeting invitation")
        MOTEREFERAT = "motereferat", _("Minutes of a meeting")
        INNSYNSSVAR = "innsynssvar", _("Answer to a request for access")
        KLAGEOVERSENDELSE = "klageoversendelse", _("Complaint sent to the statsforvalteren")
        HENVISNING = "henvisning", _("Referral")

    class Status(models.TextChoices):
        BESTILT = "bestilt", _("Being made")
        FERDIG = "ferdig", _("Ready")
        FEILET = "feilet", _("Failed")
        SENDT = "sendt", _("Sent")

    #: DOK-01: the letter's written form (issue 26), a template per form.
    Sprak = Malform

    #: The types that belong to no case: a contractor is approved for the service, not for a
    #: child (OPP-03). The owning app's service checks who may order and read them.
    CASELESS_TYPES = (Type.GODKJENNINGSDOKUMENT,)

    #: The states in which the PDF exists and may be downloaded.
    DOWNLOADABLE = (Status.FERDIG, Status.SENDT)
    #: The colour of each state's tag (components/status_tag.html).
    STATUS_COLORS = {
        Status.BESTILT: "neutral",
        Status.FERDIG: "info",
        Status.FEILET: "danger",
        Status.SENDT: "success",
    }

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    sak = models.ForeignKey(
        "cases.Sak",
        on_delete=models.PROTECT,
        related_name="dokumenter",
        verbose_name=_("case"),
        null=True,
        blank=True,
        help_text=_("Empty only for a document of no case (CASELESS_TYPES)."),
    )
    type = models.CharField(_("document type"), max_length=32, choices=Type.choices)
    # The record the document was made from (a vedtak, a plan, an evaluation …).
    content_type = models.ForeignKey(
        ContentType,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("source type"),
    )
    object_id = models.PositiveBigIntegerField(_("source id"))
    source = GenericForeignKey("content_type", "object_id")
    versjon = models.PositiveIntegerField(_("version"))
    # DOK-02: a party's own copy of a letter every party gets (the vedtak): addressed to that
    # party alone (``part``) or to the child (``til_barnet``); neither for a letter of its own
    # kind (an agreement, a plan for all). Each copy has its own versions.
    part = models.ForeignKey(
        "cases.Part",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("recipient"),
        null=True,
        blank=True,
    )
    til_barnet = models.BooleanField(_("to the child"), default=False)
    sprak = models.CharField(
        _("language"), max_length=8, choices=Sprak.choices, default=Sprak.BOKMAL
    )
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.BESTILT
    )
    fil = models.FileField(
        _("file"), storage=dokument_storage, upload_to="dokumenter/%Y", max_length=200, blank=True
    )
    sha256 = models.CharField(_("SHA-256 checksum"), max_length=64, blank=True)
    sider = models.PositiveIntegerField(_("pages"), null=True, blank=True)
    storrelse = models.PositiveIntegerField(_("size in bytes"), null=True, blank=True)
    # Why rendering failed: an exception class name, never personal data.
    feil = models.CharField(_("error"), max_length=200, blank=True)
    # DOK-01: the attempts at making the PDF that have started (one whose worker was killed
    # counts too), and from when the sweep may start the next (empty before the first: then
    # the order's time counts). See documents.services.dokumenter_retry_stalled.
    forsok = models.PositiveSmallIntegerField(_("attempts"), default=0)
    neste_forsok = models.DateTimeField(_("next attempt"), null=True, blank=True)
    ordered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("ordered by"),
    )
    created_at = models.DateTimeField(_("ordered"), default=timezone.now, editable=False)
    rendered_at = models.DateTimeField(_("made"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    history = HistoricalRecords()

    objects = DokumentQuerySet.as_manager()

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = ["-created_at", "-pk"]
        constraints = [
            # One version number per letter, and per copy: a party's copy and the child's
            # have versions of their own.
            models.UniqueConstraint(
                fields=["content_type", "object_id", "type", "versjon"],
                condition=Q(part__isnull=True, til_barnet=False),
                name="dokument_unique_version",
            ),
            models.UniqueConstraint(
                fields=["content_type", "object_id", "type", "part", "versjon"],
                condition=Q(part__isnull=False),
                name="dokument_unique_version_part",
            ),
            models.UniqueConstraint(
                fields=["content_type", "object_id", "type", "versjon"],
                condition=Q(til_barnet=True),
                name="dokument_unique_version_child",
            ),
            models.CheckConstraint(
                condition=Q(part__isnull=True) | Q(til_barnet=False),
                name="dokument_one_recipient",
            ),
            models.CheckConstraint(condition=Q(versjon__gte=1), name="dokument_version_positive"),
            models.CheckConstraint(
                condition=Q(sak__isnull=False) | Q(type="godkjenningsdokument"),
                name="dokument_case_unless_caseless_type",
            ),
            models.CheckConstraint(
                condition=~Q(status__in=["ferdig", "sendt"]) | (~Q(sha256="") & ~Q(fil="")),
                name="dokument_ready_has_file",
            ),
        ]
        indexes = [
            models.Index(fields=["sak", "-created_at"], name="dokument_sak_created"),
            models.Index(fields=["content_type", "object_id"], name="dokument_source"),
            # The sweep reads the few documents still being made, never the whole table.
            models.Index(
                fields=["neste_forsok", "created_at"],
                condition=Q(status="bestilt"),
                name="dokument_being_made",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_type_display()} v{self.versjon}"

    def save(self, *args, **kwargs):
        """DOK-01: refuse any change to a sent document, and any replacement of a rendered
        file. The check reads the stored row, so a stale instance cannot get round it."""
        if self.pk is not None and not self._state.adding:
            stored = (
                type(self)
                .objects.filter(pk=self.pk)
                .values(
                    "status", "sha256", "fil", "versjon", "type", "sak_id", "part_id", "til_barnet"
                )
                .first()
            )
            if stored is not None:
                if stored["status"] == self.Status.SENDT:
                    raise DokumentLocked
                if stored["sha256"] and (
                    stored["sha256"] != self.sha256 or stored["fil"] != self.fil.name
                ):
                    raise DokumentLocked(_("A rendered document's file is never replaced."))
                if (
                    stored["versjon"],
                    stored["type"],
                    stored["sak_id"],
                    stored["part_id"],
                    stored["til_barnet"],
                ) != (self.versjon, self.type, self.sak_id, self.part_id, self.til_barnet):
                    raise DokumentLocked(
                        _("A document's case, type, recipient and version never change.")
                    )
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise DokumentLocked(_("Documents are never deleted (LOG-01)."))

    @property
    def is_copy(self) -> bool:
        """DOK-02: the document is one party's own copy (or the child's)."""
        return self.part_id is not None or self.til_barnet

    @property
    def copy_recipient_name(self) -> str:
        """The name of the party (or the child) the copy is addressed to; empty for a letter
        that is no one's copy."""
        if self.part_id is not None:
            return self.part.fullt_navn
        if self.til_barnet and self.sak_id is not None:
            return self.sak.barn.fullt_navn
        return ""

    @property
    def copy_key(self) -> str:
        """The :attr:`documents.recipients.Recipient.key` of the copy's recipient (``barn``,
        ``part-<id>``), empty for a letter that is no one's copy."""
        if self.til_barnet:
            return "barn"
        return f"part-{self.part_id}" if self.part_id is not None else ""

    def is_addressed_to(self, *, part=None, barnet: bool = False) -> bool:
        """DOK-02: a copy goes to its own recipient only; any other letter to anyone."""
        if not self.is_copy:
            return True
        if barnet:
            return self.til_barnet
        return part is not None and self.part_id == part.pk

    @property
    def status_color(self) -> str:
        return self.STATUS_COLORS.get(self.status, "neutral")

    @property
    def is_downloadable(self) -> bool:
        return self.status in self.DOWNLOADABLE

    @property
    def is_sent(self) -> bool:
        return self.status == self.Status.SENDT

    @property
    def is_failed(self) -> bool:
        """DOK-01: every attempt failed; the caseworker may try again."""
        return self.status == self.Status.FEILET

    @property
    def is_retrying(self) -> bool:
        """Still being made after a failed attempt: the next one is due at ``neste_forsok``."""
        return self.status == self.Status.BESTILT and bool(self.feil) and bool(self.neste_forsok)

    @property
    def checksum_prefix(self) -> str:
        return self.sha256[:12]

    @property
    def download_filename(self) -> str:
        """A file name with no personal data in it: type, version and the document's date."""
        day = timezone.localtime(self.rendered_at or self.created_at).date()
        return f"{self.type}-v{self.versjon}-{day.isoformat()}.pdf"


class Utsending(models.Model):
    """DOK-02: one recipient got one document, on a date, by a channel.

    The recipient is a party of the case (``part``), the child when the child is a party
    (``barnet``), or someone else described in ``mottaker`` (a contractor, for example). A
    party or the child is registered once per document.
    """

    class Kanal(models.TextChoices):
        BREV = "brev", _("Letter by post")
        DIGITAL = "digital", _("Secure digital mail")
        OVERLEVERT = "overlevert", _("Handed over")

    dokument = models.ForeignKey(
        Dokument,
        on_delete=models.PROTECT,
        related_name="utsendinger",
        verbose_name=_("document"),
    )
    part = models.ForeignKey(
        "cases.Part",
        on_delete=models.PROTECT,
        related_name="utsendinger",
        verbose_name=_("party"),
        null=True,
        blank=True,
    )
    barnet = models.BooleanField(_("sent to the child"), default=False)
    mottaker = models.CharField(
        _("other recipient"),
        max_length=200,
        blank=True,
        help_text=_("Who got it, when the recipient is not a party (e.g. the contractor)."),
    )
    kanal = models.CharField(_("channel"), max_length=16, choices=Kanal.choices)
    tidspunkt = models.DateTimeField(_("sent on"))
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("registered by"),
    )
    registered_at = models.DateTimeField(_("registered"), default=timezone.now, editable=False)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("dispatch")
        verbose_name_plural = _("dispatches")
        ordering = ["tidspunkt", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["dokument", "part"],
                condition=Q(part__isnull=False),
                name="utsending_unique_part",
            ),
            models.UniqueConstraint(
                fields=["dokument"],
                condition=Q(barnet=True),
                name="utsending_unique_child",
            ),
            # Exactly one kind of recipient: a party, the child, or a described other.
            models.CheckConstraint(
                condition=(
                    Q(part__isnull=False, barnet=False, mottaker="")
                    | Q(part__isnull=True, barnet=True, mottaker="")
                    | (Q(part__isnull=True, barnet=False) & ~Q(mottaker=""))
                ),
                name="utsending_one_recipient",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.dokument_id} → {self.recipient_name} ({self.kanal})"

    def save(self, *args, **kwargs):
        if self.pk is not None and not self._state.adding:
            raise DokumentLocked(_("A registered dispatch is never changed."))
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise DokumentLocked(_("A registered dispatch is never deleted."))

    @property
    def recipient_name(self) -> str:
        if self.part_id is not None:
            return self.part.fullt_navn
        if self.barnet:
            return self.dokument.sak.barn.fullt_navn
        return self.mottaker
