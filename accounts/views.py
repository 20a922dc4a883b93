from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.utils.decorators import method_decorator

from .forms import LoginForm


@method_decorator(login_not_required, name="dispatch")
class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs):
        from django.conf import settings

        from .demo import demo_users

        context = super().get_context_data(**kwargs)
        context["demo_users"] = demo_users() if settings.DEMO_MODE else []
        return context


class LogoutView(auth_views.LogoutView):
    pass
