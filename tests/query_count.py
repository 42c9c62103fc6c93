"""Count the SQL statements a request runs (DESIGN.md §3: the number of queries must not grow with the page)."""
from contextlib import contextmanager

from sqlalchemy import event

from pactplatform.extensions import db


@contextmanager
def counting_queries():
    """with counting_queries() as statements: client.get(…); then len(statements)."""
    statements: list[str] = []

    def note(conn, cursor, statement, parameters, context, executemany):
        statements.append(statement)

    engine = db.engine
    event.listen(engine, "before_cursor_execute", note)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", note)
