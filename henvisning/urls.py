"""The referrals' URLs: the case's under ``saker/<int:sak_id>/henvisninger/`` (each in the
need-to-know matrix, tests/test_need_to_know.py), the overview and the receiver list under
``henvisninger/``."""

from django.urls import path

from . import views

app_name = "henvisning"

urlpatterns = [
    path("saker/<int:sak_id>/henvisninger/ny/", views.henvisning_create, name="create"),
    path(
        "saker/<int:sak_id>/henvisninger/<int:henvisning_id>/",
        views.henvisning_detail,
        name="detail",
    ),
    path(
        "saker/<int:sak_id>/henvisninger/<int:henvisning_id>/endre/",
        views.henvisning_edit,
        name="edit",
    ),
    path(
        "saker/<int:sak_id>/henvisninger/<int:henvisning_id>/<str:name>/",
        views.henvisning_action,
        name="action",
    ),
    path("henvisninger/oversikt/", views.overview, name="overview"),
    path("henvisninger/mottakere/", views.receivers, name="receivers"),
    path("henvisninger/mottakere/ny/", views.receiver_edit, name="receiver_create"),
    path("henvisninger/mottakere/<int:mottaker_id>/", views.receiver_edit, name="receiver_edit"),
]
