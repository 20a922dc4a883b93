"""Small request helpers shared by the views."""

from django.conf import settings
from django.http import HttpRequest


def client_ip(request: HttpRequest) -> str | None:
    """The address the request came from, for the access log (ROLE-03).

    Behind the reverse proxy of a deployment, set ``TRUST_X_FORWARDED_FOR`` so that the last
    hop of ``X-Forwarded-For`` (the one our proxy added) is used; otherwise it is ignored, as a
    client could write anything there.
    """
    if getattr(settings, "TRUST_X_FORWARDED_FOR", False):
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        if forwarded:
            return forwarded.split(",")[-1].strip() or None
    return request.META.get("REMOTE_ADDR") or None
