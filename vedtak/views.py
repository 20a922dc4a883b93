"""Decision pages: the vedtak page with its actions, the draft editor, advance notices,
consents, measures' dates, the team leader's queue and the head of service's dashboard.

Each view: access through the ROLE-02 scope (404 otherwise, with the read logged), parse the
form, call one service, render. A refusal by a rule is shown next to the field it concerns.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from accounts.models import Rolle
from cases.models import Sak
from cases.permissions import access_sak, can_edit_sak
from core.edge import service_form
from core.exceptions import DomainError
from core.forms import add_domain_error
from documents.recipients import CHILD_KEY, Recipient

from . import permissions, rules, selectors, services
from .actions import MACHINE, TRANSITIONS
from .forms import (
    ConfirmForm,
    ForhandsvarselForm,
    QueueFilterForm,
    SamtykkeForm,
    SamtykkeWithdrawForm,
    TiltakForm,
    TiltakLapseForm,
    TiltakStartForm,
    UttalelseForm,
    VedtakCreateForm,
    VedtakForm,
)
from .models import Samtykke, Tiltak, Vedtak
from .pages import QUEUE


def _vedtak(request: HttpRequest, sak_id: int, vedtak_id: int, check=None) -> Vedtak:
    return permissions.access_vedtak(
        request,
        sak_id,
        vedtak_id,
        queryset=selectors.vedtak_queryset(),
        sak_queryset=selectors.vedtak_sak_queryset(),
        check=check,
    )


def _seen_version(request: HttpRequest, vedtak: Vedtak) -> int:
    """VED-12: the version of the decision the user saw, from the form's hidden field. A value
    that is not a number is left to the form, whose ``versjon`` field refuses it."""
    try:
        return int(request.POST.get("versjon") or vedtak.versjon)
    except ValueError:
        return vedtak.versjon


def _refused(form, exc: DomainError) -> None:
    add_domain_error(form, exc)


def _documents(vedtak: Vedtak):
    """The documents made from the vedtak; DOK-01 (in the page's actions) reads them too."""
    from django.apps import apps

    if not apps.is_installed("documents"):
        return []
    from documents.selectors import dokumenter_for

    from .documents import remember_documents

    dokumenter = dokumenter_for(vedtak.sak_id, source=vedtak)
    remember_documents(vedtak, dokumenter)
    return dokumenter


# --- the vedtak page ------------------------------------------------------------------------


def vedtak_detail(request: HttpRequest, sak_id: int, vedtak_id: int) -> HttpResponse:
    vedtak = _vedtak(request, sak_id, vedtak_id)
    user = request.user
    dokumenter = _documents(vedtak)
    context = {
        "sak": vedtak.sak,
        "vedtak": vedtak,
        "tiltak": list(vedtak.tiltak.all()),
        # The kernel's offers (VED-03): the page renders exactly these, with their reasons.
        "actions": MACHINE.offers(vedtak, user),
        "checks": selectors.approval_snapshot(vedtak)["checks"],
        "recipients": selectors.notice_rows(vedtak),
        "kommentarer": list(vedtak.kommentarer.all()),
        "dokumenter": dokumenter,
        "can_edit": permissions.can_edit(vedtak, user),
        "can_notify": permissions.can_notify(vedtak, user),
        "can_comment": permissions.can_comment(vedtak, user),
        "can_manage_tiltak": permissions.can_manage_tiltak(vedtak, user),
        "today": timezone.localdate(),
    }
    return render(request, "vedtak/vedtak_detail.html", context)


# --- the draft ------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def vedtak_create(request: HttpRequest, sak_id: int) -> HttpResponse:
    sak = access_sak(
        request,
        sak_id,
        check=can_edit_sak,
    )
    running = selectors.running_tiltak_for_sak(sak)
    form = VedtakCreateForm(request.POST or None, running=running)
    if request.method == "POST" and form.is_valid():
        try:
            vedtak = services.vedtak_create(
                actor=request.user,
                sak_id=sak.pk,
                type=form.cleaned_data["type"],
                endrer_tiltak_ids=[t.pk for t in form.cleaned_data.get("endrer_tiltak") or []],
            )
        except DomainError as exc:
            _refused(form, exc)
        else:
            messages.success(request, _("A draft decision was created."))
            return redirect("vedtak:edit", sak_id=sak.pk, vedtak_id=vedtak.pk)
    return render(
        request,
        "vedtak/vedtak_create.html",
        {"sak": sak, "form": form, "title": _("New decision")},
    )


@require_http_methods(["GET", "POST"])
def vedtak_edit(request: HttpRequest, sak_id: int, vedtak_id: int) -> HttpResponse:
    vedtak = _vedtak(request, sak_id, vedtak_id, permissions.can_edit)
    seen = _seen_version(request, vedtak)
    form = VedtakForm(request.POST or None, instance=vedtak, versjon=seen)
    current = None
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "versjon"}
        try:
            services.vedtak_update(actor=request.user, vedtak_id=vedtak.pk, versjon=seen, data=data)
        except PermissionDenied:
            raise Http404 from None
        except DomainError as exc:
            _refused(form, exc)
            if any(b.rule_id == "VED-12" for b in getattr(exc, "breaches", [])):
                # VED-12: keep what the user typed, show what is saved now, and let them
                # save again on top of the new version once they have compared.
                current = Vedtak.objects.get(pk=vedtak.pk)
                form.data = form.data.copy()
                form.data["versjon"] = current.versjon
        else:
            messages.success(request, _("The draft was saved."))
            return redirect("vedtak:detail", sak_id=sak_id, vedtak_id=vedtak.pk)
    changed = []
    if current is not None:
        for name in VedtakForm.Meta.fields:
            saved = getattr(current, name)
            if str(saved or "") != str(form.data.get(name, "") or ""):
                changed.append({"label": form.fields[name].label, "value": saved})
    return render(
        request,
        "vedtak/vedtak_form.html",
        {
            "sak": vedtak.sak,
            "vedtak": vedtak,
            "form": form,
            "title": _("Edit the draft decision"),
            "tiltak": list(vedtak.tiltak.all()),
            "stale_changes": changed,
        },
    )


