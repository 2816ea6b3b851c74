"""The full-text search index (FTS5), inside the encrypted file.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23

One row per person (rowid = people.id): a `name` column for every part of the name and a
`details` column for everything else we know. The rows are built by app.store.search_index
after the upgrade (the `search_index_stale` setting asks for it), so this migration never
depends on code that later revisions may change.
"""

from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute(
        "CREATE VIRTUAL TABLE search_index USING fts5("
        "name, details, tokenize = 'unicode61 remove_diacritics 2', prefix = '1 2 3')"
    )
    op.execute("INSERT OR REPLACE INTO settings (key, value) VALUES ('search_index_stale', 'true')")


def downgrade() -> None:
    op.execute("DROP TABLE search_index")
    op.execute("DELETE FROM settings WHERE key = 'search_index_stale'")
