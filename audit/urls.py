from django.urls import path

from . import views

app_name = "audit"

urlpatterns = [
    path("nodtilgang/", views.nodtilgang, name="nodtilgang"),
    path("logg/", views.access_log, name="access_log"),
]
