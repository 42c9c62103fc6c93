"""flask notifications work [--once] [--interval N]: the outbox worker as a real process."""
import click
from flask import current_app
from flask.cli import AppGroup

notifications_cli = AppGroup("notifications", help="Deliver notifications, reminders and webhooks.")


@notifications_cli.command("work")
@click.option("--once", is_flag=True, help="One pass (reminders, e-mails, digests, webhooks), then exit.")
@click.option("--interval", type=float, default=None, help="Seconds between passes (default: config).")
def work_command(once: bool, interval: float | None) -> None:
    """Run the worker: a loop until SIGTERM/SIGINT, or one pass with --once."""
    from . import worker

    seconds = interval if interval is not None else current_app.config["NOTIFICATIONS_INTERVAL_SECONDS"]
    worker.work(seconds, once=once)
