"""The migrations build the schema the models describe: no pending autogenerate diff."""
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect

from pactplatform.extensions import db


def test_migrations_at_head_match_the_models(app_ctx):
    # The session fixture already upgraded this (initially empty) database to head.
    with db.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"render_as_batch": True, "compare_type": True})
        diff = compare_metadata(context, db.metadata)
    assert diff == []


def test_every_model_table_exists(app_ctx):
    tables = set(inspect(db.engine).get_table_names())
    assert set(db.metadata.tables) <= tables
    assert "alembic_version" in tables
