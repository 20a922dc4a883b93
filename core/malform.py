"""The two written forms of Norwegian (målform, issue 26): bokmål and nynorsk.

A service (``accounts.Tjeneste``) writes in one of them: its users' interface by default and
every letter to its parties (DOK-01). A user may choose the other form for their own screen
(``accounts.User.malform``), and a party may ask for their copies in it (``cases.Part.malform``).
The code is the language code Django's translation uses (``nb``, ``nn``): the catalogue in
``locale/<code>/`` and the letters in ``templates/documents/<code>/``.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Malform(models.TextChoices):
    BOKMAL = "nb", _("Bokmål")
    NYNORSK = "nn", _("Nynorsk")


def letters_form_field() -> models.CharField:
    """A person's wish for their copies of the letters in the other written form (a party, the
    child): empty for the service's own."""
    return models.CharField(
        _("written form of letters"),
        max_length=2,
        choices=Malform.choices,
        blank=True,
        help_text=_("Empty: the service's official form. A party may ask for the other."),
    )


def first_form(*candidates: str | None) -> str:
    """The first of ``candidates`` that is a written form (an empty one means «not chosen»),
    else the project's default language (bokmål)."""
    for code in candidates:
        if code in Malform.values:
            return code
    return settings.LANGUAGE_CODE
