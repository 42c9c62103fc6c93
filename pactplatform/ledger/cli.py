"""`flask --app pactplatform ledger …`: the same queries and operations as the API."""
import sys

import click
from flask.cli import AppGroup

from ..extensions import db
from . import audit, operations, queries

ledger_cli = AppGroup("ledger", help="The transparency log: verify, sign a tree head, size.")


@ledger_cli.command("verify")
@click.option("--max-problems", default=100, show_default=True, help="How many problems to print.")
def verify_command(max_problems: int) -> None:
    """Re-derive every entry from the records and check the log, its tree and its tree heads."""
    report = audit.verify()
    for problem in report.problems[:max_problems]:
        click.echo(f"PROBLEM: {problem}", err=True)
    if len(report.problems) > max_problems:
        click.echo(f"… and {len(report.problems) - max_problems} more", err=True)
    summary = f"{report.entries} entries, {report.records} records, {report.tree_heads} signed tree heads checked"
    if report.ok:
        click.echo(f"OK: {summary}")
        return
    click.echo(f"FAILED: {len(report.problems)} problems; {summary}", err=True)
    sys.exit(1)


@ledger_cli.command("sth")
def sth_command() -> None:
    """Sign (if the tree grew) and print the current tree head."""
    head = operations.sign_tree_head()
    db.session.commit()
    click.echo(f"tree_size={head.tree_size} root_hash={operations.b64(bytes(head.root_hash))} "
               f"timestamp={head.timestamp}")


@ledger_cli.command("size")
def size_command() -> None:
    """Print the number of entries in the log."""
    click.echo(queries.tree_size())
