"""Encrypted backups: daily automatic ones with rotation, one before each risky operation,
"Back up now" to a folder of the user's choice, and restoring a notebook from a backup.

Every backup is made by `Database.backup`/`backup_into`: SQLite's VACUUM INTO writes a
consistent copy encrypted with the same key and salt (so the same passphrase, and the key
remembered in the keyring, open it), owner-only (0600), checked with `quick_check`.

Backups live in `app.config.backups_dir_for(notebook)`, named
`{stem}-{reason}-{YYYYmmdd-HHMMSS}[-N].rapport` in local time. Rotation reads the time from
that name, never from the file's mtime, and touches only files with this notebook's stem and
its salt (notebooks in the same folder share the backups folder; the salt, which every backup
keeps, tells them apart even when one stem is a prefix of another).
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
import shutil
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from pathlib import Path

import sqlcipher3

from app import vault
from app.config import NOTEBOOK_SUFFIX, backups_dir_for, create_private_file, ensure_private_dir
from app.errors import (
    InvalidInput,
    NewerNotebook,
    NotANotebook,
    NotebookDamaged,
    WrongPassphrase,
)
from app.files import fsync, replace_atomically
from app.services.base import Service
from app.services.merge import forget_merges
from app.store import migrate
from app.store.engine import SALT_BYTES, Database, connect

DAILY = "daily"
BEFORE = "before-"
BEFORE_RESTORE = "before-restore"
DAMAGED = "damaged"
MANUAL = "manual"
STAMP = "%Y%m%d-%H%M%S"
KEEP_DAILY = 7  # the newest backup of each of the last 7 days that have one
KEEP_WEEKLY = 4  # ... and of each of the last 4 ISO weeks that have one
KEEP_RECENT = dt.timedelta(hours=24)
KEEP_BEFORE = 3  # "before-*" backups: the newest 3, whatever their age ...
BEFORE_MAX_AGE = dt.timedelta(days=30)  # ... and all those younger than this
_REASON = re.compile(r"before-[a-z0-9][a-z0-9_.-]*")
_JOURNALS = ("-wal", "-shm", "-journal")


@dataclass(frozen=True)
class BackupInfo:
    path: Path
    reason: str  # "daily", "before-import", "before-upgrade-from-0003" ...
    taken_at: dt.datetime  # aware, local time, read from the file name
    size: int  # bytes
    sequence: int = 1  # orders backups taken within the same second (-2, -3 ...)


# --- files ---------------------------------------------------------------------------------


def _remove_journals(database: Path) -> None:
    for suffix in _JOURNALS:
        Path(f"{database}{suffix}").unlink(missing_ok=True)


def _salt(path: Path) -> bytes | None:
    try:
        with open(path, "rb") as f:
            return f.read(SALT_BYTES)
    except OSError:
        return None


def _free_name(folder: Path, base: str) -> Path:
    """`base.rapport`, or `base-2.rapport` ... created empty and 0600 (never overwriting)."""
    for sequence in itertools.count(1):
        target = folder / f"{base}{'' if sequence == 1 else f'-{sequence}'}{NOTEBOOK_SUFFIX}"
        try:
            create_private_file(target)
        except FileExistsError:
            continue
        return target
    raise AssertionError("unreachable")


def _copy_private(source: Path, target: Path) -> None:
    if not target.exists():
        create_private_file(target)
    shutil.copyfile(source, target)
    fsync(target)


# --- finding and rotating backups ----------------------------------------------------------


def _name_pattern(stem: str) -> re.Pattern[str]:
    return re.compile(re.escape(stem) + r"-(?P<reason>[A-Za-z0-9_.-]+?)-(?P<stamp>\d{8}-\d{6})"
                      r"(?:-(?P<sequence>\d+))?" + re.escape(NOTEBOOK_SUFFIX) + r"\Z")


def _local(moment: dt.datetime | None) -> dt.datetime:
    """Aware local time (a naive moment is taken as local, like the names' stamps)."""
    return (moment or dt.datetime.now()).astimezone()


def find_backups(notebook: Path) -> list[BackupInfo]:
    """This notebook's backups in its backups folder, newest first. Usable while the
    notebook is closed (to offer a restore when it will not open)."""
    notebook = Path(notebook)
    folder = backups_dir_for(notebook)
    if not folder.is_dir():
        return []
    pattern = _name_pattern(notebook.stem)
    salt = _salt(notebook)
    found = []
    for path in folder.iterdir():
        match = pattern.match(path.name)
        if match is None or not path.is_file() or (salt and _salt(path) != salt):
            continue
        try:
            taken_at = dt.datetime.strptime(match["stamp"], STAMP).astimezone()
        except ValueError:
            continue
        found.append(BackupInfo(path, match["reason"], taken_at, path.stat().st_size,
                                int(match["sequence"] or 1)))
    return sorted(found, key=lambda b: (b.taken_at, b.sequence), reverse=True)


def _newest_per_period(backups: list[BackupInfo], period: Callable[[BackupInfo], Hashable],
                       count: int) -> set[Path]:
    """The newest backup of each of the `count` most recent periods that have one
    (`backups` newest first)."""
    kept: dict[Hashable, Path] = {}
    for backup in backups:
        key = period(backup)
        if key not in kept:
            if len(kept) == count:
                break
            kept[key] = backup.path
    return set(kept.values())


def backups_to_keep(backups: list[BackupInfo], now: dt.datetime) -> set[Path]:
    """The rotation policy. `backups` newest first; `now` aware.

    - daily: anything younger than 24 h, the newest of each of the last 7 days that have a
      daily backup, and the newest of each of the last 4 ISO weeks that have one;
    - "before-*": the newest 3, and any younger than 30 days;
    - any other reason (including "damaged" copies) is never removed;
    - the newest backup of all is never removed.
    """
    daily = [b for b in backups if b.reason == DAILY]
    before = [b for b in backups if b.reason.startswith(BEFORE)]
    rotated = {b.path for b in daily + before}
    keep = {b.path for b in backups if b.path not in rotated}
    keep |= {b.path for b in daily if now - b.taken_at < KEEP_RECENT}
    keep |= _newest_per_period(daily, lambda b: b.taken_at.date(), KEEP_DAILY)
    keep |= _newest_per_period(daily, lambda b: b.taken_at.isocalendar()[:2], KEEP_WEEKLY)
    keep |= {b.path for b in before[:KEEP_BEFORE]}
    keep |= {b.path for b in before if now - b.taken_at < BEFORE_MAX_AGE}
    keep |= {b.path for b in backups[:1]}
    return keep


class BackupService(Service):
    def list_backups(self) -> list[BackupInfo]:
        return find_backups(self._db.path)

    def backup_if_due(self, now: dt.datetime | None = None) -> Path | None:
        """Make today's automatic backup unless there is one already; then rotate.
        Returns the new backup, or None if today's existed."""
        today = _local(now).date()
        made = None
        if not any(b.reason == DAILY and b.taken_at.date() == today for b in self.list_backups()):
            made = self._db.backup(DAILY)
        self.rotate(now)
        return made

    def backup_before(self, reason: str) -> Path:
        """A backup before a risky operation: "before-import", "before-restore" ...
        ("import" is taken as "before-import")."""
        reason = reason if reason.startswith(BEFORE) else BEFORE + reason
        if not _REASON.fullmatch(reason):
            raise InvalidInput(f"'{reason}' cannot name a backup: use lower-case letters, "
                               "digits and hyphens.", "reason")
        return self._db.backup(reason)

    def rotate(self, now: dt.datetime | None = None) -> list[Path]:
        """Remove the backups the policy (backups_to_keep) does not keep; returns them."""
        backups = self.list_backups()
        keep = backups_to_keep(backups, _local(now))
        removed = [b.path for b in backups if b.path not in keep]
        for path in removed:
            path.unlink(missing_ok=True)
            _remove_journals(path)  # left if someone opened the backup with another tool
        return removed

    def backup_manual(self) -> Path:
        """"Back up now" without choosing a folder: into the backups folder, where rotation
        never removes it (it removes only daily and before-* backups)."""
        return self._db.backup(MANUAL)

    def backup_now(self, folder: Path) -> Path:
        """"Back up now" into a folder the user chose: `{stem}-{YYYYmmdd-HHMMSS}.rapport`,
        never overwriting a file there, 0600, encrypted like the notebook."""
        stamp = dt.datetime.now().strftime(STAMP)
        for sequence in itertools.count(1):
            suffix = "" if sequence == 1 else f"-{sequence}"
            target = Path(folder) / f"{self._db.path.stem}-{stamp}{suffix}{NOTEBOOK_SUFFIX}"
            try:
                return self._db.backup_into(target)
            except FileExistsError:
                continue
        raise AssertionError("unreachable")


# --- restoring a backup --------------------------------------------------------------------


def _key_of(path: Path, key_or_passphrase: bytes | str) -> bytes:
    if isinstance(key_or_passphrase, bytes):
        return key_or_passphrase
    return vault.key_for(path, key_or_passphrase)


def _check_restorable(copy: Path, backup: Path, key: bytes) -> None:
    """The copy about to replace the notebook (exactly those bytes) opens with the key,
    passes quick_check and has a schema this Rapport knows (a newer one would lock the user
    out). Errors name the backup, not the temporary copy."""
    try:
        conn = connect(copy, key)  # checks the key read-only before anything is written
    except WrongPassphrase:
        raise WrongPassphrase(str(backup)) from None
    except (NotANotebook, NotebookDamaged) as error:
        raise type(error)(f"The backup {backup} cannot be restored: it is damaged or not a "
                          "Rapport notebook. Choose another backup.") from None
    try:
        result = conn.execute("PRAGMA quick_check").fetchone()
        if result is None or result[0] != "ok":
            raise NotebookDamaged(f"The backup {backup} failed its check ({result}); "
                                  "choose another backup.")
        try:
            schema = conn.execute("SELECT version_num FROM alembic_version").fetchone()
        except sqlcipher3.OperationalError as error:  # no such table: another SQLCipher file
            raise NotANotebook(f"The backup {backup} is not a Rapport notebook.") from error
    finally:
        conn.close()
    if schema is None or schema[0] not in migrate.known_revisions():
        raise NewerNotebook(f"The backup {backup} was written by a newer version of Rapport; "
                            "update Rapport to restore it. Nothing was changed.")


def _keep_damaged(notebook: Path) -> Path:
    """A notebook that will not open is kept byte for byte, with its WAL beside it as
    `{copy}-wal` (SQLite applies it when the copy is opened), for recovery tools."""
    folder = ensure_private_dir(backups_dir_for(notebook))
    stamp = dt.datetime.now().strftime(STAMP)
    target = _free_name(folder, f"{notebook.stem}-{DAMAGED}-{stamp}")
    _copy_private(notebook, target)
    wal = Path(f"{notebook}-wal")
    if wal.exists():
        _copy_private(wal, Path(f"{target}-wal"))
    return target


def _keep_current(notebook: Path, key_or_passphrase: bytes | str) -> Path | None:
    """The safety copy of the notebook about to be replaced (None if there is none)."""
    if not notebook.exists():
        return None
    database = Database(notebook, _key_of(notebook, key_or_passphrase))
    try:
        try:
            with database.engine.connect():
                pass  # checks the key (read-only first) and replays a WAL left by a crash
        except (NotebookDamaged, NotANotebook):
            return _keep_damaged(notebook)
        return database.backup(BEFORE_RESTORE)
    finally:
        database.close()


def restore_backup(backup: Path, notebook: Path, key_or_passphrase: bytes | str, *,
                   current_key_or_passphrase: bytes | str | None = None) -> Path | None:
    """Replace the notebook file with a backup. The notebook must be closed (no connection
    to it in this or any other process). Returns the safety copy of the replaced notebook
    (None when there was no notebook file).

    The design, in order; every step before the last leaves the notebook untouched:
    1. The backup is copied to a 0600 temporary file in the notebook's folder. That copy
       (exactly what will be installed; the backup itself is never opened, so no journal
       file appears beside it) must open with the key (raw bytes, or a passphrase with the
       backup's salt), else WrongPassphrase naming the backup, and pass quick_check with a
       schema this Rapport knows.
    2. Safety copy of the current notebook, as a normal verified encrypted backup
       (`{stem}-before-restore-{stamp}.rapport`, made by VACUUM INTO, so it includes what a
       crash left in the WAL and is one self-contained file that this function can restore).
       It needs a key that opens the current notebook: the backup's key by default; if the
       passphrase was changed since the backup, pass `current_key_or_passphrase`, else
       WrongPassphrase is raised with `.path` naming the notebook. A notebook too damaged
       to open is copied byte for byte with its WAL instead (`{stem}-damaged-{stamp}`):
       restoring is exactly what a damaged notebook needs, so it must not be refused.
    3. Any `-wal`, `-shm` or `-journal` beside the notebook is deleted: SQLite would replay
       a stale journal into the restored file (same salt and key!) and corrupt it. Its
       content is in the safety copy.
    4. The copy is synced to disk and renamed over the notebook in one step.

    The restored file keeps the backup's salt (VACUUM INTO keeps it), so a key remembered
    in the keyring for this notebook still opens it when the passphrase did not change.
    """
    backup, notebook = Path(backup), Path(notebook)
    key = _key_of(backup, key_or_passphrase)
    with replace_atomically(notebook) as copy:
        shutil.copyfile(backup, copy)
        _check_restorable(copy, backup, key)
        safety = _keep_current(notebook, current_key_or_passphrase or key)
        _remove_journals(notebook)
    forget_merges(notebook)
    return safety
