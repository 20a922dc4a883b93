"""Mounted under ``saker/<int:sak_id>/klage/``: every URL takes the case id and falls under the
need-to-know matrix (tests/test_need_to_know.py)."""

from django.urls import path

from . import views

app_name = "klage"

urlpatterns = [
    path("vedtak/<int:vedtak_id>/ny/", views.klage_register, name="register"),
    path("<int:klage_id>/", views.klage_detail, name="detail"),
    path("<int:klage_id>/<str:name>/", views.klage_action, name="action"),
]
