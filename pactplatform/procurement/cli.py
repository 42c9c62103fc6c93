"""`flask --app pactplatform tenders import --tenant SLUG FILE…`: the same operation as the upload page,
streaming, with a progress bar and a report of what was skipped and why."""
import json
import sys

import click
from flask.cli import AppGroup
from sqlalchemy import select
from tqdm import tqdm

from ..accounts.models import User
from ..extensions import db
from ..tenancy.models import Tenant
from ..tenancy.scoping import tenant_scope
from . import operations

tenders_cli = AppGroup("tenders", help="Procurement data: import OCDS files, recompute red flags.")

REASONS = {"unchanged": "already imported, unchanged",
           "replaced_later": "the same process appears again later in the file; the later one is kept"}


def _tenant(slug: str) -> Tenant:
    tenant = db.session.scalar(select(Tenant).where(Tenant.slug == slug))
    if tenant is None:
        raise click.BadParameter(f"no tenant {slug!r}", param_hint="--tenant")
    return tenant


@tenders_cli.command("import")
@click.option("--tenant", "slug", required=True, help="The tenant's slug (as in /t/SLUG/).")
@click.option("--user", "email", help="Import as this member (an officer or administrator) instead of the console.")
@click.option("--max-skipped", default=20, show_default=True, help="How many skipped processes to list.")
@click.argument("files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False))
def import_command(slug: str, email: str | None, max_skipped: int, files: tuple[str, ...]) -> None:
    """Import OCDS files (compiled releases as JSON Lines, release or record packages), each all or nothing."""
    tenant = _tenant(slug)
    actor = None
    if email:
        actor = db.session.scalar(select(User).where(User.email == email.strip().lower()))
        if actor is None:
            raise click.BadParameter(f"no account {email!r}", param_hint="--user")
    failed = False
    for path in files:
        with open(path, "rb") as stream, tqdm(desc=path, unit=" releases", file=sys.stderr,
                                              disable=not sys.stderr.isatty()) as bar:
            try:
                with tenant_scope(tenant.id):
                    record = operations.import_file(tenant, actor, path, stream,
                                                    progress=lambda n: bar.update(n - bar.n))
            except operations.ImportRefused as error:
                db.session.rollback()
                failed = True
                click.echo(f"{path}: NOT IMPORTED, {error.total} problems (nothing was saved):", err=True)
                for problem in error.problems:
                    click.echo(f"  {problem.where}: {problem.message}", err=True)
                if error.total > len(error.problems):
                    click.echo(f"  … and {error.total - len(error.problems)} more", err=True)
                continue
            except operations.OperationError as error:
                db.session.rollback()
                failed = True
                click.echo(f"{path}: NOT IMPORTED: {error}", err=True)
                continue
        db.session.commit()
        report = json.loads(record.report)
        click.echo(f"{path}: {record.created_count} new, {record.updated_count} updated, "
                   f"{record.unchanged_count} unchanged; {report['organisations_created']} organisations created; "
                   f"{report['skipped_count']} skipped")
        for skipped in report["skipped"][:max_skipped]:
            click.echo(f"  skipped {skipped['ocid']} ({skipped['where']}): {REASONS.get(skipped['reason'], skipped['reason'])}")
        if report["skipped_count"] > max_skipped:
            click.echo(f"  … and {report['skipped_count'] - max_skipped} more skipped")
    if failed:
        sys.exit(1)


@tenders_cli.command("flags")
@click.option("--tenant", "slug", required=True, help="The tenant's slug.")
def flags_command(slug: str) -> None:
    """Recompute every red flag of the tenant's tenders (after a change of settings, for instance)."""
    tenant = _tenant(slug)
    output = operations.recompute_flags(tenant)
    db.session.commit()
    counts = {group: len(output.get(group, {})) for group in ("OCID", "Buyer", "ProcuringEntity", "Tenderer")}
    click.echo(" ".join(f"{group}: {n}" for group, n in counts.items()))
