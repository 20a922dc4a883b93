"""The case journal (JOUR-01 … JOUR-04): one journal per case, made of notes.

A note (:class:`Journalnotat`) records a date, a kind, who took part (in words, and the case's
parties who did), what was said and the caseworker's assessment (JOUR-01), optionally the
measure it concerns. It is a draft (``utkast``) until its author signs it; a signed note
(``signert``) is locked (JOUR-02): the status is protected and only the transition below
changes it, called by :mod:`journal.services` through the action table (:mod:`journal.actions`).
A correction is a new note that refers to the one it corrects (``korrigerer``); both stay
readable. A conversation with the child (the kind ``samtale_barn``) has the child's own fields
(JOUR-03); a note may hold information from a named outside source (JOUR-04).

``sok`` is the note's full-text search vector (PostgreSQL, the ``norwegian`` configuration),
kept by the services after every save and indexed with GIN (migration 0002). It is derived:
history leaves it out. On SQLite it stays empty and the search reads the text itself.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_fsm import ConcurrentTransitionMixin, FSMField, transition
from simple_history.models import HistoricalRecords

from cases.models import Part, Sak
from core.rules import conditions
from core.validators import PlainTextValidator

from . import permissions, rules

_TEXT = [PlainTextValidator(multiline=True)]
_LINE = [PlainTextValidator()]

#: The text a note is searched by, in the order of weight.
SEARCH_FIELDS = ("hva_ble_sagt", "vurdering", "deltakere", "barnet_fortalt", "barnets_ord", "kilde")


class Journalnotat(ConcurrentTransitionMixin, models.Model):
    class Status(models.TextChoices):
        UTKAST = "utkast", _("Draft")
        SIGNERT = "signert", _("Signed")

    class Type(models.TextChoices):
        """JOUR-01's kinds, with the conversation with the child as its own kind (JOUR-03)."""

        SAMTALE = "samtale", _("Conversation")
        SAMTALE_BARN = rules.CHILD_CONVERSATION, _("Conversation with the child")
        TELEFON = "telefon", _("Telephone")
        HJEMMEBESOK = "hjemmebesok", _("Home visit")
        DROFTING = "drofting", _("Case discussion")
        MOTE = "mote", _("Meeting")
        EPOST_BREV = "epost_brev", _("E-mail or letter")
        ANNET = "annet", _("Other")

    #: The colour of each status's tag on the pages (presentation only).
    STATUS_COLORS = {Status.UTKAST: "info", Status.SIGNERT: "success"}

    sak = models.ForeignKey(
        Sak, on_delete=models.PROTECT, related_name="journalnotater", verbose_name=_("case")
    )
    type = models.CharField(_("kind"), max_length=16, choices=Type.choices)
    dato = models.DateField(_("date"))
    deltakere = models.TextField(
        _("who took part"),
        blank=True,
        validators=_TEXT,
        help_text=_("Names and roles, e.g. «Mother, teacher Kari Nilsen, the caseworker»."),
    )
    parter = models.ManyToManyField(
        Part,
        blank=True,
        related_name="journalnotater",
        verbose_name=_("parties who took part"),
    )
    hva_ble_sagt = models.TextField(_("what was said"), blank=True, validators=_TEXT)
    vurdering = models.TextField(_("the caseworker's assessment"), blank=True, validators=_TEXT)
    tiltak = models.ForeignKey(
        "vedtak.Tiltak",
        on_delete=models.PROTECT,
        related_name="journalnotater",
        null=True,
        blank=True,
        verbose_name=_("measure"),
    )
    # JOUR-03: the conversation with the child.
    barnet_fortalt = models.TextField(_("what the child was told"), blank=True, validators=_TEXT)
    barnets_ord = models.TextField(
        _("what the child said, in the child's own words"), blank=True, validators=_TEXT
    )
    barnet_informert_om_skriving = models.BooleanField(
        _("the child was told how the conversation is written down"), null=True, blank=True
    )
    # JOUR-04: information from a named outside source.
    ekstern_kilde = models.BooleanField(
        _("holds information from an outside source"), default=False
    )
    kilde = models.CharField(_("outside source"), max_length=200, blank=True, validators=_LINE)
    forfatter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("author"),
    )
    opprettet = models.DateTimeField(_("created"), default=timezone.now, editable=False)
    status = FSMField(
        _("status"), max_length=8, choices=Status.choices, default=Status.UTKAST, protected=True
    )
    signert_av = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name=_("signed by"),
    )
    signert = models.DateTimeField(_("signed"), null=True, blank=True)
    #: JOUR-03 (should): why a conversation with the child was signed without its fields.
    avvik_begrunnelse = models.TextField(
        _("reason for signing without the child's fields"), blank=True, validators=_TEXT
    )
    korrigerer = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        related_name="korrigeringer",
        null=True,
        blank=True,
        verbose_name=_("corrects"),
    )
    sok = SearchVectorField(null=True, editable=False)
    history = HistoricalRecords(excluded_fields=["sok"], m2m_fields=[parter])

    class Meta:
        verbose_name = _("journal note")
        verbose_name_plural = _("journal notes")
        ordering = ["-dato", "-pk"]
        indexes = [models.Index(fields=["sak", "-dato", "-id"], name="journalnotat_sak_dato")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status="utkast")
                | models.Q(signert__isnull=False, signert_av__isnull=False),
                name="journalnotat_signed_has_signer",
            ),
        ]

    def __str__(self) -> str:
        return str(_("Journal note %(date)s")) % {"date": self.dato or "–"}

    @property
    def er_signert(self) -> bool:
        return self.status == self.Status.SIGNERT

    @property
    def status_color(self) -> str:
        return self.STATUS_COLORS.get(self.status, "neutral")

    @property
    def er_barnesamtale(self) -> bool:
        return self.type == self.Type.SAMTALE_BARN

    def party_count(self) -> int:
        """How many of the case's parties took part (the ones chosen in the form before the
        note is saved, else the loaded or stored ones)."""
        chosen = getattr(self, "_chosen_parter", None)
        if chosen is not None:
            return len(chosen)
        if self.pk is None:
            return 0
        return len(self.parter.all())

    # --- JOUR-02: the transition ---------------------------------------------------------------

    @transition(
        field=status,
        source=Status.UTKAST,
        target=Status.SIGNERT,
        conditions=conditions(rules.SIGN),
        permission=permissions.can_sign,
    )
    def sign(self, *, by, override_reason: str = "") -> None:
        self.signert_av = by
        self.signert = timezone.now()
        self.avvik_begrunnelse = override_reason
