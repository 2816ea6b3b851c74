"""Full-text search over everything we know about people. Name matches come first."""

from __future__ import annotations

from app.domain import SearchHit
from app.services.base import Service
from app.services.people import summaries
from app.store.search_index import match_expression

_MATCH_SQL = """
SELECT s.rowid FROM search_index AS s JOIN people AS p ON p.id = s.rowid
WHERE search_index MATCH ? AND (p.trashed_at IS NULL) = ? {exclude}
ORDER BY p.sort_name LIMIT ?
"""


class SearchService(Service):
    def search(self, query: str, *, limit: int = 50, trashed: bool = False) -> list[SearchHit]:
        """People whose name starts with the words typed, then people with those words
        anywhere else (facts, notes, emails, phone digits, companies, hometown, tags ...)."""
        expr = match_expression(query)
        if expr is None:
            return []
        with self._db.read() as session:
            by_name = self._ids(session, f"{{name}} : ({expr})", limit, trashed)
            others: list[int] = []
            if len(by_name) < limit:
                others = self._ids(session, expr, limit - len(by_name), trashed, exclude=by_name)
            found = summaries(session, by_name + others)
        names = set(by_name)
        return [SearchHit(p, p.id in names) for p in found]

    @staticmethod
    def _ids(session, expr: str, limit: int, trashed: bool, exclude: list[int] = ()) -> list[int]:
        exclude_sql = f"AND s.rowid NOT IN ({','.join('?' * len(exclude))})" if exclude else ""
        sql = _MATCH_SQL.format(exclude=exclude_sql)
        params = (expr, 0 if trashed else 1, *exclude, limit)
        return [row[0] for row in session.connection().exec_driver_sql(sql, params)]
