from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("logg-inn/", views.LoginView.as_view(), name="login"),
    path("logg-ut/", views.LogoutView.as_view(), name="logout"),
    path("engangskode/", views.otp_verify, name="otp_verify"),
    path("tofaktor/", views.otp_setup, name="otp_setup"),
    path("okt/status/", views.session_status, name="session_status"),
    path("okt/forleng/", views.session_ping, name="session_ping"),
    path("malform/", views.malform, name="malform"),
    path("tildelinger/", views.grants, name="grants"),
    path("tildelinger/<int:tildeling_id>/", views.grant_decide, name="grant_decide"),
]
