"""Opening SQLCipher files: keying, pinned cipher settings, pragmas, real transactions.

Every connection is keyed with the raw 256-bit key (`x'…'`), derived once from the
passphrase with SQLCipher's own KDF (PBKDF2-HMAC-SHA512, 256,000 rounds, the file's salt),
so the file also opens with the passphrase in any SQLCipher 4 tool.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import os
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import sqlcipher3
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import QueuePool

from app.config import backups_dir_for, create_private_file, ensure_private_dir
from app.errors import NotANotebook, NotebookDamaged, NotebookReadOnly, WrongPassphrase

KDF_ITERATIONS = 256_000
KEY_BYTES = 32
SALT_BYTES = 16

# Pinned so that a change of defaults in a future SQLCipher can never orphan a notebook.
CIPHER_SETTINGS = (
    ("cipher_page_size", "4096"),  # PAGE_SIZE
    ("kdf_iter", str(KDF_ITERATIONS)),
    ("cipher_use_hmac", "ON"),
    ("cipher_plaintext_header_size", "0"),
    ("cipher_hmac_algorithm", "HMAC_SHA512"),
    ("cipher_kdf_algorithm", "PBKDF2_HMAC_SHA512"),
)
CACHE_KIB = 128 * 1024
PAGE_SIZE = 4096


def disable_core_dumps() -> None:
    """Keep decrypted data in memory from being written to disk in a crash dump."""
    try:
        import resource

        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    except (ImportError, ValueError, OSError):  # not on this platform, or not permitted
        pass


def derive_key(passphrase: str, salt: bytes) -> bytes:
    if not passphrase:
        raise ValueError("empty passphrase")
    return hashlib.pbkdf2_hmac("sha512", passphrase.encode("utf-8"), salt, KDF_ITERATIONS, KEY_BYTES)


def read_salt(path: Path) -> bytes:
    """SQLCipher keeps the KDF salt in the file's first 16 bytes."""
    try:
        with open(path, "rb") as f:
            salt = f.read(SALT_BYTES)
    except FileNotFoundError:
        raise
    except OSError as exc:
        raise NotANotebook(f"{path} cannot be read: {exc.strerror}.") from exc
    if len(salt) < SALT_BYTES:
        raise NotANotebook(f"{path} is empty or too short to be a Rapport notebook.")
    if salt.startswith(b"SQLite format 3"):
        raise NotANotebook(f"{path} is an unencrypted SQLite database, not a Rapport notebook.")
    return salt


def _key_pragma(key: bytes, salt: bytes | None) -> str:
    blob = key.hex() + (salt.hex() if salt else "")
    return f"PRAGMA key = \"x'{blob}'\""


def _casefold(value: str | None) -> str | None:
    return value.casefold() if isinstance(value, str) else value


def _keyed(conn: sqlcipher3.Connection, key: bytes, salt: bytes | None) -> None:
    conn.execute("PRAGMA cipher_log_level = NONE")
    # cipher_memory_security stays OFF (SQLCipher's default since 4.5): wiping every
    # allocation made bulk writes 15x and reads 3-10x slower here (bench/), while the same
    # personal data sits in Python objects that cannot be wiped anyway. Core dumps are
    # disabled instead (disable_core_dumps), so memory does not reach the disk.
    conn.execute(_key_pragma(key, salt))
    for name, value in CIPHER_SETTINGS:
        conn.execute(f"PRAGMA {name} = {value}")


def verify_read_only(path: Path, key: bytes) -> None:
    """Check the key on a read-only connection first: closing a read-write connection can
    merge a WAL left by a crash into the file, which a wrong key must never cause."""
    size = os.path.getsize(path)
    if size % PAGE_SIZE:
        raise NotANotebook(f"{path} is not a Rapport notebook.")
    conn = sqlcipher3.connect(f"file:{quote(str(path))}?mode=ro", uri=True,
                              check_same_thread=False, isolation_level=None)
    try:
        _keyed(conn, key, None)
        _verify_key(conn, path)
    finally:
        conn.close()


def connect(path: Path, key: bytes, *, new_salt: bytes | None = None) -> sqlcipher3.Connection:
    """A keyed, verified connection. A wrong key raises before anything is written."""
    if new_salt is None:
        verify_read_only(path, key)
    conn = sqlcipher3.connect(str(path), check_same_thread=False, isolation_level=None)
    try:
        _keyed(conn, key, new_salt)
        _verify_key(conn, path)
        conn.execute("PRAGMA temp_store = MEMORY")  # temp files are never encrypted
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("PRAGMA busy_timeout = 10000")
        conn.execute(f"PRAGMA cache_size = -{CACHE_KIB}")
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = FULL")
        # SQLite's lower() folds ASCII only: "Évora" must match "évora".
        conn.create_function("casefold", 1, _casefold, deterministic=True)
    except sqlcipher3.OperationalError as exc:
        conn.close()
        if "readonly" in str(exc) or "read-only" in str(exc):
            raise NotebookReadOnly(path) from exc
        raise
    except BaseException:
        conn.close()
        raise
    return conn


