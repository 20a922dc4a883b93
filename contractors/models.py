"""Contractors (oppdragstakere, OPP-01 … OPP-06): who they are, their police certificate and
confidentiality declaration, their approval, and their assignments (oppdrag) to measures.

- :class:`Oppdragstaker` carries the approval state machine (django-fsm-2, protected field):
  ``registrert`` → ``dokumentasjon_mottatt`` → ``godkjent``; ``suspendert``; ``avsluttet``.
  Its conditions are the named rules of :mod:`contractors.rules`; its permissions the
  predicates of :mod:`contractors.permissions`, the same the action table
  (:data:`contractors.actions.OPPDRAGSTAKER`) lists. Transition bodies only set fields.
- :class:`Politiattest` and :class:`Taushetserklaering` are the OPP-02 records.
- :class:`Oppdrag` assigns a contractor to one ``vedtak.Tiltak`` row of an approved decision,
  with the written oppdragsavtale (OPP-04), the briefing of OPP-06 and the clerical officer's
  work-contract step.
- :class:`Innlevering` records a timesheet, a report or the final report received (OPP-05).

Contractors belong to one service (``tjeneste``): only its staff see them. The cases they work
on stay under need-to-know (ROLE-02).
"""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_fsm import RETURN_VALUE, ConcurrentTransitionMixin, FSMField, transition
from simple_history.models import HistoricalRecords

from accounts.models import Tjeneste
from core.rules import conditions
from programbank.models import Program

from . import permissions, rules


