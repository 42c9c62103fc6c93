from datetime import datetime, timezone


def utcnow() -> datetime:
    """Timezone-aware now in UTC; stored as naive UTC so SQLite and PostgreSQL agree."""
    return datetime.now(timezone.utc).replace(tzinfo=None)
