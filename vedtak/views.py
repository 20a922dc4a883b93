"""Decision pages: the vedtak page with its actions, the draft editor, advance notices,
consents, measures' dates, the team leader's queue and the head of service's dashboard.

Each view: access through the ROLE-02 scope (404 otherwise, with the read logged), then one
action of the kernel's tables (:mod:`vedtak.actions`) through :func:`core.edge.action_page`, or
a form and one service through :func:`core.edge.service_form`. A refusal by a rule is shown
next to the field it concerns. The pages render the offers they are given; none decides a
state or a role itself.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from accounts.models import Rolle
from cases.models import Sak
from cases.permissions import access_sak
from core.access import log_list
from core.edge import action_page, service_form
from core.exceptions import RuleViolation
from core.models import AccessLogEntry
from documents.selectors import dokumenter_panel

from . import permissions, selectors, services
from .actions import (
    FORHANDSVARSEL,
    MACHINE,
    NEXT_STEP,
    SAK,
    SAMTYKKE,
    TILTAK,
    TILTAK_PAGES,
    TRANSITIONS,
    UTKAST_TILTAK,
)
from .documents import remember_documents
from .forms import QueueFilterForm, VedtakForm
from .models import Forhandsvarsel, Samtykke, Vedtak
from .pages import DASHBOARD, DECISION_PAGE, QUEUE


def _vedtak(request: HttpRequest, sak_id: int, vedtak_id: int, check=None) -> Vedtak:
    return permissions.access_vedtak(
        request,
        sak_id,
        vedtak_id,
        queryset=selectors.vedtak_queryset(),
        sak_queryset=selectors.vedtak_sak_queryset(),
        check=check,
    )


def _sak_may(name: str):
    """The access check of a page of the case's action ``name`` (:data:`SAK`): its role."""
    return lambda user, sak: SAK.may(sak, user, name)


def _seen_version(request: HttpRequest, vedtak: Vedtak) -> int:
    """VED-12: the version of the decision the user saw, from the form's hidden field. A value
    that is not a number is left to the form, whose ``versjon`` field refuses it."""
    try:
        return int(request.POST.get("versjon") or vedtak.versjon)
    except ValueError:
        return vedtak.versjon


def _detail_url(vedtak: Vedtak) -> str:
    return reverse("vedtak:detail", args=[vedtak.sak_id, vedtak.pk])


def _edit_url(vedtak: Vedtak) -> str:
    return reverse("vedtak:edit", args=[vedtak.sak_id, vedtak.pk])


def _documents(vedtak: Vedtak):
    """The documents made from the vedtak, and the letters of its advance notices and of the
    consents to its measures (being made right after their forms are sent, DOK-01), as a
    panel (``core.batch``); DOK-01 (in the page's actions) reads the vedtak's own among them."""
    dokumenter = yield from dokumenter_panel(
        vedtak.sak_id,
        source=vedtak,
        also=[
            Forhandsvarsel.objects.filter(vedtak=vedtak),
            Samtykke.objects.filter(tiltak__vedtak=vedtak),
        ],
    )
    remember_documents(vedtak, dokumenter)
    return dokumenter


# --- the vedtak page ------------------------------------------------------------------------


def vedtak_detail(request: HttpRequest, sak_id: int, vedtak_id: int) -> HttpResponse:
    vedtak = _vedtak(request, sak_id, vedtak_id)
    user = request.user
    # What the apps above show on the page (the complaints, KLAGE-01), and the documents: their
    # lists in one statement (core.batch).
    panels = DECISION_PAGE.collect(user, vedtak, also={"dokumenter": _documents(vedtak)})
    dokumenter = panels.pop("dokumenter")
    recipients = selectors.notice_rows(vedtak)
    for row in recipients:
        row["actions"] = FORHANDSVARSEL.offers(row["notice"], user) if row["notice"] else []
    context = {
        "sak": vedtak.sak,
        "vedtak": vedtak,
        "tiltak": list(vedtak.tiltak.all()),
        # The kernel's offers (VED-03): the page renders exactly these, with their reasons.
        "actions": MACHINE.offers(vedtak, user, names=NEXT_STEP),
        "edit_actions": MACHINE.offers(vedtak, user, names=("edit",)),
        "notice_actions": MACHINE.offers(vedtak, user, names=("notify",)),
        "consent_actions": MACHINE.offers(vedtak, user, names=("register_consent",)),
        "comment_actions": MACHINE.offers(vedtak, user, names=("comment",)),
        "rules_panel": selectors.approval_snapshot(vedtak),
        "recipients": recipients,
        "kommentarer": list(vedtak.kommentarer.all()),
        "dokumenter": dokumenter,
        "today": timezone.localdate(),
        "panels": panels,
    }
    return render(request, "vedtak/vedtak_detail.html", context)


