"""Mounted at the root: the service pages under ``oppdragstakere/`` (service staff only) and
the case pages under ``saker/<sak_id>/`` (need-to-know, tests/test_need_to_know.py)."""

from django.urls import path

from . import views

app_name = "contractors"

urlpatterns = [
    path("oppdragstakere/", views.oppdragstaker_list, name="list"),
    path("oppdragstakere/ny/", views.oppdragstaker_create, name="create"),
    path("oppdragstakere/arbeidsliste/", views.arbeidsliste, name="worklist"),
    path("oppdragstakere/<int:oppdragstaker_id>/", views.oppdragstaker_detail, name="detail"),
    path("oppdragstakere/<int:oppdragstaker_id>/endre/", views.oppdragstaker_edit, name="edit"),
    path(
        "oppdragstakere/<int:oppdragstaker_id>/politiattest/",
        views.politiattest_create,
        name="politiattest",
    ),
    path(
        "oppdragstakere/<int:oppdragstaker_id>/taushetserklaering/",
        views.taushetserklaering_create,
        name="taushetserklaering",
    ),
    path(
        "oppdragstakere/<int:oppdragstaker_id>/handling/<slug:action>/",
        views.oppdragstaker_transition,
        name="transition",
    ),
    path(
        "oppdragstakere/<int:oppdragstaker_id>/godkjenning/<int:dokument_id>/pdf/",
        views.godkjenningsdokument_download,
        name="approval_download",
    ),
    path(
        "oppdragstakere/<int:oppdragstaker_id>/godkjenning/<int:dokument_id>/nytt-forsok/",
        views.godkjenningsdokument_retry,
        name="approval_retry",
    ),
    path(
        "oppdragstakere/oppdrag/<int:oppdrag_id>/kontrakt/",
        views.kontrakt_register,
        name="contract",
    ),
    path(
        "oppdragstakere/oppdrag/<int:oppdrag_id>/innlevering/",
        views.innlevering_create,
        name="submission",
    ),
    # Case pages: every one takes the case id (ROLE-02).
    path(
        "saker/<int:sak_id>/tiltak/<int:tiltak_id>/oppdrag/ny/",
        views.oppdrag_create,
        name="oppdrag_create",
    ),
    path(
        "saker/<int:sak_id>/oppdrag/<int:oppdrag_id>/", views.oppdrag_detail, name="oppdrag_detail"
    ),
    path(
        "saker/<int:sak_id>/oppdrag/<int:oppdrag_id>/endre/",
        views.oppdrag_edit,
        name="oppdrag_edit",
    ),
    path(
        "saker/<int:sak_id>/oppdrag/<int:oppdrag_id>/orientering/",
        views.oppdrag_brief,
        name="oppdrag_brief",
    ),
    path(
        "saker/<int:sak_id>/oppdrag/<int:oppdrag_id>/avslutt/",
        views.oppdrag_end,
        name="oppdrag_end",
    ),
]
