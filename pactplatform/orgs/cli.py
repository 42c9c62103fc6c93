"""flask orgs import FILE.csv: the bulk import of organisations (orgs/importer.py) with a progress bar."""
import sys

import click
from flask.cli import AppGroup

from ..errors import OperationError
from ..extensions import db
from . import importer

orgs_cli = AppGroup("orgs", help="Organisations.")


@orgs_cli.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@click.option("--report", "report_path", type=click.Path(dir_okay=False, writable=True),
              help="Also write the per-row report (row, outcome, organisation_id, name, reason) as CSV here.")
@click.option("--batch", "batch_size", default=importer.BATCH, show_default=True, help="Rows per transaction.")
def import_command(file: str, report_path: str | None, batch_size: int) -> None:
    """Create or update organisations from a CSV file (columns: name, kind, nib, npwp, sector, address),
    matched by NIB, else NPWP. Invalid rows are skipped and reported; each batch is committed."""
    with open(file, "rb") as handle:
        text = importer.decode(handle.read())
    total = max(sum(1 for _ in text) - 1, 0)
    text.seek(0)
    report = importer.Report()
    try:
        rows = importer.read_rows(text, report)
        with click.progressbar(length=total, label="Importing", file=sys.stderr) as bar:
            def after_batch(done: int) -> None:
                db.session.commit()
                bar.update(done)

            importer.import_organisations(None, rows, report, batch_size, after_batch)
    except OperationError as error:
        db.session.rollback()
        raise click.ClickException(str(error)) from None
    counts = report.counts()
    click.echo(f"{counts['created']} created, {counts['updated']} updated, {counts['unchanged']} unchanged, "
               f"{counts['skipped']} skipped.")
    if report.ignored_columns:
        click.echo("Ignored columns: " + ", ".join(report.ignored_columns))
    for outcome in report.skipped[:50]:
        click.echo(f"  row {outcome.row}: {outcome.reason}")
    if len(report.skipped) > 50:
        click.echo(f"  … and {len(report.skipped) - 50} more skipped rows" + (" (see the report file)" if report_path else ""))
    if report_path:
        with open(report_path, "w", encoding="utf-8", newline="") as out:
            report.write_csv(out)
        click.echo(f"Report written to {report_path}")
