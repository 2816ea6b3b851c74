"""Writing many rows into tables that hold fewer: their indexes are built after the rows.

Inserting 100,000 people an index entry at a time (the people table has 8 indexes, the
tables of their details 7 more) cost ~20% of an import into an empty notebook; building
each index once, after the rows, costs about a third of that. Dropping and creating the
indexes are part of the caller's transaction: a failure or a cancel restores them with
everything else.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator, Sequence

from sqlalchemy import Connection, bindparam, text

_INDEXES = text(
    "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL "
    "AND tbl_name IN :tables ORDER BY name"
).bindparams(bindparam("tables", expanding=True))


@contextlib.contextmanager
def indexes_built_after(conn: Connection, tables: Sequence[str]) -> Iterator[None]:
    """Drop the declared indexes of these tables, and create them again, exactly as they
    were declared, when the block ends without an error."""
    indexes = conn.execute(_INDEXES, {"tables": list(tables)}).all()
    for name, _ in indexes:
        conn.exec_driver_sql(f'DROP INDEX "{name}"')
    yield
    for _, sql in indexes:
        conn.exec_driver_sql(sql)
