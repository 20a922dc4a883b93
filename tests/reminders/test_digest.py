"""FRIST-02/03: one digest per person a night, no personal data, nothing sent twice; the
«Mine frister» page shows the same deadlines under need-to-know (ROLE-02)."""

from __future__ import annotations

import re
from datetime import date, timedelta
from smtplib import SMTPServerDisconnected
from unittest import mock

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from reminders import finders, selectors, services
from reminders.models import Paminnelse

from ..factories import make_sak


def today() -> date:
    return timezone.localdate()


@pytest.fixture
def due_world(world):
    """Overdue investigations in team A (sak_x) and team B (sak_y), and a youth in team A
    turning 18 in three months; every user with an e-mail address."""
    for name, user in world.users().items():
        user.email = f"{name}@kommune.invalid"
        user.save(update_fields=["email"])
    world.sak_x = make_sak(
        world.saksbehandler,
        world.team_a,
        fornavn="Xenia",
        etternavn="Ytterbø",
        melding_mottatt=today() - timedelta(days=100),
    )
    world.sak_y = make_sak(
        world.saksbehandler_b,
        world.team_b,
        fornavn="Yngve",
        etternavn="Zakariassen",
        melding_mottatt=today() - timedelta(days=95),
    )
    born = today() - timedelta(days=18 * 365 - 90)
    world.sak_18 = make_sak(
        world.saksbehandler, world.team_a, born=born, fornavn="Åse", etternavn="Østby"
    )
    return world


def plan_and_send(run_date=None) -> list[int]:
    pending = services.paminnelser_plan(run_date=run_date)
    for pk in pending:
        services.paminnelse_send(paminnelse_id=pk)
    return pending


def by_recipient() -> dict[str, list]:
    out: dict[str, list] = {}
    for m in mail.outbox:
        out.setdefault(m.to[0], []).append(m)
    return out


def test_FRIST_02_one_digest_per_person_to_caseworker_leader_and_head(due_world):
    w = due_world
    plan_and_send()
    sent = by_recipient()
    assert set(sent) == {
        "saksbehandler@kommune.invalid",
        "saksbehandler_b@kommune.invalid",
        "teamleder@kommune.invalid",
        "teamleder_b@kommune.invalid",
        "barnevernleder@kommune.invalid",
    }
    assert all(len(msgs) == 1 for msgs in sent.values())
    # The caseworker gets their own cases, the leader the team's, the head the service's.
    body = {k: v[0].body for k, v in sent.items()}
    assert w.sak_x.saksnummer in body["saksbehandler@kommune.invalid"]
    assert w.sak_y.saksnummer not in body["saksbehandler@kommune.invalid"]
    assert w.sak_y.saksnummer in body["teamleder_b@kommune.invalid"]
    assert w.sak_x.saksnummer not in body["teamleder_b@kommune.invalid"]
    for s in (w.sak_x, w.sak_y, w.sak_18):
        assert s.saksnummer in body["barnevernleder@kommune.invalid"]
    # Rule IDs and the counts by kind; the link to «Mine frister».
    assert "SAK-03" in body["saksbehandler@kommune.invalid"]
    assert "FRIST-01" in body["saksbehandler@kommune.invalid"]
    assert "https://hjelpetiltak.test/frister/" in body["saksbehandler@kommune.invalid"]
    row = Paminnelse.objects.get(mottaker=w.barnevernleder)
    counts = {k["rule"]: k["antall"] for k in row.innhold["kinds"]}
    assert counts == {"SAK-03": 2, "FRIST-01": 1}
    assert row.antall == 3
    assert row.status == Paminnelse.Status.SENDT
    assert row.history.first().history_user.username == services.SYSTEM_USERNAME


def test_FRIST_02_no_digest_without_anything_due_or_without_an_address(due_world):
    w = due_world
    w.teamleder.email = ""
    w.teamleder.save(update_fields=["email"])
    plan_and_send()
    sent = by_recipient()
    assert "teamleder@kommune.invalid" not in sent
    # Other services' people, clerical officers and admins get nothing from this service.
    for name in ("annen_tjeneste", "kontorfaglig", "systemadmin", "uten_rolle"):
        assert f"{name}@kommune.invalid" not in sent


def _personal_data(sak) -> list[str]:
    b = sak.barn
    d = b.fodselsdato
    return [
        b.fornavn,
        b.etternavn,
        b.fodselsnummer,
        d.isoformat(),
        d.strftime("%d.%m.%Y"),
        d.strftime("%d%m%y"),
        f"{d.day}. ",
    ]


