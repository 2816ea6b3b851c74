"""What the search indexes hold, for tests: they are contentless (no text to read back), so
their terms are read through fts5vocab."""

from app.store.search_index import INDEX_TABLES


def index_terms(conn) -> dict[str, set[tuple[int, str, str]]]:
    """Per index table: every (person id, column, term) it holds."""
    terms = {}
    for table in INDEX_TABLES:
        conn.exec_driver_sql(f"CREATE VIRTUAL TABLE IF NOT EXISTS temp.{table}_terms "
                             f"USING fts5vocab(main, {table}, instance)")
        terms[table] = {tuple(row) for row in conn.exec_driver_sql(
            f"SELECT doc, col, term FROM temp.{table}_terms")}
    return terms
