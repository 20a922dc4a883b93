"""The view edge: one place where the domain's refusals become responses.

- :class:`~core.exceptions.NotFound` (outside need-to-know, or not the user's to act on) and
  django's ``PermissionDenied`` raised by a service answer **404** (ROLE-02: the existence of a
  child's case is itself sensitive). :class:`DomainErrorMiddleware` does it for every view, so a
  view that forgets cannot answer 403 on a race.
- A rule breach (:class:`~core.exceptions.RuleViolation`) or any other
  :class:`~core.exceptions.DomainError` goes back to the form, each message next to its field,
  the user's input kept; the stale-form message of VED-12 is one of them.

:func:`service_form` is the form → service → redirect loop every form view shares;
:func:`action_page` is that loop for one action of a kernel table (:mod:`core.actions`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from .actions import Machine
from .exceptions import DomainError, NotFound
from .forms import add_domain_error


class DomainErrorMiddleware:
    """A :class:`NotFound` that leaves a view answers 404 (ROLE-02)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, NotFound):
            raise Http404 from exception


def run_service(form, call: Callable[[dict], Any]) -> tuple[bool, Any]:
    """Call ``call(cleaned_data)`` for a valid form. Returns ``(True, result)``, or
    ``(False, None)`` with the refusal put on the form. ``NotFound`` and a service's
    ``PermissionDenied`` answer 404."""
    try:
        return True, call(form.cleaned_data)
    except (NotFound, PermissionDenied):
        raise Http404 from None
    except DomainError as exc:
        add_domain_error(form, exc)
        return False, None


def button_post(
    request: HttpRequest, call: Callable[[], Any], *, done: Any, to: str
) -> HttpResponse:
    """A button that posts no form (e.g. «Prøv igjen»): call the service, then back to ``to``
    with ``done`` or the refusal as a message. ``NotFound`` and a service's
    ``PermissionDenied`` answer 404."""
    try:
        call()
    except (NotFound, PermissionDenied):
        raise Http404 from None
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, done)
    return redirect(to)


def service_form(
    request: HttpRequest,
    form,
    call: Callable[[dict], Any],
    *,
    template: str,
    context: dict | None = None,
    success: str | Callable[[Any], HttpResponse | str] | None = None,
    done: Any = None,
) -> HttpResponse:
    """The loop of a form page: on a valid POST call the service (``call(cleaned_data)``),
    then show ``done`` as a message and redirect to ``success`` (a URL, or a function of the
    service's result giving a URL or a response); otherwise render ``template`` with the form
    (its errors next to the fields) and ``context``."""
    if request.method == "POST" and form.is_valid():
        ok, result = run_service(form, call)
        if ok:
            if done:
                messages.success(request, done)
            target = success(result) if callable(success) else success
            if isinstance(target, HttpResponse):
                return target
            return redirect(target or request.get_full_path())
    return render(request, template, {**(context or {}), "form": form})


def action_page(
    request: HttpRequest,
    machine: Machine,
    name: str,
    obj,
    *,
    ids: dict[str, Any],
    success: str | Callable[[Any], HttpResponse | str],
    cancel: str,
    template: str = "components/action_page.html",
    context: dict[str, Any] | None = None,
    form_kwargs: dict[str, Any] | None = None,
) -> HttpResponse:
    """The page of one action of a kernel table on ``obj``.

    Answers 404 (:class:`NotFound`) when the action is not the user's (ROLE-02). Otherwise it
    shows why the action does not apply now (``not_possible``), or what blocks it, what it
    warns of and its form (``action.form_class.for_action(data, obj=…, offer=…,
    **form_kwargs)``, see :class:`core.forms.ActionForm`). On a valid POST it calls the
    action's service with ``actor``, ``ids`` and the form's ``service_kwargs()``; the service
    checks everything again on the locked row (:meth:`Machine.perform`). Then ``done`` and
    ``success``. ``context`` may name the page otherwise than the action (``title``,
    ``submit``) and adds what the template shows."""
    action = machine[name]
    if not action.is_permitted(obj, request.user):
        raise NotFound
    offer = machine.offer(obj, request.user, name)
    # A bound form on every POST: a button that asks for nothing posts no fields.
    data = request.POST if request.method == "POST" else None
    form = action.form_class.for_action(data, obj=obj, offer=offer, **(form_kwargs or {}))

    def call(_data: dict):
        return action.service_function(actor=request.user, **ids, **form.service_kwargs())

    return service_form(
        request,
        form,
        call,
        template=template,
        context={
            "action": action,
            "offer": offer,
            "title": action.label,
            "submit": action.label,
            "help": action.help,
            "danger": action.danger,
            "blocked": offer.blocked if offer else [],
            "warnings": offer.warnings if offer else [],
            # Why the action does not apply to the record as it is now (shown, no form).
            "not_possible": None if offer else machine.state_breach(obj, False),
            "cancel": cancel,
            **(context or {}),
        },
        success=success,
        done=action.done,
    )
