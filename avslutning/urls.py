"""Every URL takes the case id and falls under the need-to-know matrix
(tests/test_need_to_know.py)."""

from django.urls import path

from . import views

app_name = "avslutning"

urlpatterns = [
    path("saker/<int:sak_id>/avslutning/", views.avslutning_page, name="page"),
    path(
        "saker/<int:sak_id>/avslutning/<int:avslutning_id>/gjenapne/",
        views.avslutning_reopen,
        name="reopen",
    ),
    path(
        "saker/<int:sak_id>/avslutning/<int:avslutning_id>/<str:name>/",
        views.avslutning_action,
        name="action",
    ),
]
