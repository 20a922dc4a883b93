"""Break-the-glass (ROLE-04): a user opens a case outside their teams with a stated reason.

A grant is time-limited and read-only (the edit predicates still ask for team membership);
every read under it goes to the access log with the reason, and the case's team leaders get a
notice the next morning. Grants are never deleted or changed, except that the nightly job
stamps the day their notice was planned.

More than three grants to one user in 24 hours need a leader's approval first (issue 19,
finding 9): the request is stored waiting (``venter``), gives no access, and a leader of the
requester's team (or the head of service) approves it (``innvilget``, valid from then) or
refuses it (``avslatt``) in the app (:data:`audit.actions.NODTILGANG`).
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django_fsm import FSMField, transition
from simple_history.models import HistoricalRecords

from . import permissions


class NodtilgangQuerySet(models.QuerySet):
    def active(self, now=None):
        """The grants that open a case now: granted (not waiting, not refused), not ended."""
        return self.filter(status=Nodtilgang.Status.INNVILGET, gyldig_til__gt=now or timezone.now())


class Nodtilgang(models.Model):
    class Status(models.TextChoices):
        INNVILGET = "innvilget", pgettext_lazy("break-the-glass", "Granted")
        VENTER = "venter", _("Awaiting approval")
        AVSLATT = "avslatt", pgettext_lazy("break-the-glass", "Refused")

    STATUS_COLORS = {
        Status.INNVILGET: "success",
        Status.VENTER: "warning",
        Status.AVSLATT: "danger",
    }

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
    status = FSMField(
        _("status"),
        max_length=12,
        choices=Status.choices,
        default=Status.INNVILGET,
        protected=True,
    )
    #: Over the limit when asked for: it waited for a leader (issue 19, finding 9).
    krever_godkjenning = models.BooleanField(_("needed a leader's approval"), default=False)
    avgjort_av = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    avgjort = models.DateTimeField(_("decided"), null=True, blank=True)
    #: The day the leaders' e-mail about a request over the limit was planned.
    grense_varslet = models.DateField(_("leaders told of the limit"), null=True, blank=True)
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
            # The requests over the limit: few, read by the leaders' start page.
            models.Index(
                fields=["opprettet"],
                name="nodtilgang_over_limit",
                condition=models.Q(krever_godkjenning=True),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.opprettet:%Y-%m-%d %H:%M} #{self.user_id} → {self.sak_id}"

    def is_active(self, now=None) -> bool:
        return self.status == self.Status.INNVILGET and self.gyldig_til > (now or timezone.now())

    @property
    def status_color(self) -> str:
        return self.STATUS_COLORS.get(self.status, "neutral")

    @transition(
        field=status,
        source=Status.VENTER,
        target=Status.INNVILGET,
        permission=permissions.may_decide,
    )
    def approve(self, *, by) -> None:
        """ROLE-04: the access runs from the approval, for as long as any grant."""
        self.avgjort_av = by
        self.avgjort = timezone.now()
        self.gyldig_til = self.avgjort + timedelta(hours=settings.NODTILGANG_TIMER)

    @transition(
        field=status,
        source=Status.VENTER,
        target=Status.AVSLATT,
        permission=permissions.may_decide,
    )
    def refuse(self, *, by) -> None:
        self.avgjort_av = by
        self.avgjort = timezone.now()

    def delete(self, *args, **kwargs):
        raise models.ProtectedError("Break-the-glass grants are never deleted (ROLE-04).", {self})
