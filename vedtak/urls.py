from django.urls import path

from . import views

app_name = "vedtak"

_V = "saker/<int:sak_id>/vedtak/<int:vedtak_id>/"

urlpatterns = [
    path("vedtak/veiledning/", views.teamleder_queue, name="queue"),
    path("vedtak/godkjenning/", views.barnevernleder_dashboard, name="dashboard"),
    path("saker/<int:sak_id>/vedtak/ny/", views.vedtak_create, name="create"),
    path(_V, views.vedtak_detail, name="detail"),
    path(_V + "rediger/", views.vedtak_edit, name="edit"),
    path(_V + "tiltak/ny/", views.tiltak_edit, name="tiltak_add"),
    path(_V + "tiltak/<int:tiltak_id>/", views.tiltak_edit, name="tiltak_edit"),
    path(_V + "tiltak/<int:tiltak_id>/fjern/", views.tiltak_remove, name="tiltak_remove"),
    path(_V + "handling/<str:action>/", views.vedtak_transition, name="transition"),
    path(_V + "godkjenn-tiltak/", views.approve_measures, name="approve_measures"),
    path(_V + "kommentar/", views.vedtak_comment, name="comment"),
    path(_V + "forhandsvarsel/", views.forhandsvarsel_send, name="forhandsvarsel"),
    path(
        _V + "forhandsvarsel/<int:forhandsvarsel_id>/uttalelse/",
        views.forhandsvarsel_statement,
        name="statement",
    ),
    path("saker/<int:sak_id>/samtykker/", views.samtykke_list, name="samtykker"),
    path("saker/<int:sak_id>/samtykker/ny/", views.samtykke_create, name="samtykke_create"),
    path(
        "saker/<int:sak_id>/samtykker/<int:samtykke_id>/trekk/",
        views.samtykke_withdraw,
        name="samtykke_withdraw",
    ),
    path(
        "saker/<int:sak_id>/tiltak/<int:tiltak_id>/<str:what>/",
        views.tiltak_dates,
        name="tiltak_dates",
    ),
]
