"""The programme and its provider on a measure's form (BANK-02 … BANK-04).

The programme is chosen among the service's programmes in use, in two groups: those the service
gives, and those given by another service (chosen, they are refused with BANK-03 and the page
offers a referral). Assessment tools are not offered (BANK-03: never a measure). The provider
is chosen among the staff trained in each programme, each with the running measures they give
now (BANK-04). The service checks both again (:func:`vedtak.programs.measure_problems`).
"""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import User
from programbank.models import Program
from programbank.selectors import trained_staff

from .selectors import provider_load


def programs_for_form(form, tjeneste_id: int) -> None:
    """Fill the form's ``program`` and ``utforer`` fields for the service (three queries:
    the programmes, their trained staff, the staff's load)."""
    form.referral_programs = []
    if "program" not in form.fields:
        return
    programs = list(Program.objects.filter(tjeneste_id=tjeneste_id, aktiv=True))
    own = [p for p in programs if p.kan_vaere_tiltak]
    other = [p for p in programs if p.gis_av_annen and not p.kartleggingsverktoy]
    form.referral_programs = other  # the page offers a referral to each (BANK-03)
    field = form.fields["program"]
    field.queryset = Program.objects.filter(tjeneste_id=tjeneste_id, aktiv=True)
    field.required = False
    field.help_text = gettext_lazy(
        "A programme of the service's bank (BANK-01). A programme given by another service is "
        "reached by a referral (BANK-03)."
    )
    choices: list = [("", _("No programme"))]
    if own:
        choices.append((_("Given by the service"), [(p.pk, p.navn) for p in own]))
    if other:
        choices.append(
            (_("Given by another service: refer instead"), [(p.pk, p.navn) for p in other])
        )
    field.choices = choices

    staff_field = form.fields["utforer"]
    with_staff = list(trained_staff(tjeneste_id))
    ids = {u.pk for p in with_staff for u in p.utdannede.all()}
    load = provider_load(ids, timezone.localdate()) if ids else {}
    staff_field.queryset = User.objects.filter(pk__in=ids)
    staff_field.required = False
    staff_field.help_text = gettext_lazy(
        "Among those trained in the programme, with the running measures each gives now (BANK-04)."
    )
    groups: list = [("", _("No provider chosen"))]
    for p in with_staff:
        people = [
            (
                u.pk,
                _("%(name)s – %(count)s running measures")
                % {"name": u.get_full_name() or u.username, "count": load.get(u.pk, 0)},
            )
            for u in sorted(p.utdannede.all(), key=lambda u: (load.get(u.pk, 0), u.get_full_name()))
        ]
        if people:
            groups.append((p.navn, people))
    staff_field.choices = groups
