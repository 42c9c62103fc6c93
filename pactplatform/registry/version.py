"""The version of everything public: the transparency log's size moves whenever a trusted record changes,
and the organisation counter (and the index) whenever the register does. One read, of two tiny rows."""
from sqlalchemy import func, select

from ..extensions import db
from ..ledger.models import LedgerState
from .models import RegistryCounter, SearchEntry
from .sync import ORGANISATIONS_COUNTER


def log_version() -> str:
    size = db.session.scalar(select(LedgerState.size)) or 0
    organisations = db.session.scalar(select(RegistryCounter.value).where(
        RegistryCounter.name == ORGANISATIONS_COUNTER)) or 0
    # The index's newest row: the sync hook rewrites an entry (a new id) on every change of a record.
    newest = db.session.scalar(select(func.max(SearchEntry.id))) or 0
    return f"{size}.{organisations}.{newest}"
