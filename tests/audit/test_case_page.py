"""What audit gives the case page (cases.pages.CASE_LINKS): the link to the case's access log,
for those who may read it (ROLE-03)."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("role", "shown"), [("saksbehandler", False), ("teamleder", True), ("barnevernleder", True)]
)
def test_ROLE_03_the_access_log_link_is_audits_and_follows_the_role(client, world, role, shown):
    client.force_login(getattr(world, role))
    html = client.get(reverse("cases:detail", kwargs={"sak_id": world.sak_a.pk})).content.decode()
    link = f"{reverse('audit:access_log')}?sak={world.sak_a.pk}"
    assert (link in html) is shown
    # A link is not a rule that blocks or warns: no rule ID beside it (issue 20, item 4).
    assert "(ROLE-03)" not in html
