"""The demo's collaboration process: goals with months of progress, two small wins, organisations at each stage."""
from sqlalchemy import func, select

from pactplatform.extensions import db
from pactplatform.orgs.models import Organisation
from pactplatform.progress.models import ProgressUpdate, SmallWin
from pactplatform.progress.stage import facts_of, stage_of


def the_demo_has_progress_small_wins_and_every_stage(app, output):
    assert db.session.scalar(select(func.count(ProgressUpdate.id)).execution_options(all_tenants=True)) >= 12
    assert db.session.scalar(select(func.count(SmallWin.id)).execution_options(all_tenants=True)) == 2
    stages = {stage_of(facts_of(o.id)) for o in db.session.scalars(select(Organisation))}
    assert {"internal", "external", "collective"} <= stages
