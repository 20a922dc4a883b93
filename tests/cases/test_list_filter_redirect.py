"""LOG-02: the case list's posted filters go into the redirect's URL only as the form reads
them: a tampered checkbox value (any text is "true") is never echoed into the URL."""

from __future__ import annotations

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("value", ["on", "Æ" * 11_000, "<script>"])
def test_LOG_02_a_posted_checkbox_is_on_in_the_url_whatever_was_sent(world, client, value):
    client.force_login(world.saksbehandler)
    response = client.post(reverse("cases:list"), {"mine": value})
    assert response.status_code == 302
    assert "mine=on" in response["Location"]
    assert len(response["Location"]) < 200
    assert client.get(response["Location"]).status_code == 200
