"""The service's complaint setting in the admin (the statsforvalteren its complaints go to,
KLAGE-02). No complaint is here: it is case data (ROLE-02)."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Klageoppsett


@admin.register(Klageoppsett)
class KlageoppsettAdmin(SimpleHistoryAdmin):
    list_display = ("tjeneste", "statsforvalter_navn")

    def has_delete_permission(self, request, obj=None):
        return False
