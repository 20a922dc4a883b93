"""Issue 20, item 12: a quiet console. Libraries log only warnings and errors; the project's
own events are logged at LOG_LEVEL (INFO by default)."""

import logging
import logging.config

from django.conf import settings


def test_libraries_speak_only_of_warnings_and_the_project_of_its_events():
    logging.config.dictConfig(settings.LOGGING)
    for library in ("fontTools", "fontTools.subset", "weasyprint", "PIL", "urllib3"):
        assert not logging.getLogger(library).isEnabledFor(logging.INFO), library
        assert logging.getLogger(library).isEnabledFor(logging.WARNING), library
    own_level = logging.getLevelName(settings.LOG_LEVEL)
    for own in ("documents.tasks", "accounts.security", "reminders.services", "core"):
        assert logging.getLogger(own).getEffectiveLevel() == own_level, own
