"""ledger: entries, stored subtrees, state, signed tree heads

Revision ID: 0002_ledger
Revises: 0001_initial
Create Date: 2026-11-23 18:35:00

"""
from alembic import op
import sqlalchemy as sa


revision = '0002_ledger'
down_revision = '0001_initial'
branch_labels = None
depends_on = None

LEDGER_TABLES = ('ledger_entries', 'ledger_nodes', 'ledger_state', 'ledger_tree_heads')


def upgrade():
    # Each table is created only if missing: a first draft of 0001_initial also created them
    # (autogenerate saw the ledger models through the domains' imports). Once 0001 no longer
    # does, every branch below runs.
    existing = set(sa.inspect(op.get_bind()).get_table_names())
    if 'ledger_entries' not in existing:
        op.create_table('ledger_entries',
        sa.Column('index', sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column('entry', sa.Text(), nullable=False),
        sa.Column('event', sa.String(length=64), nullable=False),
        sa.Column('subject_type', sa.String(length=64), nullable=False),
        sa.Column('subject_id', sa.BigInteger(), nullable=False),
        sa.Column('tenant_id', sa.Integer(), nullable=True),
        sa.PrimaryKeyConstraint('index', name=op.f('pk_ledger_entries'))
        )
        with op.batch_alter_table('ledger_entries', schema=None) as batch_op:
            batch_op.create_index('ix_ledger_entries_subject', ['subject_type', 'subject_id'], unique=False)
    if 'ledger_nodes' not in existing:
        op.create_table('ledger_nodes',
        sa.Column('level', sa.SmallInteger(), autoincrement=False, nullable=False),
        sa.Column('idx', sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column('hash', sa.LargeBinary(length=32), nullable=False),
        sa.PrimaryKeyConstraint('level', 'idx', name=op.f('pk_ledger_nodes'))
        )
    if 'ledger_state' not in existing:
        op.create_table('ledger_state',
        sa.Column('id', sa.Integer(), autoincrement=False, nullable=False),
        sa.Column('size', sa.BigInteger(), nullable=False),
        sa.Column('frontier', sa.LargeBinary(), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_ledger_state'))
        )
    if 'ledger_tree_heads' not in existing:
        op.create_table('ledger_tree_heads',
        sa.Column('tree_size', sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column('timestamp', sa.BigInteger(), nullable=False),
        sa.Column('root_hash', sa.LargeBinary(length=32), nullable=False),
        sa.Column('signature', sa.LargeBinary(), nullable=False),
        sa.PrimaryKeyConstraint('tree_size', name=op.f('pk_ledger_tree_heads'))
        )


def downgrade():
    op.drop_table('ledger_tree_heads')
    op.drop_table('ledger_state')
    op.drop_table('ledger_nodes')
    with op.batch_alter_table('ledger_entries', schema=None) as batch_op:
        batch_op.drop_index('ix_ledger_entries_subject')
    op.drop_table('ledger_entries')
