"""Mounted under ``saker/<int:sak_id>/evalueringer/``: every URL takes the case id and falls
under the need-to-know matrix (tests/test_need_to_know.py)."""

from django.urls import path

from . import views

app_name = "evaluations"

urlpatterns = [
    path("ny/", views.evaluation_create, name="create"),
    path("<int:evaluering_id>/", views.evaluation_detail, name="detail"),
    path("<int:evaluering_id>/rediger/", views.evaluation_edit, name="edit"),
    path("<int:evaluering_id>/utsending/", views.evaluation_send_out, name="send_out"),
]