def _verify_key(conn: sqlcipher3.Connection, path: Path) -> None:
    try:
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlcipher3.DatabaseError as exc:
        if "readonly" in str(exc) or "unable to open" in str(exc):
            raise NotebookReadOnly(path) from exc
        if "not a database" not in str(exc):
            raise NotebookDamaged(f"{path} is damaged: {exc}.") from exc
        if _few_pages_damaged(conn, path):
            raise NotebookDamaged(
                f"{path} opened with this passphrase but its first page is damaged. "
                "Restore it from a backup."
            ) from exc
        raise WrongPassphrase(str(path)) from exc


def _few_pages_damaged(conn: sqlcipher3.Connection, path: Path) -> bool:
    """With the right key only damaged pages fail their HMAC; with a wrong key every page does."""
    try:
        failures = conn.execute("PRAGMA cipher_integrity_check").fetchall()
    except sqlcipher3.DatabaseError:
        return False
    pages = os.path.getsize(path) // PAGE_SIZE
    return 0 < len(failures) < pages


def create_file(path: Path, key: bytes, salt: bytes) -> None:
    """Create an empty notebook file (0600) keyed with key and salt."""
    create_private_file(path)
    try:
        conn = connect(path, key, new_salt=salt)
        conn.close()
    except BaseException:
        path.unlink(missing_ok=True)
        raise


def make_engine(path: Path, key: bytes) -> Engine:
    """One engine per unlocked notebook. Each pooled connection is keyed with the raw key."""
    engine = create_engine(
        "sqlite://",
        module=sqlcipher3,
        creator=lambda: connect(path, key),
        poolclass=QueuePool,
        pool_size=2,
        max_overflow=4,
        pool_use_lifo=True,  # the page cache is per connection: reuse the warm one
        hide_parameters=True,  # an error's message (and so a log) never holds personal data
    )

    # SQLAlchemy's documented recipe: let the driver stay in autocommit and emit BEGIN
    # ourselves, so that DDL in a migration and every write are really transactional.
    # Write transactions take the write lock up front (BEGIN IMMEDIATE): a deferred one that
    # read first could fail at once with SQLITE_BUSY instead of waiting for another writer.
    @event.listens_for(engine, "begin")
    def _begin(conn):  # noqa: ANN001
        conn.exec_driver_sql(conn.get_execution_options().get("begin", "BEGIN"))

    return engine


class Database:
    """The unlocked notebook's engine and the only way to a Session."""

    def __init__(self, path: Path, key: bytes) -> None:
        self.path = path
        self._key = key
        self.engine = make_engine(path, key)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)

    @contextlib.contextmanager
    def transaction(self) -> Iterator[Session]:
        """All or nothing: commit on success, roll back on any exception."""
        with self._sessions() as session, session.begin():
            session.connection(execution_options={"begin": "BEGIN IMMEDIATE"})
            yield session

    @contextlib.contextmanager
    def read(self) -> Iterator[Session]:
        """A session for reads; whatever it began is rolled back when it closes."""
        with self._sessions() as session:
            yield session

    def close(self) -> None:
        self.engine.dispose()
        self._key = b""

    def backup_into(self, target: Path) -> Path:
        """An encrypted, consistent copy (same key and salt), made by SQLite, never a file
        copy, so a transaction in flight or an unmerged WAL cannot tear it. Verified after."""
        create_private_file(target)
        try:
            with self.engine.connect() as conn:
                raw = conn.connection.dbapi_connection
                raw.execute("VACUUM INTO ?", (str(target),))
            check = connect(target, self._key)
            try:
                result = check.execute("PRAGMA quick_check").fetchone()
            finally:
                check.close()
            if result is None or result[0] != "ok":
                raise NotebookDamaged(f"The backup {target} failed its check: {result}.")
        except BaseException:
            target.unlink(missing_ok=True)
            raise
        return target

    def backup(self, reason: str) -> Path:
        """A verified backup in the notebook's backups folder, named by reason and time."""
        folder = ensure_private_dir(backups_dir_for(self.path))
        stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
        target = folder / f"{self.path.stem}-{reason}-{stamp}.rapport"
        counter = 1
        while target.exists():
            counter += 1
            target = folder / f"{self.path.stem}-{reason}-{stamp}-{counter}.rapport"
        return self.backup_into(target)

    def rekey(self, new_key: bytes) -> None:
        """Re-encrypt every page with new_key. Callers back up first."""
        self.engine.dispose()
        conn = connect(self.path, self._key)
        try:
            conn.execute(f"PRAGMA rekey = \"x'{new_key.hex()}'\"")
        finally:
            conn.close()
        self._key = new_key
        self.engine = make_engine(self.path, new_key)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)

    @property
    def key(self) -> bytes:
        return self._key
