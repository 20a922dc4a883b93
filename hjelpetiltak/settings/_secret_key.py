"""The rule a production ``SECRET_KEY`` must meet (issue 19, finding 5).

Not a settings module: the keys of the development and test settings live here so that
production can refuse them without importing those modules.
"""

from __future__ import annotations

#: ``make run`` and ``manage.py`` without configuration (``hjelpetiltak.settings.local``).
LOCAL_KEY = "local-development-key-not-for-production-use-0123456789"
#: The test suite (``hjelpetiltak.settings.test``).
TEST_KEY = "test-key-not-for-production-use-0123456789-abcdefghijklmnopqrstuvwxyz"

#: At least as long as Django's own check asks (``security.W009``)...
MIN_LENGTH = 50
#: ...and far more varied: Django warns below 5 distinct characters only, so 50 characters of
#: 5 symbols pass its check. A random key of 50 characters has about 35 (secrets.token_urlsafe).
MIN_DISTINCT = 20

#: Keys that have been published: in this repository, its documentation or its history.
KNOWN_KEYS = frozenset(
    {
        LOCAL_KEY,
        TEST_KEY,
        # The Dockerfile's build step before it drew a random one.
        "build-time-only-dummy-key-not-used-at-runtime-0123456789-abcdefghijklmnop",
    }
)
#: Parts of a placeholder, compared without case: deploy/env.example's CHANGE_ME, Django's
#: ``startproject`` key and the markers of the keys above.
PLACEHOLDER_MARKERS = (
    "change_me",
    "changeme",
    "django-insecure",
    "not-for-production",
    "not-used-at-runtime",
)


def secret_key_problem(key: str) -> str | None:
    """Why ``key`` is not a production secret key, or ``None`` when it is acceptable."""
    if key in KNOWN_KEYS or any(marker in key.lower() for marker in PLACEHOLDER_MARKERS):
        return "it is a known placeholder or a published key"
    if len(key) < MIN_LENGTH:
        return f"it has fewer than {MIN_LENGTH} characters"
    if len(set(key)) < MIN_DISTINCT:
        return f"it has fewer than {MIN_DISTINCT} distinct characters"
    return None
