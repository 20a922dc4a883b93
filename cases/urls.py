from django.urls import path

from . import views

app_name = "cases"

urlpatterns = [
    path("", views.sak_list, name="list"),
    path("ny/", views.sak_create, name="create"),
    path("<int:sak_id>/", views.sak_detail, name="detail"),
    path("<int:sak_id>/historikk/", views.sak_history, name="history"),
    path("<int:sak_id>/barn/", views.barn_edit, name="barn_edit"),
    path("<int:sak_id>/barn/adresse/", views.shielded_address, name="address_barn"),
    path("<int:sak_id>/barn/fodselsnummer/", views.id_number, name="id_number"),
    path("<int:sak_id>/parter/<int:part_id>/adresse/", views.shielded_address, name="address_part"),
    path("<int:sak_id>/parter/ny/", views.part_edit, name="part_create"),
    path("<int:sak_id>/parter/<int:part_id>/", views.part_edit, name="part_edit"),
    path("<int:sak_id>/overforing/", views.sak_transfer, name="transfer"),
    path("<int:sak_id>/undersokelse/forleng/", views.undersokelse_extend, name="extend"),
    path("<int:sak_id>/undersokelse/avslutt/", views.undersokelse_complete, name="complete"),
    path("<int:sak_id>/partsstatus/", views.partsstatus_grant, name="party_status"),
    path("duplikat/<int:duplikat_id>/<slug:name>/", views.duplikat_action, name="duplicate"),
]
