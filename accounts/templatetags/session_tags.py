from django import template
from django.conf import settings

from accounts import sessions

register = template.Library()


@register.inclusion_tag("components/session_timeout.html", takes_context=True)
def session_timeout(context):
    """The warning before the login ends (shown by static/js/app.js), for a logged-in user."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if request is None or user is None or not user.is_authenticated:
        return {"show": False}
    warn = settings.SESSION_WARNING_SECONDS
    return {
        "show": True,
        "csrf_token": context.get("csrf_token"),
        "seconds_left": sessions.seconds_left(request.session),
        "warn_seconds": warn,
        "warn_minutes": warn // 60,
    }
