from django.urls import path

from . import views

app_name = "kvalitet"

urlpatterns = [
    path("kvalitet/", views.page, name="page"),
    path("kvalitet/eksport.csv", views.export, name="export"),
    path("kvalitet/beregn/", views.refresh, name="refresh"),
    path("kvalitet/<slug:key>/<str:kvartal>/", views.cases, name="cases"),
]
