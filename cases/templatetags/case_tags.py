from django import template

from cases import permissions

register = template.Library()


@register.filter
def address_cleared(person, user) -> bool:
    """SAK-05: ``{% if person|address_cleared:user %}`` – the user may open the address."""
    return permissions.cleared_for_address(user, person)
