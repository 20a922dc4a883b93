"""What the referrals give the pages of the apps below (filled in
:meth:`HenvisningConfig.ready`)."""

from __future__ import annotations


def register() -> None:
    from cases.pages import CASE_PAGE

    from . import selectors

    # The case page shows the referrals and their state, in one query (HENV-01, HENV-02).
    CASE_PAGE.register(
        "henvisning_panel", lambda user, sak, found: selectors.case_panel(user, sak), order=48
    )
