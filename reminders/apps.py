from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RemindersConfig(AppConfig):
    """The nightly deadline reminders (FRIST-01 … FRIST-03) and the «Mine frister» page."""

    name = "reminders"
    verbose_name = _("Deadline reminders")
