"""The decision (vedtak) and what hangs on it: measures (tiltak), consents (samtykke), advance
notices (forhåndsvarsel) and the guidance comments between caseworker and leaders.

The state machine (VED-03) lives on :class:`Vedtak` with django-fsm-2: the status field is
protected (only transitions change it), conditions are the named rules of :mod:`vedtak.rules`
and permissions the predicates of :mod:`vedtak.permissions`. Transition bodies only change
fields on the instance; the services in :mod:`vedtak.services` lock, check, save with history
and enqueue documents.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.text import get_text_list
from django.utils.translation import gettext_lazy as _
from django_fsm import ConcurrentTransitionMixin, FSMField, transition
from simple_history.models import HistoricalRecords

from cases.models import Part, Sak
from core.dates import format_dato
from core.kodelister import kategori_choices
from programbank.models import Program

from . import permissions, rules


class Tiltakstype(models.Model):
    """The configurable catalogue of measure types (tiltaksbank), seeded with the common ones."""

    kode = models.SlugField(_("code"), max_length=40, unique=True)
    navn = models.CharField(_("name"), max_length=100)
    rettet_mot_barnet = models.BooleanField(
        _("directed at the child by default"),
        default=False,
        help_text=_(
            "Measures directed at the child need the consent of a child who is a party (SAM-01)."
        ),
    )
    veiledning = models.BooleanField(
        _("guidance measure"),
        default=False,
        help_text=_("A guidance measure cannot end without the contractor's final report."),
    )
    senter_dogn = models.BooleanField(
        _("residential help at a centre for parents and children"),
        default=False,
        help_text=_("SENTER-04: ordered (pålegg) for at most 3 months."),
    )
    # RAPP-01: the category of SSB's published list for Tiltak/Kategori the type is reported
    # under (the list is rapportering's, through core.kodelister), and the text a category
    # that «krever presisering» (the x.99 codes, 3.7) needs.
    register_kategori = models.CharField(
        _("register category"),
        max_length=5,
        blank=True,
        choices=kategori_choices,
        help_text=_("The category the type is reported under to Barnevernsregisteret."),
    )
    register_presisering = models.CharField(
        _("specification of the register category"),
        max_length=200,
        blank=True,
        help_text=_("Needed by the categories «Andre …» (x.99) and 3.7."),
    )
    aktiv = models.BooleanField(_("in use"), default=True)
    rekkefolge = models.PositiveSmallIntegerField(_("order"), default=100)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("measure type")
        verbose_name_plural = _("measure types")
        ordering = ["rekkefolge", "navn"]

    def __str__(self) -> str:
        return self.navn


class VedtakQuerySet(models.QuerySet):
    def open(self) -> VedtakQuerySet:
        return self.exclude(status__in=[Vedtak.Status.EKSPEDERT, Vedtak.Status.TRUKKET])


class Vedtak(ConcurrentTransitionMixin, models.Model):
    """VED-01 … VED-12: a single decision about hjelpetiltak for a child."""

    class Type(models.TextChoices):
        NYTT = "nytt", _("New measures")
        ENDRING = "endring", _("Change of measures")
        AVSLUTNING = "avslutning", _("End of measures")

    class Status(models.TextChoices):
        UTKAST = "utkast", _("Draft")
        TIL_VEILEDNING = "til_veiledning", _("With the team leader for guidance")
        KLAR_FOR_GODKJENNING = "klar_for_godkjenning", _("Ready for approval")
        GODKJENT = "godkjent", _("Approved")
        EKSPEDERT = "ekspedert", _("Sent to the parties")
        TRUKKET = "trukket", _("Withdrawn")

    #: "Open": not yet approved and not withdrawn. Advance notices, consents and deadlines
    #: (VED-06, VED-08) concern the open decisions; the one meaning everywhere.
    OPEN_STATUSES = (Status.UTKAST, Status.TIL_VEILEDNING, Status.KLAR_FOR_GODKJENNING)

    #: The colour of each state's tag (``components/status_tag.html``).
    STATUS_COLORS = {
        Status.UTKAST: "accent",
        Status.TIL_VEILEDNING: "warning",
        Status.KLAR_FOR_GODKJENNING: "info",
        Status.GODKJENT: "success",
        Status.EKSPEDERT: "success",
        Status.TRUKKET: "neutral",
    }

    sak = models.ForeignKey(
        Sak, on_delete=models.PROTECT, related_name="vedtak", verbose_name=_("case")
    )
    type = models.CharField(_("type"), max_length=16, choices=Type.choices, default=Type.NYTT)
    status = FSMField(
        _("status"), max_length=24, choices=Status.choices, default=Status.UTKAST, protected=True
    )
    versjon = models.PositiveIntegerField(
        _("version"), default=1, help_text=_("Raised on every change (VED-12).")
    )
    hjemmel = models.CharField(_("legal basis"), max_length=200, default="barnevernsloven § 3-1")
    # VED-02: the content of the decision.
    bakgrunn = models.TextField(_("facts of the case"), blank=True)
    vurdering = models.TextField(_("considerations and professional assessment"), blank=True)
    barnets_mening = models.TextField(_("the child's opinion"), blank=True)
    barnets_mening_vekt = models.TextField(_("weight given to the child's opinion"), blank=True)
    barnets_beste = models.TextField(_("the child's best interests"), blank=True)
    # VED-07: a measure ordered by the county board needs its decision, not consent.
    palegg = models.BooleanField(_("ordered by the county board (pålegg)"), default=False)
    nemnd_referanse = models.CharField(
        _("county board's case reference"), max_length=60, blank=True
    )
    nemnd_vedtaksdato = models.DateField(_("date of the board's decision"), null=True, blank=True)
    # VED-08: the approval deadline of a decision after an investigation.
    fristdato = models.DateField(_("approval deadline"), null=True, blank=True)
    # VED-09 (should): the approver's reason for approving without a plan.
    uten_tiltaksplan_begrunnelse = models.TextField(
        _("reason for approving without a plan"), blank=True
    )
    # BANK-02 (should): the caseworker's assessment of a programme that may not fit, recorded
    # when the decision went to the team leader anyway, with who and when.
    program_vurdering = models.TextField(_("assessment of the chosen programmes"), blank=True)
    program_vurdert_av = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name=_("programmes assessed by"),
    )
    program_vurdert = models.DateTimeField(_("programmes assessed"), null=True, blank=True)

    opprettet_av = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("author"),
    )
    opprettet = models.DateTimeField(_("created"), default=timezone.now, editable=False)
    endret = models.DateTimeField(_("changed"), default=timezone.now)
    sendt_til_veiledning = models.DateTimeField(_("sent for guidance"), null=True, blank=True)
    # VED-05: the team leader's approval of the proposed measures.
    tiltak_godkjent_av = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name=_("measures approved by"),
    )
    tiltak_godkjent = models.DateTimeField(_("measures approved"), null=True, blank=True)
    frigitt_av = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name=_("released by"),
    )
    frigitt = models.DateTimeField(_("released for approval"), null=True, blank=True)
    godkjent_av = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name=_("approved by"),
    )
    godkjent = models.DateTimeField(_("approved"), null=True, blank=True)
    ekspedert = models.DateTimeField(_("sent to the parties"), null=True, blank=True)
    trukket_av = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name=_("withdrawn by"),
    )
    trukket = models.DateTimeField(_("withdrawn"), null=True, blank=True)
    trukket_begrunnelse = models.TextField(_("reason for withdrawal"), blank=True)

    history = HistoricalRecords(excluded_fields=["endret"])
    objects = VedtakQuerySet.as_manager()

    class Meta:
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        ordering = ["-opprettet"]
        indexes = [
            models.Index(fields=["status", "fristdato"], name="vedtak_status_frist"),
            models.Index(fields=["sak", "status"], name="vedtak_sak_status"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(status="trukket") | ~models.Q(trukket_begrunnelse=""),
                name="vedtak_withdrawal_has_reason",
            ),
            models.CheckConstraint(
                condition=models.Q(
                    status__in=["utkast", "til_veiledning", "klar_for_godkjenning", "trukket"]
                )
                | models.Q(godkjent__isnull=False, godkjent_av__isnull=False),
                name="vedtak_approved_has_approver",
            ),
        ]

    def __str__(self) -> str:
        return str(_("Decision %(id)s (%(type)s)")) % {
            "id": self.pk or "–",
            "type": self.get_type_display(),
        }

    @cached_property
    def display_name(self) -> str:
        """What users call the decision, in the breadcrumbs (issue 20, item 4): «Vedtak om
        støttekontakt, 4.12.2026», by its measures and the day it was made. Reads the
        measures the page prefetched (``vedtak.selectors.vedtak_queryset``), else one query."""
        if "tiltak" in getattr(self, "_prefetched_objects_cache", {}):
            types = [t.type.navn for t in sorted(self.tiltak.all(), key=lambda t: t.pk)]
        else:
            types = list(self.tiltak.order_by("pk").values_list("type__navn", flat=True))
        names = [navn[:1].lower() + navn[1:] if navn[1:2].islower() else navn for navn in types]
        day = format_dato(timezone.localdate(self.opprettet))
        if not names:
            return str(_("Decision of %(date)s")) % {"date": day}
        text = {
            self.Type.ENDRING: _("Decision to change %(measures)s, %(date)s"),
            self.Type.AVSLUTNING: _("Decision to end %(measures)s, %(date)s"),
        }.get(self.type, _("Decision on %(measures)s, %(date)s"))
        return str(text) % {"measures": get_text_list(names, str(_("and"))), "date": day}

    @staticmethod
    def history_label(record) -> str:
        return str(_("Decision %(id)s (%(type)s)")) % {
            "id": record.id,
            "type": dict(Vedtak.Type.choices).get(record.type, record.type),
        }

    # --- derived ------------------------------------------------------------------------

    @property
    def er_redigerbar(self) -> bool:
        """VED-03: only a draft is edited; a godkjent vedtak never is."""
        return self.status == self.Status.UTKAST

    @property
    def er_godkjent(self) -> bool:
        return self.status in (self.Status.GODKJENT, self.Status.EKSPEDERT)

    @property
    def er_apen(self) -> bool:
        """Not yet approved and not withdrawn (:attr:`OPEN_STATUSES`)."""
        return self.status in self.OPEN_STATUSES

    @property
    def er_avslutning(self) -> bool:
        return self.type == self.Type.AVSLUTNING

    @property
    def status_color(self) -> str:
        return self.STATUS_COLORS.get(self.status, "neutral")

    @property
    def steps(self) -> list[tuple[str, bool]]:
        """VED-03: the way through the states, as ``(label, current)``; a withdrawal is no
        step on it."""
        return [
            (label, value == self.status)
            for value, label in self.Status.choices
            if value != self.Status.TRUKKET
        ]

    # --- VED-08: the approval deadline ------------------------------------------------------

    @property
    def frist_gjelder(self) -> bool:
        """The approval deadline still matters: there is one and the decision is open (an
        approved or withdrawn decision has met it or no longer needs to)."""
        return self.fristdato is not None and self.er_apen

    def frist_overskredet(self, on: date | None = None) -> bool:
        return self.frist_gjelder and (on or timezone.localdate()) > self.fristdato

    def frist_snart(self, on: date | None = None) -> bool:
        """Due within the warning window (``FRIST_VARSEL_DAGER``), not yet overdue."""
        on = on or timezone.localdate()
        return (
            self.frist_gjelder
            and not self.frist_overskredet(on)
            and self.fristdato <= on + timedelta(days=settings.FRIST_VARSEL_DAGER)
        )

    # --- VED-03: the state machine ---------------------------------------------------------

    @transition(
        field=status,
        source=Status.UTKAST,
        target=Status.TIL_VEILEDNING,
        conditions=rules.conditions("send_to_guidance"),
        permission=permissions.can_send_to_guidance,
    )
    def send_to_guidance(self, *, by, override_reason: str = "") -> None:
        self.sendt_til_veiledning = timezone.now()
        # BANK-02, when it warned: the assessment, who made it and when.
        self.program_vurdering = override_reason
        self.program_vurdert_av = by if override_reason else None
        self.program_vurdert = self.sendt_til_veiledning if override_reason else None

    @transition(
        field=status,
        source=Status.TIL_VEILEDNING,
        target=Status.KLAR_FOR_GODKJENNING,
        conditions=rules.conditions("release_for_approval"),
        permission=permissions.can_release_for_approval,
    )
    def release_for_approval(self, *, by) -> None:
        self.frigitt_av = by
        self.frigitt = timezone.now()

    @transition(
        field=status,
        source=[Status.TIL_VEILEDNING, Status.KLAR_FOR_GODKJENNING],
        target=Status.UTKAST,
        permission=permissions.can_return_to_draft,
    )
    def return_to_draft(self, *, by) -> None:
        self.frigitt_av = None
        self.frigitt = None

    @transition(
        field=status,
        source=Status.KLAR_FOR_GODKJENNING,
        target=Status.GODKJENT,
        conditions=rules.conditions("approve"),
        permission=permissions.can_approve,
    )
    def approve(self, *, by, override_reason: str = "") -> None:
        self.godkjent_av = by
        self.uten_tiltaksplan_begrunnelse = override_reason  # VED-09, when it warned
        self.godkjent = timezone.now()

    @transition(
        field=status,
        source=Status.GODKJENT,
        target=Status.EKSPEDERT,
        conditions=rules.conditions("send_out"),
        permission=permissions.can_send_out,
    )
    def send_out(self, *, by) -> None:
        self.ekspedert = timezone.now()

    @transition(
        field=status,
        source=[Status.UTKAST, Status.TIL_VEILEDNING, Status.KLAR_FOR_GODKJENNING],
        target=Status.TRUKKET,
        permission=permissions.can_withdraw,
    )
    def withdraw(self, *, by, reason_text: str) -> None:
        self.trukket_av = by
        self.trukket = timezone.now()
        self.trukket_begrunnelse = reason_text


class TiltakManager(models.Manager):
    """Measures taken out of a draft are kept (LOG-01) but not shown or counted."""

    def get_queryset(self):
        return super().get_queryset().filter(fjernet=False)


class Tiltak(models.Model):
    """VED-01/VED-11: one measure under a vedtak, with its planned start and scope, and the
    dates it actually started, ended or lapsed."""

    vedtak = models.ForeignKey(
        Vedtak, on_delete=models.PROTECT, related_name="tiltak", verbose_name=_("decision")
    )
    type = models.ForeignKey(
        Tiltakstype, on_delete=models.PROTECT, related_name="tiltak", verbose_name=_("measure")
    )
    # BANK-01 … BANK-04: the programme of the service's bank the measure gives, and the
    # trained staff member who gives it.
    program = models.ForeignKey(
        Program,
        on_delete=models.PROTECT,
        related_name="tiltak",
        null=True,
        blank=True,
        verbose_name=_("programme"),
    )
    utforer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="utforte_tiltak",
        null=True,
        blank=True,
        verbose_name=_("provider"),
        help_text=_("A staff member trained in the programme (BANK-04)."),
    )
    beskrivelse = models.TextField(_("description"), blank=True)
    omfang = models.CharField(
        _("scope"), max_length=200, blank=True, help_text=_("For example: 4 hours per week.")
    )
    startdato = models.DateField(
        _("planned start"),
        null=True,
        blank=True,
        help_text=_("For an end of a measure: the date it ends."),
    )
    sluttdato = models.DateField(
        _("planned end"),
        null=True,
        blank=True,
        help_text=_("Empty: until a decision ends it."),
    )
    rettet_mot_barnet = models.BooleanField(
        _("directed at the child"),
        default=False,
        help_text=_("A child who is a party must then consent too (SAM-01)."),
    )
    endrer = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        related_name="endret_av",
        null=True,
        blank=True,
        verbose_name=_("changes or ends the measure"),
    )
    # VED-11: what actually happened.
    fra_dato = models.DateField(_("started"), null=True, blank=True)
    til_dato = models.DateField(_("ended"), null=True, blank=True)
    bortfalt_dato = models.DateField(_("lapsed"), null=True, blank=True)
    # SAM-03: a consent it rests on was withdrawn.
    samtykke_trukket = models.DateField(_("consent withdrawn"), null=True, blank=True)
    samtykke_trukket_behandlet = models.DateTimeField(
        _("withdrawn consent followed up"), null=True, blank=True
    )
    rekkefolge = models.PositiveSmallIntegerField(_("order"), default=0)
    fjernet = models.BooleanField(_("removed from the draft"), default=False)
    history = HistoricalRecords()

    objects = TiltakManager()
    med_fjernede = models.Manager()  # noqa: DJ012 (a manager, not a field)

    class Meta:
        base_manager_name = "med_fjernede"
        verbose_name = _("measure")
        verbose_name_plural = _("measures")
        ordering = ["vedtak_id", "rekkefolge", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(til_dato__isnull=True)
                | models.Q(fra_dato__isnull=False, til_dato__gte=models.F("fra_dato")),
                name="tiltak_fra_before_til",
            ),
            models.CheckConstraint(
                condition=models.Q(bortfalt_dato__isnull=True) | models.Q(fra_dato__isnull=True),
                name="tiltak_lapsed_never_started",
            ),
        ]
        indexes = [
            models.Index(fields=["fra_dato", "til_dato"], name="tiltak_period"),
            # SAM-03: the open withdrawn consents (vedtak.selectors.withdrawn_consents_open),
            # read every night and on every start page, are a handful among all measures.
            models.Index(
                fields=["samtykke_trukket"],
                condition=models.Q(
                    samtykke_trukket__isnull=False,
                    samtykke_trukket_behandlet__isnull=True,
                    til_dato__isnull=True,
                    bortfalt_dato__isnull=True,
                ),
                name="tiltak_samtykke_trukket_open",
            ),
        ]

    def __str__(self) -> str:
        return str(self.type)

    @staticmethod
    def history_label(record) -> str:
        return str(_("Measure «%(measure)s» in decision %(id)s")) % {
            "measure": record.type,
            "id": record.vedtak_id,
        }

    @property
    def status_label(self) -> str:
        if self.bortfalt_dato:
            return _("Lapsed")
        if self.til_dato:
            return _("Ended")
        if self.fra_dato:
            return _("Running")
        return _("Not started")

    def er_aktiv(self, on: date | None = None) -> bool:
        on = on or timezone.localdate()
        return (
            self.fra_dato is not None
            and self.fra_dato <= on
            and (self.til_dato is None or self.til_dato >= on)
        )


class Samtykke(models.Model):
    """SAM-01 … SAM-04: a consent from a party with daily care, or from the child.

    A consent to a measure names the measures and purpose; a consent to share information
    (SAM-04) names one recipient. Withdrawal is recorded, never a deletion (SAM-03).
    """

    class Formal(models.TextChoices):
        TILTAK = "tiltak", _("Consent to measures")
        INFORMASJONSDELING = "informasjonsdeling", _("Consent to share information")

    class Form(models.TextChoices):
        SKRIFTLIG = "skriftlig", _("In writing")
        MUNTLIG = "muntlig", _("Orally (noted in the case)")

    class Mottakertype(models.TextChoices):
        SKOLE = "skole", _("School")
        BARNEHAGE = "barnehage", _("Kindergarten")
        HELSE = "helse", _("Health service")
        NAV = "nav", _("NAV")
        PPT = "ppt", _("Educational-psychological service (PPT)")
        ANNET = "annet", _("Other")

    class Status(models.TextChoices):
        """Read from the dates (no field): valid, past its end date, or withdrawn (SAM-03)."""

        GYLDIG = "gyldig", _("Valid")
        UTLOPT = "utlopt", _("Expired")
        TRUKKET = "trukket", _("Withdrawn")

    #: The colour of each state's tag (``components/status_tag.html``).
    STATUS_COLORS = {Status.GYLDIG: "success", Status.UTLOPT: "neutral", Status.TRUKKET: "danger"}

    sak = models.ForeignKey(
        Sak, on_delete=models.PROTECT, related_name="samtykker", verbose_name=_("case")
    )
    formal_type = models.CharField(
        _("kind of consent"), max_length=24, choices=Formal.choices, default=Formal.TILTAK
    )
    part = models.ForeignKey(
        Part,
        on_delete=models.PROTECT,
        related_name="samtykker",
        null=True,
        blank=True,
        verbose_name=_("given by party"),
    )
    gitt_av_barnet = models.BooleanField(_("given by the child"), default=False)
    tiltak = models.ManyToManyField(
        Tiltak, blank=True, related_name="samtykker", verbose_name=_("measures")
    )
    formal = models.TextField(_("purpose"))
    informasjon = models.TextField(
        _("information shared, with whom and why"),
        blank=True,
        # Asked of a consent to share information (SAM-04); a consent to measures may say it.
        help_text=_("As little as possible (SAM-02)."),
    )
    mottaker = models.CharField(
        _("recipient"),
        max_length=200,
        blank=True,
        help_text=_("The one service information may be shared with (SAM-04)."),
    )
    mottakertype = models.CharField(
        _("kind of recipient"), max_length=16, choices=Mottakertype.choices, blank=True
    )
    gitt_dato = models.DateField(_("given on"))
    gyldig_til = models.DateField(
        _("valid until"), null=True, blank=True, help_text=_("Empty: while the measure lasts.")
    )
    form = models.CharField(_("form"), max_length=16, choices=Form.choices, default=Form.SKRIFTLIG)
    informert_om_tilbaketrekking = models.BooleanField(
        _("told that the consent can be withdrawn at any time"), default=False
    )
    informert_om_rettigheter = models.BooleanField(
        _("told about the right to take part and to complain"), default=False
    )
    tolk_brukt = models.BooleanField(_("an interpreter was used"), default=False)
    registrert_av = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("registered by"),
    )
    registrert = models.DateTimeField(_("registered"), default=timezone.now)
    trukket_dato = models.DateField(_("withdrawn on"), null=True, blank=True)
    trukket_merknad = models.TextField(_("note on the withdrawal"), blank=True)
    trukket_registrert_av = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name=_("withdrawal registered by"),
    )
    history = HistoricalRecords(m2m_fields=[tiltak])

    class Meta:
        verbose_name = _("consent")
        verbose_name_plural = _("consents")
        ordering = ["-gitt_dato", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(part__isnull=False) & models.Q(gitt_av_barnet=False))
                | (models.Q(part__isnull=True) & models.Q(gitt_av_barnet=True)),
                name="samtykke_given_by_one",
            ),
            models.CheckConstraint(
                condition=~models.Q(formal_type="informasjonsdeling") | ~models.Q(mottaker=""),
                name="samtykke_sharing_names_recipient",
            ),
        ]

    def __str__(self) -> str:
        return str(self.get_formal_type_display())

    @staticmethod
    def history_label(record) -> str:
        who = str(_("the child")) if record.gitt_av_barnet else str(record.part)
        return str(_("Consent from %(name)s")) % {"name": who}

    @property
    def er_informasjonsdeling(self) -> bool:
        """SAM-04: a consent to share information with one recipient."""
        return self.formal_type == self.Formal.INFORMASJONSDELING

    @property
    def gitt_av_ungdom(self) -> bool:
        """SAM-01 from 18: the child gave it on or after the 18th birthday, as the youth's own
        consent (reads the case's child: load ``sak__barn`` with a list of consents)."""
        return self.gitt_av_barnet and self.gitt_dato >= rules.adult_from(self.sak.barn.fodselsdato)

    @property
    def gitt_av_navn(self) -> str:
        if not self.gitt_av_barnet:
            return self.part.fullt_navn
        return str(_("The youth")) if self.gitt_av_ungdom else str(_("The child"))

    def status_on(self, on: date | None = None) -> str:
        on = on or timezone.localdate()
        if self.trukket_dato is not None:
            return self.Status.TRUKKET
        if self.gyldig_til is not None and self.gyldig_til < on:
            return self.Status.UTLOPT
        return self.Status.GYLDIG

    @property
    def status(self) -> str:
        return self.status_on()

    def get_status_display(self) -> str:
        return self.Status(self.status).label

    @property
    def status_color(self) -> str:
        return self.STATUS_COLORS[self.status]

    def er_gyldig(self, on: date | None = None) -> bool:
        on = on or timezone.localdate()
        return (
            self.trukket_dato is None
            and self.gitt_dato <= on
            and (self.gyldig_til is None or self.gyldig_til >= on)
        )


class Forhandsvarsel(models.Model):
    """VED-06: the advance notice to one party, its deadline and the party's statement."""

    vedtak = models.ForeignKey(
        Vedtak,
        on_delete=models.PROTECT,
        related_name="forhandsvarsler",
        verbose_name=_("decision"),
    )
    part = models.ForeignKey(
        Part,
        on_delete=models.PROTECT,
        related_name="forhandsvarsler",
        null=True,
        blank=True,
        verbose_name=_("party"),
    )
    til_barnet = models.BooleanField(_("to the child"), default=False)
    sendt = models.DateField(_("sent on"))
    frist = models.DateField(_("deadline for a statement"))
    uttalelse_mottatt = models.DateField(_("statement received"), null=True, blank=True)
    uttalelse = models.TextField(_("the party's statement"), blank=True)
    registrert_av = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("registered by"),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("advance notice")
        verbose_name_plural = _("advance notices")
        ordering = ["sendt", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(part__isnull=False) & models.Q(til_barnet=False))
                | (models.Q(part__isnull=True) & models.Q(til_barnet=True)),
                name="forhandsvarsel_to_one",
            ),
            models.CheckConstraint(
                condition=models.Q(frist__gte=models.F("sendt")),
                name="forhandsvarsel_deadline_after_sent",
            ),
            models.UniqueConstraint(
                fields=["vedtak", "part"],
                condition=models.Q(part__isnull=False),
                name="forhandsvarsel_one_per_party",
            ),
            models.UniqueConstraint(
                fields=["vedtak"],
                condition=models.Q(til_barnet=True),
                name="forhandsvarsel_one_to_child",
            ),
        ]
        indexes = [models.Index(fields=["frist"], name="forhandsvarsel_frist")]

    def __str__(self) -> str:
        return str(_("Advance notice to %(name)s")) % {"name": self.mottaker_navn}

    @staticmethod
    def history_label(record) -> str:
        who = str(_("the child")) if record.til_barnet else str(record.part)
        return str(_("Advance notice to %(name)s")) % {"name": who}

    @property
    def mottaker_navn(self) -> str:
        return str(_("The child")) if self.til_barnet else self.part.fullt_navn

    def svarfrist_passert(self, on: date | None = None) -> bool | None:
        """VED-06: whether the deadline for a statement has passed without one (``None`` once
        the statement is received)."""
        if self.uttalelse_mottatt:
            return None
        return self.frist < (on or timezone.localdate())

    def er_avklart(self, on: date | None = None) -> bool:
        """Answered, or the deadline has passed (VED-06)."""
        return self.uttalelse_mottatt is not None or (on or timezone.localdate()) > self.frist


class Kommentar(models.Model):
    """Guidance between caseworker and leaders: comments and the reasons for a return."""

    class Type(models.TextChoices):
        VEILEDNING = "veiledning", _("Guidance")
        RETUR = "retur", _("Returned to draft")

    vedtak = models.ForeignKey(
        Vedtak, on_delete=models.PROTECT, related_name="kommentarer", verbose_name=_("decision")
    )
    type = models.CharField(_("type"), max_length=16, choices=Type.choices, default=Type.VEILEDNING)
    tekst = models.TextField(_("comment"))
    forfatter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("written by"),
    )
    tidspunkt = models.DateTimeField(_("time"), default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        ordering = ["tidspunkt", "pk"]

    def __str__(self) -> str:
        return self.get_type_display()

    @property
    def er_retur(self) -> bool:
        return self.type == self.Type.RETUR
