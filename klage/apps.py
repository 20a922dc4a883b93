from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KlageConfig(AppConfig):
    """Complaints against decisions (KLAGE-01 … KLAGE-04): registered with the deadline from
    the party's notification, reviewed by the service, changed or sent to the statsforvalteren,
    and the outcome recorded.

    The app sits above the incoming documents (the complaint's letter and the statsforvalteren's
    answer are incoming documents) and the journal (an oral complaint is a note), and below the
    contractors and the reminders, which pull its finder (KLAGE-04). What it shows on the case
    page, the decision page and the leaders' queue it gives through their registries."""

    name = "klage"
    verbose_name = _("Complaints")

    def ready(self) -> None:
        # Imported here: these modules import models (Django's rule for AppConfig.ready()).
        from . import documents, registrations

        documents.register()  # KLAGE-02/DOK-01: the letter to the statsforvalteren
        registrations.register()
