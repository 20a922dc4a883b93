"""P9's e-mail backend: every message delivered is one line appended to ``BENCH_MAIL_LOG``:
the recipient, a SHA-256 of what it says (subject, text and HTML), the sending process and the
time. One short line per ``write`` on a file opened for appending, so the worker processes'
lines never mix. Nothing is sent anywhere."""

from __future__ import annotations

import hashlib
import os
import time

from django.core.mail.backends.base import BaseEmailBackend


def content_digest(message) -> str:
    h = hashlib.sha256()
    for part in (message.subject, message.body, *(c for c, _t in message.alternatives)):
        h.update(part.encode("utf-8") if isinstance(part, str) else part)
        h.update(b"\0")
    return h.hexdigest()[:32]


class LogBackend(BaseEmailBackend):
    def send_messages(self, email_messages):
        path = os.environ["BENCH_MAIL_LOG"]
        for m in email_messages:
            line = f"{m.to[0]}\t{content_digest(m)}\t{os.getpid()}\t{time.time():.4f}\n"
            with open(path, "a", encoding="utf-8") as f:
                f.write(line)
        return len(email_messages)
