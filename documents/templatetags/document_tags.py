"""Template tags of documents: presentation only, the decision is the action table's."""

from __future__ import annotations

from urllib.parse import urlencode

from django import template
from django.urls import reverse
from django.utils.html import format_html

from documents.actions import DOKUMENT, LIST_ACTIONS
from documents.models import Dokument

register = template.Library()


@register.simple_tag
def dokument_offers(dokument, user, names=None) -> list:
    """``{% dokument_offers d request.user dokument_actions as offers %}``: what the user may
    do with one document of a list now (:data:`documents.actions.DOKUMENT`). A page names the
    actions its list offers (``dokument_actions``, from its view); by default the list offers
    :data:`documents.actions.LIST_ACTIONS`. No queries: the document's case is loaded with it
    (``documents.selectors.dokumenter_for``) and the user's roles are cached."""
    return DOKUMENT.offers(dokument, user, names=names or LIST_ACTIONS)


#: How often a row asks whether its letter is made: soon after the order, and less often while
#: the letter waits for its next attempt after a failed one (minutes apart, DOK-01).
POLL_EVERY = "2s"
POLL_EVERY_RETRYING = "20s"


@register.simple_tag(takes_context=True)
def dokument_poll(context, dokument) -> str:
    """``<tr{% dokument_poll d %}>``: a row whose letter is being made asks for itself again
    (htmx, :func:`documents.views.dokument_row`) until it is made or failed; any other row,
    nothing. The row comes back as the list made it: the same actions, the same way back."""
    if dokument.status != Dokument.Status.BESTILT or not dokument.sak_id:
        return ""
    request = context.get("request")
    query = [("next", context.get("next") or (request.get_full_path() if request else ""))]
    query += [("handling", name) for name in context.get("dokument_actions") or ()]
    url = reverse("documents:row", kwargs={"sak_id": dokument.sak_id, "dokument_id": dokument.pk})
    return format_html(
        ' hx-get="{}?{}" hx-trigger="every {}" hx-swap="outerHTML"',
        url,
        urlencode([(k, v) for k, v in query if v]),
        POLL_EVERY_RETRYING if dokument.is_retrying else POLL_EVERY,
    )
