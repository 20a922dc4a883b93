"""The demo shows ettervern (ETT-01, ETT-02): a youth turning 18 in about four months, whose
case says «Ettervern: samtale må starte», and a youth who turned 18 two weeks ago, with the
dialogue recorded and the decision to continue being drafted."""

import pytest
from django.core.management import call_command
from django.utils import timezone

from cases.models import Sak
from ettervern import selectors
from ettervern.demo import ADULT, SOON, demo_birth
from ettervern.models import Ettervernsamtale, Ettervernvedtak
from vedtak.models import Vedtak

pytestmark = [pytest.mark.django_db(transaction=True)]


def test_ETT_01_ETT_02_demo_youths_at_18(settings):
    settings.DEMO_MODE = True
    call_command("load_demo")
    today = timezone.localdate()
    soon = Sak.objects.select_related("barn").get(barn__fodselsdato=demo_birth(SOON, today))
    adult = Sak.objects.select_related("barn").get(barn__fodselsdato=demo_birth(ADULT, today))
    assert soon.status == Sak.Status.AKTIV
    panel = selectors.case_panel(soon.saksbehandler, soon)
    assert panel["must_start"] is True
    assert Ettervernsamtale.objects.filter(sak=adult, notat__status="signert").exists()
    decision = Ettervernvedtak.objects.get(vedtak__sak=adult)
    assert (decision.utfall, decision.vedtak.status) == ("fortsette", Vedtak.Status.UTKAST)
    assert selectors.case_panel(adult.saksbehandler, adult)["must_start"] is False
