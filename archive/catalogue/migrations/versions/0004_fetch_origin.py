"""fetch origin: a fetch is either fetched from the web or imported from a local file

`nianbao ingest` brings in files nobody fetched; they are recorded with origin 'imported',
the path they came from and who imported them, so that no view presents them as a capture.
Existing rows are fetches (origin 'fetched'), except those whose URL is a file: URI, which
only `ingest` ever wrote.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-07 09:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0004'
down_revision: str | None = '0003'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('fetches') as batch:
        batch.add_column(sa.Column('origin', sa.String(length=20), nullable=False,
                                   server_default='fetched'))
        batch.add_column(sa.Column('imported_from', sa.Text(), nullable=True))
        batch.add_column(sa.Column('imported_by', sa.String(length=200), nullable=True))
    op.execute("UPDATE fetches SET origin = 'imported', imported_from = url "
               "WHERE url LIKE 'file:%'")


def downgrade() -> None:
    with op.batch_alter_table('fetches') as batch:
        batch.drop_column('imported_by')
        batch.drop_column('imported_from')
        batch.drop_column('origin')