def _vedtak_action(
    request: HttpRequest,
    sak_id: int,
    vedtak_id: int,
    name: str,
    *,
    template: str,
    context=None,
    versioned: bool = True,
) -> HttpResponse:
    """The page of one action of the decision's table (:data:`MACHINE`); with ``versioned``
    the form carries the version the user saw (VED-12). ``context(vedtak)`` adds what the page
    shows besides."""
    vedtak = _vedtak(request, sak_id, vedtak_id, MACHINE[name].may)
    detail = _detail_url(vedtak)
    return action_page(
        request,
        MACHINE,
        name,
        vedtak,
        ids={"vedtak_id": vedtak.pk},
        success=detail,
        cancel=detail,
        template=template,
        context={"sak": vedtak.sak, "vedtak": vedtak, **(context(vedtak) if context else {})},
        form_kwargs={"versjon": _seen_version(request, vedtak)} if versioned else None,
    )


# --- the draft ------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def vedtak_create(request: HttpRequest, sak_id: int) -> HttpResponse:
    sak = access_sak(request, sak_id, check=_sak_may("create_vedtak"))
    return action_page(
        request,
        SAK,
        "create_vedtak",
        sak,
        ids={"sak_id": sak.pk},
        success=_edit_url,
        cancel=reverse("cases:detail", args=[sak.pk]),
        template="vedtak/vedtak_create.html",
        context={"sak": sak},
    )


def _stale_changes(vedtak: Vedtak, form: VedtakForm) -> list[dict]:
    """VED-12: keep what the user typed, show what is saved now where it differs, and let them
    save again on top of the new version once they have compared."""
    current = selectors.vedtak_as_saved(vedtak.pk)
    form.data = form.data.copy()
    form.data["versjon"] = current.versjon
    changed = []
    for name in VedtakForm.Meta.fields:
        saved = getattr(current, name)
        if str(saved or "") != str(form.data.get(name, "") or ""):
            changed.append({"label": form.fields[name].label, "value": saved})
    return changed


@require_http_methods(["GET", "POST"])
def vedtak_edit(request: HttpRequest, sak_id: int, vedtak_id: int) -> HttpResponse:
    vedtak = _vedtak(request, sak_id, vedtak_id, MACHINE["edit"].may)
    user = request.user
    offer = MACHINE.offer(vedtak, user, "edit")
    if offer is None:
        # VED-03: only a draft is edited; the decision's page says what can be done now.
        messages.info(request, str(MACHINE.state_breach(vedtak, False)))
        return redirect(_detail_url(vedtak))
    data = request.POST if request.method == "POST" else None
    form = VedtakForm.for_action(
        data, obj=vedtak, offer=offer, versjon=_seen_version(request, vedtak)
    )
    tiltak = list(vedtak.tiltak.all())
    for t in tiltak:
        t.actions = UTKAST_TILTAK.offers(t, user)
    measure_actions = MACHINE.offers(vedtak, user, names=("add_measure",))
    context = {
        "sak": vedtak.sak,
        "vedtak": vedtak,
        "title": _("Edit the draft decision"),
        "tiltak": tiltak,
        "measure_actions": measure_actions,
        "stale_changes": [],
    }
    # Issue 20: the page's other actions are buttons of the draft's form (``op``): the typed
    # text is saved first, then the user goes on to the action's page.
    then = _then_pages(measure_actions, tiltak).get(request.POST.get("op", ""))

    def call(_data: dict):
        try:
            return services.vedtak_update(actor=user, vedtak_id=vedtak.pk, **form.service_kwargs())
        except RuleViolation as exc:
            if any(b.rule_id == "VED-12" for b in exc.breaches):
                context["stale_changes"] = _stale_changes(vedtak, form)
            raise

    return service_form(
        request,
        form,
        call,
        template="vedtak/vedtak_form.html",
        context=context,
        success=then or _detail_url(vedtak),
        done=MACHINE["edit"].done,
    )


