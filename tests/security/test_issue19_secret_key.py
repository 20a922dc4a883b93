"""Issue 19, finding 5: production refuses a weak or published ``SECRET_KEY``.

Django's own check (``security.W009``) warns below 50 characters or 5 distinct ones, so 50
characters of 5 symbols passed. Production now asks for at least 50 characters with at least
20 distinct ones, and refuses the placeholders: ``CHANGE_ME`` of deploy/env.example, the keys of
the development and test settings, Django's ``django-insecure-`` keys. Each case starts the
production settings in a process of its own with the environment set.
"""

import os
import secrets

import pytest

from hjelpetiltak.settings import _secret_key

from ..test_settings import GOOD_KEY, settings_of

PRODUCTION = "hjelpetiltak.settings.production"


def started(key: str):
    return settings_of(PRODUCTION, {"SECRET_KEY": key}, "'started'")


def assert_refused(out, why: str):
    assert out.returncode != 0, out.stdout
    assert "ImproperlyConfigured" in out.stderr
    assert "SECRET_KEY is refused in production" in out.stderr
    assert why in out.stderr


@pytest.mark.parametrize(
    "key",
    [
        "abcde" * 10,  # the finding: 50 characters of 5 distinct symbols
        "abcdefghij" * 10,  # 100 characters of 10
        "0123456789abcdefghi" * 3,  # 57 characters of 19: one short
    ],
)
def test_finding5_secret_key_with_fewer_than_20_distinct_characters_is_refused(key):
    assert len(key) >= 50
    assert len(set(key)) < 20
    assert_refused(started(key), "fewer than 20 distinct characters")


def test_finding5_secret_key_shorter_than_50_characters_is_refused():
    key = secrets.token_urlsafe(64)[:49]
    assert len(set(key)) >= 20
    assert_refused(started(key), "fewer than 50 characters")
    assert_refused(started(""), "fewer than 50 characters")


@pytest.mark.parametrize(
    "key",
    [
        "CHANGE_ME",
        "CHANGE_ME" + secrets.token_urlsafe(64),
        secrets.token_urlsafe(32) + "-changeme-" + secrets.token_urlsafe(32),
        _secret_key.LOCAL_KEY,
        _secret_key.TEST_KEY,
        "django-insecure-" + secrets.token_urlsafe(64),
        "build-time-only-dummy-key-not-used-at-runtime-0123456789-abcdefghijklmnop",
    ],
    ids=["change-me", "change-me-prefix", "changeme-inside", "local", "test", "insecure", "build"],
)
def test_finding5_known_placeholder_secret_keys_are_refused(key):
    assert_refused(started(key), "known placeholder")


def test_finding5_the_settings_modules_use_the_keys_production_refuses():
    """The development and test keys are the ones in the refusal list, not copies of them."""
    if "SECRET_KEY" not in os.environ:
        local = settings_of("hjelpetiltak.settings.local", {}, "s.SECRET_KEY")
        assert local.returncode == 0, local.stderr
        assert local.stdout.strip() == _secret_key.LOCAL_KEY
    test = settings_of("hjelpetiltak.settings.test", {}, "s.SECRET_KEY")
    assert test.stdout.strip() == _secret_key.TEST_KEY


@pytest.mark.parametrize(
    "key",
    [
        GOOD_KEY,
        # Exactly at the limits: 50 characters, 20 distinct.
        "abcdefghijklmnopqrst" * 2 + "abcdefghij",
    ],
)
def test_finding5_a_good_secret_key_is_accepted(key):
    out = settings_of(PRODUCTION, {"SECRET_KEY": key}, "len(s.SECRET_KEY)")
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == str(len(key))


def test_finding5_a_freshly_generated_secret_key_is_accepted():
    # Drawn inside the test: a random parameter would differ between xdist workers.
    key = secrets.token_urlsafe(64)
    out = settings_of(PRODUCTION, {"SECRET_KEY": key}, "len(s.SECRET_KEY)")
    assert out.returncode == 0, out.stderr
