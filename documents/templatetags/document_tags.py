"""Template tags of documents: presentation only, the decision is the action table's."""

from __future__ import annotations

from django import template

from documents.actions import DOKUMENT, LIST_ACTIONS

register = template.Library()


@register.simple_tag
def dokument_offers(dokument, user, names=None) -> list:
    """``{% dokument_offers d request.user dokument_actions as offers %}``: what the user may
    do with one document of a list now (:data:`documents.actions.DOKUMENT`). A page names the
    actions its list offers (``dokument_actions``, from its view); by default the list offers
    :data:`documents.actions.LIST_ACTIONS`. No queries: the document's case is loaded with it
    (``documents.selectors.dokumenter_for``) and the user's roles are cached."""
    return DOKUMENT.offers(dokument, user, names=names or LIST_ACTIONS)