@require_http_methods(["GET", "POST"])
def tiltak_edit(
    request: HttpRequest, sak_id: int, vedtak_id: int, tiltak_id: int | None = None
) -> HttpResponse:
    vedtak = _vedtak(request, sak_id, vedtak_id, permissions.can_edit)
    tiltak = None
    if tiltak_id is not None:
        tiltak = next((t for t in vedtak.tiltak.all() if t.pk == tiltak_id), None)
        if tiltak is None:
            raise Http404
    seen = _seen_version(request, vedtak)
    avslutning = vedtak.type == Vedtak.Type.AVSLUTNING
    form = TiltakForm(request.POST or None, instance=tiltak, versjon=seen, avslutning=avslutning)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "versjon"}
        try:
            if tiltak is None:
                services.tiltak_add(
                    actor=request.user, vedtak_id=vedtak.pk, versjon=seen, data=data
                )
            else:
                services.tiltak_update(
                    actor=request.user, tiltak_id=tiltak.pk, versjon=seen, data=data
                )
        except PermissionDenied:
            raise Http404 from None
        except DomainError as exc:
            _refused(form, exc)
        else:
            messages.success(request, _("The measure was saved."))
            return redirect("vedtak:edit", sak_id=sak_id, vedtak_id=vedtak.pk)
    title = _("Edit measure") if tiltak else _("Add measure")
    return render(
        request,
        "vedtak/tiltak_form.html",
        {"sak": vedtak.sak, "vedtak": vedtak, "form": form, "title": title},
    )


@require_http_methods(["GET", "POST"])
def tiltak_remove(request: HttpRequest, sak_id: int, vedtak_id: int, tiltak_id: int):
    vedtak = _vedtak(request, sak_id, vedtak_id, permissions.can_edit)
    tiltak = next((t for t in vedtak.tiltak.all() if t.pk == tiltak_id), None)
    if tiltak is None:
        raise Http404
    form = ConfirmForm(request.POST or None, versjon=vedtak.versjon)
    if request.method == "POST" and form.is_valid():
        try:
            services.tiltak_remove(
                actor=request.user, tiltak_id=tiltak.pk, versjon=form.cleaned_data["versjon"]
            )
        except DomainError as exc:
            _refused(form, exc)
        else:
            messages.success(request, _("The measure was removed from the draft."))
            return redirect("vedtak:edit", sak_id=sak_id, vedtak_id=vedtak.pk)
    return render(
        request,
        "vedtak/confirm.html",
        {
            "sak": vedtak.sak,
            "vedtak": vedtak,
            "form": form,
            "title": _("Remove «%(measure)s» from the draft?") % {"measure": tiltak.type.navn},
            "submit": _("Remove measure"),
            "danger": True,
        },
    )


