"""Demo notifications (issue 13). Every operation of the other loaders already wrote its notifications through
the event bus; their e-mails count as sent long ago (the demo's history), so `make run`'s worker does not mail
hundreds of old news. Then: a researcher follows the blacklisted firm and the province, and the reminders due
today are computed as the worker would, their e-mails waiting in the outbox for the worker's first pass."""
from sqlalchemy import select, update

from ..extensions import db
from ..monitoring import clock
from ..notifications import reminders
from ..notifications.models import PENDING, SENT, Notification
from ..notifications.operations import follow
from ..orgs.models import Organisation
from ..tenancy.models import Tenant

FOLLOWER = "peneliti@pusatkajian-undip.pactdemo.id"


def load(users) -> None:
    db.session.execute(update(Notification).where(Notification.email_state == PENDING)
                       .values(email_state=SENT, email_sent_at=Notification.created_at)
                       .execution_options(synchronize_session=False))
    follower = users[FOLLOWER]
    firm = db.session.scalar(select(Organisation).where(Organisation.name == "CV Mitra Karya Mandiri"))
    follow(follower, "organisation", firm.id)
    province = db.session.scalar(select(Tenant).where(Tenant.slug == "ukpbj-jateng"))
    follow(follower, "tenant", province.id)
    reminders.compute(clock.today())
    db.session.flush()