class Oppdragstaker(ConcurrentTransitionMixin, models.Model):
    """A person (or a company's service) engaged to carry out measures for children."""

    class Type(models.TextChoices):
        """OPP-01: the kinds of contractor."""

        STOTTEKONTAKT = "stottekontakt", _("Support contact / support person")
        FRITIDSKONTAKT = "fritidskontakt", _("Leisure contact")
        BESOKSHJEM = "besokshjem", _("Respite home")
        STOTTEFAMILIE = "stottefamilie", _("Support family")
        TILSYNSFORER = "tilsynsforer", _("Supervisor in the home")
        VEILEDER = "veileder", _("Guidance counsellor / therapist (e.g. PMTO)")
        KJOPT_TJENESTE = "kjopt_tjeneste", _("Service bought from a company")

    class Tilknytning(models.TextChoices):
        """OPP-03: municipal employees and companies' services need no approval document."""

        OPPDRAGSTAKER = "oppdragstaker", _("Engaged contractor")
        KOMMUNALT_ANSATT = "kommunalt_ansatt", _("Employee of the municipality's own services")
        FIRMA = "firma", _("A company's service")

    class Status(models.TextChoices):
        REGISTRERT = "registrert", _("Registered")
        DOKUMENTASJON_MOTTATT = "dokumentasjon_mottatt", _("Documentation received")
        GODKJENT = "godkjent", _("Approved")
        SUSPENDERT = "suspendert", _("Suspended")
        AVSLUTTET = "avsluttet", _("Ended")

    #: The colour of each state's tag (components/status_tag.html).
    STATUS_COLORS = {
        Status.REGISTRERT: "warning",
        Status.DOKUMENTASJON_MOTTATT: "info",
        Status.GODKJENT: "success",
        Status.SUSPENDERT: "danger",
        Status.AVSLUTTET: "neutral",
    }

    tjeneste = models.ForeignKey(
        Tjeneste,
        on_delete=models.PROTECT,
        related_name="oppdragstakere",
        verbose_name=_("service"),
    )
    type = models.CharField(_("kind"), max_length=20, choices=Type.choices)
    tilknytning = models.CharField(
        _("engagement"),
        max_length=20,
        choices=Tilknytning.choices,
        default=Tilknytning.OPPDRAGSTAKER,
        help_text=_(
            "Employees of the municipality's own services and companies' services need no "
            "approval document (OPP-03)."
        ),
    )
    fornavn = models.CharField(_("first name"), max_length=100)
    etternavn = models.CharField(_("last name"), max_length=100)
    firmanavn = models.CharField(
        _("company"),
        max_length=200,
        blank=True,
        help_text=_("For a company's service: the company. The name above is its person."),
    )
    arbeider_med_barnet = models.BooleanField(
        _("works directly with the child"),
        default=True,
        help_text=_(
            "A person who works with the child needs a police certificate and a signed "
            "confidentiality declaration (OPP-02). Only a company's service can be without."
        ),
    )
    adresse = models.CharField(_("address"), max_length=300, blank=True)
    telefon = models.CharField(_("telephone"), max_length=40, blank=True)
    epost = models.EmailField(_("e-mail"), blank=True)
    merknad = models.TextField(
        _("note"),
        blank=True,
        help_text=_("Experience, languages, where they can work. No case details."),
    )
    # BANK-01, BANK-04: the programmes of the service's bank the contractor is trained to give.
    programmer = models.ManyToManyField(
        Program,
        blank=True,
        related_name="oppdragstakere",
        verbose_name=_("programmes trained in"),
    )
    status = FSMField(
        _("status"),
        max_length=24,
        choices=Status.choices,
        default=Status.REGISTRERT,
        protected=True,
    )
    godkjent_av = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name=_("approved by"),
    )
    godkjent_dato = models.DateField(_("approved on"), null=True, blank=True)
    suspendert_begrunnelse = models.TextField(_("reason for suspension"), blank=True)
    avsluttet_dato = models.DateField(_("ended on"), null=True, blank=True)
    avsluttet_begrunnelse = models.TextField(_("reason for ending"), blank=True)
    opprettet_av = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("registered by"),
    )
    opprettet = models.DateTimeField(_("registered"), default=timezone.now, editable=False)
    history = HistoricalRecords(m2m_fields=[programmer])

    class Meta:
        verbose_name = _("contractor")
        verbose_name_plural = _("contractors")
        ordering = ["etternavn", "fornavn", "pk"]
        indexes = [
            models.Index(fields=["tjeneste", "status"], name="oppdragstaker_tjeneste_status"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(type="kjopt_tjeneste") | Q(tilknytning="firma"),
                name="oppdragstaker_bought_service_is_company",
            ),
            models.CheckConstraint(
                condition=~Q(tilknytning="firma") | ~Q(firmanavn=""),
                name="oppdragstaker_company_named",
            ),
            models.CheckConstraint(
                condition=Q(tilknytning="firma") | Q(arbeider_med_barnet=True),
                name="oppdragstaker_person_works_with_child",
            ),
            models.CheckConstraint(
                condition=~Q(status="godkjent") | Q(godkjent_dato__isnull=False),
                name="oppdragstaker_approved_has_date",
            ),
            models.CheckConstraint(
                condition=~Q(status="avsluttet") | Q(avsluttet_dato__isnull=False),
                name="oppdragstaker_ended_has_date",
            ),
        ]

    def __str__(self) -> str:
        return self.navn

    @property
    def fullt_navn(self) -> str:
        return f"{self.fornavn} {self.etternavn}"

    @property
    def navn(self) -> str:
        if self.firmanavn:
            return f"{self.fullt_navn} ({self.firmanavn})"
        return self.fullt_navn

    @property
    def status_color(self) -> str:
        return self.STATUS_COLORS.get(self.status, "neutral")

    def status_steps(self) -> list[tuple[str, bool]]:
        """The approval's states in order, each ``(label, current)``: the page's step list."""
        return [(label, value == self.status) for value, label in self.Status.choices]

    @property
    def trenger_godkjenningsdokument(self) -> bool:
        """OPP-03: only engaged contractors get an approval document."""
        return self.tilknytning == self.Tilknytning.OPPDRAGSTAKER

    @property
    def omfattes_av_opp02(self) -> bool:
        """OPP-02 holds for everyone who works with the child (OPP-03's last sentence)."""
        return self.tilknytning != self.Tilknytning.FIRMA or self.arbeider_med_barnet

    # --- the approval state machine ----------------------------------------------------------

    @transition(
        field=status,
        source=Status.REGISTRERT,
        target=Status.DOKUMENTASJON_MOTTATT,
        conditions=conditions(rules.TRANSITION_RULES["receive_documentation"]),
        permission=permissions.can_manage_contractor,
    )
    def receive_documentation(self, *, by) -> None:
        """OPP-02: the police certificate is assessed and the declaration signed."""

    @transition(
        field=status,
        source=Status.DOKUMENTASJON_MOTTATT,
        target=Status.GODKJENT,
        conditions=conditions(rules.TRANSITION_RULES["approve"]),
        permission=permissions.can_manage_contractor,
    )
    def approve(self, *, by, on: date) -> None:
        self.godkjent_av = by
        self.godkjent_dato = on

    @transition(
        field=status,
        source=[Status.DOKUMENTASJON_MOTTATT, Status.GODKJENT],
        target=Status.SUSPENDERT,
        permission=permissions.can_suspend_contractor,
    )
    def suspend(self, *, by, reason_text: str) -> None:
        self.suspendert_begrunnelse = reason_text

    @transition(
        field=status,
        source=Status.SUSPENDERT,
        target=RETURN_VALUE(Status.DOKUMENTASJON_MOTTATT, Status.GODKJENT),
        conditions=conditions(rules.TRANSITION_RULES["resume"]),
        permission=permissions.can_suspend_contractor,
    )
    def resume(self, *, by) -> str:
        self.suspendert_begrunnelse = ""
        if self.godkjent_dato is not None:
            return self.Status.GODKJENT
        return self.Status.DOKUMENTASJON_MOTTATT

    @transition(
        field=status,
        source=[
            Status.REGISTRERT,
            Status.DOKUMENTASJON_MOTTATT,
            Status.GODKJENT,
            Status.SUSPENDERT,
        ],
        target=Status.AVSLUTTET,
        conditions=conditions(rules.TRANSITION_RULES["end"]),
        permission=permissions.can_suspend_contractor,
    )
    def end(self, *, by, on: date, reason_text: str) -> None:
        self.avsluttet_dato = on
        self.avsluttet_begrunnelse = reason_text


