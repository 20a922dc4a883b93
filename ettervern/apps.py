from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EttervernConfig(AppConfig):
    """Ettervern from 18 to 25 and the transition to adulthood (ETT-01 … ETT-04).

    The app sits above the journal and the meetings (the dialogue is a note or a meeting,
    ETT-01) and the decisions and plans (the decision at 18 is a decision, ETT-02; «min plan»
    is a plan version, ETT-04), and below the contractors and the reminders (the nightly digest
    warns 6 months before 18). ETT-03 is checked where decisions and plans are checked."""

    name = "ettervern"
    verbose_name = _("Aftercare")

    def ready(self) -> None:
        # Imported here: these modules import models (Django's rule for AppConfig.ready()).
        from . import registrations

        registrations.register()
