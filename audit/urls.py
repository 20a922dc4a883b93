from django.urls import path

from . import views

app_name = "audit"

urlpatterns = [
    path("nodtilgang/", views.nodtilgang, name="nodtilgang"),
    path(
        "nodtilgang/<int:nodtilgang_id>/<str:name>/",
        views.nodtilgang_decide,
        name="nodtilgang_decide",
    ),
    path("logg/", views.access_log, name="access_log"),
]
