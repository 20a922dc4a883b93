"""What the centre course gives the pages and actions of the apps below (filled in
:meth:`SenterConfig.ready`)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from cases.pages import Link


def register() -> None:
    from cases.pages import CASE_PAGE
    from henvisning import registry

    from . import rules, selectors, services

    # The case page lists the referrals to a centre, from the referrals' panel (no query).
    CASE_PAGE.register(
        "senter_panel",
        lambda user, sak, found: selectors.sak_panel_batched(user, sak, found),
        order=49,
    )
    # SENTER-01 refuses, SENTER-02 warns, when a referral to a centre is sent; the reason for
    # going on is kept on the course.
    if rules.SENTER_01 not in registry.SEND_RULES:
        registry.SEND_RULES.append(rules.SENTER_01)
    if rules.SENTER_02 not in registry.SEND_WARNINGS:
        registry.SEND_WARNINGS.append(rules.SENTER_02)
    if services.record_reason_for_sending not in registry.AFTER_SEND:
        registry.AFTER_SEND.append(services.record_reason_for_sending)
    # The referral's page links to its centre course (SENTER-03).
    if course_link not in registry.PAGE_LINKS:
        registry.PAGE_LINKS.append(course_link)


def course_link(henvisning, user) -> list:
    """The link from a referral to a centre to its course page (no query: the receiver is
    read with the referral)."""
    if not henvisning.mottaker.er_senter:
        return []
    url = reverse("senter:detail", args=[henvisning.sak_id, henvisning.pk])
    return [Link(_("Centre course"), url, "SENTER-03")]