class Politiattest(models.Model):
    """OPP-02: a police certificate (barneomsorgsattest), its date and its assessment."""

    class Resultat(models.TextChoices):
        INGEN_MERKNADER = "ingen_merknader", _("No remarks")
        MERKNADER_AKSEPTERT = "merknader_akseptert", _("Remarks, assessed as no obstacle")
        IKKE_GODKJENT = "ikke_godkjent", _("Not acceptable: the person cannot be engaged")

    GODTATT = (Resultat.INGEN_MERKNADER, Resultat.MERKNADER_AKSEPTERT)

    oppdragstaker = models.ForeignKey(
        Oppdragstaker,
        on_delete=models.PROTECT,
        related_name="politiattester",
        verbose_name=_("contractor"),
    )
    utstedt_dato = models.DateField(_("date of issue"))
    vurdert_dato = models.DateField(_("assessed on"))
    vurdert_av = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("assessed by"),
    )
    resultat = models.CharField(_("result"), max_length=24, choices=Resultat.choices)
    vurdering = models.TextField(
        _("assessment"),
        blank=True,
        help_text=_(
            "Required when the certificate has remarks: why they are or are not an obstacle."
        ),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("police certificate")
        verbose_name_plural = _("police certificates")
        ordering = ["-utstedt_dato", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(vurdert_dato__gte=models.F("utstedt_dato")),
                name="politiattest_assessed_after_issue",
            ),
            models.CheckConstraint(
                condition=Q(resultat="ingen_merknader") | ~Q(vurdering=""),
                name="politiattest_remarks_assessed",
            ),
        ]

    def __str__(self) -> str:
        return str(_("Police certificate of %(date)s")) % {"date": self.utstedt_dato}

    @property
    def er_godtatt(self) -> bool:
        return self.resultat in self.GODTATT

    @property
    def resultat_color(self) -> str:
        """The colour of the result's tag: accepted or not (OPP-02)."""
        return "success" if self.er_godtatt else "danger"

    def er_for_gammel(self, on: date | None = None) -> bool:
        """Older than the service's limit (``POLITIATTEST_MAKS_ALDER_MANEDER``): flagged."""
        return rules.politiattest_for_gammel(self.utstedt_dato, on or timezone.localdate())


class Taushetserklaering(models.Model):
    """OPP-02: the signed confidentiality declaration (bvl § 13-1, fvl § 13)."""

    oppdragstaker = models.ForeignKey(
        Oppdragstaker,
        on_delete=models.PROTECT,
        related_name="taushetserklaeringer",
        verbose_name=_("contractor"),
    )
    signert_dato = models.DateField(_("signed on"))
    registrert_av = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("registered by"),
    )
    registrert = models.DateTimeField(_("registered"), default=timezone.now, editable=False)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("confidentiality declaration")
        verbose_name_plural = _("confidentiality declarations")
        ordering = ["-signert_dato", "-pk"]

    def __str__(self) -> str:
        return str(_("Confidentiality declaration signed %(date)s")) % {"date": self.signert_dato}


class OppdragQuerySet(models.QuerySet):
    def ikke_avsluttet(self) -> OppdragQuerySet:
        """Not ended by the assignment itself, nor by its measure ending or lapsing."""
        return self.filter(
            avsluttet_dato__isnull=True,
            tiltak__til_dato__isnull=True,
            tiltak__bortfalt_dato__isnull=True,
        )


