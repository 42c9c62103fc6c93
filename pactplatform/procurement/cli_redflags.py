"""`pactplatform-redflags indicators [--settings FILE] [--no-meta] [--map] [--count] FILE`: the same JSON as
Cardinal's `ocdscardinal indicators` (RED_FLAGS.md §3). Imports no Flask and touches no database."""
import argparse
import logging
import sys

from .redflags import jsonl
from .redflags.run import dumps, run
from .redflags.settings import Settings, SettingsError

GROUPS = ("OCID", "Buyer", "ProcuringEntity", "Tenderer")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="pactplatform-redflags",
        description="Procurement red flags over OCDS compiled releases, compatible with Cardinal.")
    parser.add_argument("-v", "--verbose", action="count", default=0, help="log more (repeat for more)")
    parser.add_argument("-q", "--quiet", action="store_true", help="log nothing")
    commands = parser.add_subparsers(dest="command", required=True)
    indicators = commands.add_parser(
        "indicators", help="calculate the indicators of the settings file for compiled releases (JSON Lines)")
    indicators.add_argument("file", metavar="FILE", help="compiled releases, one per line ('-' for stdin)")
    indicators.add_argument("-s", "--settings", metavar="FILE", help="the INI settings file; without it nothing runs")
    indicators.add_argument("--no-meta", action="store_true", help="leave out the statistics (Meta)")
    indicators.add_argument("--map", action="store_true", help="add the ocid-to-organisation maps (Maps)")
    indicators.add_argument("--count", action="store_true", help="print the number of results per group to stderr")
    return parser


def _settings(path: str | None) -> Settings:
    if path is None:
        return Settings()
    with open(path, encoding="utf-8") as handle:
        return Settings.from_ini(handle.read())


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    level = logging.CRITICAL + 1 if args.quiet else (logging.WARNING if args.verbose == 0 else logging.INFO)
    logging.basicConfig(level=level, format="%(levelname)s %(message)s", stream=sys.stderr)
    sys.set_int_max_str_digits(0)  # serde_json reads integer literals of any length
    try:
        settings = _settings(args.settings)
    except (OSError, UnicodeDecodeError, SettingsError) as error:
        print(f"error: the settings file cannot be used: {error}", file=sys.stderr)
        return 1
    try:
        stream = sys.stdin.buffer if args.file == "-" else open(args.file, "rb")
    except OSError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    with stream:
        result = run(jsonl.values(stream), settings, mapping=args.map)
    output = result.output(meta=not args.no_meta)
    if args.count:
        for group in GROUPS:
            if group in output:
                print(f"{group}: {len(output[group])}", file=sys.stderr)
    sys.stdout.write(dumps(output) + "\n")
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
