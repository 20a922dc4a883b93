"""The service's programme bank (BANK-01 … BANK-04): the programmes and methods it offers or
knows of (COS-P, ICDP, PMTO, PYC, Tuning into Kids/Teens, familieråd …), what each is for and
who is trained to give it.

A :class:`Program` belongs to one service (``tjeneste``) and is kept by its head of service.
The defaults are those of source 000 (:mod:`programbank.defaults`), with the ages and sessions
the source gives and empty fields where it is silent. A programme is never deleted: it is taken
out of use (``aktiv``), and every change is in its history (LOG-01).

Trained staff are the service's users (:attr:`Program.utdannede`). Contractors trained in a
programme are recorded by the contractors' app, which owns that relation and fills
:data:`programbank.registry.TRAINED_CONTRACTORS`.

The decisions (``vedtak``) sit above: a measure may name a programme, and the checks of
BANK-02 and BANK-03 read the fields here (:mod:`programbank.rules`).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from accounts.models import Tjeneste
from core.kodelister import kategori_choices
from core.validators import PlainTextValidator

_TEXT = [PlainTextValidator(multiline=True)]
_LINE = [PlainTextValidator()]


class Program(models.Model):
    """BANK-01: one programme or method of the service's bank."""

    class Form(models.TextChoices):
        INDIVIDUELT = "individuelt", _("Individual")
        GRUPPE = "gruppe", _("Group")
        BEGGE = "begge", _("Group or individual")

    class GisAv(models.TextChoices):
        """BANK-03: a programme given by another service is reached by a referral."""

        TJENESTEN = "tjenesten", _("The service itself")
        ANNEN = "annen", _("Another service")

    tjeneste = models.ForeignKey(
        Tjeneste,
        on_delete=models.PROTECT,
        related_name="programmer",
        verbose_name=_("service"),
        editable=False,
    )
    kode = models.SlugField(
        _("code"),
        max_length=40,
        blank=True,
        editable=False,
        help_text=_("The default's code (source 000); empty for a programme the service added."),
    )
    navn = models.CharField(_("name"), max_length=120, validators=_LINE)
    beskrivelse = models.TextField(_("description"), blank=True, validators=_TEXT)
    malgruppe = models.TextField(_("target group"), blank=True, validators=_TEXT)
    alder_min = models.PositiveSmallIntegerField(
        _("youngest age (years)"),
        null=True,
        blank=True,
        help_text=_("The child's age in whole years. Empty: no lower limit recorded."),
    )
    alder_maks = models.PositiveSmallIntegerField(
        _("oldest age (years)"),
        null=True,
        blank=True,
        help_text=_("The child's age in whole years. Empty: no upper limit recorded."),
    )
    antall_samlinger = models.PositiveSmallIntegerField(
        _("number of sessions"), null=True, blank=True
    )
    varighet_min = models.PositiveSmallIntegerField(
        _("session length from (minutes)"), null=True, blank=True
    )
    varighet_maks = models.PositiveSmallIntegerField(
        _("session length to (minutes)"), null=True, blank=True
    )
    hyppighet = models.CharField(
        _("frequency"),
        max_length=120,
        blank=True,
        validators=_LINE,
        help_text=_("For example: once a week."),
    )
    form = models.CharField(
        _("group or individual"), max_length=12, choices=Form.choices, blank=True
    )
    tolk_mulig = models.BooleanField(
        _("can be given with an interpreter"),
        null=True,
        blank=True,
        help_text=_(
            "No: choosing it for a family that needs an interpreter warns (BANK-02). "
            "Empty: not recorded."
        ),
    )
    kontraindikasjoner = models.TextField(
        _("contra-indications"),
        blank=True,
        validators=_TEXT,
        help_text=_(
            "When the programme should not be used. Choosing it asks for an assessment of "
            "these before the decision goes to the team leader (BANK-02)."
        ),
    )
    merknad = models.TextField(_("notes"), blank=True, validators=_TEXT)
    gis_av = models.CharField(
        _("given by"),
        max_length=12,
        choices=GisAv.choices,
        default=GisAv.TJENESTEN,
        help_text=_("A programme given by another service is reached by a referral (BANK-03)."),
    )
    gis_av_navn = models.CharField(
        _("the other service"), max_length=200, blank=True, validators=_LINE
    )
    kartleggingsverktoy = models.BooleanField(
        _("assessment tool"),
        default=False,
        help_text=_("An assessment tool is never a measure (BANK-03)."),
    )
    utdannede = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="programmer",
        verbose_name=_("trained staff"),
    )
    # RAPP-01: the category of SSB's list for Tiltak/Kategori the programme is reported under
    # (the list is rapportering's, through core.kodelister), and the text a category that
    # «krever presisering» (the x.99 codes, 3.7) needs.
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
    aktiv = models.BooleanField(
        _("in use"), default=True, help_text=_("A programme is taken out of use, never deleted.")
    )
    rekkefolge = models.PositiveSmallIntegerField(_("order"), default=100)
    history = HistoricalRecords(m2m_fields=[utdannede])

    class Meta:
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")
        ordering = ["rekkefolge", "navn", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(alder_min__isnull=True)
                | Q(alder_maks__isnull=True)
                | Q(alder_min__lte=models.F("alder_maks")),
                name="program_age_range_in_order",
            ),
            models.CheckConstraint(
                condition=Q(varighet_min__isnull=True)
                | Q(varighet_maks__isnull=True)
                | Q(varighet_min__lte=models.F("varighet_maks")),
                name="program_session_length_in_order",
            ),
            models.UniqueConstraint(
                fields=["tjeneste", "kode"],
                condition=~Q(kode=""),
                name="program_one_default_per_service",
            ),
        ]
        indexes = [models.Index(fields=["tjeneste", "aktiv"], name="program_tjeneste_aktiv")]

    def __str__(self) -> str:
        return self.navn

    @staticmethod
    def history_label(record) -> str:
        return str(_("Programme «%(name)s»")) % {"name": record.navn}

    @property
    def gis_av_annen(self) -> bool:
        """BANK-03: given by another service, so reached by a referral."""
        return self.gis_av == self.GisAv.ANNEN

    @property
    def kan_vaere_tiltak(self) -> bool:
        """BANK-03: a measure of a decision may name it (not another service's, never an
        assessment tool)."""
        return not (self.gis_av_annen or self.kartleggingsverktoy)

    @property
    def aldersspenn(self) -> str:
        """The age range as the page shows it: «0–10 år», «fra 3 år», or empty."""
        lo, hi = self.alder_min, self.alder_maks
        if lo is not None and hi is not None:
            return str(_("%(min)s–%(max)s years")) % {"min": lo, "max": hi}
        if lo is not None:
            return str(_("from %(min)s years")) % {"min": lo}
        if hi is not None:
            return str(_("up to %(max)s years")) % {"max": hi}
        return ""

    @property
    def samlinger(self) -> str:
        """The sessions as the page shows them: «8 ganger, 45–60 minutter, ukentlig»."""
        parts = []
        if self.antall_samlinger is not None:
            parts.append(str(_("%(n)s sessions")) % {"n": self.antall_samlinger})
        lo, hi = self.varighet_min, self.varighet_maks
        if lo is not None and hi is not None and lo != hi:
            parts.append(str(_("%(min)s–%(max)s minutes")) % {"min": lo, "max": hi})
        elif lo is not None or hi is not None:
            parts.append(str(_("%(n)s minutes")) % {"n": lo if lo is not None else hi})
        if self.hyppighet:
            parts.append(self.hyppighet)
        return ", ".join(parts)
