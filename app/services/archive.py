"""The complete export: every row of every table as JSON lines, and restoring it.

The file is documented in docs/complete-export.md for anyone writing their own tool. Line 1
is a header (format, version, schema revision, row counts per table); then one line per row,
`{"table": name, "row": {column: value}}`. Dates and times are ISO 8601 strings (times in
UTC with their offset), bytes are base64, booleans are JSON booleans.

THE EXPORT IS PLAIN TEXT AND IS NOT ENCRYPTED: whoever can read the file reads the whole
notebook. The file is created owner-only (0600) and the UI warns before writing it.

The export walks `Base.metadata`, so a column added by a future revision is exported (and
restored) without changes here. Restore goes only into an empty notebook, in one
transaction: a bad line, a cancel or any error leaves the notebook exactly as it was.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import IO, Any

from sqlalchemy import Column, Connection, Table, delete, exc, func, insert, select, text
from sqlalchemy.types import TypeDecorator

import app
from app.collector import collector_paused
from app.domain import ContactKind, IntroductionStatus, OccurrenceState, ReminderKind, Stage
from app.errors import Cancelled, ImportFailed, InvalidInput
from app.files import replace_atomically
from app.interchange.record import MAX_FILE_BYTES, MAX_LINE_BYTES
from app.services.base import Service
from app.services.bulk import Progress, ShouldCancel
from app.store import search_index
from app.store.migrate import STALE_INDEX_KEY, known_revisions
from app.store.models import Base, SettingRow
from app.store.rows import insert_rows

FORMAT = "rapport-complete-export"
VERSION = 1
STEP = 1000  # rows between progress reports, cancel checks and inserts
INTERNAL_SETTINGS = frozenset({STALE_INDEX_KEY})  # bookkeeping, rebuilt on restore
SETTINGS = SettingRow.__table__


def exported_tables() -> list[Table]:
    """Every table of the schema, parents before children (alembic_version and the FTS
    search index are not in the metadata: the first is the header's `schema`, the second
    is rebuilt)."""
    return list(Base.metadata.sorted_tables)


def _rows_query(table: Table):
    query = select(table).order_by(*table.primary_key.columns)
    if table is SETTINGS:
        query = query.where(SETTINGS.c.key.not_in(INTERNAL_SETTINGS))
    return query


def _count(conn: Connection, table: Table) -> int:
    query = select(func.count()).select_from(table)
    if table is SETTINGS:
        query = query.where(SETTINGS.c.key.not_in(INTERNAL_SETTINGS))
    return conn.scalar(query) or 0


def _to_json(value: Any) -> Any:
    if isinstance(value, dt.date):  # datetime is a date too
        return value.isoformat()
    if isinstance(value, bytes):
        return base64.b64encode(value).decode("ascii")
    return value


def _line(obj: dict) -> bytes:
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":")).encode("utf-8") + b"\n"


class _Steps:
    """Reports progress and honours cancel every STEP rows and as each table begins."""

    def __init__(self, total: int, progress: Progress | None,
                 should_cancel: ShouldCancel | None) -> None:
        self.done, self.total = 0, total
        self._progress, self._should_cancel = progress, should_cancel
        self._since_check = 0

    def check(self) -> None:
        if self._should_cancel and self._should_cancel():
            raise Cancelled()
        if self._progress:
            self._progress(self.done, self.total)
        self._since_check = 0

    def advance(self, rows: int = 1) -> None:
        self.done += rows
        self._since_check += rows
        if self._since_check >= STEP:
            self.check()


# --- reading values back -------------------------------------------------------------------


class _BadValue(ValueError):
    pass


def _python_type(column: Column) -> type:
    column_type = column.type
    if isinstance(column_type, TypeDecorator):
        column_type = column_type.impl_instance
    return column_type.python_type


def _as_int(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise _BadValue(f"{value!r} is not a whole number")
    return value


def _as_float(value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise _BadValue(f"{value!r} is not a number")
    return float(value)


def _as_str(value: Any) -> str:
    if not isinstance(value, str):
        raise _BadValue(f"{value!r} is not a string")
    return value


def _as_bool(value: Any) -> bool:
    if not isinstance(value, bool):
        raise _BadValue(f"{value!r} is not true or false")
    return value


def _as_date(value: Any) -> dt.date:
    try:
        return dt.date.fromisoformat(_as_str(value))
    except ValueError as error:
        raise _BadValue(f"{value!r} is not a date (YYYY-MM-DD)") from error


def _as_datetime(value: Any) -> dt.datetime:
    try:
        moment = dt.datetime.fromisoformat(_as_str(value))
    except ValueError as error:
        raise _BadValue(f"{value!r} is not a date and time (ISO 8601)") from error
    if moment.tzinfo is None:
        raise _BadValue(f"{value!r} has no time zone offset (write it in UTC: +00:00)")
    return moment


def _as_bytes(value: Any) -> bytes:
    try:
        return base64.b64decode(_as_str(value), validate=True)
    except binascii.Error as error:
        raise _BadValue(f"{value[:40]!r}... is not base64") from error


_DECODERS: dict[type, Callable[[Any], Any]] = {
    int: _as_int, float: _as_float, str: _as_str, bool: _as_bool,
    dt.date: _as_date, dt.datetime: _as_datetime, bytes: _as_bytes,
}


@dataclass(frozen=True)
class _ColumnReader:
    """How one column's JSON value becomes a value to insert, or its default if absent."""

    column: Column
    decode: Callable[[Any], Any]

    @classmethod
    def of(cls, column: Column) -> _ColumnReader:
        return cls(column, _DECODERS[_python_type(column)])

    def value(self, raw: Any) -> Any:
        if raw is None:
            if not self.column.nullable:
                raise _BadValue(f"{self.column.name} cannot be null")
            return None
        try:
            return self.decode(raw)
        except _BadValue as error:
            raise _BadValue(f"{self.column.name}: {error}") from None

    def missing(self) -> Any:
        """An export from an older schema lacks newer columns: they get their default."""
        default = self.column.default
        if default is not None:
            return default.arg(None) if default.is_callable else default.arg
        if self.column.nullable and not self.column.primary_key:
            return None
        raise _BadValue(f"the column {self.column.name} is missing")


