"""The access log of case reads (ROLE-03): append-only, in the application and the database."""

import json

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AppendOnlyError(Exception):
    pass


class IdListField(models.JSONField):
    """A list of row ids as JSON, asked with ``<field>__includes=<id>``: does the list hold
    the id? (On PostgreSQL ``@>``, which a GIN index answers; on SQLite ``json_each``.)"""


@IdListField.register_lookup
class Includes(models.Lookup):
    lookup_name = "includes"
    prepare_rhs = False

    def _id(self) -> int:
        return int(self.rhs)

    def as_sql(self, compiler, connection):
        lhs, params = self.process_lhs(compiler, connection)
        return (
            # The column's own name from the compiler; the id goes as a parameter.
            f"EXISTS (SELECT 1 FROM json_each({lhs}) WHERE json_each.value = %s)",  # noqa: S608
            [*params, self._id()],
        )

    def as_postgresql(self, compiler, connection):
        lhs, params = self.process_lhs(compiler, connection)
        return f"{lhs} @> %s::jsonb", [*params, json.dumps([self._id()])]


class AccessLogEntry(models.Model):
    """One read of a case: who, when, what, from where (ROLE-03). Never changed or deleted."""

    class Action(models.TextChoices):
        VIEW = "view", _("Viewed the case")
        HISTORY = "history", _("Viewed the history")
        PDF = "pdf", _("Downloaded a document")
        EXPORT = "export", _("Exported")
        ADDRESS = "adresse", _("Viewed a shielded address")
        #: A list that showed cases (children's names): the ids in ``saker`` (finding 7).
        LIST = "liste", _("Viewed a list of cases")
        #: The full fødselsnummer on its own page (issue 19, finding 10).
        ID_NUMBER = "fodselsnummer", _("Viewed the national identity number")
        #: SAK-01: a case opened for this case's child by someone outside its need-to-know;
        #: ``reason`` holds a keyed hash of the number, never the number (issue 19, finding 1).
        DUPLICATE = "duplikat", _("Registered the child again")

    class Liste(models.TextChoices):
        """The lists of cases whose views are logged (ROLE-03, issue 19 finding 7)."""

        START = "start", _("Start page")
        SAKER = "saker", _("Case list")
        KO = "ko", _("Guidance and approval queue")
        SIGNERING = "signering", _("Decisions to sign")
        FRISTER = "frister", _("My deadlines")
        KVALITET = "kvalitet", _("Quality indicators")
        RAPPORTERING = "rapportering", _("Register reporting")

    tidspunkt = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("user"),
        db_index=False,  # the index (user, -id) leads with it
    )
    #: The case read; empty on a list's row, whose cases are in ``saker``.
    sak = models.ForeignKey(
        "cases.Sak",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("case"),
        db_index=False,  # the index (sak, -id) leads with it
    )
    #: The case's service, copied at write time: the log viewer's scope reads the log of a
    #: whole service newest first through its own index, with no join to the cases (ROLE-03).
    tjeneste = models.ForeignKey(
        "accounts.Tjeneste",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("service"),
        db_index=False,  # the index (tjeneste, -id) leads with it
    )
    action = models.CharField(_("action"), max_length=16, choices=Action.choices)
    path = models.CharField(_("address"), max_length=300)
    ip_address = models.GenericIPAddressField(_("from address"), null=True, blank=True)
    reason = models.TextField(_("reason"), blank=True)
    #: A list's row (``action`` "liste"): which list, the ids of the cases it showed in the
    #: order shown, and their teams (the team leader's scope in the viewer). One row per list
    #: view, not one per case: one INSERT, whatever the page size.
    liste = models.CharField(_("list"), max_length=16, choices=Liste.choices, blank=True)
    saker = IdListField(_("cases shown"), null=True, blank=True)
    teams = IdListField(_("their teams"), null=True, blank=True)
    #: Set when the read was made under a break-the-glass grant (ROLE-04).
    nodtilgang = models.ForeignKey(
        "audit.Nodtilgang",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("break-the-glass access"),
        db_index=False,  # a partial index: almost every row has none
    )

    class Meta:
        verbose_name = _("access log entry")
        verbose_name_plural = _("access log")
        ordering = ["-tidspunkt"]
        # Every case page inserts a row (P4): no index here that another one covers.
        indexes = [
            # In the log viewer's order (newest first by id, its keyset): a case's or a user's
            # page reads its rows from the index, not every row of that case or user.
            models.Index(fields=["sak", "-id"], name="accesslog_sak_id"),
            models.Index(fields=["user", "-id"], name="accesslog_user_id"),
            models.Index(fields=["tjeneste", "-id"], name="accesslog_tjeneste_id"),
            models.Index(
                fields=["nodtilgang"],
                name="accesslog_nodtilgang",
                condition=models.Q(nodtilgang__isnull=False),
            ),
            # On PostgreSQL also a GIN index on ``saker`` (migration 0009): a case's log finds
            # the lists that showed it.
        ]
        constraints = [
            # A row is either one case's read or one list's, never both nor neither.
            models.CheckConstraint(
                condition=(
                    models.Q(sak__isnull=False, saker__isnull=True)
                    | models.Q(sak__isnull=True, action="liste", saker__isnull=False)
                ),
                name="accesslog_case_or_list",
            ),
        ]

    def __str__(self) -> str:
        what = self.sak_id if self.sak_id else f"{self.liste} ({len(self.saker or [])})"
        return f"{self.tidspunkt:%Y-%m-%d %H:%M} {self.user_id} {self.action} {what}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise AppendOnlyError("The access log is append-only (ROLE-03).")
        if self.tjeneste_id is None and self.sak_id is not None:
            self.tjeneste_id = self.sak.tjeneste_id
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("The access log is append-only (ROLE-03).")

    @property
    def is_list(self) -> bool:
        return self.action == self.Action.LIST
