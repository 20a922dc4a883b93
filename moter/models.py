"""Meetings of a case (MOTE-01 … MOTE-06).

A meeting (:class:`Mote`) has a kind (MOTE-01), a time and place, an agenda, participants – the
case's parties, staff, and named outside participants with their service
(:class:`EksternDeltaker`, each resting on a SAM-04 consent that names the service, or the
meeting is an anonymous drøftingsmøte, MOTE-03) – one leader who invites, and one person who
writes the minutes (the referent). Its status is protected: ``planlagt`` → ``avholdt`` →
``signert`` (the minutes signed: they are then a signed journal note, MOTE-01/JOUR-02), or
``planlagt`` → ``avlyst``. Only the transitions below change it, called by
:mod:`moter.services` through the action table (:mod:`moter.actions`).

Agreed actions (:class:`Oppgave`: who, what, by when, MOTE-04) hang on a meeting; the
ansvarsgruppe (:class:`Ansvarsgruppe`: members, coordinator, rhythm, MOTE-05) on the case.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_fsm import ConcurrentTransitionMixin, FSMField, transition
from simple_history.models import HistoricalRecords

from cases.models import Overforing, Part, Sak
from core.rules import conditions
from core.validators import PlainTextValidator

from . import permissions, rules

_TEXT = [PlainTextValidator(multiline=True)]
_LINE = [PlainTextValidator()]


class Mote(ConcurrentTransitionMixin, models.Model):
    class Type(models.TextChoices):
        """MOTE-01's kinds."""

        OVERGANGSMOTE = rules.OVERGANGSMOTE, _("Hand-over meeting (overgangsmøte)")
        OPPSTARTSMOTE = rules.OPPSTARTSMOTE, _("Start-up meeting (oppstartsmøte)")
        SAMARBEIDSMOTE = "samarbeidsmote", _("Cooperation meeting (samarbeidsmøte)")
        ANSVARSGRUPPEMOTE = rules.ANSVARSGRUPPEMOTE, _("Responsibility group meeting")
        EVALUERINGSMOTE = "evalueringsmote", _("Evaluation meeting")
        HENVISNINGSMOTE = "henvisningsmote", _("Referral meeting")
        TILBAKEMELDINGSMOTE = "tilbakemeldingsmote", _("Feedback meeting")
        DROFTINGSMOTE = rules.DROFTINGSMOTE, _("Case discussion meeting (drøftingsmøte)")

    class Status(models.TextChoices):
        PLANLAGT = "planlagt", _("Planned")
        AVHOLDT = "avholdt", _("Held")
        SIGNERT = "signert", _("Minutes signed")
        AVLYST = "avlyst", _("Cancelled")

    #: The colour of each status's tag on the pages (presentation only).
    STATUS_COLORS = {
        Status.PLANLAGT: "info",
        Status.AVHOLDT: "warning",
        Status.SIGNERT: "success",
        Status.AVLYST: "neutral",
    }

    sak = models.ForeignKey(
        Sak, on_delete=models.PROTECT, related_name="moter", verbose_name=_("case")
    )
    type = models.CharField(_("kind"), max_length=24, choices=Type.choices)
    tidspunkt = models.DateTimeField(_("date and time"))
    sted = models.CharField(_("place"), max_length=200, blank=True, validators=_LINE)
    agenda = models.TextField(_("agenda"), blank=True, validators=_TEXT)
    anonym = models.BooleanField(
        _("discussed anonymously"),
        default=False,
        help_text=_("A drøftingsmøte without identifying data about the child or the family."),
    )
    parter = models.ManyToManyField(
        Part, blank=True, related_name="moter", verbose_name=_("parties taking part")
    )
    ansatte = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="moter_deltaker",
        verbose_name=_("staff taking part"),
    )
    leder = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("invites and leads"),
    )
    referent = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("writes the minutes"),
    )
    tiltak = models.ForeignKey(
        "vedtak.Tiltak",
        on_delete=models.PROTECT,
        related_name="moter",
        null=True,
        blank=True,
        verbose_name=_("measure"),
    )
    overforing = models.ForeignKey(
        Overforing,
        on_delete=models.PROTECT,
        related_name="moter",
        null=True,
        blank=True,
        verbose_name=_("transfer"),
    )
    ansvarsgruppe = models.ForeignKey(
        "Ansvarsgruppe",
        on_delete=models.PROTECT,
        related_name="moter",
        null=True,
        blank=True,
        verbose_name=_("responsibility group"),
    )
    referat = models.TextField(_("minutes"), blank=True, validators=_TEXT)
    vurdering = models.TextField(_("the caseworker's assessment"), blank=True, validators=_TEXT)
    avlyst_grunn = models.TextField(_("reason for the cancellation"), blank=True, validators=_TEXT)
    notat = models.OneToOneField(
        "journal.Journalnotat",
        on_delete=models.PROTECT,
        related_name="mote",
        null=True,
        blank=True,
        verbose_name=_("journal note"),
    )
    status = FSMField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PLANLAGT, protected=True
    )
    opprettet_av = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("planned by"),
    )
    opprettet = models.DateTimeField(_("created"), default=timezone.now, editable=False)
    history = HistoricalRecords(m2m_fields=[parter, ansatte])

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["-tidspunkt", "-pk"]
        indexes = [
            models.Index(fields=["sak", "-tidspunkt"], name="mote_sak_tidspunkt"),
            models.Index(fields=["type", "status"], name="mote_type_status"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(status="signert") | models.Q(notat__isnull=False),
                name="mote_signed_has_note",
            ),
        ]

    def __str__(self) -> str:
        return str(self.get_type_display())

    @staticmethod
    def history_label(record) -> str:
        return str(_("Meeting: %(kind)s")) % {"kind": record.get_type_display()}

    @property
    def status_color(self) -> str:
        return self.STATUS_COLORS.get(self.status, "neutral")

    @property
    def dato(self):
        return timezone.localtime(self.tidspunkt).date() if self.tidspunkt else None

    @property
    def er_planlagt(self) -> bool:
        return self.status == self.Status.PLANLAGT

    # --- the transitions ---------------------------------------------------------------------

    @transition(
        field=status,
        source=Status.PLANLAGT,
        target=Status.AVHOLDT,
        conditions=conditions(rules.HOLD),
        permission=permissions.can_hold,
    )
    def hold(self, *, by) -> None:
        """The meeting took place; the referent writes the minutes."""

    @transition(
        field=status,
        source=Status.AVHOLDT,
        target=Status.SIGNERT,
        conditions=conditions(rules.SIGN),
        permission=permissions.can_sign,
    )
    def sign(self, *, by, notat) -> None:
        """MOTE-01: the signed minutes are the journal note ``notat`` (JOUR-02)."""
        self.notat = notat

    @transition(
        field=status,
        source=Status.PLANLAGT,
        target=Status.AVLYST,
        permission=permissions.can_plan,
    )
    def cancel(self, *, by, reason: str = "") -> None:
        self.avlyst_grunn = reason


