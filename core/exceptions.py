"""One exception hierarchy for the domain layer, translated to messages at the edge."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.utils.functional import Promise


class DomainError(Exception):
    """A service refused an action. ``message`` is shown to the user as it is."""

    def __init__(self, message: str | Promise, *, field: str | None = None):
        super().__init__(str(message))
        self.message = message
        self.field = field


@dataclass(frozen=True)
class RuleBreach:
    rule_id: str
    message: str | Promise
    field: str | None = None

    def __str__(self) -> str:
        return f"{self.message} ({self.rule_id})"


class RuleViolation(DomainError):
    """One or more rules of RULES.md block the action; each message names its rule ID."""

    def __init__(self, breaches: list[RuleBreach]):
        self.breaches = breaches
        super().__init__("; ".join(str(b) for b in breaches))


class NotFound(DomainError, PermissionDenied):
    """The record is outside what the user may see or act on (ROLE-02). The edge answers 404,
    exactly as for a record that does not exist: its existence is itself sensitive.

    It is a ``PermissionDenied`` too, so code that refuses with Django's exception and code
    that catches it keep working while the services move over."""

    def __init__(self, message: str | Promise = ""):
        super().__init__(message)
