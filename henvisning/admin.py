"""The receiver list and the referral setting in the admin, beside the head of service's own
page (:func:`henvisning.views.receivers`). No referral is here: it is case data (ROLE-02)."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Henvisningsoppsett, Mottaker


class NoDelete:
    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Mottaker)
class MottakerAdmin(NoDelete, SimpleHistoryAdmin):
    list_display = ("navn", "type", "tjeneste", "svarfrist_dager", "krever_vedtak", "aktiv")
    list_filter = ("tjeneste", "type", "aktiv")
    search_fields = ("navn",)


@admin.register(Henvisningsoppsett)
class HenvisningsoppsettAdmin(NoDelete, SimpleHistoryAdmin):
    list_display = ("tjeneste", "krever_godkjenning")
