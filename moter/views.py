"""The meetings' pages under a case: the list, planning, a meeting with its minutes and agreed
actions, the ansvarsgruppe (MOTE-01 … MOTE-05).

Every page opens the case through :func:`cases.permissions.access_sak`: outside need-to-know
it answers 404 (ROLE-02), and the read is logged (ROLE-03). The actions as the kernel's tables
offer them (:mod:`moter.actions`), :mod:`core.edge` for the form → service → redirect loop.
"""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from cases.models import Overforing
from cases.permissions import access_sak
from cases.selectors import sak_detail_queryset
from core.edge import action_page, service_form
from documents.selectors import dokumenter_for

from . import forms, permissions, registry, rules, selectors, services
from .actions import MACHINE, MOTER
from .models import Mote

ACTION_PAGES = ("hold", "sign", "cancel", "invitation", "minutes_letter")


def _list_url(sak_id: int) -> str:
    return reverse("moter:list", args=[sak_id])


def _detail_url(mote: Mote) -> str:
    return reverse("moter:detail", args=[mote.sak_id, mote.pk])


def _meeting(request: HttpRequest, sak_id: int, mote_id: int, action: str | None = None):
    """The case and one of its meetings (ROLE-02: 404 otherwise; ROLE-03: the read logged).
    With ``action``, only for who may take it."""
    found: dict = {}

    def check(user, sak) -> bool:
        mote = selectors.mote_detail(sak, mote_id)
        if mote is None:
            return False
        found["mote"] = mote
        return action is None or MACHINE.may(mote, user, action)

    sak = access_sak(request, sak_id, queryset=sak_detail_queryset(), check=check)
    return sak, found["mote"]


@require_http_methods(["GET"])
def mote_list(request: HttpRequest, sak_id: int) -> HttpResponse:
    sak = access_sak(request, sak_id, queryset=sak_detail_queryset())
    context = {
        "sak": sak,
        "moter": selectors.meetings_of(sak),
        "grupper": list(sak.ansvarsgrupper.select_related("koordinator")),
        "actions": MOTER.offers(sak, request.user),
    }
    return render(request, "moter/mote_list.html", context)


def _int(request: HttpRequest, name: str) -> int | None:
    value = request.GET.get(name, "")
    return int(value) if value.isdigit() else None


def _plan_initial(sak, request: HttpRequest) -> tuple[dict, dict]:
    """What the plan starts from: the kind asked for, and for a transfer (MOTE-02) its roles –
    the investigation caseworker invites and leads, the measures caseworker writes the
    minutes."""
    initial = {"referent": request.user.pk, "leder": request.user.pk}
    links = {
        "tiltak_id": _int(request, "tiltak"),
        "overforing_id": _int(request, "overforing"),
        "ansvarsgruppe_id": _int(request, "ansvarsgruppe"),
    }
    kind = request.GET.get("type", "")
    if kind in Mote.Type.values:
        initial["type"] = kind
    if links["overforing_id"]:
        overforing = Overforing.objects.filter(pk=links["overforing_id"], sak=sak).first()
        if overforing is None:
            raise Http404
        initial.update(
            type=rules.OVERGANGSMOTE,
            leder=overforing.fra_saksbehandler_id,
            referent=overforing.til_saksbehandler_id,
            ansatte=[overforing.fra_saksbehandler_id, overforing.til_saksbehandler_id],
            agenda=_("New roles\nThe investigation report\nNext steps"),
        )
    return initial, links


