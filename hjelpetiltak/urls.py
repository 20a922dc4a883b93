from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("", include("core.urls")),
    path("konto/", include("accounts.urls")),
    path("saker/", include("cases.urls")),
    path("saker/<int:sak_id>/tiltaksplan/", include("plans.urls")),
    path("saker/<int:sak_id>/evalueringer/", include("evaluations.urls")),
    path("saker/<int:sak_id>/journal/", include("journal.urls")),
    path("saker/<int:sak_id>/moter/", include("moter.urls")),
    path("saker/<int:sak_id>/innkommende/", include("innkommende.urls")),
    path("saker/<int:sak_id>/klage/", include("klage.urls")),
    path("saker/<int:sak_id>/innsyn/", include("innsyn.urls")),
    path("saker/<int:sak_id>/dokumenter/", include("documents.urls")),
    path("", include("vedtak.urls")),
    path("", include("contractors.urls")),
    path("", include("rutiner.urls")),
    path("", include("programbank.urls")),
    path("", include("henvisning.urls")),
    path("", include("senter.urls")),
    path("", include("ettervern.urls")),
    path("", include("avslutning.urls")),
    path("", include("kvalitet.urls")),
    path("", include("rapportering.urls")),
    path("frister/", include("reminders.urls")),
    path("tilgang/", include("audit.urls")),
    path("admin/", admin.site.urls),
]

# The project's own Norwegian error pages, in every settings mode (core/errors.py).
handler400 = "core.errors.bad_request"
handler403 = "core.errors.permission_denied"
handler404 = "core.errors.page_not_found"
handler500 = "core.errors.server_error"
