"""What the checklists show on the case page (filled in ``RutinerConfig.ready()``): a link,
no query."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from cases.pages import Link


def checklist_links(user, sak, found=None) -> list[Link]:
    """RUT-01: the case's checklists, for everyone who sees the case."""
    return [Link(_("Checklists"), reverse("rutiner:sak_list", args=[sak.pk]), "RUT-01")]
