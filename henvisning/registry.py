"""What the apps above the referrals add to a referral's actions, given in their
``AppConfig.ready()`` (the centre course, app ``senter``: SENTER-01, SENTER-02).

- :data:`SEND_RULES`: *must* rules checked when a referral is sent, besides
  :data:`henvisning.rules.SEND`; ``problems(henvisning, on)`` on the day it is sent. A rule
  that is not about this referral's receiver finds nothing.
- :data:`SEND_WARNINGS`: *should* rules: the send page shows them and the caseworker goes on
  with a recorded reason (the kernel's ``override_reason``).
- :data:`AFTER_SEND`: ``record(henvisning, *, actor, override_reason)`` is called in the send's
  transaction once it is recorded, so the app that warned keeps the reason on its own record.
- :data:`PAGE_LINKS`: ``links(henvisning, user)`` gives the :class:`cases.pages.Link` the
  referral's page shows under its heading (the centre course of a referral to a centre), with
  no query of its own.

The lists are the action table's own (:mod:`henvisning.actions` hands them to the ``send``
row), so what is registered here is what the kernel checks, the page shows and the service
enforces.
"""

from __future__ import annotations

from collections.abc import Callable

from core.rules import Rule

SEND_RULES: list[Rule] = []
SEND_WARNINGS: list[Rule] = []
AFTER_SEND: list[Callable[..., None]] = []
PAGE_LINKS: list[Callable[..., list]] = []
