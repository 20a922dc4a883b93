"""The actions on a break-the-glass request over the limit (ROLE-04, issue 19 finding 9): one
table, read by the leaders' start page, the decision page and the services (see
:mod:`core.actions`).

``venter`` → ``innvilget`` (approve: the access runs from then) or ``avslatt`` (refuse: the case
stays closed). ``may`` is the model's ``@transition(permission=…)``: a leader of the
requester's team or the head of the case's service, never the requester.
"""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.actions import Action, Machine
from core.exceptions import RuleBreach

from . import permissions
from .models import Nodtilgang


def _state_breach(grant: Nodtilgang, stale: bool) -> RuleBreach:
    return RuleBreach(
        "ROLE-04",
        _("The request has been decided already: «%(status)s».")
        % {"status": grant.get_status_display()},
    )


NODTILGANG = Machine(
    "nodtilgang",
    [
        Action(
            "approve",
            label=gettext_lazy("Approve the access"),
            done=gettext_lazy("The access is approved. It lasts a few hours from now (ROLE-04)."),
            may=permissions.may_decide,
            form="core.forms.ConfirmActionForm",
            service="audit.services.nodtilgang_approve",
            help=gettext_lazy(
                "The user may then read the case for a few hours. Every page they open is "
                "logged with their reason (ROLE-04)."
            ),
        ),
        Action(
            "refuse",
            label=gettext_lazy("Refuse the access"),
            done=gettext_lazy("The access is refused. The case stays closed to the user."),
            may=permissions.may_decide,
            form="core.forms.ConfirmActionForm",
            service="audit.services.nodtilgang_refuse",
            danger=True,
            variant="secondary",
            help=gettext_lazy("The case stays closed to the user (ROLE-04)."),
        ),
    ],
    state_breach=_state_breach,
    url=lambda grant, name: reverse(
        "audit:nodtilgang_decide", kwargs={"nodtilgang_id": grant.pk, "name": name}
    ),
)
