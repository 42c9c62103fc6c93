"""The demo's working arrangements: a signed charter decision that superseded another, three meetings with open
follow-ups, two survey rounds (one with results shown, one below the threshold)."""
from sqlalchemy import func, select

from pactplatform.collaboration import queries as collaboration
from pactplatform.collaboration.models import Charter, FollowUp, Meeting, SurveyRound
from pactplatform.extensions import db
from pactplatform.tenancy.scoping import tenant_scope

EVERYWHERE = {"all_tenants": True}


def the_demo_has_a_charter_meetings_and_two_survey_rounds(app, output):
    charter = db.session.scalars(select(Charter).order_by(Charter.number.desc()).execution_options(**EVERYWHERE)).first()
    assert charter.number == 2 and charter.signatures
    assert db.session.scalar(select(func.count(Meeting.id)).execution_options(**EVERYWHERE)) == 3
    assert db.session.scalar(select(func.count(FollowUp.id)).where(FollowUp.status == "open")
                             .execution_options(**EVERYWHERE)) >= 2
    rounds = db.session.scalars(select(SurveyRound).order_by(SurveyRound.number).execution_options(**EVERYWHERE)).all()
    with tenant_scope(rounds[0].tenant_id):
        assert [collaboration.results(r).shown for r in rounds] == [True, False]
