from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Users and organisation")

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in, user_login_failed
        from django.db.models.signals import post_delete, post_save
        from django_otp.plugins.otp_totp.models import TOTPDevice

        # Imported here: they import the models, which Django loads only after every app's
        # config is created (the AppConfig pattern, not a cycle).
        from . import receivers
        from .models import User

        user_logged_in.connect(receivers.on_user_logged_in, dispatch_uid="accounts.session_start")
        user_login_failed.connect(
            receivers.on_user_login_failed, dispatch_uid="accounts.login_failed_log"
        )
        post_save.connect(
            receivers.on_user_saved, sender=User, dispatch_uid="accounts.end_inactive_sessions"
        )
        post_delete.connect(
            receivers.on_totp_device_deleted,
            sender=TOTPDevice,
            dispatch_uid="accounts.end_sessions_device_removed",
        )
