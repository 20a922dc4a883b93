from django.urls import path

from . import views

app_name = "innkommende"

urlpatterns = [
    path("", views.innkommende_list, name="list"),
    path("ny/", views.innkommende_create, name="create"),
    path("<int:dokument_id>/", views.innkommende_detail, name="detail"),
    path("<int:dokument_id>/fil/", views.innkommende_download, name="download"),
    path("<int:dokument_id>/trekk-tilbake/", views.innkommende_withdraw, name="withdraw"),
]
