"""The error pages: 400, 403, 404, 500 and a refused form (CSRF_FAILURE_VIEW).

Django's own error pages are English, and with DEBUG on its debug pages show the code and the
data at hand. These are the project's, in Norwegian, in every settings mode; they never show
the exception's text. An error page must not fail in turn: when the layout cannot be built
(the database gone, a static file missing from the manifest), the plain page is sent instead.
"""

from __future__ import annotations

import logging

from django.http import HttpRequest, HttpResponse, HttpResponseServerError
from django.shortcuts import render
from django.template import loader
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.views.decorators.csrf import requires_csrf_token

logger = logging.getLogger(__name__)


def plain_error_page() -> str:
    """The error page with no layout, no request and no database: a heading, text and a link."""
    return format_html(
        '<!DOCTYPE html><html lang="nb"><head><meta charset="utf-8"><title>{} – {}</title>'
        '</head><body><main><h1>{}</h1><p>{}</p><p><a href="/">{}</a></p></main></body></html>',
        _("Something went wrong"),
        _("Hjelpetiltak"),
        _("Something went wrong"),
        _(
            "An error occurred on our side. What you did may still have been saved: open the "
            "page again and check before you do it again. Contact user support if the error "
            "persists."
        ),
        _("Go to the start page"),
    )


def _page(request: HttpRequest, template_name: str, status: int) -> HttpResponse:
    try:
        return render(request, template_name, status=status)
    except Exception:
        logger.exception("core.error_page_failed", extra={"status": status})
        return HttpResponse(plain_error_page(), status=status)


@requires_csrf_token
def bad_request(request: HttpRequest, exception=None) -> HttpResponse:
    return _page(request, "400.html", 400)


@requires_csrf_token
def permission_denied(request: HttpRequest, exception=None) -> HttpResponse:
    return _page(request, "403.html", 403)


@requires_csrf_token
def page_not_found(request: HttpRequest, exception=None) -> HttpResponse:
    return _page(request, "404.html", 404)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """A form sent with a missing or stale token (a tab left open over a new login, a login
    that ended, cookies blocked): nothing was saved."""
    return _page(request, "403_csrf.html", 403)


def server_error(request: HttpRequest) -> HttpResponse:
    """Rendered without the request, so that no context processor runs: nothing on this page
    needs the database, which may be what failed («database is locked»)."""
    try:
        html = loader.get_template("500.html").render()
    except Exception:
        logger.exception("core.error_page_failed", extra={"status": 500})
        html = plain_error_page()
    return HttpResponseServerError(html)