@require_http_methods(["GET", "POST"])
def mote_plan(request: HttpRequest, sak_id: int) -> HttpResponse:
    sak = access_sak(
        request,
        sak_id,
        queryset=sak_detail_queryset(),
        check=lambda user, s: MOTER.may(s, user, "plan"),
    )
    initial, links = _plan_initial(sak, request)
    data = request.POST if request.method == "POST" else None
    form = forms.MoteForm(data, sak=sak, initial=initial)
    action = MOTER["plan"]
    return service_form(
        request,
        form,
        lambda _d: services.mote_plan(
            actor=request.user, sak_id=sak.pk, **form.service_kwargs(), **links
        ),
        template="moter/mote_form.html",
        context={
            "sak": sak,
            "title": action.label,
            "submit": _("Plan the meeting"),
            "cancel": _list_url(sak.pk),
            "transfer": bool(links["overforing_id"]),
        },
        success=_detail_url,
        done=action.done,
    )


@require_http_methods(["GET"])
def mote_detail(request: HttpRequest, sak_id: int, mote_id: int) -> HttpResponse:
    sak, mote = _meeting(request, sak_id, mote_id)
    oppgaver = list(mote.oppgaver.all())
    for o in oppgaver:
        o.mote = mote
        o.may_complete = permissions.can_complete_oppgave(o, request.user)
    context = {
        "sak": sak,
        "mote": mote,
        "oppgaver": oppgaver,
        "actions": MACHINE.offers(mote, request.user),
        # DOK-01/DOK-02: the invitation and the minutes as letters, one per party.
        "dokumenter": dokumenter_for(sak.pk, source=mote),
        # What the apps above link to the meeting (the incoming documents), by the registry.
        "linked": registry.linked(request.user, mote),
    }
    return render(request, "moter/mote_detail.html", context)


def _not_possible(request, sak, mote, name: str) -> HttpResponse:
    return render(
        request,
        "components/action_page.html",
        {
            "sak": sak,
            "title": MACHINE[name].label,
            "not_possible": MACHINE.state_breach(mote, False),
            "cancel": _detail_url(mote),
        },
    )


@require_http_methods(["GET", "POST"])
def mote_edit(request: HttpRequest, sak_id: int, mote_id: int) -> HttpResponse:
    sak, mote = _meeting(request, sak_id, mote_id, "edit")
    if MACHINE.offer(mote, request.user, "edit") is None:
        return _not_possible(request, sak, mote, "edit")
    data = request.POST if request.method == "POST" else None
    form = forms.MoteForm(data, sak=sak, initial=forms.MoteForm.initial_from(mote))
    return service_form(
        request,
        form,
        lambda _d: services.mote_update(
            actor=request.user, mote_id=mote.pk, sak_id=sak.pk, **form.service_kwargs()
        ),
        template="moter/mote_form.html",
        context={
            "sak": sak,
            "mote": mote,
            "title": _("Change the meeting"),
            "submit": _("Save"),
            "cancel": _detail_url(mote),
        },
        success=_detail_url,
        done=MACHINE["edit"].done,
    )


@require_http_methods(["GET", "POST"])
def mote_minutes(request: HttpRequest, sak_id: int, mote_id: int) -> HttpResponse:
    """MOTE-01: the referent writes the minutes of a held meeting; signed minutes are locked."""
    sak, mote = _meeting(request, sak_id, mote_id, "minutes")
    if MACHINE.offer(mote, request.user, "minutes") is None:
        return _not_possible(request, sak, mote, "minutes")
    data = request.POST if request.method == "POST" else None
    form = forms.MinutesForm(data, initial={"referat": mote.referat, "vurdering": mote.vurdering})
    return service_form(
        request,
        form,
        lambda d: services.mote_write_minutes(
            actor=request.user,
            mote_id=mote.pk,
            sak_id=sak.pk,
            referat=d["referat"],
            vurdering=d["vurdering"],
        ),
        template="moter/mote_form.html",
        context={
            "sak": sak,
            "mote": mote,
            "title": MACHINE["minutes"].label,
            "submit": _("Save the minutes"),
            "cancel": _detail_url(mote),
            "minutes": True,
        },
        success=_detail_url,
        done=MACHINE["minutes"].done,
    )


