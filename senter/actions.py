"""The actions on a centre course (SENTER-02, SENTER-03, SENTER-05), read by the course page,
the services and the tests (see :mod:`core.actions`). None changes a state: each records a part
of the course and says when it applies.

- ``investigation``: before the referral is sent, when Bufetat's investigation of the family
  ended (SENTER-02 reads it when the referral is sent).
- ``centre_contact``: after the offer, the centre's vurderingsmøte and its call for the
  henvisningsmøte (SENTER-03: within 2 working days).
- ``add_meeting``: a meeting of the case (henvisningsmøte, oppstartsmøte, samarbeidsmøte,
  tilbakemeldingsmøte) belongs to the course (SENTER-03).
- ``reports``: the centre's handlingsplan and sluttrapport among the case's incoming documents.
- ``measure``: the measure the service evaluates as its own (SENTER-05).
"""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.actions import Action, Machine
from core.exceptions import RuleBreach
from henvisning.models import Henvisning

from . import permissions
from .models import Senterforlop

#: The referral is not sent yet: what SENTER-02 reads can still be recorded.
BEFORE_SENDING = (
    Henvisning.Status.UTKAST,
    Henvisning.Status.TIL_GODKJENNING,
    Henvisning.Status.GODKJENT,
)


def _state_breach(forlop: Senterforlop, stale: bool) -> RuleBreach:
    if forlop.henvisning.status in BEFORE_SENDING:
        return RuleBreach(
            "SENTER-03", _("The course starts when the centre has offered it (HENV-02).")
        )
    if forlop.er_i_gang:
        return RuleBreach(
            "SENTER-02", _("The referral is sent: the investigation was read when it went.")
        )
    return RuleBreach("SENTER-03", _("The centre has not offered the course."))


def _url(forlop: Senterforlop, name: str) -> str:
    return reverse("senter:action", args=[forlop.sak_id, forlop.henvisning_id, name])


def _before_sending(forlop: Senterforlop) -> bool:
    return forlop.henvisning.status in BEFORE_SENDING


def _in_progress(forlop: Senterforlop) -> bool:
    return forlop.er_i_gang


MACHINE = Machine(
    "senter",
    [
        Action(
            "investigation",
            label=gettext_lazy("Record Bufetat's investigation"),
            done=gettext_lazy("Bufetat's investigation of the family is recorded."),
            may=permissions.can_edit,
            transition=None,
            applies=_before_sending,
            variant="secondary",
            form="senter.forms.InvestigationForm",
            service="senter.services.forlop_record_investigation",
            help=gettext_lazy(
                "Bufetat gives help at a centre up to 6 months after its own investigation of "
                "the family. Without one, the referral warns when it is sent (SENTER-02)."
            ),
        ),
        Action(
            "centre_contact",
            label=gettext_lazy("Record the centre's call"),
            done=gettext_lazy("The centre's vurderingsmøte and call are recorded."),
            may=permissions.can_edit,
            transition=None,
            applies=_in_progress,
            variant="secondary",
            form="senter.forms.ContactForm",
            service="senter.services.forlop_record_contact",
            help=gettext_lazy(
                "The centre calls for the henvisningsmøte within 2 working days of its "
                "vurderingsmøte (SENTER-03)."
            ),
        ),
        Action(
            "add_meeting",
            label=gettext_lazy("Add a meeting to the course"),
            done=gettext_lazy("The meeting belongs to the course."),
            may=permissions.can_edit,
            transition=None,
            applies=_in_progress,
            variant="secondary",
            form="senter.forms.MeetingForm",
            service="senter.services.forlop_add_meeting",
            help=gettext_lazy(
                "Plan the meeting with its minutes under the case's meetings, then add it "
                "here: henvisningsmøte, oppstartsmøte, samarbeidsmøter and the "
                "tilbakemeldingsmøte (SENTER-03)."
            ),
        ),
        Action(
            "reports",
            label=gettext_lazy("Record the centre's reports"),
            done=gettext_lazy("The centre's reports are recorded."),
            may=permissions.can_edit,
            transition=None,
            applies=_in_progress,
            variant="secondary",
            form="senter.forms.ReportsForm",
            service="senter.services.forlop_record_reports",
            help=gettext_lazy(
                "Receive the report under the case's incoming documents first. The "
                "sluttrapport is received before the tilbakemeldingsmøte (SENTER-03)."
            ),
        ),
        Action(
            "measure",
            label=gettext_lazy("Choose the measure"),
            done=gettext_lazy("The course's measure is recorded."),
            may=permissions.can_edit,
            transition=None,
            applies=_in_progress,
            variant="secondary",
            form="senter.forms.MeasureForm",
            service="senter.services.forlop_record_measure",
            help=gettext_lazy(
                "The service evaluates the centre's help as its own measure, with the "
                "centre's reports (SENTER-05)."
            ),
        ),
    ],
    state_breach=_state_breach,
    url=_url,
)