def _then_pages(measure_actions, tiltak) -> dict[str, str]:
    """The pages the draft's form may go on to once saved, by the ``op`` of its buttons: the
    actions offered on the page that are possible now (``add_measure``, ``change-<id>`` …)."""
    pages = {o.name: o.url for o in measure_actions if o.possible}
    for t in tiltak:
        pages.update({f"{o.name}-{t.pk}": o.url for o in t.actions if o.possible})
    return pages


def _draft_measure(vedtak: Vedtak, tiltak_id: int):
    tiltak = next((t for t in vedtak.tiltak.all() if t.pk == tiltak_id), None)
    if tiltak is None:
        raise Http404
    return tiltak


@require_http_methods(["GET", "POST"])
def tiltak_edit(
    request: HttpRequest, sak_id: int, vedtak_id: int, tiltak_id: int | None = None
) -> HttpResponse:
    """A measure added to the draft (:data:`MACHINE` ``add_measure``) or changed in it
    (:data:`UTKAST_TILTAK` ``change``)."""
    vedtak = _vedtak(request, sak_id, vedtak_id, MACHINE["add_measure"].may)
    if tiltak_id is None:
        machine, name, obj, ids = MACHINE, "add_measure", vedtak, {"vedtak_id": vedtak.pk}
        title = _("Add measure")
    else:
        obj = _draft_measure(vedtak, tiltak_id)
        machine, name, ids = UTKAST_TILTAK, "change", {"tiltak_id": obj.pk}
        title = _("Edit measure")
    return action_page(
        request,
        machine,
        name,
        obj,
        ids=ids,
        success=_edit_url(vedtak),
        cancel=_edit_url(vedtak),
        template="vedtak/tiltak_form.html",
        context={"sak": vedtak.sak, "vedtak": vedtak, "title": title, "submit": _("Save measure")},
        form_kwargs={"versjon": _seen_version(request, vedtak)},
    )


@require_http_methods(["GET", "POST"])
def tiltak_remove(request: HttpRequest, sak_id: int, vedtak_id: int, tiltak_id: int):
    vedtak = _vedtak(request, sak_id, vedtak_id, MACHINE["edit"].may)
    tiltak = _draft_measure(vedtak, tiltak_id)
    return action_page(
        request,
        UTKAST_TILTAK,
        "remove",
        tiltak,
        ids={"tiltak_id": tiltak.pk},
        success=_edit_url(vedtak),
        cancel=_edit_url(vedtak),
        template="vedtak/confirm.html",
        context={
            "sak": vedtak.sak,
            "vedtak": vedtak,
            "title": _("Remove «%(measure)s» from the draft?") % {"measure": tiltak.type.navn},
            "submit": _("Remove measure"),
        },
        form_kwargs={"versjon": _seen_version(request, vedtak)},
    )


# --- the transitions ------------------------------------------------------------------------

#: What a transition's page shows besides its form: the measures the head of service signs.
_TRANSITION_DETAILS = {"approve": lambda vedtak: {"tiltak": list(vedtak.tiltak.all())}}


@require_http_methods(["GET", "POST"])
def vedtak_transition(request: HttpRequest, sak_id: int, vedtak_id: int, action: str):
    if action not in TRANSITIONS:
        raise Http404
    return _vedtak_action(
        request,
        sak_id,
        vedtak_id,
        action,
        template="vedtak/vedtak_transition.html",
        context=_TRANSITION_DETAILS.get(action),
    )


@require_http_methods(["GET", "POST"])
def approve_measures(request: HttpRequest, sak_id: int, vedtak_id: int):
    """VED-05: the team leader approves the proposed measures."""
    return _vedtak_action(
        request,
        sak_id,
        vedtak_id,
        "approve_measures",
        template="vedtak/confirm.html",
        context=lambda vedtak: {
            "title": _("Approve the proposed measures"),
            "rule": "VED-05",
            "tiltak": list(vedtak.tiltak.all()),
        },
    )


