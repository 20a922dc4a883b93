from django.urls import path

from . import views

app_name = "programbank"

urlpatterns = [
    path("programbank/", views.program_list, name="list"),
    path("programbank/<int:program_id>/", views.program_detail, name="detail"),
    path("programbank/<int:program_id>/endre/", views.program_edit, name="edit"),
    path("programbank/tjeneste/<int:tjeneste_id>/ny/", views.program_create, name="create"),
    path("programbank/tjeneste/<int:tjeneste_id>/standard/", views.program_seed, name="seed"),
]
