"""The migrations build the schema the models describe: no pending autogenerate diff."""
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect

from pactplatform.extensions import db


def _modelled(name, type_, parent_names) -> bool:
    """The search index's own database objects (an FTS5 table, GIN expression indexes) have no model."""
    from pactplatform.registry.search import DATABASE_ONLY

    return name not in DATABASE_ONLY


def test_migrations_at_head_match_the_models(app_ctx):
    # The session fixture already upgraded this (initially empty) database to head.
    with db.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"render_as_batch": True, "compare_type": True,
                                                               "include_name": _modelled})
        diff = compare_metadata(context, db.metadata)
    assert diff == []


def test_every_model_table_exists(app_ctx):
    tables = set(inspect(db.engine).get_table_names())
    assert set(db.metadata.tables) <= tables
    assert "alembic_version" in tables


def test_0002_fills_the_revision_hash_of_signatures_signed_before_it(client, pact, bureau, app_ctx):
    """Signed PDFs from before 0003_verify get their signatures' revision hashes from the stored PDF."""
    import importlib.util
    from pathlib import Path

    from alembic.operations import Operations
    from sqlalchemy import select, update

    from pactplatform.actions import operations
    from pactplatform.actions.models import Signature
    from pactplatform.tenancy.scoping import tenant_scope
    from tests import factories
    from tests.action_fixtures import party_of

    with tenant_scope(bureau["tenant"].id):
        for organisation, person in (("public_body", "signer_pb"), ("firm_a", "signer_a")):
            operations.sign(pact, bureau[person], party_of(pact, bureau[organisation]), factories.SIGNING_PASSPHRASE)
    db.session.commit()
    recorded = dict(db.session.execute(select(Signature.id, Signature.pdf_revision_sha256)
                                       .execution_options(all_tenants=True)).all())
    assert len(recorded) == 2 and all(recorded.values())
    db.session.execute(update(Signature).values(pdf_revision_sha256=None).execution_options(all_tenants=True))
    db.session.commit()

    path = Path(__file__).resolve().parents[1] / "migrations" / "versions" / "0003_verify.py"
    spec = importlib.util.spec_from_file_location("migration_0003_verify", path)
    migration = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(migration)
    with db.engine.begin() as connection, Operations.context(MigrationContext.configure(connection)):
        migration._backfill()
    db.session.expire_all()
    assert dict(db.session.execute(select(Signature.id, Signature.pdf_revision_sha256)
                                   .execution_options(all_tenants=True)).all()) == recorded
