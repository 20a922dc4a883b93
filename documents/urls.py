"""Mounted under ``saker/<int:sak_id>/dokumenter/`` so every URL takes the case id and falls
under the need-to-know matrix (tests/test_need_to_know.py)."""

from django.urls import path

from . import views

app_name = "documents"

urlpatterns = [
    path("", views.dokument_list, name="list"),
    path("<int:dokument_id>/rad/", views.dokument_row, name="row"),
    path("<int:dokument_id>/pdf/", views.dokument_download, name="download"),
    path("<int:dokument_id>/utsending/", views.dokument_dispatch, name="dispatch"),
    path("<int:dokument_id>/nytt-forsok/", views.dokument_retry, name="retry"),
]
