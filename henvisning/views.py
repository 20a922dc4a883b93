"""The referrals' pages. Every case page opens the case through
:func:`cases.permissions.access_sak`: outside need-to-know it answers 404 (ROLE-02) and the
read is logged (ROLE-03). The overview and the receiver list name no case."""

from __future__ import annotations

from datetime import timedelta

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from accounts.models import Rolle
from cases.permissions import access_sak
from cases.selectors import sak_detail_queryset
from core.edge import action_page, service_form

from . import documents, forms, permissions, registry, selectors, services
from .actions import MACHINE
from .models import Henvisning, Henvisningsoppsett, Mottaker


def _detail_url(h: Henvisning) -> str:
    return reverse("henvisning:detail", args=[h.sak_id, h.pk])


def _henvisning(request: HttpRequest, sak_id: int, henvisning_id: int, check=None) -> tuple:
    sak = access_sak(request, sak_id, queryset=sak_detail_queryset(), check=check)
    h = selectors.for_page(sak, henvisning_id)
    if h is None:
        raise Http404
    return sak, h


def _form(sak, data=None, initial=None) -> forms.HenvisningForm:
    return forms.HenvisningForm(
        data,
        initial=initial,
        receivers=selectors.receivers_for(sak),
        consents=selectors.sharing_consents(sak),
        goals=selectors.plan_goals(sak),
        letters=selectors.case_letters(sak),
        incoming=selectors.case_incoming(sak),
    )


def _prefill(request: HttpRequest, sak) -> dict:
    """From a plan goal (``?maal=``) or a programme of the bank (``?program=``, BANK-03); an
    id that is not the case's goal or not a programme is ignored."""
    initial: dict = {"hjemmel_type": Henvisning.Hjemmel.SAMTYKKE}
    maal = request.GET.get("maal", "")
    if maal.isdigit() and any(m.pk == int(maal) for m in selectors.plan_goals(sak)):
        initial["maal"] = [int(maal)]
    programme = request.GET.get("program", "")
    if programme.isdigit():
        initial.update(selectors.programme_prefill(programme))
    return initial


@require_http_methods(["GET", "POST"])
def henvisning_create(request: HttpRequest, sak_id: int) -> HttpResponse:
    """HENV-01: write a referral from the case (or from a plan goal, or a programme)."""
    sak = access_sak(
        request,
        sak_id,
        queryset=sak_detail_queryset(),
        check=lambda user, s: permissions.can_write_on(s, user),
    )
    post = request.method == "POST"
    form = _form(sak, request.POST if post else None, None if post else _prefill(request, sak))

    def call(_data: dict) -> Henvisning:
        return services.henvisning_create(
            actor=request.user, sak_id=sak.pk, data=form.service_data()
        )

    return service_form(
        request,
        form,
        call,
        template="henvisning/henvisning_form.html",
        context={
            "sak": sak,
            "title": _("Write a referral"),
            "cancel": reverse("cases:detail", args=[sak.pk]),
            "receivers_url": reverse("henvisning:receivers"),
        },
        success=_detail_url,
        done=_("The referral is saved as a draft."),
    )


@require_http_methods(["GET", "POST"])
def henvisning_edit(request: HttpRequest, sak_id: int, henvisning_id: int) -> HttpResponse:
    """HENV-01: change a draft."""
    sak, h = _henvisning(
        request, sak_id, henvisning_id, check=lambda user, s: permissions.can_write_on(s, user)
    )
    if h.status != Henvisning.Status.UTKAST:
        return render(
            request,
            "henvisning/henvisning_form.html",
            {
                "sak": sak,
                "henvisning": h,
                "title": _("Change the referral"),
                "not_possible": MACHINE.state_breach(h, False),
                "cancel": _detail_url(h),
            },
        )
    post = request.method == "POST"
    form = _form(
        sak, request.POST if post else None, None if post else forms.HenvisningForm.initial_of(h)
    )

    def call(_data: dict) -> Henvisning:
        return services.henvisning_update(
            actor=request.user, sak_id=sak.pk, henvisning_id=h.pk, data=form.service_data()
        )

    return service_form(
        request,
        form,
        call,
        template="henvisning/henvisning_form.html",
        context={
            "sak": sak,
            "henvisning": h,
            "title": _("Change the referral"),
            "cancel": _detail_url(h),
        },
        success=_detail_url,
        done=_("The referral is saved."),
    )


@require_GET
def henvisning_detail(request: HttpRequest, sak_id: int, henvisning_id: int) -> HttpResponse:
    sak, h = _henvisning(request, sak_id, henvisning_id)
    context = {
        "sak": sak,
        "henvisning": h,
        "actions": selectors.offers(h, request.user),
        "letters": documents.letters(h),
        "may_edit": h.status == Henvisning.Status.UTKAST and permissions.can_edit(h, request.user),
        "overdue": h.forfalt(),
        "links": [link for links in registry.PAGE_LINKS for link in links(h, request.user)],
    }
    return render(request, "henvisning/henvisning_detail.html", context)


