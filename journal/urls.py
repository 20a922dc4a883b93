"""Mounted under ``saker/<int:sak_id>/journal/``: every URL takes the case id and falls under
the need-to-know matrix (tests/test_need_to_know.py)."""

from django.urls import path

from . import views

app_name = "journal"

urlpatterns = [
    path("", views.journal, name="journal"),
    path("ny/", views.notat_create, name="create"),
    path("<int:notat_id>/", views.notat_detail, name="detail"),
    path("<int:notat_id>/rediger/", views.notat_edit, name="edit"),
    path("<int:notat_id>/signer/", views.notat_sign, name="sign"),
    path("<int:notat_id>/korriger/", views.notat_correct, name="correct"),
]
