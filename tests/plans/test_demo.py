"""The demo has plans in every state, through the real services (issue 4, "done when")."""

import pytest
from django.utils import timezone

from demo.data import load_demo
from evaluations.models import Evaluering
from evaluations.selectors import due_evaluations
from plans.models import Plankommentar, Planversjon, Tiltaksplan
from plans.selectors import measures_without_plan, plan_summary
from vedtak.models import Vedtak

pytestmark = pytest.mark.django_db


def test_demo_plans_in_every_state_including_overdue_evaluations(settings):
    settings.DEMO_MODE = True
    load_demo()
    today = timezone.localdate()
    statuses = set(Planversjon.objects.values_list("status", flat=True))
    assert {"utkast", "til_godkjenning", "godkjent"} <= statuses
    assert Plankommentar.objects.exists()  # a version returned with a comment
    assert Planversjon.objects.filter(nummer=2, status="godkjent").exists()
    assert set(Evaluering.objects.values_list("status", flat=True)) == {"utkast", "G"}
    summaries = [plan_summary(p.sak) for p in Tiltaksplan.objects.select_related("sak")]
    assert any(s.late and not s.over_limit for s in summaries)  # first evaluation overdue
    assert any(s.over_limit for s in summaries)  # past the EVAL-01 limit
    assert any(s.schedule and not s.late for s in summaries)  # on time
    assert any(s.uncovered for s in summaries)  # PLAN-04: the plan ran out
    assert measures_without_plan(today).exists()
    assert due_evaluations(today, 0).exists()
    # EVAL-04: a conclusion to end a measure opened a draft vedtak.
    assert Vedtak.objects.filter(type="avslutning", status="utkast").exists()