# Columns whose text the services read back as one of these enums: any other value would
# make the restored notebook fail later, far from the line at fault.
_CHOICES: dict[tuple[str, str], type[StrEnum]] = {
    ("people", "stage"): Stage, ("contact_points", "kind"): ContactKind,
    ("reminders", "kind"): ReminderKind, ("reminder_occurrences", "state"): OccurrenceState,
    ("introductions", "status"): IntroductionStatus,
}


class _TableReader:
    def __init__(self, table: Table) -> None:
        self.table = table
        self.columns = {c.name: _ColumnReader.of(c) for c in table.columns}
        self.choices = {column: {e.value for e in enum}
                        for (name, column), enum in _CHOICES.items() if name == table.name}

    def row(self, raw: dict) -> dict[str, Any]:
        unknown = sorted(set(raw) - set(self.columns))
        if unknown:
            raise _BadValue(f"the table {self.table.name} has no column {', '.join(unknown)}")
        row = {name: reader.value(raw[name]) if name in raw else reader.missing()
               for name, reader in self.columns.items()}
        for column, allowed in self.choices.items():
            if row[column] is not None and row[column] not in allowed:
                raise _BadValue(f"{column}: {row[column]!r} is not one of {', '.join(sorted(allowed))}")
        return row


# --- the file, line by line ------------------------------------------------------------------


@dataclass(frozen=True)
class _Header:
    version: int
    schema: str
    counts: dict[str, int]


def _numbered_lines(stream: IO[bytes], file: str) -> Iterator[tuple[int, dict]]:
    """(line number, object) for each non-blank line, read one line at a time."""
    number = 0
    while raw := stream.readline(MAX_LINE_BYTES + 1):
        number += 1
        if len(raw) > MAX_LINE_BYTES:
            raise ImportFailed(file, number, f"the line is longer than {MAX_LINE_BYTES} bytes")
        if not raw.strip():
            continue
        try:
            obj = json.loads(raw.decode("utf-8"))
        except UnicodeDecodeError as error:
            raise ImportFailed(file, number, f"the line is not UTF-8 ({error.reason})") from None
        except json.JSONDecodeError as error:
            raise ImportFailed(file, number, f"the line is not valid JSON ({error.msg}, "
                                             f"column {error.colno}); was the file cut short?"
                               ) from None
        if not isinstance(obj, dict):
            raise ImportFailed(file, number, "each line must be a JSON object")
        yield number, obj


