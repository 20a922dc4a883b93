"""What the centre course gives the pages and actions of the apps below (filled in
:meth:`SenterConfig.ready`)."""

from __future__ import annotations


def register() -> None:
    from cases.pages import CASE_PAGE
    from henvisning import registry

    from . import rules, selectors, services

    # The case page lists the referrals to a centre, from the referrals' panel (no query).
    CASE_PAGE.register(
        "senter_panel", lambda user, sak, found: selectors.sak_panel(user, sak, found), order=49
    )
    # SENTER-01 refuses, SENTER-02 warns, when a referral to a centre is sent; the reason for
    # going on is kept on the course.
    if rules.SENTER_01 not in registry.SEND_RULES:
        registry.SEND_RULES.append(rules.SENTER_01)
    if rules.SENTER_02 not in registry.SEND_WARNINGS:
        registry.SEND_WARNINGS.append(rules.SENTER_02)
    if services.record_reason_for_sending not in registry.AFTER_SEND:
        registry.AFTER_SEND.append(services.record_reason_for_sending)
