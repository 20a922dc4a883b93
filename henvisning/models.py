"""Referrals to other services and their answers (HENV-01 … HENV-03).

- :class:`Mottaker` – the service's configurable list of receiving services (familievern, PPT,
  BUP, MST, Bufetat, kommunepsykolog, senter for foreldre og barn, others): name, postal
  address (a receiver without one cannot be chosen for a letter), kind, the expected answer
  time in days and whether an offer that is taken up needs a decision (HENV-03). Kept by the
  head of the service (its own page, and the Django admin).
- :class:`Henvisningsoppsett` – the service's setting: whether the team leader approves a
  referral before it is sent.
- :class:`Henvisning` – one referral of a case to one receiver: what is asked, the plan goals
  it serves, the legal basis for sharing (a SAM-04 consent naming the receiver, or a law
  reference), the attachments (the case's letters and incoming documents), the letter and its
  dispatch (DOK-01/02), the answer (HENV-02) and what became of an offer (HENV-03).

Status (protected, changed only by the transitions below through :mod:`henvisning.actions`)::

    utkast ─┬─ submit ──→ til_godkjenning ─ approve ─→ godkjent ─ send ─→ sendt
            │                  └─ send_back ─→ utkast                       │
            └─ send (no approval asked by the service) ───────────────────→ sendt
    sendt ─ record_answer ─→ besvart (utfall: tilbud | avslag)
    besvart (tilbud) ─ take_up: a draft decision, or a collaboration (no state change)
    utkast | til_godkjenning | godkjent | sendt ─ close (withdrawn, no longer needed) ─→ avsluttet

The open referrals are those neither answered nor closed (:data:`Henvisning.OPEN`).

The centre course (SENTER, app ``senter``) builds on a referral whose receiver is of the kind
``senter``: it keeps its own records pointing here (a one-to-one to :class:`Henvisning`), so the
names of these models and fields are stable.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_fsm import ConcurrentTransitionMixin, FSMField, transition
from simple_history.models import HistoricalRecords

from accounts.models import Tjeneste
from cases.models import Sak
from core.validators import PlainTextValidator

from . import permissions

_TEXT = [PlainTextValidator(multiline=True)]
_LINE = [PlainTextValidator()]


class Mottaker(models.Model):
    """A receiving service on the service's list (HENV-01)."""

    class Type(models.TextChoices):
        FAMILIEVERN = "familievern", _("Family counselling service (familievern)")
        PPT = "ppt", _("Educational-psychological service (PPT)")
        BUP = "bup", _("Child and adolescent psychiatry (BUP)")
        MST = "mst", _("Multisystemic therapy (MST)")
        BUFETAT = "bufetat", _("Bufetat")
        KOMMUNEPSYKOLOG = "kommunepsykolog", _("Municipal psychologist")
        SENTER = "senter", _("Centre for parents and children (senter for foreldre og barn)")
        ANNET = "annet", _("Other")

    tjeneste = models.ForeignKey(
        Tjeneste,
        on_delete=models.PROTECT,
        related_name="henvisningsmottakere",
        verbose_name=_("service"),
    )
    navn = models.CharField(_("name"), max_length=200, validators=_LINE)
    type = models.CharField(_("kind"), max_length=20, choices=Type.choices)
    adresse = models.CharField(
        _("postal address"),
        max_length=300,
        blank=True,
        validators=_TEXT,
        help_text=_("A receiver without an address cannot be chosen for a letter."),
    )
    telefon = models.CharField(_("telephone"), max_length=40, blank=True, validators=_LINE)
    epost = models.EmailField(_("e-mail"), blank=True)
    svarfrist_dager = models.PositiveSmallIntegerField(
        _("expected answer time (days)"),
        default=30,
        help_text=_("A referral with no answer after this many days is on the digest (HENV-02)."),
    )
    krever_vedtak = models.BooleanField(
        _("an offer taken up needs a decision"),
        default=True,
        help_text=_(
            "HENV-03: an offer taken up becomes a measure through a decision, unless the "
            "receiver's own law needs none (e.g. PPT, BUP)."
        ),
    )
    tiltakstype = models.ForeignKey(
        "vedtak.Tiltakstype",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("measure type of an offer"),
        help_text=_("The measure a draft decision is filled in with when an offer is taken up."),
    )
    aktiv = models.BooleanField(_("in use"), default=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("referral receiver")
        verbose_name_plural = _("referral receivers")
        ordering = ["navn"]
        constraints = [
            models.UniqueConstraint(fields=["tjeneste", "navn"], name="henvmottaker_unique_name"),
        ]

    def __str__(self) -> str:
        return self.navn

    @property
    def har_adresse(self) -> bool:
        return bool((self.adresse or "").strip())

    @property
    def er_senter(self) -> bool:
        return self.type == self.Type.SENTER


class Henvisningsoppsett(models.Model):
    """The service's referral setting: does the team leader approve before a referral is sent?"""

    tjeneste = models.OneToOneField(
        Tjeneste,
        on_delete=models.PROTECT,
        related_name="henvisningsoppsett",
        verbose_name=_("service"),
    )
    krever_godkjenning = models.BooleanField(
        _("the team leader approves referrals before they are sent"), default=False
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("referral setting")
        verbose_name_plural = _("referral settings")

    def __str__(self) -> str:
        return str(self.tjeneste)

    @classmethod
    def krever_godkjenning_for(cls, tjeneste_id: int) -> bool:
        return cls.objects.filter(tjeneste_id=tjeneste_id, krever_godkjenning=True).exists()


class Henvisning(ConcurrentTransitionMixin, models.Model):
    """HENV-01 … HENV-03: one referral of a case to one receiving service."""

    class Status(models.TextChoices):
        UTKAST = "utkast", _("Draft")
        TIL_GODKJENNING = "til_godkjenning", _("Awaiting approval")
        GODKJENT = "godkjent", _("Approved, not sent")
        SENDT = "sendt", _("Sent, awaiting answer")
        BESVART = "besvart", _("Answered")
        AVSLUTTET = "avsluttet", _("Closed")

    class Hjemmel(models.TextChoices):
        SAMTYKKE = "samtykke", _("Consent to share information (SAM-04)")
        LOV = "lov", _("The law")

    class Utfall(models.TextChoices):
        TILBUD = "tilbud", _("Offer")
        AVSLAG = "avslag", _("Refusal")

    class Oppfolging(models.TextChoices):
        VEDTAK = "vedtak", _("A decision")
        SAMARBEID = "samarbeid", _("A collaboration (no decision needed)")
        TAKKET_NEI = "takket_nei", _("The offer was declined")

    #: Neither answered nor closed: waiting for the receiver (or not sent yet).
    OPEN = (Status.UTKAST, Status.TIL_GODKJENNING, Status.GODKJENT, Status.SENDT)
    #: Waiting for the receiver's answer (HENV-02, the digest).
    WAITING = (Status.SENDT,)
    #: The colour of each state's tag (components/status_tag.html).
    STATUS_COLORS = {
        Status.UTKAST: "neutral",
        Status.TIL_GODKJENNING: "warning",
        Status.GODKJENT: "info",
        Status.SENDT: "accent",
        Status.BESVART: "success",
        Status.AVSLUTTET: "neutral",
    }

    sak = models.ForeignKey(
        Sak, on_delete=models.PROTECT, related_name="henvisninger", verbose_name=_("case")
    )
    mottaker = models.ForeignKey(
        Mottaker, on_delete=models.PROTECT, related_name="henvisninger", verbose_name=_("receiver")
    )
    sporsmal = models.TextField(_("what is asked"), validators=_TEXT)
    bakgrunn = models.TextField(_("background"), blank=True, validators=_TEXT)
    maal = models.ManyToManyField(
        "plans.Maal", blank=True, related_name="henvisninger", verbose_name=_("plan goals")
    )
    # HENV-01: the legal basis for sharing: a SAM-04 consent naming the receiver, or the law.
    hjemmel_type = models.CharField(
        _("legal basis"), max_length=16, choices=Hjemmel.choices, default=Hjemmel.SAMTYKKE
    )
    samtykke = models.ForeignKey(
        "vedtak.Samtykke",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="henvisninger",
        verbose_name=_("consent to share information"),
    )
    lovhjemmel = models.CharField(_("law reference"), max_length=300, blank=True, validators=_LINE)
    # HENV-01: the attachments, chosen among the case's letters and incoming documents.
    vedlegg_dokumenter = models.ManyToManyField(
        "documents.Dokument",
        blank=True,
        related_name="+",
        verbose_name=_("attached letters"),
    )
    vedlegg_innkommende = models.ManyToManyField(
        "innkommende.InnkommendeDokument",
        blank=True,
        related_name="+",
        verbose_name=_("attached incoming documents"),
    )
    status = FSMField(
        _("status"), max_length=16, choices=Status.choices, default=Status.UTKAST, protected=True
    )
    opprettet_av = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("written by"),
    )
    opprettet = models.DateTimeField(_("created"), default=timezone.now, editable=False)
    # The team leader's approval, when the service's setting asks for it.
    godkjent_av = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name=_("approved by"),
    )
    godkjent = models.DateTimeField(_("approved"), null=True, blank=True)
    tilbakemelding = models.TextField(_("the team leader's comment"), blank=True, validators=_TEXT)
    # DOK-01/02: the letter (the latest version is the one sent) and when it went.
    brev = models.ForeignKey(
        "documents.Dokument",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("letter"),
    )
    sendt = models.DateField(_("sent on"), null=True, blank=True)
    sendt_av = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name=_("sent by"),
    )
    svarfrist = models.DateField(_("answer expected by"), null=True, blank=True)
    # HENV-02: the answer.
    svar_dato = models.DateField(_("date of the answer"), null=True, blank=True)
    svar_dokument = models.ForeignKey(
        "innkommende.InnkommendeDokument",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("the answer"),
    )
    utfall = models.CharField(_("outcome"), max_length=16, choices=Utfall.choices, blank=True)
    tilbud_hva = models.TextField(_("what is offered"), blank=True, validators=_TEXT)
    tilbud_hvor = models.CharField(_("where"), max_length=300, blank=True, validators=_LINE)
    tilbud_fra = models.DateField(_("from"), null=True, blank=True)
    tilbud_kostnad = models.CharField(
        _("cost to the municipality"), max_length=300, blank=True, validators=_LINE
    )
    tilbud_kontakt = models.CharField(
        _("contact person"), max_length=200, blank=True, validators=_LINE
    )
    avslag_begrunnelse = models.TextField(_("reason for refusal"), blank=True, validators=_TEXT)
    svar_registrert_av = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name=_("answer recorded by"),
    )
    # HENV-03: what became of an offer that is taken up (or declined).
    oppfolging = models.CharField(
        _("follow-up of the offer"), max_length=16, choices=Oppfolging.choices, blank=True
    )
    oppfolging_merknad = models.TextField(_("note"), blank=True, validators=_TEXT)
    vedtak = models.ForeignKey(
        "vedtak.Vedtak",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="henvisninger",
        verbose_name=_("decision"),
    )
    # Closed without (further) answer: withdrawn, no longer needed.
    avsluttet = models.DateTimeField(_("closed"), null=True, blank=True)
    avsluttet_av = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name=_("closed by"),
    )
    avsluttet_begrunnelse = models.TextField(_("reason for closing"), blank=True, validators=_TEXT)
    history = HistoricalRecords(m2m_fields=[maal, vedlegg_dokumenter, vedlegg_innkommende])

    class Meta:
        verbose_name = _("referral")
        verbose_name_plural = _("referrals")
        ordering = ["-opprettet", "-pk"]
        indexes = [
            models.Index(fields=["sak", "status"], name="henvisning_sak_status"),
            models.Index(fields=["status", "svarfrist"], name="henvisning_status_frist"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(utfall="avslag") | ~models.Q(avslag_begrunnelse=""),
                name="henvisning_refusal_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return str(_("Referral to %(name)s")) % {"name": self.mottaker.navn}

    @staticmethod
    def history_label(record) -> str:
        return str(_("Referral"))

    @property
    def status_color(self) -> str:
        return self.STATUS_COLORS.get(self.status, "neutral")

    @property
    def er_apen(self) -> bool:
        return self.status in self.OPEN

    def dager_venter(self, on=None) -> int | None:
        """Days since it was sent, while the answer is awaited."""
        if self.status not in self.WAITING or self.sendt is None:
            return None
        return ((on or timezone.localdate()) - self.sendt).days

    def forfalt(self, on=None) -> bool:
        """HENV-02: sent, unanswered, and past its expected answer date."""
        on = on or timezone.localdate()
        return self.status in self.WAITING and self.svarfrist is not None and self.svarfrist < on

    # --- transitions: they only change fields on the instance ------------------------------

    @transition(
        field=status,
        source=Status.UTKAST,
        target=Status.TIL_GODKJENNING,
        permission=permissions.can_edit,
    )
    def submit(self, *, by) -> None:
        self.tilbakemelding = ""

    @transition(
        field=status,
        source=Status.TIL_GODKJENNING,
        target=Status.GODKJENT,
        permission=permissions.can_approve,
    )
    def approve(self, *, by) -> None:
        self.godkjent_av = by
        self.godkjent = timezone.now()

    @transition(
        field=status,
        source=Status.TIL_GODKJENNING,
        target=Status.UTKAST,
        permission=permissions.can_approve,
    )
    def send_back(self, *, by, tilbakemelding: str) -> None:
        self.tilbakemelding = tilbakemelding

    @transition(
        field=status,
        source=[Status.UTKAST, Status.GODKJENT],
        target=Status.SENDT,
        permission=permissions.can_edit,
    )
    def send(self, *, by, sendt, svarfrist, override_reason: str = "") -> None:
        # ``override_reason``: a warning of an app above answered (henvisning.registry); that
        # app keeps it on its own record (AFTER_SEND).
        self.sendt = sendt
        self.sendt_av = by
        self.svarfrist = svarfrist

    @transition(
        field=status,
        source=Status.SENDT,
        target=Status.BESVART,
        permission=permissions.can_edit,
    )
    def record_answer(self, *, by, **answer) -> None:
        for name, value in answer.items():
            setattr(self, name, value)
        self.svar_registrert_av = by

    @transition(
        field=status,
        source=[Status.UTKAST, Status.TIL_GODKJENNING, Status.GODKJENT, Status.SENDT],
        target=Status.AVSLUTTET,
        permission=permissions.can_edit,
    )
    def close(self, *, by, begrunnelse: str) -> None:
        self.avsluttet = timezone.now()
        self.avsluttet_av = by
        self.avsluttet_begrunnelse = begrunnelse
