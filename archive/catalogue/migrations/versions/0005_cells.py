"""cells: every template cell of every report version as a row (SQL and Datasette read the
numbers without JSON functions)

The versions already in the catalogue get their cells here, read from each version's
record in Python (the same code that files new versions), so it works alike on SQLite and
PostgreSQL; each report's newest version is marked latest.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-14 10:00:00
"""

import json
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0005'
down_revision: str | None = '0004'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

#: Versions read per batch while the existing ones get their cells.
BATCH = 200


def upgrade() -> None:
    cells = op.create_table(
        'cells',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('version_id', sa.Integer(), nullable=False),
        sa.Column('report_id', sa.Integer(), nullable=False),
        sa.Column('version', sa.Integer(), nullable=False),
        sa.Column('latest', sa.Boolean(), nullable=False),
        sa.Column('agency', sa.String(length=200), nullable=False),
        sa.Column('year', sa.Integer(), nullable=True),
        sa.Column('table_key', sa.String(length=40), nullable=False),
        sa.Column('row_key', sa.String(length=60), nullable=False),
        sa.Column('column_key', sa.String(length=60), nullable=False),
        sa.Column('path', sa.String(length=200), nullable=False),
        sa.Column('label', sa.Text(), nullable=False),
        sa.Column('value', sa.Numeric(asdecimal=False), nullable=True),
        sa.ForeignKeyConstraint(['version_id'], ['report_versions.id'],
                                name=op.f('fk_cells_version_id_report_versions')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_cells')),
        sa.UniqueConstraint('version_id', 'path', name=op.f('uq_cells_version_id_path')),
    )
    op.create_index(op.f('ix_cells_path_value'), 'cells', ['path', 'value'], unique=False)
    op.create_index(op.f('ix_cells_report_id'), 'cells', ['report_id'], unique=False)
    op.create_index(op.f('ix_cells_year'), 'cells', ['year'], unique=False)
    _fill(op.get_bind(), cells)


def _fill(bind, cells) -> None:  # type: ignore[no-untyped-def]
    """The cells of every version already filed."""
    from archive.catalogue.cells import cell_rows

    ids = [row[0] for row in bind.execute(sa.text("SELECT id FROM report_versions ORDER BY id"))]
    query = sa.text(
        "SELECT v.id, v.report_id, v.number, v.record, r.agency, r.year,"
        " NOT EXISTS (SELECT 1 FROM report_versions n"
        "             WHERE n.report_id = v.report_id AND n.number > v.number) AS latest"
        " FROM report_versions v JOIN reports r ON r.id = v.report_id"
        " WHERE v.id IN :ids ORDER BY v.id").bindparams(sa.bindparam('ids', expanding=True))
    for start in range(0, len(ids), BATCH):
        batch = []
        for vid, rid, number, record, agency, year, latest in bind.execute(
                query, {'ids': ids[start:start + BATCH]}):
            record = json.loads(record) if isinstance(record, str) else record
            batch += [{**row, 'version_id': vid, 'report_id': rid, 'version': number,
                       'latest': bool(latest), 'agency': agency, 'year': year}
                      for row in cell_rows(record or {})]
        if batch:
            bind.execute(cells.insert(), batch)


def downgrade() -> None:
    op.drop_index(op.f('ix_cells_year'), table_name='cells')
    op.drop_index(op.f('ix_cells_report_id'), table_name='cells')
    op.drop_index(op.f('ix_cells_path_value'), table_name='cells')
    op.drop_table('cells')
