"""Break-the-glass (ROLE-04): a user opens a case outside their teams with a stated reason.

A grant is time-limited and read-only (the edit predicates still ask for team membership);
every read under it goes to the access log with the reason, and the case's team leaders get a
notice the next morning. Grants are never deleted or changed, except that the nightly job
stamps the day their notice was planned.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class NodtilgangQuerySet(models.QuerySet):
    def active(self, now=None):
        return self.filter(gyldig_til__gt=now or timezone.now())


class Nodtilgang(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="nodtilganger",
        verbose_name=_("user"),
    )
    sak = models.ForeignKey(
        "cases.Sak", on_delete=models.PROTECT, related_name="+", verbose_name=_("case")
    )
    begrunnelse = models.TextField(_("reason"))
    opprettet = models.DateTimeField(_("opened"), auto_now_add=True)
    gyldig_til = models.DateTimeField(_("valid until"))
    #: The run date of the nightly job that planned the team leaders' notice (ROLE-04).
    varslet = models.DateField(_("leaders notified"), null=True, blank=True)
    history = HistoricalRecords()

    objects = NodtilgangQuerySet.as_manager()

    class Meta:
        verbose_name = _("break-the-glass access")
        verbose_name_plural = _("break-the-glass accesses")
        ordering = ["-opprettet"]
        indexes = [
            models.Index(fields=["user", "gyldig_til"], name="nodtilgang_user_valid"),
            models.Index(
                fields=["opprettet"],
                name="nodtilgang_not_notified",
                condition=models.Q(varslet__isnull=True),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.opprettet:%Y-%m-%d %H:%M} #{self.user_id} → {self.sak_id}"

    def is_active(self, now=None) -> bool:
        return self.gyldig_til > (now or timezone.now())

    def delete(self, *args, **kwargs):
        raise models.ProtectedError("Break-the-glass grants are never deleted (ROLE-04).", {self})
