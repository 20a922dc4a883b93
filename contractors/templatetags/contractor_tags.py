"""Template filters of contractors: presentation only, the decision is the predicate's."""

from django import template

from contractors import permissions

register = template.Library()


@register.filter
def sees_contractors(user) -> bool:
    """For the main menu: the service's staff see the contractors (ROLE-01)."""
    return permissions.can_see_contractors(user)


@register.filter
def blocked_on(panel, tiltak_id) -> list:
    """The case panel's assignments on one measure whose contractor may not act yet (OPP-02,
    found by ``selectors.sak_panel``); none when the page has no contractors panel."""
    return panel.blocked.get(tiltak_id, []) if panel else []
