"""`flask --app pactplatform reports …`: retention by hand or from cron (the notifications worker calls the same)."""
import click
from flask.cli import AppGroup

from ..extensions import db
from . import retention

reports_cli = AppGroup("reports", help="Anonymous reports: retention.")


@reports_cli.command("purge")
def purge_command() -> None:
    """Delete the content of closed reports past the tenant's retention period; warn the recipients before."""
    outcome = retention.run()
    db.session.commit()
    click.echo(f"{outcome.purged} reports' content deleted, {outcome.warned} retention warnings.")