# --- the transitions ------------------------------------------------------------------------


def _action_page(
    request: HttpRequest,
    sak_id: int,
    vedtak_id: int,
    name: str,
    *,
    template: str = "vedtak/vedtak_transition.html",
    extra=None,
) -> HttpResponse:
    """The page of one action of the kernel's table: its form, what blocks it and what it
    warns of; on a valid POST the action's service, then back to the decision."""
    if name not in MACHINE:
        raise Http404
    action = MACHINE[name]
    vedtak = _vedtak(request, sak_id, vedtak_id, action.may)
    offer = MACHINE.offer(vedtak, request.user, name)
    form = action.form_class.for_action(
        request.POST or None, vedtak=vedtak, offer=offer, versjon=_seen_version(request, vedtak)
    )

    def call(d: dict):
        return action.service_function(
            actor=request.user, vedtak_id=vedtak.pk, versjon=d["versjon"], **form.service_kwargs()
        )

    return service_form(
        request,
        form,
        call,
        template=template,
        context={
            "sak": vedtak.sak,
            "vedtak": vedtak,
            "action": name,
            "title": action.label,
            "submit": action.label,
            "blocked": offer.blocked if offer else [],
            "warnings": offer.warnings if offer else [],
            "possible": offer is not None,
            **(extra(vedtak) if extra else {}),
        },
        success=reverse("vedtak:detail", args=[sak_id, vedtak.pk]),
        done=action.done,
    )


@require_http_methods(["GET", "POST"])
def vedtak_transition(request: HttpRequest, sak_id: int, vedtak_id: int, action: str):
    if action not in TRANSITIONS:
        raise Http404
    return _action_page(request, sak_id, vedtak_id, action)


@require_http_methods(["GET", "POST"])
def approve_measures(request: HttpRequest, sak_id: int, vedtak_id: int):
    """VED-05: the team leader approves the proposed measures."""
    return _action_page(
        request,
        sak_id,
        vedtak_id,
        "approve_measures",
        template="vedtak/confirm.html",
        extra=lambda vedtak: {
            "title": _("Approve the proposed measures"),
            "submit": _("Approve the measures"),
            "rule": "VED-05",
            "tiltak": list(vedtak.tiltak.all()),
        },
    )