@require_http_methods(["GET", "POST"])
def vedtak_comment(request: HttpRequest, sak_id: int, vedtak_id: int):
    return _vedtak_action(
        request,
        sak_id,
        vedtak_id,
        "comment",
        template="vedtak/confirm.html",
        context=lambda vedtak: {"submit": _("Save comment")},
        versioned=False,
    )


# --- VED-06: advance notice -----------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def forhandsvarsel_send(request: HttpRequest, sak_id: int, vedtak_id: int):
    return _vedtak_action(
        request,
        sak_id,
        vedtak_id,
        "notify",
        template="vedtak/forhandsvarsel_form.html",
        context=lambda vedtak: {"submit": _("Register advance notice"), "rule": "VED-06"},
        versioned=False,
    )


@require_http_methods(["GET", "POST"])
def forhandsvarsel_statement(
    request: HttpRequest, sak_id: int, vedtak_id: int, forhandsvarsel_id: int
):
    # The case's team (FORHANDSVARSEL's ``may``, read from the decision before the access log).
    vedtak = _vedtak(request, sak_id, vedtak_id, permissions.works_on_case)
    notice = next((n for n in vedtak.forhandsvarsler.all() if n.pk == forhandsvarsel_id), None)
    if notice is None:
        raise Http404
    # Recorded the first time; after that changed, with the earlier versions shown (issue 20).
    name = services.statement_action(notice)
    if name == "change_statement":
        title = _("Change the statement from %(name)s") % {"name": notice.mottaker_navn}
    else:
        title = _("Statement from %(name)s") % {"name": notice.mottaker_navn}
    return action_page(
        request,
        FORHANDSVARSEL,
        name,
        notice,
        ids={"forhandsvarsel_id": notice.pk},
        success=_detail_url(vedtak),
        cancel=_detail_url(vedtak),
        template="vedtak/statement_form.html",
        context={
            "sak": vedtak.sak,
            "vedtak": vedtak,
            "notice": notice,
            "versions": selectors.statement_versions(notice),
            "title": title,
            "submit": _("Save statement"),
            "rule": "VED-06",
        },
    )


# --- SAM: consents --------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def samtykke_create(request: HttpRequest, sak_id: int):
    sak = access_sak(
        request,
        sak_id,
        check=_sak_may("register_consent"),
        queryset=Sak.objects.select_related("barn"),
    )
    consents = reverse("vedtak:samtykker", args=[sak.pk])
    return action_page(
        request,
        SAK,
        "register_consent",
        sak,
        ids={"sak_id": sak.pk},
        success=consents,
        cancel=consents,
        template="vedtak/samtykke_form.html",
        context={"sak": sak},
        # From the decision's page: its measures are chosen.
        form_kwargs={"vedtak_id": request.GET.get("vedtak")},
    )


def samtykke_list(request: HttpRequest, sak_id: int):
    sak = access_sak(request, sak_id)
    user = request.user
    samtykker = selectors.samtykker_for_sak(sak)
    for samtykke in samtykker:
        samtykke.actions = SAMTYKKE.offers(samtykke, user)
    return render(
        request,
        "vedtak/samtykke_list.html",
        {
            "sak": sak,
            "samtykker": samtykker,
            "actions": SAK.offers(sak, user, names=("register_consent",)),
            "title": _("Consents"),
        },
    )


@require_http_methods(["GET", "POST"])
def samtykke_withdraw(request: HttpRequest, sak_id: int, samtykke_id: int):
    # The case's team (SAMTYKKE's ``may``), before the access log.
    sak = access_sak(request, sak_id, check=lambda user, sak: permissions.works_on_sak(sak, user))
    samtykke = selectors.samtykke_of_sak(sak, samtykke_id)
    if samtykke is None:
        raise Http404
    consents = reverse("vedtak:samtykker", args=[sak.pk])
    return action_page(
        request,
        SAMTYKKE,
        "withdraw",
        samtykke,
        ids={"samtykke_id": samtykke.pk},
        success=consents,
        cancel=consents,
        template="vedtak/confirm.html",
        context={"sak": sak, "title": _("Withdraw consent"), "rule": "SAM-03"},
    )


