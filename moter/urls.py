"""Mounted under ``saker/<int:sak_id>/moter/``: every URL takes the case id and falls under
the need-to-know matrix (tests/test_need_to_know.py)."""

from django.urls import path

from . import views

app_name = "moter"

urlpatterns = [
    path("", views.mote_list, name="list"),
    path("ny/", views.mote_plan, name="plan"),
    path("ansvarsgruppe/", views.ansvarsgruppe_create, name="ansvarsgruppe"),
    path("<int:mote_id>/", views.mote_detail, name="detail"),
    path("<int:mote_id>/endre/", views.mote_edit, name="edit"),
    path("<int:mote_id>/referat/", views.mote_minutes, name="minutes"),
    path("<int:mote_id>/oppgave/", views.oppgave_create, name="oppgave"),
    path(
        "<int:mote_id>/oppgave/<int:oppgave_id>/utfort/",
        views.oppgave_complete,
        name="oppgave_complete",
    ),
    path("<int:mote_id>/<str:name>/", views.mote_action, name="action"),
]
