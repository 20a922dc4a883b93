"""The case (sak), the child (barn), the parties (parter), the investigation and transfers."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from accounts.models import Team, Tjeneste
from core.malform import letters_form_field

from . import rules


class Adressebeskyttelse(models.TextChoices):
    """SAK-05: shielded addresses as in the population register."""

    INGEN = "ingen", _("None")
    FORTROLIG = "fortrolig", _("Confidential")
    STRENGT_FORTROLIG = "strengt_fortrolig", _("Strictly confidential")


class Barn(models.Model):
    """SAK-01: the child a case concerns, known by its number *within one service*.

    A child may have cases in two municipalities, so the number is unique per service
    (``tjeneste``), not across the database: another service learns nothing from it (issue 19,
    finding 1). Inside a service, a child registered again by someone who may not see the
    existing case is kept as a possible duplicate of it (``duplikat_av``, see
    :class:`MuligDuplikat`) until the owning team's leader decides.
    """

    tjeneste = models.ForeignKey(
        Tjeneste,
        on_delete=models.PROTECT,
        related_name="barn",
        verbose_name=_("service"),
        editable=False,
        help_text=_("The service that registered the child; the number is unique within it."),
    )
    fornavn = models.CharField(_("first name"), max_length=100)
    etternavn = models.CharField(_("last name"), max_length=100)
    fodselsnummer = models.CharField(
        _("national identity number or D-number"),
        max_length=11,
        db_index=True,  # the case list's search by number, across the user's services
        validators=[rules.validate_id_number],
        help_text=_("11 digits. The birth date is read from the number."),
    )
    fodselsdato = models.DateField(_("birth date"), editable=False)
    sprak = models.CharField(_("language"), max_length=60, default="norsk")
    tolk_behov = models.BooleanField(_("needs an interpreter"), default=False)
    malform = letters_form_field()
    adresse = models.CharField(_("address"), max_length=300, blank=True)
    adressebeskyttelse = models.CharField(
        _("address protection"),
        max_length=20,
        choices=Adressebeskyttelse.choices,
        default=Adressebeskyttelse.INGEN,
    )
    #: SAK-01: registered again, by someone outside the existing case's need-to-know, while a
    #: child with this number already had a case in the service (that child).
    duplikat_av = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name=_("possible duplicate of"),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("child")
        verbose_name_plural = _("children")
        constraints = [
            # SAK-01: one child per number in a service; a possible duplicate waits beside it
            # for the team leader (MuligDuplikat).
            models.UniqueConstraint(
                fields=["tjeneste", "fodselsnummer"],
                condition=models.Q(duplikat_av__isnull=True),
                name="barn_unique_fodselsnummer_in_tjeneste",
            ),
        ]

    def __str__(self) -> str:
        return self.fullt_navn

    def save(self, *args, **kwargs):
        # SAK-01: the birth date is derived from the (validated) identity number.
        self.fodselsdato = rules.parse_id_number(
            self.fodselsnummer, allow_synthetic=True
        ).birth_date
        super().save(*args, **kwargs)

    @property
    def fullt_navn(self) -> str:
        return f"{self.fornavn} {self.etternavn}"

    @property
    def fodselsnummer_maskert(self) -> str:
        """The number as the pages show it (issue 19, finding 10): the six digits of the birth
        date, the five personal digits hidden. The full number is on its own, logged page."""
        return rules.mask_id_number(self.fodselsnummer)

    def alder(self, on: date | None = None) -> int:
        return rules.age_on(self.fodselsdato, on or timezone.localdate())


class Undersokelse(models.Model):
    """SAK-03: the investigation a case may come from, with its 3 (up to 6) month deadline."""

    class Konklusjon(models.TextChoices):
        TILTAK = "tiltak", _("Measures")
        HENLAGT = "henlagt", _("Closed without measures")

    barn = models.ForeignKey(
        Barn, on_delete=models.PROTECT, related_name="undersokelser", verbose_name=_("child")
    )
    team = models.ForeignKey(
        Team, on_delete=models.PROTECT, related_name="undersokelser", verbose_name=_("team")
    )
    melding_mottatt = models.DateField(_("report received"))
    forlenget = models.BooleanField(_("deadline extended to 6 months"), default=False)
    forlengelse_begrunnelse = models.TextField(_("reason for the extension"), blank=True)
    avsluttet = models.DateField(_("completed"), null=True, blank=True)
    konklusjon = models.CharField(
        _("conclusion"), max_length=20, choices=Konklusjon.choices, blank=True
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("investigation")
        verbose_name_plural = _("investigations")
        ordering = ["-melding_mottatt"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(forlenget=False) | ~models.Q(forlengelse_begrunnelse=""),
                name="undersokelse_extension_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return str(_("Investigation from %(date)s")) % {"date": self.melding_mottatt}

    @property
    def frist(self) -> date:
        return rules.investigation_deadline(self.melding_mottatt, extended=self.forlenget)

    def is_overdue(self, on: date | None = None) -> bool:
        return self.avsluttet is None and (on or timezone.localdate()) > self.frist


class Saksnummerserie(models.Model):
    """The running number behind the case reference numbers of one service in one year."""

    tjeneste = models.ForeignKey(Tjeneste, on_delete=models.PROTECT, related_name="+")
    ar = models.PositiveSmallIntegerField()
    siste = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["tjeneste", "ar"], name="saksnummerserie_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.tjeneste_id}/{self.ar}: {self.siste}"


class SakQuerySet(models.QuerySet):
    def with_list_data(self) -> SakQuerySet:
        return self.select_related("barn", "team", "saksbehandler", "undersokelse")


class Sak(models.Model):
    """A child's case: one per child (SAK-01), one team and one responsible caseworker (SAK-04).

    Cases are closed, never deleted (LOG-01).
    """

    class Status(models.TextChoices):
        AKTIV = "aktiv", _("Active")
        AVSLUTTET = "avsluttet", _("Closed")

    saksnummer = models.CharField(_("case number"), max_length=20, editable=False)
    tjeneste = models.ForeignKey(
        Tjeneste,
        on_delete=models.PROTECT,
        related_name="saker",
        verbose_name=_("service"),
        editable=False,
        help_text=_("The service the case belongs to; a case never leaves it."),
    )
    barn = models.OneToOneField(
        Barn, on_delete=models.PROTECT, related_name="sak", verbose_name=_("child")
    )
    team = models.ForeignKey(
        Team, on_delete=models.PROTECT, related_name="saker", verbose_name=_("team")
    )
    saksbehandler = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="saker",
        verbose_name=_("responsible caseworker"),
    )
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.AKTIV
    )
    opprettet = models.DateTimeField(_("created"), default=timezone.now, editable=False)
    undersokelse = models.OneToOneField(
        Undersokelse,
        on_delete=models.PROTECT,
        related_name="sak",
        verbose_name=_("investigation"),
        null=True,
        blank=True,
    )
    soskensaker = models.ManyToManyField(
        "self", blank=True, symmetrical=True, verbose_name=_("siblings' cases")
    )
    # SAK-02: a younger child may be granted party status by a recorded decision.
    barn_partsstatus_innvilget = models.DateField(
        _("child granted party status on"), null=True, blank=True
    )
    barn_partsstatus_begrunnelse = models.TextField(
        _("grounds for the child's party status"), blank=True
    )
    history = HistoricalRecords(m2m_fields=[soskensaker])

    objects = SakQuerySet.as_manager()

    class Meta:
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        ordering = ["-opprettet"]
        constraints = [
            models.UniqueConstraint(
                fields=["tjeneste", "saksnummer"], name="sak_unique_saksnummer"
            ),
        ]
        indexes = [
            models.Index(fields=["tjeneste", "status"], name="sak_tjeneste_status"),
            models.Index(fields=["team", "status"], name="sak_team_status"),
            models.Index(fields=["saksbehandler", "status"], name="sak_saksbehandler_status"),
        ]

    def __str__(self) -> str:
        return self.saksnummer

    def barn_er_part(self, on: date | None = None) -> bool:
        """SAK-02, derived from the birth date (or a recorded decision)."""
        return rules.child_is_party(
            self.barn.fodselsdato,
            on or timezone.localdate(),
            granted_on=self.barn_partsstatus_innvilget,
        )

    @property
    def barn_part_ved_vedtak(self) -> bool:
        """SAK-02: a party by a recorded decision only (under 15 today)."""
        return self.barn_partsstatus_innvilget is not None and (
            timezone.localdate() < self.barn_part_fra
        )

    @property
    def barn_part_fra(self) -> date:
        return rules.child_party_from(self.barn.fodselsdato)


class Part(models.Model):
    """SAK-02: a party to the case – a parent or another with parental responsibility."""

    class Relasjon(models.TextChoices):
        MOR = "mor", _("Mother")
        FAR = "far", _("Father")
        MEDMOR = "medmor", _("Co-mother")
        ANNEN = "annen", _("Other with parental responsibility")
        VERGE = "verge", _("Guardian")

    sak = models.ForeignKey(
        Sak, on_delete=models.PROTECT, related_name="parter", verbose_name=_("case")
    )
    relasjon = models.CharField(_("relation to the child"), max_length=16, choices=Relasjon.choices)
    fornavn = models.CharField(_("first name"), max_length=100)
    etternavn = models.CharField(_("last name"), max_length=100)
    fodselsnummer = models.CharField(
        _("national identity number or D-number"),
        max_length=11,
        blank=True,
        validators=[rules.validate_id_number],
    )
    foreldreansvar = models.BooleanField(_("has parental responsibility"), default=True)
    daglig_omsorg = models.BooleanField(_("has daily care"), default=False)
    adresse = models.CharField(_("address"), max_length=300, blank=True)
    adressebeskyttelse = models.CharField(
        _("address protection"),
        max_length=20,
        choices=Adressebeskyttelse.choices,
        default=Adressebeskyttelse.INGEN,
    )
    telefon = models.CharField(_("telephone"), max_length=40, blank=True)
    epost = models.EmailField(_("e-mail"), blank=True)
    sprak = models.CharField(_("language"), max_length=60, default="norsk")
    tolk_behov = models.BooleanField(_("needs an interpreter"), default=False)
    malform = letters_form_field()
    aktiv = models.BooleanField(
        _("active party"),
        default=True,
        help_text=_("A party who is no longer a party is marked inactive, never deleted."),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("party")
        verbose_name_plural = _("parties")
        ordering = ["-daglig_omsorg", "etternavn", "fornavn"]

    def __str__(self) -> str:
        return self.fullt_navn

    @property
    def fullt_navn(self) -> str:
        return f"{self.fornavn} {self.etternavn}"


class Overforing(models.Model):
    """SAK-04: a transfer of the case to another caseworker, with the overgangsmøte note."""

    sak = models.ForeignKey(
        Sak, on_delete=models.PROTECT, related_name="overforinger", verbose_name=_("case")
    )
    fra_saksbehandler = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("from caseworker"),
    )
    til_saksbehandler = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("to caseworker"),
    )
    fra_team = models.ForeignKey(
        Team, on_delete=models.PROTECT, related_name="+", verbose_name=_("from team")
    )
    til_team = models.ForeignKey(
        Team, on_delete=models.PROTECT, related_name="+", verbose_name=_("to team")
    )
    overgangsmote_dato = models.DateField(_("date of the hand-over meeting"))
    overgangsmote_notat = models.TextField(_("notes from the hand-over meeting"))
    utfort_av = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("transferred by"),
    )
    tidspunkt = models.DateTimeField(_("time"), default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("transfer")
        verbose_name_plural = _("transfers")
        ordering = ["-tidspunkt"]

    def __str__(self) -> str:
        return f"{self.sak_id}: {self.fra_saksbehandler_id} → {self.til_saksbehandler_id}"


class MuligDuplikat(models.Model):
    """SAK-01 inside a service: a case opened for a child who already had a case here, by
    someone who may not see that case (ROLE-02).

    The person who opened it got the same answer as for a new child (nothing tells them the
    child is known, issue 19 finding 1); the attempt is in the existing case's access log with
    a keyed hash of the number. The leaders of the existing case's team decide here: link the
    new case to the existing one (the new one is closed), transfer the existing case to the
    new case's caseworker (SAK-04; the new one is closed), or find that it is not the same
    child. The actions are :data:`cases.actions.DUPLIKAT`.
    """

    class Status(models.TextChoices):
        APEN = "apen", _("Awaiting the team leader")
        KOBLET = "koblet", _("Linked to the existing case")
        OVERFORT = "overfort", _("Existing case transferred")
        IKKE_DUPLIKAT = "ikke_duplikat", _("Not a duplicate")

    #: The colour of each status's tag on the pages (presentation only).
    STATUS_COLORS = {
        Status.APEN: "warning",
        Status.KOBLET: "success",
        Status.OVERFORT: "success",
        Status.IKKE_DUPLIKAT: "neutral",
    }

    sak = models.ForeignKey(
        Sak,
        on_delete=models.PROTECT,
        related_name="mulige_duplikater",
        verbose_name=_("new case"),
    )
    eksisterende = models.ForeignKey(
        Sak, on_delete=models.PROTECT, related_name="+", verbose_name=_("existing case")
    )
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.APEN
    )
    registrert_av = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("registered by"),
    )
    registrert = models.DateTimeField(_("registered"), default=timezone.now)
    avgjort_av = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    avgjort = models.DateTimeField(_("decided"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("possible duplicate")
        verbose_name_plural = _("possible duplicates")
        ordering = ["registrert", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["sak", "eksisterende"],
                condition=models.Q(status="apen"),
                name="mulig_duplikat_one_open",
            ),
        ]
        indexes = [
            # The leaders' queue: the open ones, by the existing case.
            models.Index(
                fields=["eksisterende"],
                condition=models.Q(status="apen"),
                name="mulig_duplikat_open",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.sak_id} ~ {self.eksisterende_id}: {self.status}"

    @property
    def status_color(self) -> str:
        return self.STATUS_COLORS.get(self.status, "neutral")

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.APEN
