"""The FTS5 indexes: what text each person is found by, and how a query is run.

`search_index` holds every word of a person (name, and details); `phone_index` holds the
digits of their phone numbers, as trigrams, so that any 3 or more digits in a row find the
number. Both are contentless (they keep the index, not a copy of the text): nothing reads
the text back, and writing it cost a third of indexing an import (revision 0009).

Rows are rebuilt by the services inside the same transaction as the change they index, so
the indexes can never disagree with the data after a commit.
"""

from __future__ import annotations

import contextlib
import functools
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field

import phonenumbers
from sqlalchemy import Connection, bindparam, text

from app.store.rows import Execute, insert_tuples

_WORD = re.compile(r"\w+", re.UNICODE)
_NOT_DIGIT = re.compile(r"\D")
_PHONE_QUERY = re.compile(r"^[\d\s+().\-/]+$")
_CHUNK = 500
MIN_PHONE_FRAGMENT = 3  # the phone index's trigrams
INDEX_TABLES = ("search_index", "phone_index")

# Each yields (person_id, text) rows, for the people in :ids, for the `details` column.
_DETAIL_SOURCES = (
    "SELECT id, concat_ws(' ', hometown, how_we_met, notes, pronouns) FROM people WHERE id IN :ids",
    "SELECT person_id, value FROM contact_points WHERE person_id IN :ids AND +kind != 'phone'",
    "SELECT person_id, concat_ws(' ', street, locality, region, postcode, country) "
    "FROM addresses WHERE person_id IN :ids",
    "SELECT person_id, concat_ws(' ', category, text) FROM facts WHERE person_id IN :ids",
    "SELECT e.person_id, concat_ws(' ', o.name, e.title, e.department) "
    "FROM employments e JOIN organizations o ON o.id = e.organization_id "
    "WHERE e.person_id IN :ids",
    "SELECT ip.person_id, concat_ws(' ', i.kind, i.subject, i.notes, i.location) "
    "FROM interaction_participants ip JOIN interactions i ON i.id = ip.interaction_id "
    "WHERE ip.person_id IN :ids",
    "SELECT pt.person_id, t.name FROM person_tags pt JOIN tags t ON t.id = pt.tag_id "
    "WHERE pt.person_id IN :ids",
    "SELECT person_id, concat_ws(' ', name, value) FROM custom_fields WHERE person_id IN :ids",
    "SELECT person_id, label FROM important_dates WHERE person_id IN :ids",
)
_NAME_SQL = (
    "SELECT id, concat_ws(' ', prefix, given_name, middle_name, family_name, suffix, "
    "nickname, display_name) FROM people WHERE id IN :ids"
)
_PHONE_SQL = (
    "SELECT person_id, value, normalized FROM contact_points "
    "WHERE person_id IN :ids AND +kind = 'phone'"
)


@functools.lru_cache(maxsize=512)
def _trunk_prefix(country_code: int) -> str | None:
    """The national (trunk) prefix dialled before a number at home: "0" in GB, "" where
    there is none; None for a code phonenumbers does not know."""
    region = phonenumbers.region_code_for_country_code(country_code)
    metadata = phonenumbers.PhoneMetadata.metadata_for_region(region, None)
    return None if metadata is None else (metadata.national_prefix or "")


@functools.cache
def _trunk_prefixes() -> dict[str, str]:
    """Every country calling code phonenumbers knows, as digits -> its trunk prefix."""
    return {str(code): prefix for code in phonenumbers.COUNTRY_CODE_TO_REGION_CODE
            if (prefix := _trunk_prefix(code)) is not None}


def _national_form(digits: str) -> str:
    """The digits as dialled at home (02079460000 for E.164 +442079460000). Worked out from
    the E.164 digits, not by parsing again: parsing cost ~30 µs a number, which dominated
    indexing an import of 100,000 people."""
    prefixes = _trunk_prefixes()
    for length in (1, 2, 3):
        prefix = prefixes.get(digits[:length])
        if prefix is not None:
            return prefix + digits[length:]
    return ""


def _digits(form: str) -> str:
    return form if form.isdigit() else _NOT_DIGIT.sub("", form)


def phone_forms(value: str, normalized: str) -> list[str]:
    """The digits of a number as written, in E.164 and in the national form (020 ...): the
    phone index finds a number by any 3 or more digits in a row of one of these."""
    written = _digits(value)
    if not normalized:
        return [written] if len(written) >= MIN_PHONE_FRAGMENT else []
    plain = normalized[:1] == "+" and normalized[1:].isdigit()  # E.164, as normalize_phone makes
    e164 = normalized[1:] if plain else _digits(normalized)
    return [form for form in sorted({written, e164, _national_form(e164)})
            if len(form) >= MIN_PHONE_FRAGMENT]


def _query(sql: str):
    return text(sql).bindparams(bindparam("ids", expanding=True))


def _chunks(ids: Sequence[int]) -> Iterable[Sequence[int]]:
    for start in range(0, len(ids), _CHUNK):
        yield ids[start : start + _CHUNK]


