"""What the page walks share (the 320 px walk in the browser, the nynorsk walk): which view a
page is, so that a walk visits a few pages of each kind and leaves files and the admin alone."""

from __future__ import annotations

from django.urls import Resolver404, resolve


def view_name(path: str, skip: set[str]) -> str | None:
    """The name of the view ``path`` resolves to; ``None`` for the admin, static files, a path
    that resolves nowhere, or a view in ``skip``."""
    if path.startswith(("/admin/", "/static/")):
        return None
    try:
        match = resolve(path)
    except Resolver404:
        return None
    return None if match.view_name in skip else match.view_name
