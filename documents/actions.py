"""The actions on a document (DOK-01, DOK-02): one table, read by the document lists, the
pages and the services (see :mod:`core.actions`).

A document's states (``bestilt`` → ``ferdig`` or ``feilet`` → ``sendt``) are moved by the
render worker and the dispatch, not by django-fsm transitions: each action here is
``transition=None`` and says by ``applies`` in which states it is open.

- ``register_dispatch`` (DOK-02): who got a made document, when and how. Its page is
  :func:`documents.views.dokument_dispatch`.
- ``retry`` (DOK-01): order a letter that could not be made again. It asks for nothing
  (``form=None``), so a list posts it with one button; its page only confirms.
"""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.actions import Action, Machine
from core.exceptions import RuleBreach

from . import permissions
from .models import Dokument


def _made(dokument: Dokument) -> bool:
    return dokument.is_downloadable


def _failed(dokument: Dokument) -> bool:
    return dokument.is_failed


def _state(dokument: Dokument, stale: bool) -> RuleBreach:
    """Why an action does not apply to the document as it is now."""
    if dokument.is_failed:
        return RuleBreach(
            "DOK-01",
            _(
                "The letter could not be made. Try again, or contact the system administrator "
                "if it fails again."
            ),
        )
    if not dokument.is_downloadable:
        return RuleBreach("DOK-02", _("Only a document that has been made can be sent."))
    return RuleBreach("DOK-01", _("Only a document that could not be made can be tried again."))


_URLS = {"register_dispatch": "documents:dispatch", "retry": "documents:retry"}

DOKUMENT = Machine(
    "dokument",
    [
        Action(
            "register_dispatch",
            label=gettext_lazy("Register dispatch"),
            done=gettext_lazy("The dispatch was registered."),
            may=permissions.may_register_dispatch,
            transition=None,
            applies=_made,
            form="documents.forms.UtsendingForm",
            service="documents.services.dokument_register_dispatch",
            variant="secondary",
        ),
        Action(
            "retry",
            label=gettext_lazy("Try again"),
            done=gettext_lazy("The document is being made again."),
            may=permissions.may_retry,
            transition=None,
            applies=_failed,
            service="documents.services.dokument_retry",
            variant="secondary",
        ),
    ],
    state_breach=_state,
    url=lambda d, name: reverse(_URLS[name], kwargs={"sak_id": d.sak_id, "dokument_id": d.pk}),
)

#: What a list of documents offers on a page that does not say otherwise: trying a failed
#: letter again. A decision, a plan or an evaluation is sent through its own action (its
#: «send out» registers the dispatch), so only the case's documents page offers
#: ``register_dispatch`` too (:data:`ALL`).
LIST_ACTIONS = ("retry",)
ALL = tuple(a.name for a in DOKUMENT)
