"""The service's reporting unit (Avgiver, RAPP-02) in the admin, for the system administrator:
the organisation number (and district) the service reports under. The extracts themselves
are on the page «Rapportering»."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Avgiver


@admin.register(Avgiver)
class AvgiverAdmin(SimpleHistoryAdmin):
    list_display = ("tjeneste", "organisasjonsnummer", "bydelsnummer", "bydelsnavn")
    actions = None

    def has_delete_permission(self, request, obj=None):
        return False
