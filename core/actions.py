"""The action kernel: one way an action on a case's record is offered, checked and carried out.

Each state machine (a decision, a plan version, a contractor …) has one :class:`Machine`: a
table of :class:`Action` rows, each naming its label, the message when it is done, who may take
it, the rules that must hold (and those that only warn), the form that asks for its input and
the service that carries it out. From that one table:

- :meth:`Machine.offers` lists what a user may do with a record now, and for each action the
  reasons it is blocked (rule IDs), so a page renders exactly that list and never decides state
  or permission itself;
- :meth:`Machine.perform` is what a service calls, inside its transaction and on the locked
  row, to check and take the action: who may (else :class:`~core.exceptions.NotFound`, answered
  404 under ROLE-02), the state (through django-fsm's ``can_proceed``), the person (VED-04), the
  rules, the warnings (a *should* rule needs a recorded reason), django-fsm's
  ``has_transition_perm`` as the last gate, and then the transition itself.

Predicates all take ``(obj, user)``, as django-fsm calls a transition's ``permission=``. For a
transition the table's ``may`` *is* the ``permission=`` of the model's ``@transition`` (a test
checks they are the same function), so django-fsm and the pages agree on who may act.

``form`` and ``service`` may be given as dotted paths, resolved on first use: the table lives
below the services that call :meth:`Machine.perform`, and the forms belong to the view layer.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from typing import Any

from django.utils.functional import Promise
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _
from django_fsm import can_proceed, has_transition_perm

from .exceptions import NotFound, RuleBreach, RuleViolation
from .rules import PersonRule, Rule

Predicate = Callable[[Any, Any], bool]

#: A check every action of every table passes, filled by the apps above in their
#: ``AppConfig.ready()`` (AVS-02: nothing changes on a closed case, given by ``avslutning``).
#: ``guard(obj, fresh)`` returns the breach that stops any action on ``obj``, or ``None``;
#: ``fresh`` is true in :meth:`Machine.check` (it may read the database), false when the pages
#: list the offers (it looks only at what is loaded, so a list costs no query more).
GUARDS: list[Callable[[Any, bool], RuleBreach | None]] = []


def register_guard(guard: Callable[[Any, bool], RuleBreach | None]) -> None:
    if guard not in GUARDS:
        GUARDS.append(guard)


def guard_breaches(obj, *, fresh: bool) -> list[RuleBreach]:
    """What the global guards (:data:`GUARDS`) say about any action on ``obj``."""
    return [b for guard in GUARDS if (b := guard(obj, fresh)) is not None]


def _resolve(value):
    return import_string(value) if isinstance(value, str) else value


@dataclass(frozen=True)
class Action:
    """One row of a machine's table.

    ``transition`` names the model's ``@transition`` method (the action's own name by default;
    ``None`` for an action that changes no state, such as approving the proposed measures,
    whose state condition is then ``applies(obj)``)."""

    name: str
    label: str | Promise
    done: str | Promise
    may: Predicate
    rules: Sequence[Rule] = ()
    warnings: Sequence[Rule] = ()
    person_rules: Sequence[PersonRule] = ()
    form: Any = None
    service: Any = None
    transition: str | None = ""
    applies: Callable[[Any], bool] | None = None
    danger: bool = False
    #: How prominent the page makes it: "primary" (the way forward) or "secondary".
    variant: str = "primary"
    #: A short text of what the user is about to do, shown above the form.
    help: str | Promise = ""
    #: The action asks for nothing: the list posts it with a button, no page between.
    one_click: bool = False
    #: The global guards (:data:`GUARDS`) do not apply: reopening a closed case (AVS-02).
    unguarded: bool = False

    @property
    def method_name(self) -> str | None:
        return self.name if self.transition == "" else self.transition

    @cached_property
    def form_class(self):
        return _resolve(self.form)

    @cached_property
    def service_function(self):
        return _resolve(self.service)

    # --- the checks, each on its own -----------------------------------------------------

    def is_applicable(self, obj) -> bool:
        """The record's state allows the action (django-fsm's ``can_proceed`` without the
        conditions, which :meth:`blockers` explains)."""
        if self.method_name is None:
            return self.applies is None or bool(self.applies(obj))
        return can_proceed(getattr(obj, self.method_name), check_conditions=False)

    def is_permitted(self, obj, user) -> bool:
        return bool(self.may(obj, user))

    def blockers(self, obj, user, on: date | None = None) -> list[RuleBreach]:
        """What stops this user taking the action now: the person first (VED-04), then the
        record's rules."""
        found = [] if self.unguarded else guard_breaches(obj, fresh=False)
        if found:
            return found
        found = [b for rule in self.person_rules for b in rule.unmet(obj, user)]
        found.extend(b for rule in self.rules for b in rule.unmet(obj, on))
        return found

    def warned(self, obj, on: date | None = None) -> list[RuleBreach]:
        return [b for rule in self.warnings for b in rule.unmet(obj, on)]