class EksternDeltaker(models.Model):
    """MOTE-03: a named outside participant with their service, present on a SAM-04 consent
    that names the service (or in an anonymous drøftingsmøte)."""

    mote = models.ForeignKey(
        Mote, on_delete=models.PROTECT, related_name="eksterne", verbose_name=_("meeting")
    )
    navn = models.CharField(_("name"), max_length=200, validators=_LINE)
    tjeneste = models.CharField(_("service"), max_length=200, validators=_LINE)
    samtykke = models.ForeignKey(
        "vedtak.Samtykke",
        on_delete=models.PROTECT,
        related_name="moter",
        null=True,
        blank=True,
        verbose_name=_("consent"),
    )
    #: Taken off the plan before the meeting (kept, never deleted).
    fjernet = models.BooleanField(_("removed"), default=False)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("outside participant")
        verbose_name_plural = _("outside participants")
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"{self.navn} ({self.tjeneste})"


class Oppgave(models.Model):
    """MOTE-04: an action agreed in a meeting: who (a staff user), what, by when."""

    mote = models.ForeignKey(
        Mote, on_delete=models.PROTECT, related_name="oppgaver", verbose_name=_("meeting")
    )
    ansvarlig = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="moteoppgaver",
        verbose_name=_("who"),
    )
    hva = models.TextField(_("what"), validators=_TEXT)
    frist = models.DateField(_("by when"))
    utfort = models.DateField(_("done on"), null=True, blank=True)
    utfort_av = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name=_("done by"),
    )
    opprettet_av = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("agreed action")
        verbose_name_plural = _("agreed actions")
        ordering = ["frist", "pk"]
        indexes = [
            models.Index(
                fields=["ansvarlig", "frist"],
                condition=models.Q(utfort__isnull=True),
                name="oppgave_open",
            )
        ]

    def __str__(self) -> str:
        return self.hva[:60]

    @property
    def er_apen(self) -> bool:
        return self.utfort is None


class Ansvarsgruppe(models.Model):
    """MOTE-05: the case's responsibility group: members, a coordinator and a rhythm."""

    sak = models.ForeignKey(
        Sak, on_delete=models.PROTECT, related_name="ansvarsgrupper", verbose_name=_("case")
    )
    koordinator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("coordinator"),
    )
    medlemmer = models.TextField(
        _("members"),
        validators=_TEXT,
        help_text=_("One a line: name and service, e.g. «Kari Nilsen, Solbakken skole»."),
    )
    rytme_uker = models.PositiveSmallIntegerField(
        _("meets every … weeks"), help_text=_("For example 6: a meeting every six weeks.")
    )
    startdato = models.DateField(_("from"))
    aktiv = models.BooleanField(_("active"), default=True)
    opprettet_av = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("responsibility group")
        verbose_name_plural = _("responsibility groups")
        ordering = ["-startdato", "-pk"]

    def __str__(self) -> str:
        return str(_("Responsibility group"))

    def member_lines(self) -> list[str]:
        return [line.strip() for line in self.medlemmer.splitlines() if line.strip()]
