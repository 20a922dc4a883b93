"""The reporting's rules (RAPP-03, RAPP-04) as objects the kernel asks."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from core.rules import Rule


def _blocking(uttrekk, on) -> list[str]:
    if uttrekk.kan_frigis:
        return []
    return [
        _("It has %(fatal)s FATAL and %(error)s ERROR results: fix the records and build again.")
        % {"fatal": uttrekk.antall_fatal, "error": uttrekk.antall_error}
    ]


RAPP_03 = Rule(
    "RAPP-03",
    _("An extract with a FATAL or ERROR result is not released."),
    _blocking,
)
