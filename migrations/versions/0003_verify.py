"""Pair uploaded PDFs with signatures by the signed revision's SHA-256

Revision ID: 0003_verify
Revises: 0002_accounts
Create Date: 2026-11-30 13:05:25.167342

Adds signatures.pdf_revision_sha256 (indexed) and an index on monitoring_reports.sha256, and fills
the new column for signatures already in a signed PDF: each one's revision is the file up to the
end of its own signature's byte range (field "Signature<id>"), exactly what was stored right after
it signed.
"""
import hashlib
import io

import sqlalchemy as sa
from alembic import op

revision = '0003_verify'
down_revision = '0002_accounts'
branch_labels = None
depends_on = None


def _revision_hashes(pdf: bytes) -> dict[int, str]:
    """{signature id: SHA-256 of its signed revision} for the platform's fields Signature<id>."""
    from pyhanko.pdf_utils.reader import PdfFileReader

    hashes = {}
    for embedded in PdfFileReader(io.BytesIO(pdf), strict=False).embedded_signatures:
        name = embedded.field_name or ""
        if name.startswith("Signature") and name[len("Signature"):].isdigit():
            byte_range = embedded.byte_range
            hashes[int(name[len("Signature"):])] = hashlib.sha256(pdf[:byte_range[2] + byte_range[3]]).hexdigest()
    return hashes


def _backfill() -> None:
    connection = op.get_bind()
    signed_pdfs = sa.table("signed_pdfs", sa.column("id"), sa.column("document_version_id"), sa.column("pdf"))
    signatures = sa.table("signatures", sa.column("id"), sa.column("document_version_id"),
                          sa.column("pdf_revision_sha256"))
    ids = connection.execute(sa.select(signed_pdfs.c.id)).scalars().all()
    for pdf_id in ids:  # one PDF in memory at a time
        version_id, pdf = connection.execute(
            sa.select(signed_pdfs.c.document_version_id, signed_pdfs.c.pdf).where(signed_pdfs.c.id == pdf_id)).one()
        for signature_id, digest in _revision_hashes(bytes(pdf)).items():
            connection.execute(
                signatures.update()
                .where(signatures.c.id == signature_id, signatures.c.document_version_id == version_id)
                .values(pdf_revision_sha256=digest))


def upgrade():
    with op.batch_alter_table('monitoring_reports', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_monitoring_reports_sha256'), ['sha256'], unique=False)

    with op.batch_alter_table('signatures', schema=None) as batch_op:
        batch_op.add_column(sa.Column('pdf_revision_sha256', sa.String(length=64), nullable=True))
        batch_op.create_index(batch_op.f('ix_signatures_pdf_revision_sha256'), ['pdf_revision_sha256'], unique=False)

    _backfill()


def downgrade():
    with op.batch_alter_table('signatures', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_signatures_pdf_revision_sha256'))
        batch_op.drop_column('pdf_revision_sha256')

    with op.batch_alter_table('monitoring_reports', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_monitoring_reports_sha256'))
