from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("", include("core.urls")),
    path("konto/", include("accounts.urls")),
    path("saker/", include("cases.urls")),
    path("saker/<int:sak_id>/tiltaksplan/", include("plans.urls")),
    path("saker/<int:sak_id>/evalueringer/", include("evaluations.urls")),
    path("saker/<int:sak_id>/dokumenter/", include("documents.urls")),
    path("", include("vedtak.urls")),
    path("", include("contractors.urls")),
    path("frister/", include("reminders.urls")),
    path("tilgang/", include("audit.urls")),
    path("admin/", admin.site.urls),
]

handler404 = "core.views.page_not_found"
handler500 = "core.views.server_error"
