"""Administration of users and the organisation, for the system administrator.

Case data is deliberately not in the admin: it would bypass need-to-know (ROLE-02) and the
access log (ROLE-03). Nothing is deleted here either: users are deactivated, memberships ended.
"""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from simple_history.admin import SimpleHistoryAdmin

from .models import Rolletildeling, Team, Tjeneste, User


class NoDeleteMixin:
    def has_delete_permission(self, request, obj=None):
        return False


class RolletildelingInline(NoDeleteMixin, admin.TabularInline):
    model = Rolletildeling
    fk_name = "user"
    extra = 0
    fields = ("rolle", "tjeneste", "team", "opprettet", "avsluttet")
    readonly_fields = ("opprettet",)


@admin.register(User)
class UserAdmin(NoDeleteMixin, SimpleHistoryAdmin, BaseUserAdmin):
    inlines = [RolletildelingInline]
    fieldsets = (
        *BaseUserAdmin.fieldsets,
        ("Stilling", {"fields": ("tittel", "adresseklarering")}),
    )
    list_display = ("username", "first_name", "last_name", "is_active")


@admin.register(Tjeneste)
class TjenesteAdmin(NoDeleteMixin, SimpleHistoryAdmin):
    list_display = ("navn", "kommune", "kommunenummer")


@admin.register(Team)
class TeamAdmin(NoDeleteMixin, SimpleHistoryAdmin):
    list_display = ("navn", "tjeneste")
    list_filter = ("tjeneste",)
