"""flask commands: the demo loader and each domain's own commands."""
import click
from flask import Flask
from flask.cli import with_appcontext


def register(app: Flask) -> None:
    from .ledger.cli import ledger_cli
    from .notifications.cli import notifications_cli
    from .opendata.cli import opendata_cli
    from .orgs.cli import orgs_cli
    from .procurement.cli import tenders_cli
    from .reports.cli import reports_cli

    app.cli.add_command(demo_command)
    app.cli.add_command(ledger_cli)
    app.cli.add_command(tenders_cli)
    app.cli.add_command(notifications_cli)
    app.cli.add_command(reports_cli)
    app.cli.add_command(opendata_cli)
    app.cli.add_command(orgs_cli)


@click.command("demo")
@click.option("--if-empty", is_flag=True, help="Do nothing when the database already holds users.")
@with_appcontext
def demo_command(if_empty: bool) -> None:
    """Load a believable Indonesian demo: tenants, members in every role, organisations."""
    from .demo import load_demo

    load_demo(if_empty=if_empty)