def _header(lines: Iterator[tuple[int, dict]], file: str) -> _Header:
    try:
        first = next(lines, None)
    except ImportFailed as error:
        raise ImportFailed(file, error.line, "this is not a Rapport complete export (its "
                                             "first line is not a JSON header)") from None
    if first is None:
        raise ImportFailed(file, None, "the file is empty")
    number, obj = first
    if obj.get("format") != FORMAT:
        raise ImportFailed(file, number, f"this is not a Rapport complete export "
                                         f"(its format is {obj.get('format')!r})")
    version = obj.get("version")
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        raise ImportFailed(file, number, f"the format version {version!r} is not valid")
    if version > VERSION:
        raise ImportFailed(file, number, f"the file was written by a newer Rapport (format "
                                         f"version {version}); update Rapport to restore it")
    schema = obj.get("schema")
    if schema not in known_revisions():
        raise ImportFailed(file, number, f"the file was written by a newer Rapport (schema "
                                         f"{schema!r}); update Rapport to restore it")
    return _Header(version, schema, _header_counts(obj.get("counts"), file, number))


def _header_counts(counts: Any, file: str, number: int) -> dict[str, int]:
    if not isinstance(counts, dict) or not all(
            isinstance(n, int) and not isinstance(n, bool) and n >= 0 for n in counts.values()):
        raise ImportFailed(file, number, "the header's counts must map tables to row counts")
    unknown = sorted(set(counts) - {t.name for t in exported_tables()})
    if unknown:
        raise ImportFailed(file, number, f"unknown table {', '.join(unknown)}")
    return counts


def _check_size(path: Path) -> None:
    try:
        size = path.stat().st_size
    except OSError as error:
        raise ImportFailed(str(path), None, f"the file cannot be read ({error.strerror})") from None
    if size > MAX_FILE_BYTES:
        raise ImportFailed(str(path), None, f"the file is {size / 2**20:.0f} MB; the limit is "
                                            f"{MAX_FILE_BYTES // 2**20} MB")


# --- writing rows into the notebook ----------------------------------------------------------


class _RowWriter:
    """Inserts decoded rows in batches; a failing batch is retried row by row to name the line."""

    def __init__(self, conn: Connection, file: str) -> None:
        self._conn, self._file = conn, file
        self._readers = {t.name: _TableReader(t) for t in exported_tables()}
        self._table: str | None = None
        self._pending: list[tuple[int, dict]] = []
        self.counts: dict[str, int] = {}

    def add(self, number: int, obj: dict) -> bool:
        """Queue one line's row. True when this line begins a new table."""
        table, raw = obj.get("table"), obj.get("row")
        reader = self._readers.get(table) if isinstance(table, str) else None
        if reader is None:
            raise ImportFailed(self._file, number, f"unknown table {table!r}")
        if not isinstance(raw, dict):
            raise ImportFailed(self._file, number, "the line has no \"row\" object")
        try:
            row = reader.row(raw)
        except _BadValue as error:
            raise ImportFailed(self._file, number, f"{table}: {error}") from None
        new_table = table != self._table
        if new_table or len(self._pending) >= STEP:
            self.flush()
            self._table = table
        self.counts[table] = self.counts.get(table, 0) + 1
        if not (table == SETTINGS.name and row["key"] in INTERNAL_SETTINGS):
            self._pending.append((number, row))
        return new_table

    def flush(self) -> None:
        if not self._pending:
            return
        table = self._readers[self._table].table
        rows, self._pending = self._pending, []
        savepoint = self._conn.begin_nested()
        try:
            insert_rows(self._conn, table, [row for _, row in rows])
        except exc.IntegrityError:
            savepoint.rollback()
            self._name_the_bad_row(table, rows)
            raise
        savepoint.commit()

    def _name_the_bad_row(self, table: Table, rows: list[tuple[int, dict]]) -> None:
        for number, row in rows:
            try:
                self._conn.execute(insert(table), row)
            except exc.IntegrityError as error:
                raise ImportFailed(self._file, number,
                                   f"{table.name}: {error.orig}") from None