def _assert_clean(messages, saker) -> None:
    assert messages
    for m in messages:
        texts = [m.subject, m.body] + [c for c, _t in m.alternatives]
        for text in texts:
            # No dates at all (an ettervern deadline is an 18th birthday).
            assert not re.search(r"\d{1,2}\.\s?\d{1,2}\.\s?\d{2,4}", text)
            assert not re.search(r"\d{4}-\d{2}-\d{2}", text)
            assert not re.search(r"\b\d{11}\b", text)  # no fødselsnummer
            for sak in saker:
                for value in _personal_data(sak)[:4]:
                    assert value not in text, value
                for p in sak.parter.all():
                    for value in (p.fornavn, p.etternavn, p.fodselsnummer):
                        assert not value or value not in text, value


def test_FRIST_02_the_email_holds_no_names_identity_numbers_or_birth_dates(due_world):
    w = due_world
    plan_and_send()
    from cases.models import Sak

    _assert_clean(mail.outbox, list(Sak.objects.select_related("barn")))
    # The same for the stored outbox rows: counts and case numbers only.
    for row in Paminnelse.objects.all():
        assert set(row.innhold) == {"kinds", "antall"}
        for k in row.innhold["kinds"]:
            assert set(k) == {"id", "rule", "antall", "saksnummer", "flere"}
    assert w.sak_x.barn.fornavn == "Xenia"


@pytest.mark.django_db
def test_FRIST_02_demo_data_digests_hold_no_personal_data(django_db_blocker):
    from cases.models import Sak
    from demo.data import load_demo

    load_demo(children=24)
    plan_and_send()
    assert len(mail.outbox) >= 3
    _assert_clean(mail.outbox, list(Sak.objects.select_related("barn").prefetch_related("parter")))


def test_FRIST_02_a_long_digest_lists_the_first_case_numbers_and_counts_the_rest(django_user_model):
    """A head of a large service may have thousands of deadlines of a kind: the e-mail says how
    many, lists the first case numbers and says how many cases more (the link shows all)."""
    extra = 7
    n = services.DIGEST_LIST_MAX + extra
    items = [
        finders.Frist(
            kind="evaluering",
            rule="EVAL-01",
            sak_id=i,
            saksnummer=f"2026/{i:05d}",
            team_id=1,
            tjeneste_id=1,
            saksbehandler_id=1,
            dato=today(),
            ref_id=i,
        )
        for i in range(n, 0, -1)
    ]
    items.append(items[0])  # a second deadline of the same case: counted, listed once
    content = services.digest_content(items)
    (kind,) = content["kinds"]
    assert kind["antall"] == n + 1
    assert kind["saksnummer"] == [f"2026/{i:05d}" for i in range(1, services.DIGEST_LIST_MAX + 1)]
    assert kind["flere"] == extra
    user = django_user_model.objects.create_user("leder", email="leder@example.no")
    row = Paminnelse.objects.create(mottaker=user, kjoredato=today(), innhold=content)
    message = services.render_digest(row)
    html = message.alternatives[0][0]
    for text in (message.body, html):
        assert f"2026/{services.DIGEST_LIST_MAX:05d} og {extra} saker til" in text
        assert f"2026/{services.DIGEST_LIST_MAX + 1:05d}" not in text


def test_FRIST_03_running_twice_sends_nothing_new(due_world):
    plan_and_send()
    first = len(mail.outbox)
    assert first == 5
    rows = Paminnelse.objects.count()
    # Every outbox row was written with its history row (one statement on PostgreSQL).
    created = Paminnelse.history.filter(history_type="+")
    assert sorted(created.values_list("id", flat=True)) == sorted(
        Paminnelse.objects.values_list("pk", flat=True)
    )
    assert all(h.history_user and h.history_user.username for h in created)
    plan_and_send()
    assert len(mail.outbox) == first
    assert Paminnelse.objects.count() == rows
    # A duplicate delivery of one send task sends nothing either.
    assert services.paminnelse_send(paminnelse_id=Paminnelse.objects.first().pk) is False
    assert len(mail.outbox) == first
    # The next night is a new digest.
    plan_and_send(today() + timedelta(days=1))
    assert len(mail.outbox) == 2 * first


