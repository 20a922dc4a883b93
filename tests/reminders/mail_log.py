"""An e-mail backend for the worker crash test: every message is slow to send (so the test can
kill the worker in the middle) and is appended, one line per delivery, to a shared file."""

from __future__ import annotations

import os
import time

from django.core.mail.backends.base import BaseEmailBackend


class SlowFileBackend(BaseEmailBackend):
    def send_messages(self, email_messages):
        path = os.environ["REMINDERS_MAIL_LOG"]
        delay = float(os.environ.get("REMINDERS_MAIL_DELAY", "1.0"))
        for m in email_messages:
            time.sleep(delay)
            with open(path, "a", encoding="utf-8") as f:
                f.write(f"{m.to[0]}\n")
                f.flush()
                os.fsync(f.fileno())
        return len(email_messages)
