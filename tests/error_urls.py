"""The project's URLs and error handlers, plus views that fail on purpose
(tests/test_error_pages.py)."""

from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.db import OperationalError
from django.urls import path

from hjelpetiltak.urls import handler400, handler403, handler404, handler500, urlpatterns

__all__ = ["handler400", "handler403", "handler404", "handler500", "urlpatterns"]


def forbidden(request):
    raise PermissionDenied("the reason stays in the code")


def suspicious(request):
    raise SuspiciousOperation("the reason stays in the code")


def locked(request):
    raise OperationalError("database is locked")


urlpatterns = [
    path("test-feil/403/", forbidden),
    path("test-feil/400/", suspicious),
    path("test-feil/500/", locked),
    *urlpatterns,
]
