"""The outbox of the nightly digests (FRIST-02, FRIST-03).

One row per person, run date and digest, made *before* anything is sent and marked sent
afterwards: a re-run or a duplicate task delivery finds the row and sends nothing twice. The
row holds what the e-mail says – counts by kind and case reference numbers, nothing more – so
the e-mail a retry sends is the one the night planned. Rows are never deleted.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class Paminnelse(models.Model):
    class Status(models.TextChoices):
        VENTER = "venter", _("Waiting")
        SENDT = "sendt", _("Sent")

    DIGEST_FRISTER = "frister"

    mottaker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="paminnelser",
        verbose_name=_("recipient"),
    )
    kjoredato = models.DateField(_("run date"))
    digest = models.CharField(_("digest"), max_length=20, default=DIGEST_FRISTER)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.VENTER
    )
    # {"kinds": [{"id": ..., "rule": ..., "antall": n, "saksnummer": [first 25], "flere": n},
    #            ...], "antall": n}
    innhold = models.JSONField(_("content"), default=dict)
    antall = models.PositiveIntegerField(_("number of deadlines"), default=0)
    opprettet = models.DateTimeField(_("created"), auto_now_add=True)
    sendt = models.DateTimeField(_("sent"), null=True, blank=True)
    # The content is written once with the row and never changed: the history keeps the
    # status changes without a second copy of every digest (half the night's writes, P5).
    history = HistoricalRecords(excluded_fields=["innhold"])

    class Meta:
        verbose_name = _("deadline reminder")
        verbose_name_plural = _("deadline reminders")
        constraints = [
            models.UniqueConstraint(
                fields=["mottaker", "kjoredato", "digest"],
                name="paminnelse_one_per_recipient_day_digest",
            ),
            models.CheckConstraint(
                condition=models.Q(status="venter", sendt__isnull=True)
                | models.Q(status="sendt", sendt__isnull=False),
                name="paminnelse_sent_has_time",
            ),
        ]
        indexes = [models.Index(fields=["kjoredato", "status"], name="paminnelse_dato_status")]

    def __str__(self) -> str:
        return f"{self.kjoredato} #{self.mottaker_id} ({self.status})"
