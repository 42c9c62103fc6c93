"""registry: the search index (search_entries with FTS5 on SQLite, tsvector + pg_trgm GIN on PostgreSQL),
the home page's counters, and the index built for the rows that exist.

Revision ID: 0013_registry
Revises: 0012_collaboration
"""
import sqlalchemy as sa
from alembic import op

revision = "0013_registry"
down_revision = "0012_collaboration"
branch_labels = None
depends_on = None

_FTS = [
    "CREATE VIRTUAL TABLE search_fts USING fts5(words, grams, content='search_entries', content_rowid='id', "
    "prefix='2 3', tokenize='unicode61')",
    "CREATE TRIGGER search_entries_ai AFTER INSERT ON search_entries BEGIN "
    "INSERT INTO search_fts(rowid, words, grams) VALUES (new.id, new.words, new.grams); END",
    "CREATE TRIGGER search_entries_ad AFTER DELETE ON search_entries BEGIN "
    "INSERT INTO search_fts(search_fts, rowid, words, grams) VALUES ('delete', old.id, old.words, old.grams); END",
    "CREATE TRIGGER search_entries_au AFTER UPDATE ON search_entries BEGIN "
    "INSERT INTO search_fts(search_fts, rowid, words, grams) VALUES ('delete', old.id, old.words, old.grams); "
    "INSERT INTO search_fts(rowid, words, grams) VALUES (new.id, new.words, new.grams); END",
]
_POSTGRES = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX ix_search_entries_words_fts ON search_entries USING gin (to_tsvector('simple', words))",
    "CREATE INDEX ix_search_entries_name_trgm ON search_entries USING gin (name_key gin_trgm_ops)",
]


def upgrade():
    op.create_table(
        "search_entries",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("ref_id", sa.Integer(), nullable=False),
        sa.Column("tenant_id", sa.Integer(), nullable=True),
        sa.Column("status", sa.String(length=32), nullable=False),
        sa.Column("sector", sa.String(length=100), nullable=False),
        sa.Column("region", sa.String(length=100), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("name_key", sa.String(length=300), nullable=False),
        sa.Column("words", sa.Text(), nullable=False),
        sa.Column("grams", sa.Text(), nullable=False),
        sa.Column("former_names", sa.Text(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_search_entries")),
        sa.UniqueConstraint("kind", "ref_id", name=op.f("uq_search_entries_kind_ref_id")),
    )
    with op.batch_alter_table("search_entries", schema=None) as batch_op:
        batch_op.create_index("ix_search_entries_facets", ["kind", "status"], unique=False)
        batch_op.create_index(batch_op.f("ix_search_entries_tenant_id"), ["tenant_id"], unique=False)
    op.create_table(
        "registry_counters",
        sa.Column("name", sa.String(length=32), nullable=False),
        sa.Column("value", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_registry_counters")),
    )
    with op.batch_alter_table("organisations", schema=None) as batch_op:
        batch_op.create_index("ix_organisations_name_id", ["name", "id"], unique=False)
        batch_op.create_index("ix_organisations_sector_name_id", ["sector", "name", "id"], unique=False)
        batch_op.create_index("ix_organisations_kind_name_id", ["kind", "name", "id"], unique=False)
    for statement in _FTS if op.get_bind().dialect.name == "sqlite" else _POSTGRES:
        op.execute(statement)
    _backfill()


def _backfill():
    """Index what exists (published actions only) and count the organisations once."""
    from pactplatform.registry import documents

    bind = op.get_bind()
    entries = sa.table("search_entries", *(sa.column(c) for c in (
        "kind", "ref_id", "tenant_id", "status", "sector", "region", "title", "name_key", "words", "grams",
        "former_names", "updated_at")))
    now = sa.func.now() if bind.dialect.name == "postgresql" else sa.func.current_timestamp()
    rows = [documents.organisation(r.id, r.name, r.nib, r.npwp, r.sector, r.kind, [])
            for r in bind.execute(sa.text("SELECT id, name, nib, npwp, sector, kind FROM organisations"))]
    rows += [documents.action(r.id, r.tenant_id, r.title, r.status, r.code) for r in bind.execute(sa.text(
        "SELECT a.id, a.tenant_id, a.title, a.status, t.code FROM actions a LEFT JOIN tenders t ON t.action_id = a.id "
        "WHERE a.status != 'draft'"))]
    rows += [documents.certificate(r.id, r.tenant_id, r.number, r.level, r.region, r.name) for r in bind.execute(sa.text(
        "SELECT c.id, c.tenant_id, c.number, c.level, c.region, o.name FROM certificates c "
        "JOIN organisations o ON o.id = c.organisation_id"))]
    for start in range(0, len(rows), 1000):
        bind.execute(entries.insert().values(updated_at=now), rows[start:start + 1000])
    count = bind.execute(sa.text("SELECT count(*) FROM organisations")).scalar()
    bind.execute(sa.text("INSERT INTO registry_counters (name, value) VALUES ('organisations', :n)"), {"n": count})


def downgrade():
    if op.get_bind().dialect.name == "sqlite":
        for trigger in ("search_entries_ai", "search_entries_ad", "search_entries_au"):
            op.execute(f"DROP TRIGGER IF EXISTS {trigger}")
        op.execute("DROP TABLE IF EXISTS search_fts")
    op.drop_table("registry_counters")
    with op.batch_alter_table("organisations", schema=None) as batch_op:
        batch_op.drop_index("ix_organisations_kind_name_id")
        batch_op.drop_index("ix_organisations_sector_name_id")
        batch_op.drop_index("ix_organisations_name_id")
    with op.batch_alter_table("search_entries", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_search_entries_tenant_id"))
        batch_op.drop_index("ix_search_entries_facets")
    op.drop_table("search_entries")
