from datetime import timedelta

from django.conf import settings
from django.utils import timezone


def app(request):
    today = timezone.localdate()
    return {
        "DEMO_MODE": settings.DEMO_MODE,
        "today": today,
        "soon": today + timedelta(days=settings.FRIST_VARSEL_DAGER),
    }