@require_http_methods(["GET", "POST"])
def vedtak_comment(request: HttpRequest, sak_id: int, vedtak_id: int):
    vedtak = _vedtak(request, sak_id, vedtak_id, permissions.can_comment)
    form = ConfirmForm(
        request.POST or None, versjon=vedtak.versjon, comment=_("Comment"), comment_required=True
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.vedtak_comment(
                actor=request.user, vedtak_id=vedtak.pk, text=form.cleaned_data["comment"]
            )
        except DomainError as exc:
            _refused(form, exc)
        else:
            messages.success(request, _("The comment was saved."))
            return redirect("vedtak:detail", sak_id=sak_id, vedtak_id=vedtak.pk)
    return render(
        request,
        "vedtak/confirm.html",
        {
            "sak": vedtak.sak,
            "vedtak": vedtak,
            "form": form,
            "title": _("Write a comment"),
            "submit": _("Save comment"),
        },
    )


# --- VED-06: advance notice -----------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def forhandsvarsel_send(request: HttpRequest, sak_id: int, vedtak_id: int):
    vedtak = _vedtak(
        request,
        sak_id,
        vedtak_id,
        permissions.can_notify,
    )
    rows = selectors.notice_rows(vedtak)
    choices = [(row["key"], row["name"]) for row in rows if row["notice"] is None]
    form = ForhandsvarselForm(
        request.POST or None, choices=choices, initial={"mottakere": [c[0] for c in choices]}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.forhandsvarsel_send(
                actor=request.user, vedtak_id=vedtak.pk, **form.cleaned_data
            )
        except PermissionDenied:
            raise Http404 from None
        except DomainError as exc:
            _refused(form, exc)
        else:
            messages.success(
                request, _("The advance notice was registered; the letters are being made.")
            )
            return redirect("vedtak:detail", sak_id=sak_id, vedtak_id=vedtak.pk)
    return render(
        request,
        "vedtak/forhandsvarsel_form.html",
        {
            "sak": vedtak.sak,
            "vedtak": vedtak,
            "form": form,
            "rows": rows,
            "title": _("Send advance notice"),
        },
    )


@require_http_methods(["GET", "POST"])
def forhandsvarsel_statement(
    request: HttpRequest, sak_id: int, vedtak_id: int, forhandsvarsel_id: int
):
    vedtak = _vedtak(
        request,
        sak_id,
        vedtak_id,
        permissions.can_notify,
    )
    notice = next((n for n in vedtak.forhandsvarsler.all() if n.pk == forhandsvarsel_id), None)
    if notice is None:
        raise Http404
    form = UttalelseForm(
        request.POST or None,
        initial={
            "mottatt": notice.uttalelse_mottatt or timezone.localdate(),
            "uttalelse": notice.uttalelse,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.forhandsvarsel_register_statement(
                actor=request.user, forhandsvarsel_id=notice.pk, **form.cleaned_data
            )
        except DomainError as exc:
            _refused(form, exc)
        else:
            messages.success(request, _("The statement was recorded."))
            return redirect("vedtak:detail", sak_id=sak_id, vedtak_id=vedtak.pk)
    return render(
        request,
        "vedtak/confirm.html",
        {
            "sak": vedtak.sak,
            "vedtak": vedtak,
            "form": form,
            "title": _("Statement from %(name)s") % {"name": notice.mottaker_navn},
            "submit": _("Save statement"),
            "rule": "VED-06",
        },
    )


# --- SAM: consents --------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def samtykke_create(request: HttpRequest, sak_id: int):
    sak = access_sak(
        request, sak_id, check=can_edit_sak, queryset=Sak.objects.select_related("barn")
    )
    givers = [
        (
            Recipient(p).key,
            f"{p.fullt_navn} ({p.get_relasjon_display().lower()}"
            + (", " + str(_("daily care")) if p.daglig_omsorg else "")
            + ")",
        )
        for p in sak.parter.filter(aktiv=True)
    ]
    if timezone.localdate() >= rules.adult_from(sak.barn.fodselsdato):
        # SAM-01 from 18: the youth's own consent is the one that counts; first in the list.
        givers.insert(0, (CHILD_KEY, str(_("The youth (18 or older: only the youth consents)"))))
    else:
        givers.append((CHILD_KEY, str(_("The child"))))
    tiltak = selectors.consent_tiltak_choices(sak)
    initial = {}
    if vedtak_id := request.GET.get("vedtak"):
        initial["tiltak_valg"] = [t.pk for t in tiltak if str(t.vedtak_id) == vedtak_id]
    form = SamtykkeForm(request.POST or None, givers=givers, tiltak=tiltak, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k not in ("giver", "tiltak_valg")}
        try:
            services.samtykke_create(
                actor=request.user,
                sak_id=sak.pk,
                data=data,
                giver=form.cleaned_data["giver"],
                tiltak_ids=[t.pk for t in form.cleaned_data["tiltak_valg"]],
            )
        except PermissionDenied:
            raise Http404 from None
        except DomainError as exc:
            _refused(form, exc)
        else:
            messages.success(
                request, _("The consent was registered; the consent form is being made.")
            )
            return redirect("vedtak:samtykker", sak_id=sak.pk)
    return render(
        request,
        "vedtak/samtykke_form.html",
        {"sak": sak, "form": form, "title": _("Register consent")},
    )


def samtykke_list(request: HttpRequest, sak_id: int):
    sak = access_sak(request, sak_id)
    return render(
        request,
        "vedtak/samtykke_list.html",
        {
            "sak": sak,
            "samtykker": selectors.samtykker_for_sak(sak),
            "can_edit": can_edit_sak(request.user, sak),
            "title": _("Consents"),
            "today": timezone.localdate(),
        },
    )


@require_http_methods(["GET", "POST"])
def samtykke_withdraw(request: HttpRequest, sak_id: int, samtykke_id: int):
    sak = access_sak(request, sak_id, check=can_edit_sak)
    samtykke = Samtykke.objects.filter(sak=sak, pk=samtykke_id, trukket_dato__isnull=True).first()
    if samtykke is None:
        raise Http404
    form = SamtykkeWithdrawForm(request.POST or None, initial={"dato": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            services.samtykke_withdraw(
                actor=request.user, samtykke_id=samtykke.pk, **form.cleaned_data
            )
        except DomainError as exc:
            _refused(form, exc)
        else:
            messages.success(
                request,
                _(
                    "The withdrawal was recorded. The measures resting on "
                    "the consent are marked (SAM-03)."
                ),
            )
            return redirect("vedtak:samtykker", sak_id=sak.pk)
    return render(
        request,
        "vedtak/confirm.html",
        {
            "sak": sak,
            "form": form,
            "title": _("Withdraw consent"),
            "submit": _("Record withdrawal"),
            "rule": "SAM-03",
        },
    )


# --- VED-11: the measure's dates --------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def tiltak_dates(request: HttpRequest, sak_id: int, tiltak_id: int, what: str):
    if what not in ("start", "bortfall", "fulgt-opp"):
        raise Http404
    sak = access_sak(request, sak_id, check=can_edit_sak)
    tiltak = (
        Tiltak.objects.filter(vedtak__sak=sak, pk=tiltak_id)
        .select_related("type", "vedtak")
        .first()
    )
    if tiltak is None:
        raise Http404
    if what == "start":
        form = TiltakStartForm(request.POST or None, initial={"fra_dato": timezone.localdate()})
        title = _("Start of «%(measure)s»") % {"measure": tiltak.type.navn}
    elif what == "bortfall":
        form = TiltakLapseForm(
            request.POST or None, initial={"bortfalt_dato": timezone.localdate()}
        )
        title = _("«%(measure)s» lapsed without starting") % {"measure": tiltak.type.navn}
    else:
        form = ConfirmForm(request.POST or None, versjon=tiltak.vedtak.versjon)
        title = _("Withdrawn consent for «%(measure)s» followed up") % {"measure": tiltak.type.navn}
    if request.method == "POST" and form.is_valid():
        try:
            if what == "start":
                services.tiltak_start(
                    actor=request.user, tiltak_id=tiltak.pk, fra_dato=form.cleaned_data["fra_dato"]
                )
            elif what == "bortfall":
                services.tiltak_lapse(
                    actor=request.user,
                    tiltak_id=tiltak.pk,
                    bortfalt_dato=form.cleaned_data["bortfalt_dato"],
                )
            else:
                services.tiltak_acknowledge_withdrawal(actor=request.user, tiltak_id=tiltak.pk)
        except PermissionDenied:
            raise Http404 from None
        except DomainError as exc:
            _refused(form, exc)
        else:
            messages.success(request, _("The measure was updated."))
            return redirect("cases:detail", sak_id=sak.pk)
    return render(
        request,
        "vedtak/confirm.html",
        {
            "sak": sak,
            "form": form,
            "title": title,
            "submit": _("Save"),
            "rule": "VED-11" if what != "fulgt-opp" else "SAM-03",
        },
    )


# --- the queue and the dashboard -------------------------------------------------------------


def _queue_page(request, *, statuses, teams, select, template, title, extra=None):
    form = QueueFilterForm(request.GET or None, statuses=statuses, teams=teams)
    f = selectors.QueueFilter()
    if form.is_valid():
        f = selectors.QueueFilter(
            status=form.cleaned_data["status"] or "",
            team=form.cleaned_data["team"],
            frist=form.cleaned_data["frist"] or "",
        )
    queue = select(request.user, f)
    context = {
        "form": form,
        "queue": queue,
        "title": title,
        "today": timezone.localdate(),
        **(extra(request) if extra else {}),
    }
    if request.htmx:
        template += "#results"
    return render(request, template, context)


def _queue_sections(request) -> dict:
    """What other apps add to the queue (the plans waiting for a leader's approval, PLAN-03),
    through :data:`vedtak.pages.QUEUE`."""
    return QUEUE.collect(request.user)


def teamleder_queue(request: HttpRequest) -> HttpResponse:
    if not request.user.team_ids(Rolle.TEAMLEDER):
        raise Http404
    return _queue_page(
        request,
        statuses=(Vedtak.Status.TIL_VEILEDNING, Vedtak.Status.KLAR_FOR_GODKJENNING),
        teams=selectors.teamleder_teams(request.user),
        select=selectors.teamleder_queue,
        template="vedtak/teamleder_queue.html",
        title=_("Guidance and approval queue"),
        extra=_queue_sections,
    )


def barnevernleder_dashboard(request: HttpRequest) -> HttpResponse:
    if not request.user.tjeneste_ids(Rolle.BARNEVERNLEDER):
        raise Http404
    return _queue_page(
        request,
        statuses=(Vedtak.Status.KLAR_FOR_GODKJENNING, Vedtak.Status.GODKJENT),
        teams=selectors.barnevernleder_teams(request.user),
        select=selectors.barnevernleder_dashboard,
        template="vedtak/barnevernleder_dashboard.html",
        title=_("Decisions to sign"),
    )
