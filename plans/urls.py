"""Mounted under ``saker/<int:sak_id>/tiltaksplan/``: every URL takes the case id and falls
under the need-to-know matrix (tests/test_need_to_know.py)."""

from django.urls import path

from . import views

app_name = "plans"

urlpatterns = [
    path("", views.plan_detail, name="detail"),
    path("ny/", views.plan_create, name="create"),
    path("ny-versjon/", views.version_create, name="new_version"),
    path("historikk/", views.plan_history, name="history"),
    path("evalueringsintervall/", views.plan_interval, name="interval"),
    path("versjon/<int:versjon_id>/", views.version_detail, name="version"),
    path("versjon/<int:versjon_id>/rediger/", views.version_edit, name="edit"),
    path("versjon/<int:versjon_id>/send-til-godkjenning/", views.version_submit, name="submit"),
    path("versjon/<int:versjon_id>/godkjenning/", views.version_approve, name="approve"),
    path("versjon/<int:versjon_id>/forkast/", views.version_discard, name="discard"),
    path("versjon/<int:versjon_id>/utsending/", views.version_send_out, name="send_out"),
]