class Oppdrag(models.Model):
    """OPP-04: a contractor assigned to one measure of an approved decision, under a written
    assignment agreement (oppdragsavtale)."""

    class Godtgjoring(models.TextChoices):
        TIMESATS = "timesats", _("Hourly rate")
        FAST = "fast", _("Fixed monthly fee")
        DOGN = "dogn", _("Rate per day and night (respite home)")
        FAKTURA = "faktura", _("Invoice from the company")

    class Rapportering(models.TextChoices):
        MANEDLIG = "manedlig", _("Monthly")
        KVARTALSVIS = "kvartalsvis", _("Quarterly")
        VED_AVSLUTNING = "ved_avslutning", _("Only a final report")

    class OmfangPer(models.TextChoices):
        UKE = "uke", _("per week")
        MANED = "maned", _("per month")

    class Status(models.TextChoices):
        """Not stored: an assignment's state on a day follows from its dates and its measure's
        (:meth:`Oppdrag.status`)."""

        PLANLAGT = "planlagt", _("Planned")
        AKTIV = "aktiv", _("Active")
        AVSLUTTET = "avsluttet", _("Ended")

    #: The colour of each state's tag (components/status_tag.html).
    STATUS_COLORS = {
        Status.PLANLAGT: "info",
        Status.AKTIV: "success",
        Status.AVSLUTTET: "neutral",
    }

    oppdragstaker = models.ForeignKey(
        Oppdragstaker,
        on_delete=models.PROTECT,
        related_name="oppdrag",
        verbose_name=_("contractor"),
    )
    tiltak = models.ForeignKey(
        "vedtak.Tiltak",
        on_delete=models.PROTECT,
        related_name="oppdrag",
        verbose_name=_("measure"),
    )
    # The measure's case, kept here so that need-to-know and documents find it in one step.
    sak = models.ForeignKey(
        "cases.Sak", on_delete=models.PROTECT, related_name="oppdrag", verbose_name=_("case")
    )
    # OPP-04: the assignment agreement.
    fra_dato = models.DateField(_("agreement from"))
    til_dato = models.DateField(_("agreement until"), null=True, blank=True)
    timer = models.DecimalField(_("hours"), max_digits=6, decimal_places=1)
    timer_per = models.CharField(
        _("hours per"), max_length=8, choices=OmfangPer.choices, default=OmfangPer.UKE
    )
    godtgjoring = models.CharField(
        _("pay basis"), max_length=12, choices=Godtgjoring.choices, default=Godtgjoring.TIMESATS
    )
    sats = models.CharField(
        _("rate"),
        max_length=100,
        blank=True,
        help_text=_("For example: KS rate for support contacts, or the agreed sum."),
    )
    utgiftsdekning = models.CharField(
        _("expenses covered"),
        max_length=200,
        blank=True,
        help_text=_("For example: activities up to NOK 500 a month, driving by the state rate."),
    )
    veiledningsplan = models.TextField(
        _("supervision plan"),
        help_text=_("Who supervises the contractor, how and how often (OPP-05)."),
    )
    rapportering = models.CharField(
        _("reporting"),
        max_length=16,
        choices=Rapportering.choices,
        default=Rapportering.MANEDLIG,
        help_text=_("How often reports arrive; timesheets arrive monthly (OPP-05)."),
    )
    oppgaver = models.TextField(
        _("tasks"),
        blank=True,
        help_text=_("What the contractor does with the child or family, without case details."),
    )
    # OPP-06: the veileder/terapeut was briefed on the case before the start.
    orientert_dato = models.DateField(_("briefed on"), null=True, blank=True)
    orientert_av = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name=_("briefed by"),
    )
    orientering_notat = models.TextField(_("what the briefing covered"), blank=True)
    # OPP-04: the clerical officer's work contract / pay notice.
    arbeidskontrakt_dato = models.DateField(
        _("work contract / pay notice made"), null=True, blank=True
    )
    arbeidskontrakt_av = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name=_("work contract made by"),
    )
    avsluttet_dato = models.DateField(_("assignment ended"), null=True, blank=True)
    avsluttet_begrunnelse = models.TextField(_("reason for ending"), blank=True)
    versjon = models.PositiveIntegerField(_("agreement version"), default=1)
    opprettet_av = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("written by"),
    )
    opprettet = models.DateTimeField(_("written"), default=timezone.now, editable=False)
    history = HistoricalRecords()

    objects = OppdragQuerySet.as_manager()

    class Meta:
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")
        ordering = ["-fra_dato", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(til_dato__isnull=True) | Q(til_dato__gte=models.F("fra_dato")),
                name="oppdrag_period_in_order",
            ),
            models.CheckConstraint(condition=Q(timer__gt=0), name="oppdrag_hours_positive"),
            models.UniqueConstraint(
                fields=["oppdragstaker", "tiltak"],
                condition=Q(avsluttet_dato__isnull=True),
                name="oppdrag_one_open_per_measure",
            ),
            models.CheckConstraint(
                condition=Q(orientert_dato__isnull=True) | Q(orientert_av__isnull=False),
                name="oppdrag_briefing_has_author",
            ),
        ]
        indexes = [
            models.Index(fields=["sak"], name="oppdrag_sak"),
            models.Index(fields=["avsluttet_dato", "fra_dato"], name="oppdrag_period"),
        ]

    def __str__(self) -> str:
        return str(_("Assignment %(id)s")) % {"id": self.pk or "–"}

    def sluttdato(self) -> date | None:
        """The last day: the assignment's own end, its agreement's, or its measure's."""
        ends = [
            d
            for d in (
                self.avsluttet_dato,
                self.til_dato,
                self.tiltak.til_dato,
                self.tiltak.bortfalt_dato,
            )
            if d is not None
        ]
        return min(ends) if ends else None

    def status(self, on: date | None = None) -> Status:
        """``planlagt`` (measure not started), ``aktiv`` or ``avsluttet`` on ``on`` (today)."""
        on = on or timezone.localdate()
        end = self.sluttdato()
        if (end is not None and end < on) or self.tiltak.bortfalt_dato or self.avsluttet_dato:
            return self.Status.AVSLUTTET
        if self.tiltak.fra_dato is None or max(self.tiltak.fra_dato, self.fra_dato) > on:
            return self.Status.PLANLAGT
        return self.Status.AKTIV

    # Today's state as a tag (components/status_tag.html reads a record's state this way).

    @property
    def status_color(self) -> str:
        return self.STATUS_COLORS[self.status()]

    def get_status_display(self) -> str:
        return self.status().label

    @property
    def trenger_orientering(self) -> bool:
        """OPP-06: a veileder/terapeut, or anyone delivering a guidance measure."""
        return self.oppdragstaker.type == Oppdragstaker.Type.VEILEDER or self.tiltak.type.veiledning

    @property
    def trenger_arbeidskontrakt(self) -> bool:
        """OPP-04: a company invoices; everyone else gets a work contract or pay notice."""
        return self.godtgjoring != self.Godtgjoring.FAKTURA


