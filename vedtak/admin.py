"""The measure-type catalogue (tiltaksbank) in the admin, for the system administrator.

The README promises it: the administrator keeps the types a municipality uses. A type is taken
out of use (``aktiv``), never deleted: decisions keep naming it (LOG-01, the history). The
decisions themselves are case data and stay out of the admin (ROLE-02, ROLE-03).
"""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Tiltakstype


@admin.register(Tiltakstype)
class TiltakstypeAdmin(SimpleHistoryAdmin):
    list_display = (
        "navn",
        "kode",
        "register_kategori",  # RAPP-01
        "rettet_mot_barnet",
        "veiledning",
        "aktiv",
        "rekkefolge",
    )
    list_filter = ("aktiv", "register_kategori", "rettet_mot_barnet", "veiledning")
    search_fields = ("navn", "kode")
    ordering = ("rekkefolge", "navn")
    actions = None

    def get_readonly_fields(self, request, obj=None):
        # The code is what the seeds and the reports find a type by: fixed once made.
        return ("kode",) if obj is not None else ()

    def has_delete_permission(self, request, obj=None):
        return False
