"""Template filters of contractors: presentation only, the decision is the predicate's."""

from django import template

from contractors import permissions

register = template.Library()


@register.filter
def sees_contractors(user) -> bool:
    """For the main menu: the service's staff see the contractors (ROLE-01)."""
    return permissions.can_see_contractors(user)
