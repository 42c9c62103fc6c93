"""The registers' unfiltered downloads as bulk open-data exports (the /exports/ page): the same rows and
columns as each register's CSV / JSON Lines download, written by the opendata domain when the log moves."""
from flask_babel import LazyString
from flask_babel import lazy_gettext as _l

from ..actions import public_views as actions_views
from ..certification import public_views as certificates_views
from ..opendata.exports import Export, register_export
from ..sanctions import public_views as sanctions_views
from ..web import downloads
from . import queries
from .views import ORGANISATION_COLUMNS, organisation_row

FORMAT_LABELS = {"csv": "CSV", "jsonl": "JSON Lines"}


def _organisation_rows():
    return (organisation_row(o) for o in queries.all_organisations())


# name, title, description, columns, rows of the whole register, whether a row's status depends on the day
REGISTERS = (
    ("organisations", _l("Organisations register"),
     _l("Every organisation: name, kind, sector, masked NIB and NPWP, and its passport's address."),
     ORGANISATION_COLUMNS, _organisation_rows, False),
    ("actions", _l("Collective actions register"),
     _l("Every published collective action with its status, tenant, dates and number of signatories."),
     actions_views.DOWNLOAD_COLUMNS, actions_views.download_rows, False),
    ("blacklist", _l("Sanctions register"),
     _l("Every decided sanction of every tenant, in force and past, with its status today; identifiers masked."),
     sanctions_views.DOWNLOAD_COLUMNS, sanctions_views.download_rows, True),
    ("certificates", _l("Certificates register"),
     _l("Every certificate with its holder, scheme, level, validity and status today."),
     certificates_views.DOWNLOAD_COLUMNS, certificates_views.download_rows, True),
)


def _lines(fmt: str, columns: list[str], rows):
    return lambda: downloads.lines(fmt, columns, rows())


# Made once: registering the same Export again (another app in the process) is a no-op.
EXPORTS = tuple(
    Export(f"{name}-{fmt}", LazyString(lambda title=title, label=label: f"{title} ({label})"), description, fmt,
           _lines(fmt, columns, rows), depends_on_date=dated)
    for name, title, description, columns, rows, dated in REGISTERS for fmt, label in FORMAT_LABELS.items())


def register() -> None:
    for export in EXPORTS:
        register_export(export)
