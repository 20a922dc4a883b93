"""Closing a case (AVS-01) and reopening it (AVS-02).

An :class:`Avslutning` is one closing of a case: the caseworker proposes it with a summary
when nothing stands in the way (AVS-01), the team leader approves it – the case is then
closed and read-only for everyone (AVS-02) – or returns it with a reason. A team leader may
reopen a closed case with a reason. A case closed and reopened twice has two rows; nothing is
deleted (LOG-01).

Status (protected, changed only by the transitions below through :mod:`avslutning.actions`):
``foreslatt`` → ``godkjent`` (the case is closed) → ``gjenapnet``; ``foreslatt`` → ``avvist``.
The case's own state is ``cases.models.Sak.status`` (``aktiv`` | ``avsluttet``), set by the
services in the same transaction.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_fsm import ConcurrentTransitionMixin, FSMField, transition
from simple_history.models import HistoricalRecords

from cases.models import Sak
from core.validators import PlainTextValidator

from . import permissions

_TEXT = [PlainTextValidator(multiline=True)]


class Avslutning(ConcurrentTransitionMixin, models.Model):
    class Status(models.TextChoices):
        FORESLATT = "foreslatt", _("Awaiting the team leader's approval")
        GODKJENT = "godkjent", _("Closed")
        AVVIST = "avvist", _("Returned by the team leader")
        GJENAPNET = "gjenapnet", _("Reopened")

    STATUS_COLORS = {
        Status.FORESLATT: "warning",
        Status.GODKJENT: "neutral",
        Status.AVVIST: "info",
        Status.GJENAPNET: "success",
    }
    OPEN = (Status.FORESLATT, Status.GODKJENT)

    sak = models.ForeignKey(
        Sak, on_delete=models.PROTECT, related_name="avslutninger", verbose_name=_("case")
    )
    status = FSMField(
        _("status"),
        max_length=16,
        choices=Status.choices,
        default=Status.FORESLATT,
        protected=True,
    )
    oppsummering = models.TextField(_("summary of the case's end"), validators=_TEXT)
    foreslatt = models.DateTimeField(_("proposed"), default=timezone.now, editable=False)
    foreslatt_av = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("proposed by"),
    )
    godkjent = models.DateTimeField(_("closed"), null=True, blank=True)
    godkjent_av = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name=_("approved by"),
    )
    avvist_begrunnelse = models.TextField(_("reason for returning"), blank=True, validators=_TEXT)
    gjenapnet = models.DateTimeField(_("reopened"), null=True, blank=True)
    gjenapnet_av = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name=_("reopened by"),
    )
    gjenapnet_begrunnelse = models.TextField(
        _("reason for reopening"), blank=True, validators=_TEXT
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("closing of a case")
        verbose_name_plural = _("closings of cases")
        ordering = ["-foreslatt", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["sak"],
                condition=models.Q(status__in=["foreslatt", "godkjent"]),
                name="avslutning_one_open_per_case",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.sak_id}: {self.status}"

    @property
    def status_color(self) -> str:
        return self.STATUS_COLORS.get(self.status, "neutral")

    @transition(
        field=status,
        source=Status.FORESLATT,
        target=Status.GODKJENT,
        permission=permissions.may_approve,
    )
    def approve(self, *, by):
        self.godkjent = timezone.now()
        self.godkjent_av = by

    @transition(
        field=status,
        source=Status.FORESLATT,
        target=Status.AVVIST,
        permission=permissions.may_approve,
    )
    def reject(self, *, by, begrunnelse: str):
        self.avvist_begrunnelse = begrunnelse

    @transition(
        field=status,
        source=Status.GODKJENT,
        target=Status.GJENAPNET,
        permission=permissions.may_reopen,
    )
    def reopen(self, *, by, begrunnelse: str):
        self.gjenapnet = timezone.now()
        self.gjenapnet_av = by
        self.gjenapnet_begrunnelse = begrunnelse