@dataclass
class Offer:
    """An action a user may take on a record now, with what blocks it and what it warns of."""

    action: Action
    blocked: list[RuleBreach] = field(default_factory=list)
    warnings: list[RuleBreach] = field(default_factory=list)
    url: str = ""

    @property
    def name(self) -> str:
        return self.action.name

    @property
    def label(self):
        return self.action.label

    @property
    def danger(self) -> bool:
        return self.action.danger

    @property
    def variant(self) -> str:
        return self.action.variant

    @property
    def one_click(self) -> bool:
        return self.action.one_click

    @property
    def possible(self) -> bool:
        return not self.blocked

    # The older pages read offers as dicts: ``a["name"]``, ``a["blocked"]``.
    def __getitem__(self, key: str):
        return getattr(self, key)

    def get(self, key: str, default=None):
        return getattr(self, key, default)


class Machine:
    """The table of actions of one kind of record.

    ``state_breach(obj, stale)`` explains why an action does not apply in the record's state;
    ``stale`` is true when the user acted on a page of an older version (VED-12).
    ``url(obj, action_name)`` is the address of an action's page, for the offers."""

    def __init__(
        self,
        name: str,
        actions: Iterable[Action],
        *,
        state_breach: Callable[[Any, bool], RuleBreach],
        url: Callable[[Any, str], str] | None = None,
    ):
        self.name = name
        self.actions: dict[str, Action] = {}
        for action in actions:
            if action.name in self.actions:
                raise ValueError(f"{name}: the action {action.name!r} is listed twice.")
            self.actions[action.name] = action
        self.state_breach = state_breach
        self.url = url

    def __getitem__(self, name: str) -> Action:
        try:
            return self.actions[name]
        except KeyError:
            raise NotFound(_("No such action.")) from None

    def __contains__(self, name: str) -> bool:
        return name in self.actions

    def __iter__(self):
        return iter(self.actions.values())

    @property
    def transitions(self) -> tuple[str, ...]:
        """The names of the actions that are state transitions (the model's ``@transition``)."""
        return tuple(a.name for a in self if a.method_name is not None)

    # --- what the pages list ---------------------------------------------------------------

    def offer(self, obj, user, name: str, on: date | None = None) -> Offer | None:
        """The action as this user is offered it now, or ``None`` when it is not theirs or
        does not apply in the record's state."""
        action = self[name]
        if not (action.is_applicable(obj) and action.is_permitted(obj, user)):
            return None
        return Offer(
            action,
            blocked=action.blockers(obj, user, on),
            warnings=action.warned(obj, on),
            url=self.url(obj, name) if self.url else "",
        )

    def offers(
        self, obj, user, on: date | None = None, *, names: Iterable[str] | None = None
    ) -> list[Offer]:
        """Every action this user may take on ``obj`` now (in the table's order), each with
        the rules that block it (empty when it is possible) and its warnings."""
        wanted = list(names) if names is not None else list(self.actions)
        found = (self.offer(obj, user, name, on) for name in wanted)
        return [o for o in found if o is not None]

    def may(self, obj, user, name: str) -> bool:
        """The user holds the role for the action, whatever the state and the rules."""
        return self[name].is_permitted(obj, user)

    # --- what the services call ------------------------------------------------------------

    def check(
        self,
        name: str,
        obj,
        user,
        *,
        stale: bool = False,
        override_reason: str | None = None,
        as_of: date | None = None,
    ) -> list[RuleBreach]:
        """Everything :meth:`perform` checks before it acts; returns the warnings the user
        overrode. Raises :class:`NotFound` when the action is not the user's,
        :class:`RuleViolation` when the state, the person or a rule blocks it, or when a
        warning was not answered with a reason (on the field ``override_reason``)."""
        action = self[name]
        if not action.is_permitted(obj, user):
            raise NotFound
        if not action.unguarded and (guarded := guard_breaches(obj, fresh=True)):
            # AVS-02 and the like: before the state, so a closed case says why.
            raise RuleViolation(guarded)
        if not action.is_applicable(obj):
            raise RuleViolation([self.state_breach(obj, stale)])
        if breaches := action.blockers(obj, user, as_of):
            raise RuleViolation(breaches)
        warned = action.warned(obj, as_of)
        if warned and not (override_reason or "").strip():
            raise RuleViolation(
                [RuleBreach(b.rule_id, b.message, "override_reason") for b in warned]
            )
        if action.method_name is not None and not has_transition_perm(
            getattr(obj, action.method_name), user
        ):
            # The table and the model's @transition disagree: fail closed.
            raise NotFound
        return warned

    def perform(
        self,
        name: str,
        obj,
        user,
        *,
        stale: bool = False,
        override_reason: str | None = None,
        as_of: date | None = None,
        **kwargs,
    ):
        """Check the action (:meth:`check`) and take it: call the transition with
        ``by=user`` and ``kwargs`` (and ``override_reason`` when the action warns). The rules
        are checked on ``as_of`` (today by default); a transition's own keyword arguments,
        ``on`` included, go to it untouched. Changes the instance only; the calling service
        saves it and does the rest."""
        action = self[name]
        warned = self.check(
            name, obj, user, stale=stale, override_reason=override_reason, as_of=as_of
        )
        if action.method_name is None:
            return None
        if action.warnings and override_reason is not None:
            kwargs["override_reason"] = override_reason.strip() if warned else ""
        return getattr(obj, action.method_name)(by=user, **kwargs)