def reindex(conn: Connection, person_ids: Iterable[int]) -> None:
    """Replace the index rows of these people (removing those of people who are gone)."""
    ids = sorted(set(person_ids))
    for chunk in _chunks(ids):
        params = {"ids": list(chunk)}
        names = dict(conn.execute(_query(_NAME_SQL), params).all())
        details: dict[int, list[str]] = defaultdict(list)
        for sql in _DETAIL_SOURCES:
            for person_id, value in conn.execute(_query(sql), params):
                if value:
                    details[person_id].append(value)
        phones: dict[int, list[str]] = defaultdict(list)
        for person_id, value, normalized in conn.execute(_query(_PHONE_SQL), params):
            phones[person_id].extend(phone_forms(value, normalized))
        for table in INDEX_TABLES:
            conn.execute(_query(f"DELETE FROM {table} WHERE rowid IN :ids"), params)
        add_documents(conn.exec_driver_sql,
                      [Document(pid, names[pid], details.get(pid, []), phones.get(pid, []))
                       for pid in chunk if pid in names])


@dataclass
class Document:
    """What one person is found by: their name, every detail but phone numbers as text, and
    the phone numbers' phone_forms. reindex() builds these from the tables; an import of new
    people builds them from what it is writing, which saves reading 100,000s of rows back."""

    person_id: int
    name: str
    details: list[str]
    phones: list[str] = field(default_factory=list)


BULK_DOCUMENTS = 5000
DEFAULT_AUTOMERGE = 4  # FTS5's own default


def add_documents(execute: Execute, documents: Sequence[Document]) -> None:
    """Index people who have no row in the index yet. `execute`: the connection's
    exec_driver_sql, or a BackgroundWriter's execute. For many at once, FTS5's automatic
    merging of index segments is paused (see automerge_paused)."""
    rows = [(d.person_id, d.name, "\n".join(v for v in d.details if v)) for d in documents]
    if not rows:
        return
    phones = [(d.person_id, " ".join(dict.fromkeys(d.phones))) for d in documents if d.phones]
    with automerge_paused(execute, len(rows) >= BULK_DOCUMENTS):
        insert_tuples(execute, "search_index", ("rowid", "name", "details"), rows)
        insert_tuples(execute, "phone_index", ("rowid", "digits"), phones)


@contextlib.contextmanager
def automerge_paused(execute: Execute, pause: bool = True) -> Iterator[None]:
    """FTS5's automatic merging of index segments, off for the block: it cost a third of
    indexing 100,000 imported people, and searches measured as fast without it; later writes
    merge as usual. Not turned on again if the block fails: the transaction's rollback
    restores the setting."""
    if pause:
        _set_automerge(execute, 0)
    yield
    if pause:
        _set_automerge(execute, DEFAULT_AUTOMERGE)


def _set_automerge(execute: Execute, value: int) -> None:
    for table in INDEX_TABLES:
        execute(f"INSERT INTO {table} ({table}, rank) VALUES ('automerge', ?)", (value,))


def rebuild(conn: Connection) -> int:
    for table in INDEX_TABLES:
        conn.execute(text(f"DELETE FROM {table}"))
    ids = [row[0] for row in conn.execute(text("SELECT id FROM people"))]
    reindex(conn, ids)
    return len(ids)


@dataclass(frozen=True)
class Query:
    """A search as FTS5 queries. A person matches when they match every term: a word as a
    prefix of a word in search_index; a term of digits also when a phone number holds it."""

    text: str  # every term, over search_index
    words: str | None  # the terms that are not all digits, over search_index
    digits: tuple[str, ...]  # the terms of digits only


def parse_query(query: str) -> Query | None:
    """User text -> the FTS5 queries. None when there is nothing to search for. A query that
    looks like a phone number (3 digits or more) is one term of all its digits."""
    query = query.strip()
    if _PHONE_QUERY.match(query):
        digits = _NOT_DIGIT.sub("", query)
        if len(digits) >= MIN_PHONE_FRAGMENT:
            return Query(prefix_term(digits), None, (digits,))
    terms = _WORD.findall(query.lower())
    if not terms:
        return None
    words = [t for t in terms if not t.isdecimal()]
    return Query(" AND ".join(map(prefix_term, terms)),
                 " AND ".join(map(prefix_term, words)) or None,
                 tuple(t for t in terms if t.isdecimal()))


def match_expression(query: str) -> str | None:
    """User text -> the FTS5 prefix query over search_index."""
    parsed = parse_query(query)
    return parsed.text if parsed else None


def prefix_term(term: str) -> str:
    return f'"{term}"*'


def phone_expression(digits: str) -> str:
    """The FTS5 query over phone_index for numbers holding these digits in a row. Shorter
    than a trigram, they must be followed by another digit: as a prefix of one of the
    suffixes of 3 or more digits that search_index held for each number until revision 0009."""
    if len(digits) >= MIN_PHONE_FRAGMENT:
        return f'"{digits}"'
    missing = MIN_PHONE_FRAGMENT - len(digits)
    return " OR ".join(f'"{digits}{n:0{missing}d}"' for n in range(10 ** missing))
