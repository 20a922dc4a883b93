"""National-scale benchmarks (issue 8): see ``bench/README.md`` for the plugin interface.

:class:`Context` is what every ``bench/p<N>_<name>.py`` module's ``run(ctx)`` receives.
"""

from __future__ import annotations

import copy
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

BENCH_DIR = Path(__file__).resolve().parent

USERS = {
    "saksbehandler": "bench-saksbehandler",
    "teamleder": "bench-teamleder",
    "barnevernleder": "bench-barnevernleder",
    "kontorfaglig": "bench-kontorfaglig",
    "big_saksbehandler": "bench-big-saksbehandler",
    "nasjonal": "bench-nasjonal",
}


@dataclass
class Context:
    databases: dict[int, str]
    reps: int = 15
    warmup: int = 3
    seed: int = 8
    quick: bool = False
    out_dir: Path = BENCH_DIR
    users: dict[str, str] = field(default_factory=lambda: dict(USERS))
    _wrappers: dict[int, Any] = field(default_factory=dict, repr=False)
    _clients: dict[tuple[int, str], Any] = field(default_factory=dict, repr=False)

    @property
    def sizes(self) -> list[int]:
        return sorted(self.databases)

    @property
    def small(self) -> int:
        return self.sizes[0]

    @property
    def large(self) -> int:
        return self.sizes[-1]

    def log(self, msg: str) -> None:
        print(msg, file=sys.stderr, flush=True)

    # -- one Django process, one connection per dataset ---------------------------------------
    def _wrapper(self, size: int):
        """A database connection of its own for each dataset, made like ``default``."""
        if size not in self._wrappers:
            from django.db import connections
            from django.db.utils import load_backend

            url = self.databases[size]
            if url is None:  # the database Django already uses (the smoke test)
                self._wrappers[size] = connections["default"]
            else:
                import environ

                settings_dict = copy.deepcopy(connections.settings["default"])
                parsed = environ.Env.db_url_config(url)
                for key in ("NAME", "USER", "PASSWORD", "HOST", "PORT"):
                    settings_dict[key] = parsed.get(key, settings_dict.get(key))
                backend = load_backend(settings_dict["ENGINE"])
                self._wrappers[size] = backend.DatabaseWrapper(settings_dict, alias="default")
        return self._wrappers[size]

    @contextmanager
    def use(self, size: int) -> Iterator[None]:
        """Inside, Django's ``default`` database is that dataset (every query, every atomic
        block, the sessions): requests to both sides of a ratio go through the same process,
        templates and caches, one after the other."""
        from django.db import connections

        # (Every dataset is migrated the same way, so the content types' ids, which Django
        # caches per alias, are the same in all of them.)
        previous = connections["default"]
        connections["default"] = self._wrapper(size)
        try:
            yield
        finally:
            connections["default"] = previous

    def client(self, size: int, username: str):
        """A logged-in client with a verified one-time code, for ``username`` in that
        dataset (use it inside ``ctx.use(size)``)."""
        key = (size, username)
        if key not in self._clients:
            # Inside: the bench modules import without Django set up (bench/run.py).
            from django.test import Client
            from django_otp import DEVICE_ID_SESSION_KEY
            from django_otp.plugins.otp_totp.models import TOTPDevice

            from accounts.models import User

            with self.use(size):
                user = User.objects.get(username=username)
                device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
                device = device or TOTPDevice.objects.create(
                    user=user, name="bench", confirmed=True
                )
                client = Client()
                client.force_login(user)
                session = client.session
                session[DEVICE_ID_SESSION_KEY] = device.persistent_id
                session.save()
            self._clients[key] = client
        return self._clients[key]

    def close(self) -> None:
        from django.db import connections

        for wrapper in self._wrappers.values():
            if wrapper is not connections["default"]:
                wrapper.close()