# --- VED-11: the measure's dates --------------------------------------------------------------

#: The action of each word of the URL (``start``, ``bortfall``, ``fulgt-opp``).
_TILTAK_ACTIONS = {word: name for name, word in TILTAK_PAGES.items()}


def _tiltak_title(name: str, measure: str) -> str:
    if name == "start":
        return _("Start of «%(measure)s»") % {"measure": measure}
    if name == "lapse":
        return _("«%(measure)s» lapsed without starting") % {"measure": measure}
    return _("Withdrawn consent for «%(measure)s» followed up") % {"measure": measure}


@require_http_methods(["GET", "POST"])
def tiltak_dates(request: HttpRequest, sak_id: int, tiltak_id: int, what: str):
    name = _TILTAK_ACTIONS.get(what)
    if name is None:
        raise Http404
    # The case's team (TILTAK's ``may``), before the access log.
    sak = access_sak(request, sak_id, check=lambda user, sak: permissions.works_on_sak(sak, user))
    tiltak = selectors.tiltak_of_sak(sak, tiltak_id)
    if tiltak is None:
        raise Http404
    case_page = reverse("cases:detail", args=[sak.pk])
    return action_page(
        request,
        TILTAK,
        name,
        tiltak,
        ids={"tiltak_id": tiltak.pk},
        success=case_page,
        cancel=case_page,
        template="vedtak/confirm.html",
        context={
            "sak": sak,
            "title": _tiltak_title(name, tiltak.type.navn),
            "submit": _("Save"),
            "rule": "SAM-03" if name == "acknowledge_withdrawal" else "VED-11",
        },
    )


# --- the queue and the dashboard -------------------------------------------------------------


def _queue_page(request, *, kind, statuses, teams, select, template, title, sections):
    form = QueueFilterForm(request.GET or None, statuses=statuses, teams=teams)
    f = selectors.QueueFilter()
    if form.is_valid():
        f = selectors.QueueFilter(
            status=form.cleaned_data["status"] or "",
            team=form.cleaned_data["team"],
            frist=form.cleaned_data["frist"] or "",
        )
    queue = select(request.user, f)
    # What other apps add (the plans to approve, the complaints, …) through ``sections``:
    # :data:`vedtak.pages.QUEUE` or :data:`vedtak.pages.DASHBOARD`.
    found = sections.collect(request.user)
    context = {
        "form": form,
        "queue": queue,
        "title": title,
        "today": timezone.localdate(),
        **found,
    }
    # ROLE-03: the cases shown (children's names) in one access-log row; htmx renders the
    # decisions only.
    shown = [v.sak for v in queue.rows]
    log_list(request, kind, shown if request.htmx else [*shown, *sections.shown(found)])
    if request.htmx:
        template += "#results"
    return render(request, template, context)


def teamleder_queue(request: HttpRequest) -> HttpResponse:
    if not request.user.team_ids(Rolle.TEAMLEDER):
        raise Http404
    return _queue_page(
        request,
        kind=AccessLogEntry.Liste.KO,
        statuses=(Vedtak.Status.TIL_VEILEDNING, Vedtak.Status.KLAR_FOR_GODKJENNING),
        teams=selectors.teamleder_teams(request.user),
        select=selectors.teamleder_queue,
        template="vedtak/teamleder_queue.html",
        title=_("Guidance and approval queue"),
        sections=QUEUE,
    )


def barnevernleder_dashboard(request: HttpRequest) -> HttpResponse:
    if not request.user.tjeneste_ids(Rolle.BARNEVERNLEDER):
        raise Http404
    return _queue_page(
        request,
        kind=AccessLogEntry.Liste.SIGNERING,
        statuses=(Vedtak.Status.KLAR_FOR_GODKJENNING, Vedtak.Status.GODKJENT),
        teams=selectors.barnevernleder_teams(request.user),
        select=selectors.barnevernleder_dashboard,
        template="vedtak/barnevernleder_dashboard.html",
        title=_("Decisions to sign"),
        sections=DASHBOARD,
    )
