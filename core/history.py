"""Saving a domain record the one way every service does (LOG-01): with the acting user and
a change reason in its history, and model validation turned into rule breaches by field."""

from __future__ import annotations

from django.core.exceptions import ValidationError

from .exceptions import RuleBreach, RuleViolation


def save_with_history(
    instance, *, actor, reason: str, update_fields: list[str] | None = None
) -> None:
    """Save with django-simple-history's user and change reason (LOG-01)."""
    instance._history_user = actor
    instance._change_reason = reason
    instance.save(update_fields=update_fields)


def full_clean_or_violation(
    instance, exclude: list[str] | None = None, rule: str = "LOG-02", **kwargs
) -> None:
    """Model validation raised as a :class:`RuleViolation`, one breach per field message."""
    try:
        instance.full_clean(exclude=exclude, **kwargs)
    except ValidationError as exc:
        raise RuleViolation(
            [RuleBreach(rule, m, f) for f, msgs in exc.message_dict.items() for m in msgs]
        ) from None