@require_http_methods(["GET", "POST"])
def oppgave_create(request: HttpRequest, sak_id: int, mote_id: int) -> HttpResponse:
    """MOTE-04: an agreed action, who, what and by when."""
    sak, mote = _meeting(request, sak_id, mote_id, "oppgave")
    if MACHINE.offer(mote, request.user, "oppgave") is None:
        return _not_possible(request, sak, mote, "oppgave")
    data = request.POST if request.method == "POST" else None
    form = forms.OppgaveForm(data, sak=sak)
    return service_form(
        request,
        form,
        lambda d: services.oppgave_create(actor=request.user, mote_id=mote.pk, sak_id=sak.pk, **d),
        template="moter/mote_form.html",
        context={
            "sak": sak,
            "mote": mote,
            "title": MACHINE["oppgave"].label,
            "submit": _("Record"),
            "cancel": _detail_url(mote),
        },
        success=lambda _o: _detail_url(mote),
        done=MACHINE["oppgave"].done,
    )


@require_http_methods(["GET", "POST"])
def oppgave_complete(request: HttpRequest, sak_id: int, mote_id: int, oppgave_id: int):
    """MOTE-04: mark an agreed action as done (a page that asks to confirm, or the button of
    the meeting's page)."""
    found: dict = {}

    def check(user, sak) -> bool:
        found["oppgave"] = selectors.oppgave_of(sak, mote_id, oppgave_id)
        return found["oppgave"] is not None and permissions.can_complete_oppgave(
            found["oppgave"], user
        )

    sak = access_sak(request, sak_id, queryset=sak_detail_queryset(), check=check)
    oppgave = found["oppgave"]
    data = request.POST if request.method == "POST" else None
    return service_form(
        request,
        forms.ConfirmForm(data),
        lambda _d: services.oppgave_complete(
            actor=request.user, oppgave_id=oppgave.pk, sak_id=sak.pk
        ),
        template="moter/mote_form.html",
        context={
            "sak": sak,
            "title": _("Mark the agreed action as done"),
            "submit": _("Mark as done"),
            "cancel": reverse("moter:detail", args=[sak.pk, mote_id]),
            "oppgave": oppgave,
        },
        success=reverse("moter:detail", args=[sak.pk, mote_id]),
        done=_("The agreed action is marked as done."),
    )


@require_http_methods(["GET", "POST"])
def mote_action(request: HttpRequest, sak_id: int, mote_id: int, name: str) -> HttpResponse:
    """Holding, signing the minutes and cancelling: one page per action of the table."""
    if name not in ACTION_PAGES:
        raise Http404
    sak, mote = _meeting(request, sak_id, mote_id, name)
    return action_page(
        request,
        MACHINE,
        name,
        mote,
        ids={"mote_id": mote.pk, "sak_id": sak.pk},
        context={"sak": sak, "mote": mote},
        success=_detail_url,
        cancel=_detail_url(mote),
    )


@require_http_methods(["GET", "POST"])
def ansvarsgruppe_create(request: HttpRequest, sak_id: int) -> HttpResponse:
    """MOTE-05: the case's ansvarsgruppe."""
    sak = access_sak(
        request,
        sak_id,
        queryset=sak_detail_queryset(),
        check=lambda user, s: MOTER.may(s, user, "ansvarsgruppe"),
    )
    data = request.POST if request.method == "POST" else None
    form = forms.AnsvarsgruppeForm(data, sak=sak, initial={"koordinator": request.user.pk})
    action = MOTER["ansvarsgruppe"]
    return service_form(
        request,
        form,
        lambda d: services.ansvarsgruppe_create(actor=request.user, sak_id=sak.pk, data=d),
        template="moter/mote_form.html",
        context={
            "sak": sak,
            "title": action.label,
            "submit": _("Save"),
            "cancel": _list_url(sak.pk),
        },
        success=lambda _g: _list_url(sak.pk),
        done=action.done,
    )
