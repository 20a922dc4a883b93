"""The service's checklists and routine table (RUT-01, RUT-02), and a case's checklists.

The service's pages are for those who work in it (404 otherwise); only the head of service
edits. A case's checklists open the case through :func:`cases.permissions.access_sak` (ROLE-02:
404 outside need-to-know; ROLE-03: the read is logged)."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from cases.permissions import access_sak
from cases.selectors import sak_detail_queryset
from core.edge import button_post, service_form

from . import forms, permissions, selectors, services
from .models import Rutine, Sjekkliste


def _service(request: HttpRequest, *, edit: bool = False):
    tjeneste = selectors.service_of(request.user)
    if tjeneste is None:
        raise Http404
    if edit and not permissions.keeps_routines(request.user, tjeneste.pk):
        raise Http404
    return tjeneste


@require_GET
def index(request: HttpRequest) -> HttpResponse:
    """RUT-01/02: the service's checklists and routine table."""
    tjeneste = _service(request)
    return render(
        request,
        "rutiner/index.html",
        {
            "tjeneste": tjeneste,
            "sjekklister": selectors.checklists_of(tjeneste.pk),
            "rutiner": selectors.all_routines_of(tjeneste.pk),
            "may_edit": permissions.keeps_routines(request.user, tjeneste.pk),
        },
    )


@require_http_methods(["GET", "POST"])
def sjekkliste_edit(request: HttpRequest, sjekkliste_id: int | None = None) -> HttpResponse:
    """RUT-01: the head of service keeps a checklist (a new one without an id)."""
    tjeneste = _service(request, edit=True)
    sjekkliste = None
    initial = {"aktiv": True}
    if sjekkliste_id is not None:
        sjekkliste = Sjekkliste.objects.filter(pk=sjekkliste_id, tjeneste=tjeneste).first()
        if sjekkliste is None:
            raise Http404
        initial = {
            "navn": sjekkliste.navn,
            "kode": sjekkliste.kode,
            "punkter": "\n".join(sjekkliste.punkter),
            "aktiv": sjekkliste.aktiv,
        }
    form = forms.SjekklisteForm(request.POST if request.method == "POST" else None, initial=initial)
    return service_form(
        request,
        form,
        lambda d: services.sjekkliste_save(
            actor=request.user, tjeneste_id=tjeneste.pk, sjekkliste_id=sjekkliste_id, **d
        ),
        template="rutiner/edit.html",
        context={
            "title": sjekkliste.navn if sjekkliste else _("New checklist"),
            "record": sjekkliste,
        },
        success=reverse("rutiner:index"),
        done=_("The checklist is saved."),
    )


@require_http_methods(["GET", "POST"])
def rutine_edit(request: HttpRequest, rutine_id: int | None = None) -> HttpResponse:
    """RUT-02: the head of service keeps a row of the routine table."""
    tjeneste = _service(request, edit=True)
    rutine = None
    if rutine_id is not None:
        rutine = Rutine.objects.filter(pk=rutine_id, tjeneste=tjeneste).first()
        if rutine is None:
            raise Http404
    form = forms.RutineForm(
        request.POST if request.method == "POST" else None,
        instance=rutine or Rutine(tjeneste=tjeneste),
    )
    return service_form(
        request,
        form,
        lambda d: services.rutine_save(
            actor=request.user, tjeneste_id=tjeneste.pk, rutine_id=rutine_id, **d
        ),
        template="rutiner/edit.html",
        context={"title": rutine.aktivitet if rutine else _("New routine"), "record": rutine},
        success=reverse("rutiner:index"),
        done=_("The routine is saved."),
    )


@require_GET
def rutine_show(request: HttpRequest, nokkel: str) -> HttpResponse:
    """RUT-02: the routine that governs an action, behind the «Rutine» link next to it."""
    if nokkel not in Rutine.Nokkel.values:
        raise Http404
    tjeneste = _service(request)
    return render(
        request,
        "rutiner/show.html",
        {
            "tjeneste": tjeneste,
            "nokkel_label": Rutine.Nokkel(nokkel).label,
            "rutiner": selectors.routines_of(tjeneste.pk, nokkel),
            "may_edit": permissions.keeps_routines(request.user, tjeneste.pk),
        },
    )


def _check(request: HttpRequest):
    """A POST is the team's (an active case); a read is everyone's who may see the case."""
    if request.method == "POST":
        return lambda user, sak: permissions.can_tick(user, sak)
    return None


@require_http_methods(["GET", "POST"])
def sak_list(request: HttpRequest, sak_id: int) -> HttpResponse:
    """RUT-01: the case's checklists; the team starts one of the service's."""
    sak = access_sak(request, sak_id, queryset=sak_detail_queryset(), check=_check(request))
    if request.method == "POST":
        form = forms.StartForm(request.POST)
        if not form.is_valid():
            raise Http404
        started = {}

        def call():
            started["it"] = services.sak_sjekkliste_start(
                actor=request.user, sak_id=sak.pk, kode=form.cleaned_data["kode"]
            )

        response = button_post(request, call, done=_("The checklist is started."), to=request.path)
        if "it" in started:
            return redirect("rutiner:sak_detail", sak.pk, started["it"].pk)
        return response
    return render(
        request,
        "rutiner/sak_list.html",
        {
            "sak": sak,
            "sjekklister": selectors.case_checklists(sak),
            "startable": selectors.startable(sak)
            if permissions.can_tick(request.user, sak)
            else [],
        },
    )


@require_http_methods(["GET", "POST"])
def sak_detail(request: HttpRequest, sak_id: int, sjekkliste_id: int) -> HttpResponse:
    """RUT-01: a case's checklist; the team ticks its items (who and when)."""
    sak = access_sak(request, sak_id, queryset=sak_detail_queryset(), check=_check(request))
    sjekkliste = selectors.case_checklist(sak, sjekkliste_id)
    if sjekkliste is None:
        raise Http404
    here = reverse("rutiner:sak_detail", args=[sak.pk, sjekkliste.pk])
    if request.method == "POST":
        form = forms.TickForm(request.POST)
        if not form.is_valid():
            raise Http404
        return button_post(
            request,
            lambda: services.sjekkpunkt_tick(
                actor=request.user,
                sak_id=sak.pk,
                punkt_id=form.cleaned_data["punkt"],
                ticked=form.cleaned_data["ticked"],
            ),
            done=_("The checklist is updated."),
            to=here,
        )
    return render(
        request,
        "rutiner/sak_detail.html",
        {
            "sak": sak,
            "sjekkliste": sjekkliste,
            "punkter": list(sjekkliste.punkter.all()),
            "may_tick": permissions.can_tick(request.user, sak),
        },
    )