class Innlevering(models.Model):
    """OPP-05: a timesheet, a report or the final report received for an assignment."""

    class Type(models.TextChoices):
        TIMELISTE = "timeliste", _("Timesheet")
        RAPPORT = "rapport", _("Report")
        SLUTTRAPPORT = "sluttrapport", _("Final report")

    oppdrag = models.ForeignKey(
        Oppdrag,
        on_delete=models.PROTECT,
        related_name="innleveringer",
        verbose_name=_("assignment"),
    )
    type = models.CharField(_("kind"), max_length=16, choices=Type.choices)
    periode = models.DateField(
        _("month"),
        null=True,
        blank=True,
        help_text=_("The first day of the month it covers; empty for the final report."),
    )
    mottatt = models.DateField(_("received on"))
    merknad = models.CharField(_("note"), max_length=300, blank=True)
    #: OPP-05, INN-01: the report itself, received as an incoming document of the case.
    dokument = models.OneToOneField(
        "innkommende.InnkommendeDokument",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="innlevering",
        verbose_name=_("the report's file"),
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
        verbose_name = _("timesheet or report received")
        verbose_name_plural = _("timesheets and reports received")
        ordering = ["-periode", "type", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["oppdrag", "type", "periode"],
                condition=Q(periode__isnull=False),
                name="innlevering_one_per_month",
            ),
            models.UniqueConstraint(
                fields=["oppdrag"],
                condition=Q(type="sluttrapport"),
                name="innlevering_one_final_report",
            ),
            models.CheckConstraint(
                condition=(Q(type="sluttrapport") & Q(periode__isnull=True))
                | (~Q(type="sluttrapport") & Q(periode__isnull=False)),
                name="innlevering_month_or_final",
            ),
        ]
        indexes = [
            models.Index(fields=["oppdrag", "type", "periode"], name="innlevering_lookup"),
        ]

    def __str__(self) -> str:
        return f"{self.get_type_display()} {self.periode or ''}".strip()
