"""Keyset pagination (DESIGN.md §3: never a growing OFFSET): a page is the rows after the last row's sort key,
which travels in the URL as an opaque cursor, so a page's URL can be shared and the deepest page costs what
the first does."""
import base64
import json
from dataclasses import dataclass

from sqlalchemy import and_, or_


class BadCursor(ValueError):
    pass


@dataclass(frozen=True)
class Sort:
    """Columns of a unique sort key (the last one is the primary key) and one direction for all of them."""
    columns: tuple
    descending: bool = False

    def order_by(self):
        return [c.desc() if self.descending else c.asc() for c in self.columns]

    def after(self, values: list):
        """Rows strictly after the given key, as an OR of prefixes, which both databases turn into index ranges."""
        clauses = []
        for position, column in enumerate(self.columns):
            equal = [self.columns[i] == values[i] for i in range(position)]
            step = column < values[position] if self.descending else column > values[position]
            clauses.append(and_(*equal, step))
        return or_(*clauses)


def encode(values: list) -> str:
    raw = json.dumps(values, separators=(",", ":"), default=str).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode(cursor: str, types: tuple) -> list:
    """The key a cursor carries, converted by `types`; BadCursor if it was not made by encode()."""
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        values = json.loads(raw)
        if not isinstance(values, list) or len(values) != len(types):
            raise BadCursor(cursor)
        found = [kind(value) for kind, value in zip(types, values, strict=True)]
    except (ValueError, TypeError) as error:
        raise BadCursor(cursor) from error
    if any(isinstance(value, str) and any(ord(c) < 32 or ord(c) == 127 for c in value) for value in found):
        raise BadCursor(cursor)  # encode() never made it, and PostgreSQL cannot bind a NUL
    return found


def page(session, query, sort: Sort, key_of, cursor: str | None, types: tuple, per_page: int):
    """(rows, next cursor or None): one query, per_page + 1 rows to know whether there is more."""
    if cursor:
        query = query.where(sort.after(decode(cursor, types)))
    rows = list(session.scalars(query.order_by(*sort.order_by()).limit(per_page + 1)))
    more = len(rows) > per_page
    rows = rows[:per_page]
    return rows, (encode(key_of(rows[-1])) if more and rows else None)
