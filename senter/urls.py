"""The centre course of a referral, under the case: every URL takes the case id and falls under
the need-to-know matrix (tests/test_need_to_know.py)."""

from django.urls import path

from . import views

app_name = "senter"

urlpatterns = [
    path(
        "saker/<int:sak_id>/senter/<int:henvisning_id>/",
        views.forlop_detail,
        name="detail",
    ),
    path(
        "saker/<int:sak_id>/senter/<int:henvisning_id>/<str:name>/",
        views.forlop_action,
        name="action",
    ),
]
