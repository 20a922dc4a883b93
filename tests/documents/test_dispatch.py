"""DOK-02: who got which document, when and how; DOK-01: a sent document never changes."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.db import DatabaseError, connection, transaction
from django.http import Http404
from django.utils import timezone

from core.exceptions import RuleViolation
from documents import services
from documents.models import Dokument, DokumentLocked, Utsending

from ..factories import make_sak
from .helpers import make_dokument, sample_letter_registered

pytestmark = pytest.mark.django_db


def dispatch(world, dokument, **kwargs):
    kwargs.setdefault("part", None)
    kwargs.setdefault("kanal", Utsending.Kanal.BREV)
    return services.dokument_register_dispatch(
        actor=kwargs.pop("actor", world.saksbehandler), dokument=dokument, **kwargs
    )


def breach_fields(exc: RuleViolation) -> set:
    return {b.field for b in exc.breaches}


def test_DOK_02_dispatch_recorded_per_party(world):
    dokument = make_dokument(world.saksbehandler, world.sak_a)
    mor, far = world.sak_a.parter.order_by("pk")
    first = dispatch(world, dokument, part=mor, kanal=Utsending.Kanal.DIGITAL)
    dokument.refresh_from_db()
    assert dokument.status == Dokument.Status.SENDT
    assert dokument.sent_at == first.tidspunkt
    handed = timezone.now() - timedelta(minutes=1)
    second = dispatch(world, dokument, part=far, kanal=Utsending.Kanal.OVERLEVERT, tidspunkt=handed)
    rows = list(dokument.utsendinger.order_by("pk"))
    assert [(u.part_id, u.kanal) for u in rows] == [
        (mor.pk, "digital"),
        (far.pk, "overlevert"),
    ]
    assert second.tidspunkt == handed
    assert {u.registered_by_id for u in rows} == {world.saksbehandler.pk}
    # The same party is registered once per document.
    with pytest.raises(RuleViolation, match="DOK-02") as exc:
        dispatch(world, dokument, part=mor)
    assert breach_fields(exc.value) == {"part"}
    # A new version is sent to the same party again.
    again = make_dokument(world.saksbehandler, world.sak_a)
    assert dispatch(world, again, part=mor).dokument_id == again.pk
    # The history records every registration (LOG-01).
    assert Utsending.history.filter(dokument=dokument).count() == 2


def test_DOK_02_other_recipient_is_described(world):
    dokument = make_dokument(world.saksbehandler, world.sak_a)
    with pytest.raises(RuleViolation) as exc:
        dispatch(world, dokument, mottaker="   ")
    assert breach_fields(exc.value) == {"part"}
    utsending = dispatch(world, dokument, mottaker="Oppdragstaker  Ola Hansen")
    assert utsending.part is None
    assert utsending.recipient_name == "Oppdragstaker Ola Hansen"
    with pytest.raises(RuleViolation):
        dispatch(world, dokument, part=world.sak_a.parter.first(), mottaker="Both")


def test_DOK_02_the_child_as_party_gets_it_once(world):
    young = make_dokument(world.saksbehandler, world.sak_a)  # the child is 8
    with pytest.raises(RuleViolation, match="SAK-02"):
        dispatch(world, young, barnet=True)
    sak = make_sak(world.saksbehandler, world.team_a, age=16)
    dokument = make_dokument(world.saksbehandler, sak)
    utsending = dispatch(world, dokument, barnet=True)
    assert utsending.recipient_name == sak.barn.fullt_navn
    with pytest.raises(RuleViolation, match="DOK-02") as exc:
        dispatch(world, dokument, barnet=True)
    assert breach_fields(exc.value) == {"part"}


def test_DOK_02_party_of_another_case_refused(world):
    dokument = make_dokument(world.saksbehandler, world.sak_a)
    with pytest.raises(RuleViolation, match="DOK-02") as exc:
        dispatch(world, dokument, part=world.sak_b.parter.first())
    assert breach_fields(exc.value) == {"part"}
    assert not Utsending.objects.exists()


def test_DOK_02_only_a_made_document_is_sent(world):
    dokument = make_dokument(world.saksbehandler, world.sak_a, render=False)
    with pytest.raises(RuleViolation, match="DOK-02"):
        dispatch(world, dokument, part=world.sak_a.parter.first())
    dokument.refresh_from_db()
    assert dokument.status == Dokument.Status.BESTILT


def test_DOK_02_time_of_sending_is_not_in_the_future_nor_before_the_document(world):
    dokument = make_dokument(world.saksbehandler, world.sak_a)
    part = world.sak_a.parter.first()
    with pytest.raises(RuleViolation) as exc:
        dispatch(world, dokument, part=part, tidspunkt=timezone.now() + timedelta(days=1))
    assert breach_fields(exc.value) == {"tidspunkt"}
    with pytest.raises(RuleViolation) as exc:
        dispatch(world, dokument, part=part, tidspunkt=timezone.now() - timedelta(days=3))
    assert breach_fields(exc.value) == {"tidspunkt"}
    with pytest.raises(RuleViolation) as exc:
        dispatch(world, dokument, part=part, kanal="fax")
    assert breach_fields(exc.value) == {"kanal"}


def test_DOK_02_only_the_case_team_registers_dispatch(world):
    dokument = make_dokument(world.saksbehandler, world.sak_a)
    part = world.sak_a.parter.first()
    with pytest.raises(Http404):
        dispatch(world, dokument, part=part, actor=world.saksbehandler_b)
    with pytest.raises(PermissionDenied):
        dispatch(world, dokument, part=part, actor=world.barnevernleder)
    assert dispatch(world, dokument, part=part, actor=world.teamleder).registered_by_id == (
        world.teamleder.pk
    )


def test_DOK_01_sent_document_refuses_changes(world):
    dokument = make_dokument(world.saksbehandler, world.sak_a)
    dispatch(world, dokument, part=world.sak_a.parter.first())
    dokument = Dokument.objects.get(pk=dokument.pk)
    for field, value in (("sha256", "0" * 64), ("sider", 7), ("status", "ferdig")):
        stale = Dokument.objects.get(pk=dokument.pk)
        setattr(stale, field, value)
        with pytest.raises(DokumentLocked, match="DOK-01"):
            stale.save()
    with pytest.raises(DokumentLocked):
        dokument.delete()
    # Rendering again is a no-op: the sent document stays as it was.
    with sample_letter_registered():
        services.dokument_render(dokument_id=dokument.pk)
    assert Dokument.objects.get(pk=dokument.pk).sha256 == dokument.sha256
    assert services.dokument_verify(dokument)
    # A registered dispatch is never changed or deleted either.
    utsending = dokument.utsendinger.get()
    utsending.kanal = Utsending.Kanal.DIGITAL
    with pytest.raises(DokumentLocked):
        utsending.save()
    with pytest.raises(DokumentLocked):
        utsending.delete()


def test_DOK_01_rendered_file_is_never_replaced(world):
    dokument = make_dokument(world.saksbehandler, world.sak_a)
    dokument.sha256 = "f" * 64
    with pytest.raises(DokumentLocked, match="DOK-01"):
        dokument.save()
    dokument = Dokument.objects.get(pk=dokument.pk)
    dokument.versjon = 9
    with pytest.raises(DokumentLocked):
        dokument.save()


def test_DOK_01_sent_document_refused_by_the_database(world):
    """On PostgreSQL a trigger refuses changing a sent document, even from raw SQL."""
    if connection.vendor != "postgresql":
        pytest.skip("the trigger is PostgreSQL's")
    dokument = make_dokument(world.saksbehandler, world.sak_a)
    dispatch(world, dokument, part=world.sak_a.parter.first())
    for sql in (
        "UPDATE documents_dokument SET sider = 9",
        "DELETE FROM documents_dokument",
        "UPDATE documents_utsending SET kanal = 'digital'",
    ):
        with (
            pytest.raises(DatabaseError, match="DOK-0"),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute(sql)
    assert Dokument.objects.get(pk=dokument.pk).sider == dokument.sider
