"""The invitation and the signed minutes as letters (DOK-01, DOK-02, MOTE-01): one copy for
each party of the meeting, made by the worker from whole bokmål templates; none for an
anonymous drøftingsmøte (MOTE-03: it names no party)."""

from __future__ import annotations

import pytest

from core.exceptions import RuleViolation
from documents.models import Dokument
from moter import services

from ..documents.helpers import documents_storage  # noqa: F401  (a fixture)
from .factories import make_mote

pytestmark = pytest.mark.django_db


def test_MOTE_01_invitation_and_minutes_as_letters_one_per_party(
    world,
    sak,
    documents_storage,  # noqa: F811
    django_capture_on_commit_callbacks,
):
    sb = world.saksbehandler
    parter = list(sak.parter.all())
    mote = make_mote(sb, sak, parter=parter)
    with django_capture_on_commit_callbacks(execute=True):
        services.mote_order_invitation(actor=sb, mote_id=mote.pk)
    letters = Dokument.objects.for_source(mote).filter(type="moteinnkalling")
    assert {d.part_id for d in letters} == {p.pk for p in parter}
    assert {d.status for d in letters} == {Dokument.Status.FERDIG}
    with pytest.raises(RuleViolation):  # DOK-02: minutes only when signed
        services.mote_order_minutes_letter(actor=sb, mote_id=mote.pk)
    signed = make_mote(sb, sak, parter=parter[:1], signed=True)
    with django_capture_on_commit_callbacks(execute=True):
        services.mote_order_minutes_letter(actor=sb, mote_id=signed.pk)
    (minutes,) = Dokument.objects.for_source(signed).filter(type="motereferat")
    assert minutes.part_id == parter[0].pk and minutes.status == Dokument.Status.FERDIG


def test_MOTE_03_an_anonymous_drofting_has_no_letters(world, sak):
    sb = world.saksbehandler
    mote = make_mote(sb, sak, type="droftingsmote", anonym=True, parter=[])
    with pytest.raises(RuleViolation) as exc:
        services.mote_order_invitation(actor=sb, mote_id=mote.pk)
    assert [b.rule_id for b in exc.value.breaches] == ["DOK-02"]
    assert not Dokument.objects.for_source(mote).exists()
