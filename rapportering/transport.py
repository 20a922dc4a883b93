"""RAPP-04: how a released extract reaches the register.

``settings.RAPPORTERING_TRANSPORT`` names a class (dotted path) with a ``name`` and
``send(uttrekk, fil)``; a deployment plugs in the national receiving service there. By default
there is none: the head of service downloads the released file, and the download is the logged
act of sending it (``via`` «nedlasting»).
"""

from __future__ import annotations

from typing import IO, Protocol

from django.conf import settings
from django.utils.module_loading import import_string

NEDLASTING = "nedlasting"


class Transport(Protocol):
    name: str

    def send(self, uttrekk, fil: IO[bytes]) -> None: ...


def configured() -> Transport | None:
    path = getattr(settings, "RAPPORTERING_TRANSPORT", "") or ""
    return import_string(path)() if path else None
