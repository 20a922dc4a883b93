"""What the complaints give the pages of the apps below (filled in :meth:`KlageConfig.ready`)."""

from __future__ import annotations


def register() -> None:
    from cases.pages import CASE_PAGE
    from vedtak.pages import DASHBOARD, DECISION_PAGE, QUEUE

    from . import selectors

    # The case page shows the complaints and their state.
    CASE_PAGE.register(
        "klage_panel", lambda user, sak, found: selectors.case_panel(user, sak), order=47
    )
    # The decision page: its complaints and the offer to register one (KLAGE-01).
    DECISION_PAGE.register("klage", selectors.decision_panel, order=20)
    # KLAGE-02: the team leader handles a complaint like a decision.
    QUEUE.register(
        "klage_queue",
        lambda user, found: selectors.waiting_for_leader(user),
        order=20,
        shown=lambda klager: [k.sak for k in klager],  # ROLE-03: logged
    )
    # KLAGE-02: the head of service handles a complaint like a decision: the same list on the
    # head's dashboard (the service's complaints the head may change or send on).
    DASHBOARD.register(
        "klage_queue",
        lambda user, found: selectors.waiting_for_leader(user),
        order=10,
        shown=lambda klager: [k.sak for k in klager],  # ROLE-03: logged
    )
    # KLAGE-04: the complaints waiting, counted per team, on the head's dashboard.
    DASHBOARD.register("klage_counts", lambda user, found: selectors.waiting_per_team(user))
