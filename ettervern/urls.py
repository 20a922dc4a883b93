"""Case-scoped: every URL takes the case id and falls under the need-to-know matrix
(tests/test_need_to_know.py)."""

from django.urls import path

from . import views

app_name = "ettervern"

urlpatterns = [
    path("saker/<int:sak_id>/ettervern/<str:name>/", views.sak_action, name="sak_action"),
    path(
        "saker/<int:sak_id>/ettervern/vedtak/<int:vedtak_id>/<str:name>/",
        views.vedtak_action,
        name="vedtak_action",
    ),
]
