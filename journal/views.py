"""The journal's pages under a case: the journal (a timeline with filters and search), a note,
writing, editing, signing and correcting one (JOUR-01 … JOUR-04).

Every page opens the case through :func:`cases.permissions.access_sak`: outside need-to-know
it answers 404 (ROLE-02), and the read is logged before anything is shown (ROLE-03, JOUR-04).
The action as the kernel's tables offer it (:mod:`journal.actions`), :mod:`core.edge` for the
form → service → redirect loop; the pages render the offers they are given.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from cases.permissions import access_sak
from cases.selectors import sak_detail_queryset
from core.edge import action_page, service_form

from . import forms, rules, selectors, services
from .actions import JOURNAL, MACHINE
from .models import Journalnotat


def _journal_url(sak_id: int) -> str:
    return reverse("journal:journal", args=[sak_id])


def _detail_url(notat: Journalnotat) -> str:
    return reverse("journal:detail", args=[notat.sak_id, notat.pk])


def _note(request: HttpRequest, sak_id: int, notat_id: int, action: str | None = None):
    """The case and one of its notes (ROLE-02: 404 otherwise; ROLE-03: the read logged).
    With ``action``, the page is that action's, and only for who may take it."""
    found: dict = {}

    def check(user, sak) -> bool:
        notat = selectors.note_detail(sak, notat_id)
        if notat is None:
            return False
        found["notat"] = notat
        return action is None or MACHINE.may(notat, user, action)

    sak = access_sak(request, sak_id, queryset=sak_detail_queryset(), check=check)
    return sak, found["notat"]


@require_http_methods(["GET"])
def journal(request: HttpRequest, sak_id: int) -> HttpResponse:
    """JOUR-01/JOUR-04: the case's journal, newest first, filtered and searched; a case read."""
    sak = access_sak(request, sak_id, queryset=sak_detail_queryset())
    authors = list(selectors.authors_of(sak))
    measures = list(selectors.measures_of(sak))
    form = forms.FilterForm(request.GET or None, authors=authors, measures=measures)
    filters = form.filters() if form.is_bound else selectors.Filters()
    found = selectors.journal_page(request.user, sak, filters, request.GET.get("side"))
    query = request.GET.copy()
    query.pop("side", None)
    context = {
        "sak": sak,
        "form": form,
        "filters": filters,
        "journal": found,
        "page_obj": found.page,
        "query": query.urlencode(),
        "actions": JOURNAL.offers(sak, request.user),
    }
    return render(request, "journal/journal.html", context)


def _note_form(
    request, sak, *, call, title, submit, done, initial, cancel, notat=None, original=None
):
    data = request.POST if request.method == "POST" else None
    form = forms.NotatForm(data, sak=sak, initial=initial)
    return service_form(
        request,
        form,
        lambda _d: call(form),
        template="journal/notat_form.html",
        context={
            "sak": sak,
            "title": title,
            "submit": submit,
            "cancel": cancel,
            "notat": notat,
            "original": original,
            "child_conversation": rules.CHILD_CONVERSATION,
        },
        success=_detail_url,
        done=done,
    )


@require_http_methods(["GET", "POST"])
def notat_create(request: HttpRequest, sak_id: int) -> HttpResponse:
    sak = access_sak(
        request,
        sak_id,
        queryset=sak_detail_queryset(),
        check=lambda user, s: JOURNAL.may(s, user, "create"),
    )
    action = JOURNAL["create"]
    return _note_form(
        request,
        sak,
        call=lambda form: services.notat_create(
            actor=request.user,
            sak_id=sak.pk,
            data=form.service_data(),
            parter=form.service_parter(),
        ),
        title=action.label,
        submit=_("Save the draft"),
        done=action.done,
        initial={"dato": timezone.localdate()},
        cancel=_journal_url(sak.pk),
    )


@require_http_methods(["GET"])
def notat_detail(request: HttpRequest, sak_id: int, notat_id: int) -> HttpResponse:
    sak, notat = _note(request, sak_id, notat_id)
    context = {
        "sak": sak,
        "notat": notat,
        "corrections": list(notat.korrigeringer.all()),
        # The kernel's offers (JOUR-02): the page renders exactly these, with their reasons.
        "actions": MACHINE.offers(notat, request.user),
    }
    return render(request, "journal/notat_detail.html", context)


def _not_possible(request, sak, notat, name: str) -> HttpResponse:
    """The action does not apply to the note as it is (JOUR-02): say why, change nothing."""
    return render(
        request,
        "components/action_page.html",
        {
            "sak": sak,
            "title": MACHINE[name].label,
            "not_possible": MACHINE.state_breach(notat, False),
            "cancel": _detail_url(notat),
        },
    )


@require_http_methods(["GET", "POST"])
def notat_edit(request: HttpRequest, sak_id: int, notat_id: int) -> HttpResponse:
    """A draft, by its author. A signed note is locked (JOUR-02): the page says so, and a
    POST changes nothing."""
    sak, notat = _note(request, sak_id, notat_id, "edit")
    if MACHINE.offer(notat, request.user, "edit") is None:
        return _not_possible(request, sak, notat, "edit")
    action = MACHINE["edit"]
    return _note_form(
        request,
        sak,
        call=lambda form: services.notat_update(
            actor=request.user,
            notat_id=notat.pk,
            sak_id=sak.pk,
            data=form.service_data(),
            parter=form.service_parter(),
        ),
        title=_("Edit the draft note"),
        submit=_("Save the draft"),
        done=action.done,
        initial=forms.NotatForm.initial_from(notat),
        cancel=_detail_url(notat),
        notat=notat,
    )


@require_http_methods(["GET", "POST"])
def notat_sign(request: HttpRequest, sak_id: int, notat_id: int) -> HttpResponse:
    sak, notat = _note(request, sak_id, notat_id, "sign")
    return action_page(
        request,
        MACHINE,
        "sign",
        notat,
        ids={"notat_id": notat.pk, "sak_id": sak.pk},
        template="journal/notat_sign.html",
        context={"sak": sak, "notat": notat},
        success=_detail_url,
        cancel=_detail_url(notat),
    )


@require_http_methods(["GET", "POST"])
def notat_correct(request: HttpRequest, sak_id: int, notat_id: int) -> HttpResponse:
    """JOUR-02: a signed note is corrected by a new note that refers to it; both stay."""
    sak, original = _note(request, sak_id, notat_id, "correct")
    if MACHINE.offer(original, request.user, "correct") is None:
        return _not_possible(request, sak, original, "correct")
    initial = forms.NotatForm.initial_from(original)
    initial["dato"] = original.dato
    action = MACHINE["correct"]
    return _note_form(
        request,
        sak,
        call=lambda form: services.notat_create(
            actor=request.user,
            sak_id=sak.pk,
            data=form.service_data(),
            parter=form.service_parter(),
            notat_id=original.pk,
        ),
        title=_("Correct a signed note"),
        submit=_("Save the correction as a draft"),
        done=action.done,
        initial=initial,
        cancel=_detail_url(original),
        original=original,
    )