def test_FRIST_03_an_smtp_failure_is_retried_and_sends_once(due_world):
    pending = services.paminnelser_plan()
    target = pending[0]
    with (
        mock.patch(
            "django.core.mail.backends.locmem.EmailBackend.send_messages",
            side_effect=SMTPServerDisconnected("down"),
        ),
        pytest.raises(SMTPServerDisconnected),
    ):
        services.paminnelse_send(paminnelse_id=target)
    assert Paminnelse.objects.get(pk=target).status == Paminnelse.Status.VENTER
    assert services.paminnelse_send(paminnelse_id=target) is True
    assert services.paminnelse_send(paminnelse_id=target) is False
    assert len(mail.outbox) == 1


def test_FRIST_03_the_task_retries_on_smtp_errors_with_back_off():
    from smtplib import SMTPException

    from reminders.tasks import run_nightly, send_digest

    assert send_digest.name == "reminders.send_digest"
    assert run_nightly.name == "reminders.run_nightly"
    assert SMTPException in send_digest.autoretry_for
    assert ConnectionError in send_digest.autoretry_for
    assert send_digest.retry_backoff is True
    assert send_digest.acks_late is True


def test_FRIST_01_the_nightly_task_sends_after_commit(
    due_world, django_capture_on_commit_callbacks
):
    from reminders.tasks import run_nightly

    with django_capture_on_commit_callbacks(execute=True):
        run_nightly.delay(today().isoformat())
    assert len(mail.outbox) == 5
    assert set(Paminnelse.objects.values_list("status", flat=True)) == {"sendt"}


def test_FRIST_01_send_reminders_command_for_a_date(due_world, django_capture_on_commit_callbacks):
    run = today() + timedelta(days=2)
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_reminders", "--date", run.isoformat())
        call_command("send_reminders", "--date", run.isoformat())
    assert len(mail.outbox) == 5
    assert set(Paminnelse.objects.values_list("kjoredato", flat=True)) == {run}


def test_FRIST_01_beat_schedule_in_settings(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["reminders-nightly"]
    assert entry["task"] == "reminders.run_nightly"
    assert entry["schedule"].hour == {settings.FRIST_KJORING_TIME}


# --- «Mine frister» -------------------------------------------------------------------------


def test_FRIST_01_page_and_digest_never_disagree(due_world):
    w = due_world
    items = finders.due_items(today())
    digests = services.digests_for(items, services.recipient_scopes())
    for user in w.users().values():
        page = {(f.kind, f.ref_id) for f in selectors.frister_for_user(user, today())}
        night = {(f.kind, f.ref_id) for f in digests.get(user.pk, [])}
        assert page == night, user.username


def test_ROLE_02_mine_frister_shows_names_only_in_scope(due_world, client):
    w = due_world
    client.force_login(w.saksbehandler)
    r = client.get(reverse("reminders:mine"))
    assert r.status_code == 200
    html = r.content.decode()
    assert w.sak_x.saksnummer in html and "Xenia" in html
    assert w.sak_y.saksnummer not in html and "Yngve" not in html
    assert "SAK-03" in html and "FRIST-01" in html
    # Sorted by date.
    dates = [f.dato for f in r.context["data"].items]
    assert dates == sorted(dates)
    client.force_login(w.annen_tjeneste)
    html = client.get(reverse("reminders:mine")).content.decode()
    assert w.sak_x.saksnummer not in html and "Xenia" not in html


def test_ROLE_02_the_head_of_service_sees_the_whole_service(due_world, client):
    w = due_world
    client.force_login(w.barnevernleder)
    html = client.get(reverse("reminders:mine")).content.decode()
    for s in (w.sak_x, w.sak_y, w.sak_18):
        assert s.saksnummer in html


def test_mine_frister_needs_login(client):
    r = client.get(reverse("reminders:mine"))
    assert r.status_code == 302


@pytest.mark.parametrize("n", [5, 50])
def test_FRIST_01_page_query_count_is_constant(world, client, n, django_assert_num_queries):
    for _i in range(n):
        make_sak(world.saksbehandler, world.team_a, melding_mottatt=today() - timedelta(days=85))
    client.force_login(world.teamleder)
    client.get(reverse("reminders:mine"))  # warm the session
    from reminders.selectors import mine_frister

    tl = type(world.teamleder).objects.get(pk=world.teamleder.pk)
    # The roles, then one query per kind of deadline, the kinds in one statement (core.batch).
    with django_assert_num_queries(2):
        data = mine_frister(tl, today())
    assert len(data.items) >= n
