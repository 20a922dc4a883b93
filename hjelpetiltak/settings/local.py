"""One machine: ``make run``, for development and for a service trying the product.

Demo mode on. DEBUG off unless asked for (``DEBUG=true``): a municipality trying the product
sees the project's Norwegian error pages, not Django's English debug page with its code and
data.
"""

from ._secret_key import LOCAL_KEY
from .base import *  # noqa: F403
from .base import env

DEBUG = env.bool("DEBUG", default=False)
DEMO_MODE = env.bool("DEMO_MODE", default=True)
SECRET_KEY = env("SECRET_KEY", default=LOCAL_KEY)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Static files straight from the app folders, as they are now, whatever DEBUG says.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
