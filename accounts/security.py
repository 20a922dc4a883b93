"""Small pieces of the login hardening that other modules plug in: view markers, the TOTP
helpers, and the log line django-axes writes.

Log lines name an event and the user id, never a password, a code, an address or a browser
string – and never the user name typed at a failed login, which may be a password typed in the
wrong field (issue 19): they name its keyed hash (:func:`username_hash`) instead, and so do
django-axes' log lines and its table of attempts (:func:`axes_username`).
"""

from __future__ import annotations

import logging
import time
from base64 import b32encode, b64encode
from collections.abc import Callable

from django.utils.crypto import salted_hmac
from django_otp.oath import TOTP

log = logging.getLogger("accounts.security")


# --- View markers, read by accounts.middleware ------------------------------------------------


def otp_not_required(view: Callable) -> Callable:
    """The view is reachable after the password alone: the 2FA pages and logout."""
    view.otp_required = False
    return view


def session_passive(view: Callable) -> Callable:
    """A request to the view does not count as activity (the browser asking how long is left)."""
    view.session_activity = False
    return view


# --- TOTP ---------------------------------------------------------------------------------------


def secret_text(device) -> str:
    """The device's secret in base32, in groups of four, for typing into an app by hand."""
    secret = b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def next_code(device, *, at: float | None = None) -> str:
    """The code the device accepts now: the current time step, or the next one if the current
    step's code was already used (a code is never accepted twice)."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = at if at is not None else time.time()
    if totp.t() <= device.last_t:
        totp.time += (device.last_t + 1 - totp.t()) * device.step
    return f"{totp.token():0{device.digits}d}"


def qr_code_data_uri(text: str) -> str:
    """An SVG QR code as a ``data:`` URI: made on the server, no script (the CSP allows
    ``data:`` images)."""
    import qrcode
    from qrcode.image.svg import SvgPathFillImage

    image = qrcode.make(text, image_factory=SvgPathFillImage, box_size=8, border=4)
    svg = image.to_string(encoding="unicode")
    return "data:image/svg+xml;base64," + b64encode(svg.encode()).decode()


# --- The user name typed, hashed (issue 19) ----------------------------------------------------

#: Marks a hashed name. Django's user names never hold a colon, so a stored or logged value
#: that starts with it is a hash, never a name.
HASH_PREFIX = "h:"
_HASH_SALT = "accounts.security.username_hash"


def username_hash(username: str | None) -> str | None:
    """The keyed hash of a user name as typed: HMAC-SHA256 with ``SECRET_KEY``, 16 hex digits.
    The same name gives the same hash (the lockout counts per name and address); without the
    key it cannot be turned back into the name, even for a short one."""
    if username is None:
        return None
    digest = salted_hmac(_HASH_SALT, str(username), algorithm="sha256").hexdigest()
    return f"{HASH_PREFIX}{digest[:16]}"


# --- django-axes ---------------------------------------------------------------------------------


def axes_username(request, credentials=None) -> str | None:
    """``AXES_USERNAME_CALLABLE``: the name django-axes stores in its attempts, locks out and
    resets by is the hash of the name typed, never the name (the credentials given to
    ``authenticate``, else the login form's field, as django-axes reads it by default)."""
    if credentials:
        username = credentials.get("username")
    else:
        username = getattr(request, "data", getattr(request, "POST", {})).get("username")
    return username_hash(username) if username else None


def axes_client_str(username, ip_address, user_agent, path_info, request) -> str:
    """How django-axes names a client in the log: the hash of the user name, nothing else.
    django-axes passes the hash for a failure and the real name for a success: both are
    logged as the hash."""
    if username and not str(username).startswith(HASH_PREFIX):
        username = username_hash(username)
    return f"user={username or '-'}"
