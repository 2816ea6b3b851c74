"""Inserting many rows at once, through the driver, optionally from a second thread.

SQLAlchemy Core's executemany spends most of its time preparing each parameter set; for
the 100,000s of rows of an import, calling the driver directly is ~2.5x faster. Every value
still goes through its column's own bind processor, so rows are stored exactly as the ORM
stores them (dates, aware datetimes as naive UTC, booleans).

Rows go in as multi-row INSERTs (up to 512 rows a statement) rather than one executemany:
the driver's loop over rows cost ~0.7 s of an import of 100,000 people, and SQLite runs each
statement without holding Python's interpreter lock, so a BackgroundWriter can write one
batch while the caller builds the next.
"""

from __future__ import annotations

import contextlib
import functools
import itertools
import operator
import queue
import sys
import threading
from collections.abc import Callable, Iterator, Sequence

from sqlalchemy import Connection, LargeBinary, Table

MAX_VARIABLES = 32766  # SQLite's default limit on the ? of one statement since 3.32
MAX_ROWS_PER_STATEMENT = 512
QUEUED_STATEMENTS = 128  # a batch of 2,000 new people makes ~60

Execute = Callable[[str, tuple], object]  # Connection.exec_driver_sql, BackgroundWriter.execute


def insert_rows(conn: Connection, table: Table, rows: Sequence[dict], *,
                writer: BackgroundWriter | None = None) -> None:
    """INSERT the rows (dicts with the same keys) into table; through `writer` if given."""
    if not rows:
        return
    columns = list(rows[0])
    values = operator.itemgetter(*columns) if len(columns) > 1 else (lambda row: (row[columns[0]],))
    insert_values(conn, table, columns, list(map(values, rows)), writer=writer)


def insert_values(conn: Connection, table: Table, columns: Sequence[str], rows: list[tuple],
                  *, writer: BackgroundWriter | None = None) -> None:
    """INSERT rows given as tuples of Python values, in the order of `columns`."""
    if not rows:
        return
    dialect = conn.dialect
    processors = [(n, table.c[name].type.dialect_impl(dialect).bind_processor(dialect))
                  for n, name in enumerate(columns)]
    processors = [(n, process) for n, process in processors if process is not None]
    # The driver copies every bound blob: a row at a time for photos, not 512 of them at once.
    blobs = any(isinstance(table.c[name].type, LargeBinary) for name in columns)
    insert_tuples(writer.execute if writer else conn.exec_driver_sql, table.name, columns,
                  _processed(rows, processors), most=1 if blobs else MAX_ROWS_PER_STATEMENT)


def insert_tuples(execute: Execute, table: str, columns: Sequence[str],
                  rows: Sequence[tuple], most: int = MAX_ROWS_PER_STATEMENT) -> None:
    """INSERT rows of values (already as the driver takes them) in statements of up to
    `most` rows."""
    for sql, params in _statements(table, tuple(columns), rows, most):
        execute(sql, params)


def _statements(table: str, columns: tuple[str, ...], rows: Sequence[tuple], most: int
                ) -> Iterator[tuple[str, tuple]]:
    """Statements of a power-of-two number of rows each, biggest first: a few distinct
    statements per table, which the driver prepares once and keeps (most of them: it keeps
    128)."""
    size = min(_biggest_statement(len(columns)), most)
    start = 0
    while start < len(rows):
        while size > len(rows) - start:
            size //= 2
        part = rows[start:start + size]
        yield _values_sql(table, columns, size), tuple(itertools.chain.from_iterable(part))
        start += size


def _biggest_statement(width: int) -> int:
    size = MAX_ROWS_PER_STATEMENT
    while size > 1 and size * width > MAX_VARIABLES:
        size //= 2
    return size


@functools.lru_cache(maxsize=256)
def _values_sql(table: str, columns: tuple[str, ...], count: int) -> str:
    one_row = f"({', '.join('?' * len(columns))})"
    return f"INSERT INTO {table} ({', '.join(columns)}) VALUES {', '.join([one_row] * count)}"


def _processed(rows: list[tuple], processors: list) -> list[tuple]:
    """The rows with each processed column run through its processor, a column at a time
    (map and zip loop in C: per row and value in Python this took ~1 s of an import of
    100,000 people)."""
    if not processors:
        return rows
    columns = list(zip(*rows, strict=True))
    for n, process in processors:
        columns[n] = map(_memoized(process), columns[n])
    return list(zip(*columns, strict=True))


def _memoized(process):
    """The processor, run once per distinct value: a column of an import holds few of them
    (the same created_at in every row, True and False), and each run cost ~1 µs."""
    done: dict = {}

    def processed(value):
        try:
            return done[value]
        except KeyError:
            result = done[value] = process(value)
            return result
        except TypeError:  # unhashable
            return process(value)

    return processed


class BackgroundWriter:
    """Runs statements on a connection in a second thread, in the order given, while the
    caller builds what comes next. SQLite releases the interpreter lock while it works, so
    on two cores building rows and writing them overlap. Until wait() returns, the caller
    must not use the connection itself (reads included): it belongs to this thread.

    A failed statement is raised again in the caller (by the next execute() or by wait()),
    and nothing after it runs; the caller's transaction then rolls everything back."""

    def __init__(self, conn: Connection) -> None:
        self.conn = conn
        # Bounded: the caller waits rather than gather more than about two batches of
        # statements ahead of a slow disk.
        self._queue: queue.Queue = queue.Queue(maxsize=QUEUED_STATEMENTS)
        self._error: BaseException | None = None
        self._discard = False
        self._thread = threading.Thread(target=self._run, name="rapport-writer", daemon=True)
        self._thread.start()

    def execute(self, sql: str, params: tuple = ()) -> None:
        self._raise_error()
        self._queue.put((sql, params))

    def wait(self) -> None:
        """Return when every statement given so far has run; raise the first that failed."""
        done = threading.Event()
        self._queue.put(done)
        done.wait()
        self._raise_error()

    def stop(self) -> None:
        """Drop the statements not yet run, and return when the one running has finished."""
        self._discard = True
        self._queue.put(None)
        self._thread.join()

    def _raise_error(self) -> None:
        if self._error is not None:
            raise self._error

    def _run(self) -> None:
        while (item := self._queue.get()) is not None:
            if isinstance(item, threading.Event):
                item.set()
            elif self._error is None and not self._discard:
                try:
                    self.conn.exec_driver_sql(*item)
                except BaseException as error:  # noqa: BLE001 - raised again in the caller
                    self._error = error


# How long a thread that wants the interpreter lock waits before the holder must let go
# (Python's default: 5 ms). The writer wants it back after every statement; at 5 ms it spent
# most of an import waiting. Writing 100,000 new people: 9.4 s at 5 ms, 7.6 s at 0.2 ms, and
# about 0.5 s less again at 0.05 ms (0.02 ms: no better).
WRITER_SWITCH_INTERVAL = 0.00005


@contextlib.contextmanager
def background_writer(conn: Connection) -> Iterator[BackgroundWriter]:
    """A BackgroundWriter for the block: at its end, everything given has run (or the first
    failure is raised); if the block raises, what was not yet run is dropped."""
    writer = BackgroundWriter(conn)
    interval = sys.getswitchinterval()
    sys.setswitchinterval(min(interval, WRITER_SWITCH_INTERVAL))
    try:
        yield writer
        writer.wait()
    finally:
        sys.setswitchinterval(interval)
        writer.stop()