def _require_empty(conn: Connection) -> None:
    for table in exported_tables():
        if table is not SETTINGS and conn.execute(select(1).select_from(table).limit(1)).first():
            raise InvalidInput("Restore needs an empty notebook; create a new notebook and "
                               "restore into it.")


def _check_counts(promised: dict[str, int], found: dict[str, int], file: str) -> None:
    for table in sorted(set(promised) | set(found)):
        if promised.get(table, 0) != found.get(table, 0):
            raise ImportFailed(file, None, f"the header promises {promised.get(table, 0)} rows "
                                           f"of {table} but the file holds "
                                           f"{found.get(table, 0)}; was it cut short?")


def _check_references(conn: Connection, file: str) -> None:
    broken = conn.exec_driver_sql("PRAGMA foreign_key_check").first()
    if broken:
        table, rowid, parent, _ = broken
        raise ImportFailed(file, None, f"a row of {table} (rowid {rowid}) refers to a row of "
                                       f"{parent} that is not in the file")


class ArchiveService(Service):
    @collector_paused()
    def export_all(self, path: Path, *, progress: Progress | None = None,
                   should_cancel: ShouldCancel | None = None) -> dict[str, int]:
        """Write the whole notebook to `path` (plain text, 0600), atomically. Returns the
        number of rows per table."""
        path = Path(path)
        with self._db.read() as session, replace_atomically(path) as temp:
            conn = session.connection()  # one read transaction: a consistent snapshot
            counts = {t.name: _count(conn, t) for t in exported_tables()}
            steps = _Steps(sum(counts.values()), progress, should_cancel)
            with open(temp, "wb", buffering=1 << 20) as out:
                out.write(_line(self._header(conn, counts)))
                for table in exported_tables():
                    steps.check()
                    self._write_rows(conn, table, out, steps)
            steps.check()
        return counts

    @staticmethod
    def _header(conn: Connection, counts: dict[str, int]) -> dict:
        schema = conn.scalar(text("SELECT version_num FROM alembic_version"))
        return {"format": FORMAT, "version": VERSION, "schema": schema,
                "exported_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
                "app_version": app.__version__, "counts": counts}

    @staticmethod
    def _write_rows(conn: Connection, table: Table, out: IO[bytes], steps: _Steps) -> None:
        names = [c.name for c in table.columns]
        for rows in conn.execute(_rows_query(table)).partitions(STEP):
            for row in rows:
                values = {name: _to_json(value) for name, value in zip(names, row, strict=True)}
                out.write(_line({"table": table.name, "row": values}))
            steps.advance(len(rows))

    @collector_paused()
    def restore_all(self, path: Path, *, progress: Progress | None = None,
                    should_cancel: ShouldCancel | None = None) -> dict[str, int]:
        """Restore a complete export into this (empty) notebook, all or nothing, keeping
        every id. Returns the number of rows per table read from the file."""
        path = Path(path)
        file = str(path)
        _check_size(path)
        with open(path, "rb") as stream:
            lines = _numbered_lines(stream, file)
            header = _header(lines, file)
            steps = _Steps(sum(header.counts.values()), progress, should_cancel)
            with self._db.transaction() as session:
                conn = session.connection()
                _require_empty(conn)
                # Rows may refer to rows further on (people.introduced_by_id): references
                # are checked once, at the end, and the whole transaction fails if one dangles.
                conn.exec_driver_sql("PRAGMA defer_foreign_keys = ON")
                conn.execute(delete(SETTINGS))
                steps.check()
                writer = _RowWriter(conn, file)
                for number, obj in lines:
                    if writer.add(number, obj):
                        steps.check()
                    steps.advance()
                writer.flush()
                _check_counts(header.counts, writer.counts, file)
                _check_references(conn, file)
                search_index.rebuild(conn)
                steps.check()
        return writer.counts
