from django.urls import path

from . import views

app_name = "innsyn"

urlpatterns = [
    path("", views.innsyn_list, name="list"),
    path("ny/", views.innsyn_create, name="create"),
    path("<int:krav_id>/", views.innsyn_detail, name="detail"),
    path("<int:krav_id>/dokumenter/", views.innsyn_review, name="review"),
    path("<int:krav_id>/svar/", views.innsyn_answer, name="answer"),
]
