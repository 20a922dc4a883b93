"""The service's routines and checklists, and a case's checklists (the ``saker/<sak_id>/``
URLs fall under the need-to-know matrix, tests/test_need_to_know.py)."""

from django.urls import path

from . import views

app_name = "rutiner"

urlpatterns = [
    path("rutiner/", views.index, name="index"),
    path("rutiner/sjekklister/ny/", views.sjekkliste_edit, name="sjekkliste_create"),
    path("rutiner/sjekklister/<int:sjekkliste_id>/", views.sjekkliste_edit, name="sjekkliste_edit"),
    path("rutiner/rutiner/ny/", views.rutine_edit, name="rutine_create"),
    path("rutiner/rutiner/<int:rutine_id>/", views.rutine_edit, name="rutine_edit"),
    path("rutiner/<slug:nokkel>/", views.rutine_show, name="rutine"),
    path("saker/<int:sak_id>/sjekklister/", views.sak_list, name="sak_list"),
    path(
        "saker/<int:sak_id>/sjekklister/<int:sjekkliste_id>/",
        views.sak_detail,
        name="sak_detail",
    ),
]
