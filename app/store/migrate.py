"""Bringing a notebook's schema to the version this Rapport knows, safely.

An existing notebook is backed up (encrypted, verified) before any migration runs, and all
revisions run in one real transaction: a failure leaves the schema exactly as it was.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, text

from app import bundle
from app.errors import MigrationFailed, NewerNotebook
from app.store import search_index
from app.store.engine import Database

SCRIPT_LOCATION = bundle.migrations_dir()
STALE_INDEX_KEY = "search_index_stale"


def _config(conn: Connection | None = None) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(SCRIPT_LOCATION))
    cfg.attributes["connection"] = conn
    return cfg


def head_revision() -> str:
    head = ScriptDirectory.from_config(_config()).get_current_head()
    assert head is not None
    return head


def known_revisions() -> set[str]:
    return {s.revision for s in ScriptDirectory.from_config(_config()).walk_revisions()}


def current_revision(db: Database) -> str | None:
    with db.engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def backup_before_upgrade(db: Database, revision: str) -> Path:
    return db.backup(f"before-upgrade-from-{revision}")


Status = Callable[[str], None]  # told "backup", "upgrade", "index" as long steps begin


def upgrade(db: Database, target: str = "head", status: Status | None = None) -> Path | None:
    """Upgrade to target. Returns the backup made first, if the notebook had data."""
    status = status or (lambda _stage: None)
    current = current_revision(db)
    if current is not None and current not in known_revisions():
        raise NewerNotebook(
            f"{db.path} was written by a newer version of Rapport (schema {current}). "
            "Update Rapport to open it; the file has not been changed."
        )
    wanted = head_revision() if target == "head" else target
    backup = None
    if current != wanted:
        if current is not None:
            status("backup")
            backup = backup_before_upgrade(db, current)
            status("upgrade")
        try:
            with db.engine.begin() as conn:
                command.upgrade(_config(conn), target)
        except Exception as exc:
            raise MigrationFailed(
                f"Upgrading {db.path} failed and was undone ({exc}). "
                f"The notebook is unchanged{'; a backup is at ' + str(backup) if backup else ''}."
            ) from exc
    refresh_search_index_if_stale(db, status)
    return backup


def refresh_search_index_if_stale(db: Database, status: Status | None = None) -> None:
    with db.engine.begin() as conn:
        tables = set(conn.execute(text("SELECT name FROM sqlite_master")).scalars())
        if not tables.issuperset(search_index.INDEX_TABLES):  # upgraded to an older revision
            return
        stale = conn.execute(
            text("SELECT value FROM settings WHERE key = :k"), {"k": STALE_INDEX_KEY}
        ).first()
        if stale:
            if status:
                status("index")
            search_index.rebuild(conn)
            conn.execute(text("DELETE FROM settings WHERE key = :k"), {"k": STALE_INDEX_KEY})
