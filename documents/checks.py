"""System checks: every registered letter has a template in each written form, and the PDFs
are stored privately."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core import checks
from django.template import TemplateDoesNotExist
from django.template.loader import get_template

from core.malform import Malform

from . import registry


def registered_templates_exist(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    errors = []
    for kind in registry.registered():
        for sprak in Malform.values:
            name = kind.template_for(sprak)
            try:
                get_template(name)
            except TemplateDoesNotExist:
                errors.append(
                    checks.Error(
                        f"The template {name!r} of document type {kind.type!r} is missing.",
                        id="documents.E001",
                    )
                )
    return errors


def storage_is_private(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    """The documents' root must not lie under a directory that is served to browsers."""
    location = settings.DOCUMENTS_STORAGE.get("OPTIONS", {}).get("location")
    if not location:
        return []
    root = Path(location).resolve()
    errors = []
    for name in ("MEDIA_ROOT", "STATIC_ROOT"):
        served = getattr(settings, name, None)
        if served and root.is_relative_to(Path(served).resolve()):
            errors.append(
                checks.Error(
                    f"DOCUMENTS_ROOT must not be inside {name}: documents are never public.",
                    id="documents.E002",
                )
            )
    return errors


def register_checks() -> None:
    checks.register(registered_templates_exist, checks.Tags.templates)
    checks.register(storage_is_private, checks.Tags.security, deploy=False)
