"""Full-text search over everything we know about people. Name matches come first."""

from __future__ import annotations

from app.domain import SearchHit
from app.services.base import Service
from app.services.people import summaries
from app.store.search_index import Query, parse_query, phone_expression, prefix_term

# Query plans, measured at 100,000 people (bench/search.py):
# - few name matches: sort them all by name (~3.5 us each);
# - many name matches ("jo" finds 15,000): walk the people in name order and stop at the
#   `limit`-th match, instead of sorting all of them (22 ms -> 7 ms);
# - matches in the other text can be tens of thousands ("jazz" is in many notes): the first
#   ones the index yields are taken, then sorted by name for display.
SORT_ALL_BELOW = 1500
_COUNT_SQL = "SELECT count(*) FROM search_index WHERE search_index MATCH ?"
_WALK_SQL = """
SELECT id FROM people INDEXED BY ix_people_sort_name
WHERE id IN (SELECT rowid FROM search_index WHERE search_index MATCH ?)
  AND (trashed_at IS NULL) = ? {exclude}
ORDER BY sort_name LIMIT ?
"""
# sum(length()) so that SQLite reads every row (max() of an indexed column reads one page).
_WARM_UP = (
    "SELECT sum(length(sort_name) + length(given_name) + length(trashed_at)) FROM people",
    "SELECT sum(length(title) + length(end_date)) FROM employments",
    "SELECT sum(person_id) FROM employments INDEXED BY ix_employments_person_id",
    "SELECT sum(length(name)) FROM organizations",
    "SELECT sum(person_id) FROM interaction_participants "
    "INDEXED BY ix_interaction_participants_person_id",
    "SELECT sum(length(occurred_at) + length(kind)) FROM interactions",
)
_MATCH_SQL = """
SELECT s.rowid FROM {index} AS s JOIN people AS p ON p.id = s.rowid
WHERE {index} MATCH ? AND (p.trashed_at IS NULL) = ? {exclude}
{order} LIMIT ?
"""
# A query of words and digits: each term of digits may match a word or a phone number.
_ALL_TERMS_SQL = """
SELECT p.id FROM people AS p WHERE {terms} AND (p.trashed_at IS NULL) = ? {exclude} LIMIT ?
"""
_WORDS_TERM = "p.id IN (SELECT rowid FROM search_index WHERE search_index MATCH ?)"
_DIGITS_TERM = ("p.id IN (SELECT rowid FROM search_index WHERE search_index MATCH ? "
                "UNION SELECT rowid FROM phone_index WHERE phone_index MATCH ?)")


class SearchService(Service):
    def search(self, query: str, *, limit: int = 50, trashed: bool = False) -> list[SearchHit]:
        """People whose name starts with the words typed, then people with those words
        anywhere else (facts, notes, emails, phone digits, companies, hometown, tags ...)."""
        parsed = parse_query(query)
        if parsed is None:
            return []
        with self._db.read() as session:
            by_name = self._ids(session, f"{{name}} : ({parsed.text})", limit, trashed,
                                by_name=True)
            others: list[int] = []
            if len(by_name) < limit:
                others = self._others(session, parsed, limit - len(by_name), trashed, by_name)
            named = summaries(session, by_name)
            rest = sorted(summaries(session, others), key=lambda p: p.name.casefold())
        return [SearchHit(p, True) for p in named] + [SearchHit(p, False) for p in rest]

    def warm_up(self) -> None:
        """Read what the list and search touch into the page cache (SQLCipher decrypts each
        page on its first read: a cold first search at 100,000 people takes ~30 ms, a warm
        one ~5 ms). The UI runs this off the GUI thread right after unlocking."""
        with self._db.read() as session:
            conn = session.connection()
            for sql in _WARM_UP:
                conn.exec_driver_sql(sql).all()

    def _others(self, session, parsed: Query, limit: int, trashed: bool,
                exclude: list[int]) -> list[int]:
        """The first people the indexes yield for the query, but those in `exclude`."""
        if not parsed.digits:
            return self._ids(session, parsed.text, limit, trashed, exclude)
        if parsed.words is None and len(parsed.digits) == 1:  # "7946": phone numbers first
            found = self._ids(session, phone_expression(parsed.digits[0]), limit, trashed,
                              exclude, index="phone_index")
            if len(found) < limit:
                found += self._ids(session, parsed.text, limit - len(found), trashed,
                                   exclude + found)
            return found
        return self._all_terms(session, parsed, limit, trashed, exclude)

    @staticmethod
    def _all_terms(session, parsed: Query, limit: int, trashed: bool,
                   exclude: list[int]) -> list[int]:
        terms = [_WORDS_TERM] if parsed.words else []
        terms += [_DIGITS_TERM] * len(parsed.digits)
        sql = _ALL_TERMS_SQL.format(terms=" AND ".join(terms), exclude=_excluded("p.id", exclude))
        params = [parsed.words] if parsed.words else []
        for digits in parsed.digits:
            params += [prefix_term(digits), phone_expression(digits)]
        params += [0 if trashed else 1, *exclude, limit]
        return [row[0] for row in session.connection().exec_driver_sql(sql, tuple(params))]

    @staticmethod
    def _ids(session, expr: str, limit: int, trashed: bool, exclude: list[int] = (),
             by_name: bool = False, index: str = "search_index") -> list[int]:
        exclude_sql = _excluded("s.rowid", exclude)
        order = "ORDER BY p.sort_name" if by_name else ""
        sql = _MATCH_SQL.format(index=index, exclude=exclude_sql, order=order)
        if by_name and session.connection().exec_driver_sql(_COUNT_SQL, (expr,)).scalar() \
                >= SORT_ALL_BELOW:
            sql = _WALK_SQL.format(exclude=exclude_sql.replace("s.rowid", "id"))
        params = (expr, 0 if trashed else 1, *exclude, limit)
        return [row[0] for row in session.connection().exec_driver_sql(sql, params)]


def _excluded(column: str, ids: list[int]) -> str:
    return f"AND {column} NOT IN ({','.join('?' * len(ids))})" if ids else ""
