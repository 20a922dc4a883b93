"""What the referrals give the pages of the apps below (filled in
:meth:`HenvisningConfig.ready`)."""

from __future__ import annotations


def register() -> None:
    from cases.history import register_history_source
    from cases.pages import CASE_PAGE
    from plans import registry as plan_registry

    from . import selectors, views

    # The case page shows the referrals and their state, in one query (HENV-01, HENV-02).
    CASE_PAGE.register(
        "henvisning_panel",
        lambda user, sak, found: selectors.case_panel(user, sak),
        order=48,
    )
    # LOG-01: every change of a referral in the case history.
    register_history_source(selectors.history_sources)
    # HENV-01: a referral written from a goal of the plan.
    plan_registry.register_section("henvisning/_plan_section.html", views.plan_section)
