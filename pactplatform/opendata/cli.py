"""flask opendata export: regenerate the stale export files (or all, with --force)."""
import click
from flask.cli import AppGroup

from . import exports

opendata_cli = AppGroup("opendata", help="Open data: the bulk export files.")


@opendata_cli.command("export")
@click.option("--force", is_flag=True, help="Regenerate every file, stale or not.")
@click.argument("names", nargs=-1)
def export_command(force: bool, names: tuple[str, ...]) -> None:
    """Write the export files that are stale (or NAMES only) to instance/exports/."""
    chosen = exports.all_exports()
    if names:
        unknown = set(names) - {e.name for e in chosen}
        if unknown:
            raise click.BadParameter(", ".join(sorted(unknown)), param_hint="NAMES")
        chosen = [e for e in chosen if e.name in names]
    for export in chosen:
        info = exports.stored_info(export)
        if force or exports.is_stale(export, info):
            info = exports.generate(export)
            click.echo(f"{export.filename}: {info.records} records, {info.size} bytes (written)")
        else:
            click.echo(f"{export.filename}: {info.records} records, {info.size} bytes (current)")