@require_http_methods(["GET", "POST"])
def henvisning_action(
    request: HttpRequest, sak_id: int, henvisning_id: int, name: str
) -> HttpResponse:
    """One page per action of the table (approval, the letter, sending, the answer, the
    follow-up of an offer, closing)."""
    if name not in MACHINE:
        raise Http404
    # Not the user's action: 404 before the case is read, so nothing is logged (ROLE-03).
    mine = Henvisning.objects.select_related("sak").filter(pk=henvisning_id, sak_id=sak_id).first()
    if mine is None:
        raise Http404
    sak, h = _henvisning(
        request, sak_id, henvisning_id, check=lambda user, s: MACHINE.may(mine, user, name)
    )
    post = request.method == "POST"
    files = {"files": request.FILES} if post and name == "record_answer" else {}
    return action_page(
        request,
        MACHINE,
        name,
        h,
        ids={"henvisning_id": h.pk, "sak_id": sak.pk},
        context={"sak": sak, "henvisning": h},
        success=_detail_url,
        cancel=_detail_url(h),
        form_kwargs=files,
    )


def plan_section(request: HttpRequest, summary) -> dict:
    """The plan page's part on referrals (through :mod:`plans.registry`): the goals of the plan
    in force, how many referrals serve each, and a referral to write from a goal (HENV-01)."""
    versjon = summary.in_force or summary.latest_approved
    if versjon is None or summary.sak is None:
        return {"goals": []}
    return {
        "goals": selectors.goals_with_referrals(versjon),
        "may_write": permissions.can_write_on(summary.sak, request.user),
    }


# --- The overview and the receiver list (no case) --------------------------------------------


@require_GET
def overview(request: HttpRequest) -> HttpResponse:
    """Open referrals per receiver with the days each has waited; offers and refusals per
    receiver answered in the period. The team leaders and the head; no case is named."""
    if not selectors.may_see_overview(request.user):
        raise Http404
    today = timezone.localdate()
    form = forms.OverviewForm(request.GET or None)
    fra, til = today - timedelta(days=365), today
    if form.is_bound and form.is_valid():
        fra = form.cleaned_data.get("fra") or fra
        til = form.cleaned_data.get("til") or til
    if not form.is_bound:
        form = forms.OverviewForm(initial={"fra": fra, "til": til})
    rows = selectors.overview(request.user, fra, til)
    return render(
        request,
        "henvisning/overview.html",
        {
            "rows": rows,
            "form": form,
            "fra": fra,
            "til": til,
            "keeps_receivers": bool(request.user.tjeneste_ids(Rolle.BARNEVERNLEDER)),
        },
    )


def _kept_service(request: HttpRequest) -> int:
    """The service whose receivers this user keeps (the head of the service), else 404."""
    ids = sorted(request.user.tjeneste_ids(Rolle.BARNEVERNLEDER))
    if not ids:
        raise Http404
    return ids[0]


@require_http_methods(["GET", "POST"])
def receivers(request: HttpRequest) -> HttpResponse:
    """The service's receiver list and its referral setting (the head of the service)."""
    tjeneste_id = _kept_service(request)
    oppsett = Henvisningsoppsett.objects.filter(tjeneste_id=tjeneste_id).first()
    form = forms.OppsettForm(
        request.POST if request.method == "POST" else None,
        initial={"krever_godkjenning": bool(oppsett and oppsett.krever_godkjenning)},
    )

    def call(_data: dict):
        return services.oppsett_save(
            actor=request.user,
            tjeneste_id=tjeneste_id,
            krever_godkjenning=form.cleaned_data["krever_godkjenning"],
        )

    return service_form(
        request,
        form,
        call,
        template="henvisning/receivers.html",
        context={
            "mottakere": list(
                Mottaker.objects.filter(tjeneste_id=tjeneste_id).order_by("-aktiv", "navn")
            )
        },
        success=reverse("henvisning:receivers"),
        done=_("The setting is saved."),
    )


@require_http_methods(["GET", "POST"])
def receiver_edit(request: HttpRequest, mottaker_id: int | None = None) -> HttpResponse:
    tjeneste_id = _kept_service(request)
    instance = None
    if mottaker_id is not None:
        instance = Mottaker.objects.filter(pk=mottaker_id, tjeneste_id=tjeneste_id).first()
        if instance is None:
            raise Http404
    form = forms.MottakerForm(request.POST if request.method == "POST" else None, instance=instance)

    def call(_data: dict) -> Mottaker:
        return services.mottaker_save(
            actor=request.user,
            tjeneste_id=tjeneste_id,
            mottaker_id=mottaker_id,
            data=dict(form.cleaned_data),
        )

    return service_form(
        request,
        form,
        call,
        template="henvisning/receiver_form.html",
        context={
            "title": _("Change the receiver") if instance else _("Add a receiver"),
            "cancel": reverse("henvisning:receivers"),
        },
        success=reverse("henvisning:receivers"),
        done=_("The receiver is saved."),
    )
