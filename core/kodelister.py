"""The register category of a measure type or programme (RAPP-01), for the apps below
``rapportering``.

A measure type (``vedtak.Tiltakstype``) and a programme (``programbank.Program``) each carry a
code from Statistics Norway's published list for Tiltak/Kategori. The list itself is data in
``rapportering`` (the top of the ladder, with the vendored schema); the apps below hold the
code as plain text, and their field's ``choices`` is :func:`kategori_choices`, which asks the
provider that ``rapportering`` sets in its ``AppConfig.ready()``. Without ``rapportering``
installed there are no choices, and only an empty category is valid.
"""

from __future__ import annotations

from collections.abc import Callable

_provider: Callable[[], list[tuple[str, str]]] | None = None


def set_kategori_provider(provide: Callable[[], list[tuple[str, str]]]) -> None:
    """``provide()`` returns ``[(code, label), …]``: every code of the published list."""
    global _provider
    _provider = provide


def kategori_choices() -> list[tuple[str, str]]:
    """The choices of a register category field (a callable: the migrations name no list)."""
    return list(_provider()) if _provider is not None else []
