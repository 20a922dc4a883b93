from django.apps import AppConfig
from django.core.signals import request_finished
from django.utils.translation import gettext_lazy as _


class DocumentsConfig(AppConfig):
    name = "documents"
    verbose_name = _("Documents")

    def ready(self) -> None:
        # Imported here: they import the models (receivers through the services), which
        # Django loads only after every app's config is created (the AppConfig pattern).
        from . import checks, receivers, storage

        checks.register_checks()
        storage.connect_setting_reset()
        # DOK-01: the letters' sweep in a process with no beat (documents/receivers.py).
        request_finished.connect(
            receivers.sweep_after_request, dispatch_uid="documents.sweep_after_request"
        )
