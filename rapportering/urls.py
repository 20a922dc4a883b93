from django.urls import path

from . import views

app_name = "rapportering"

urlpatterns = [
    path("rapportering/", views.page, name="page"),
    path("rapportering/<int:uttrekk_id>/fil/", views.download, name="download"),
    path("rapportering/<int:uttrekk_id>/<slug:name>/", views.action, name="action"),
]
