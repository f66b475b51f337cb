"""versions, events and identity overrides

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-22 17:42:13.504307
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = '0002'
down_revision: str | None = '0001'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    
    op.create_table('identity_overrides',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('agency_key', sa.String(length=200), nullable=False),
    sa.Column('year', sa.Integer(), nullable=True),
    sa.Column('kind', sa.String(length=40), nullable=False),
    sa.Column('report_id', sa.Integer(), nullable=False),
    sa.Column('note', sa.Text(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['report_id'], ['reports.id'], name=op.f('fk_identity_overrides_report_id_reports')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_identity_overrides')),
    sa.UniqueConstraint('agency_key', 'year', 'kind', name=op.f('uq_identity_overrides_agency_key_year_kind'))
    )
    with op.batch_alter_table('identity_overrides', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_identity_overrides_report_id'), ['report_id'], unique=False)

    op.create_table('events',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('report_id', sa.Integer(), nullable=False),
    sa.Column('version_id', sa.Integer(), nullable=True),
    sa.Column('document_id', sa.Integer(), nullable=True),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('detail', sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql'), nullable=True),
    sa.ForeignKeyConstraint(['document_id'], ['documents.id'], name=op.f('fk_events_document_id_documents')),
    sa.ForeignKeyConstraint(['report_id'], ['reports.id'], name=op.f('fk_events_report_id_reports')),
    sa.ForeignKeyConstraint(['version_id'], ['report_versions.id'], name=op.f('fk_events_version_id_report_versions')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_events'))
    )
    with op.batch_alter_table('events', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_events_at'), ['at'], unique=False)
        batch_op.create_index(batch_op.f('ix_events_kind'), ['kind'], unique=False)
        batch_op.create_index(batch_op.f('ix_events_report_id'), ['report_id'], unique=False)

    with op.batch_alter_table('report_versions', schema=None) as batch_op:
        batch_op.add_column(sa.Column('same_as', sa.Integer(), nullable=True))

    with op.batch_alter_table('reports', schema=None) as batch_op:
        batch_op.add_column(sa.Column('identity_rule', sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column('status', sa.String(length=20), nullable=False, server_default='online'))

    with op.batch_alter_table('version_sources', schema=None) as batch_op:
        batch_op.add_column(sa.Column('record_hash', sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column('first_seen_at', sa.DateTime(timezone=True), nullable=False, server_default=sa.func.current_timestamp()))
        batch_op.add_column(sa.Column('last_seen_at', sa.DateTime(timezone=True), nullable=False, server_default=sa.func.current_timestamp()))
        batch_op.drop_constraint('uq_version_sources_version_id_sha256', type_='unique')
        batch_op.create_unique_constraint(batch_op.f('uq_version_sources_version_id_sha256_document_id'), ['version_id', 'sha256', 'document_id'])

    


def downgrade() -> None:
    with op.batch_alter_table('version_sources', schema=None) as batch_op:
        batch_op.drop_constraint('uq_version_sources_version_id_sha256_document_id', type_='unique')
        batch_op.create_unique_constraint('uq_version_sources_version_id_sha256', ['version_id', 'sha256'])
        batch_op.drop_column('last_seen_at')
        batch_op.drop_column('first_seen_at')
        batch_op.drop_column('record_hash')

    with op.batch_alter_table('reports', schema=None) as batch_op:
        batch_op.drop_column('status')
        batch_op.drop_column('identity_rule')

    with op.batch_alter_table('report_versions', schema=None) as batch_op:
        batch_op.drop_column('same_as')

    with op.batch_alter_table('events', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_events_report_id'))
        batch_op.drop_index(batch_op.f('ix_events_kind'))
        batch_op.drop_index(batch_op.f('ix_events_at'))

    op.drop_table('events')
    with op.batch_alter_table('identity_overrides', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_identity_overrides_report_id'))

    op.drop_table('identity_overrides')
    
