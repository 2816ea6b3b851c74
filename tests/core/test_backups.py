"""Automatic encrypted backups, their rotation, "Back up now", and restoring a backup."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
import stat
from pathlib import Path

import pytest

from app import vault
from app.domain import PersonDraft
from app.errors import InvalidInput, NewerNotebook, WrongPassphrase
from app.notebook import Notebook
from app.services.backups import find_backups, restore_backup
from app.store.engine import connect, read_salt
from tests.conftest import PASSPHRASE

STAMP = "%Y%m%d-%H%M%S"


def backups_dir(notebook_path: Path) -> Path:
    return notebook_path.parent / "backups"


def fabricate(notebook_path: Path, name: str, salt: bytes | None = None) -> Path:
    """A file in the backups folder that only looks like a backup (salt + padding)."""
    folder = backups_dir(notebook_path)
    folder.mkdir(mode=0o700, exist_ok=True)
    path = folder / name
    path.write_bytes((salt or read_salt(notebook_path)) + b"\0" * 4080)
    return path


def names(notebook) -> list[str]:
    return [p.name for p in notebook]


def people_names(path: Path, passphrase: str = PASSPHRASE) -> list[str]:
    with Notebook.open(path, passphrase) as notebook:
        return sorted(p.name for p in notebook.people.list().items)


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


# --- automatic backups -----------------------------------------------------------------------


def test_backup_if_due_makes_one_backup_a_day(nb, notebook_path):
    yesterday = (dt.datetime.now() - dt.timedelta(days=1)).replace(hour=9, minute=0, second=0)
    fabricate(notebook_path, f"notebook-daily-{yesterday:{STAMP}}.rapport")

    made = nb.backups.backup_if_due()

    assert made is not None and made.exists()
    newest = nb.backups.list_backups()[0]
    assert (newest.path, newest.reason, newest.size) == (made, "daily", made.stat().st_size)
    assert nb.backups.backup_if_due(now=newest.taken_at) is None  # the same day: not again
    assert [(b.reason, b.taken_at.date()) for b in nb.backups.list_backups()] == [
        ("daily", newest.taken_at.date()), ("daily", yesterday.date())]


def test_backups_are_encrypted_owner_only_and_keep_the_salt(nb, notebook_path):
    sentinel = "Zq7SentinelNeverInPlainText"
    nb.people.create(PersonDraft(given_name="Ana", notes=sentinel))
    made = nb.backups.backup_if_due()
    before = nb.backups.backup_before("before-import")

    for path in (made, before):
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
        assert sentinel.encode() not in path.read_bytes()
        assert not path.read_bytes().startswith(b"SQLite format 3")
        assert vault.notebook_id(path) == vault.notebook_id(notebook_path)
        assert people_names(path) == ["Ana"]
    assert stat.S_IMODE(backups_dir(notebook_path).stat().st_mode) == 0o700


def test_backup_before_names_the_reason(nb):
    assert re.fullmatch(r"notebook-before-import-\d{8}-\d{6}\.rapport",
                        nb.backups.backup_before("import").name)
    assert "-before-restore-" in nb.backups.backup_before("before-restore").name
    with pytest.raises(InvalidInput):
        nb.backups.backup_before("../../escape")


def test_rotation_keeps_exactly_the_expected_backups(nb, notebook_path):
    now = dt.datetime(2026, 3, 31, 12, 0)  # a Tuesday, ISO week 14
    vacation = {dt.date(2026, 3, 25), dt.date(2026, 3, 26), dt.date(2026, 3, 27)}
    day = dt.date(2026, 1, 31)
    while day <= now.date():  # 60 days of daily backups at 09:00, except the vacation
        if day not in vacation:
            fabricate(notebook_path, f"notebook-daily-{day:%Y%m%d}-090000.rapport")
        day += dt.timedelta(days=1)
    extra = ["notebook-daily-20260330-210000.rapport",  # two on the 30th
             "notebook-daily-20260329-090000-2.rapport",  # the same second as another
             "notebook-before-import-20260328-100000.rapport",
             "notebook-before-import-20260320-080000.rapport",
             "notebook-before-import-20260210-080000.rapport",
             "notebook-before-upgrade-from-0003-20260205-080000.rapport",
             "notebook-before-restore-20260201-080000.rapport",
             "notebook-damaged-20260201-080000.rapport"]
    for name in extra:
        fabricate(notebook_path, name)
    # Not this notebook's: another notebook's stem, another notebook's salt, not a backup.
    fabricate(notebook_path, "notebook-old-daily-20260201-090000.rapport", salt=b"x" * 16)
    fabricate(notebook_path, "notebook-daily-20260201-090000.rapport.txt")
    fabricate(notebook_path, "notebook-20260201-090000.rapport")

    removed = nb.backups.rotate(now=now)

    assert sorted(p.name for p in backups_dir(notebook_path).iterdir()) == sorted([
        # daily: the newest of each of the last 7 days that have one (the 25th-27th have none)
        "notebook-daily-20260331-090000.rapport",
        "notebook-daily-20260330-210000.rapport",  # (and younger than 24 h)
        "notebook-daily-20260329-090000-2.rapport",  # (and the newest of week 13)
        "notebook-daily-20260328-090000.rapport",
        "notebook-daily-20260324-090000.rapport",
        "notebook-daily-20260323-090000.rapport",
        "notebook-daily-20260322-090000.rapport",  # (and the newest of week 12)
        # weekly: the newest of each of the last 4 ISO weeks (14, 13, 12 above; 11)
        "notebook-daily-20260315-090000.rapport",
        # before-*: younger than 30 days, or among the newest 3
        "notebook-before-import-20260328-100000.rapport",
        "notebook-before-import-20260320-080000.rapport",
        "notebook-before-import-20260210-080000.rapport",
        # other reasons are never rotated
        "notebook-damaged-20260201-080000.rapport",
        # not this notebook's backups: untouched
        "notebook-old-daily-20260201-090000.rapport",
        "notebook-daily-20260201-090000.rapport.txt",
        "notebook-20260201-090000.rapport",
    ])
    assert len(removed) == (57 + 2 - 8) + 2 and all(not p.exists() for p in removed)
    assert nb.backups.rotate(now=now) == []


def test_rotation_never_removes_the_only_backup(nb, notebook_path):
    only = fabricate(notebook_path, "notebook-before-import-20200101-000000.rapport")
    assert nb.backups.rotate() == [] and only.exists()


def test_list_backups_is_newest_first_with_sizes(nb, notebook_path):
    fabricate(notebook_path, "notebook-daily-20260101-090000.rapport")
    fabricate(notebook_path, "notebook-daily-20260101-090000-2.rapport")
    fabricate(notebook_path, "notebook-before-import-20260102-080000.rapport")
    listed = nb.backups.list_backups()
    assert [b.path.name for b in listed] == ["notebook-before-import-20260102-080000.rapport",
                                             "notebook-daily-20260101-090000-2.rapport",
                                             "notebook-daily-20260101-090000.rapport"]
    assert listed[0].taken_at == dt.datetime(2026, 1, 2, 8, 0).astimezone()
    assert {b.size for b in listed} == {4096}
    assert find_backups(notebook_path) == listed


# --- Back up now -----------------------------------------------------------------------------


def test_back_up_now_into_a_chosen_folder_never_overwrites(nb, tmp_path):
    nb.people.create(PersonDraft(given_name="Ana"))
    folder = tmp_path / "usb-stick"
    folder.mkdir()
    start = dt.datetime.now()
    taken = {folder / f"notebook-{start + dt.timedelta(seconds=s):{STAMP}}.rapport"
             for s in range(-1, 4)}
    for path in taken:
        path.write_text("someone else's file")

    made = nb.backups.backup_now(folder)

    assert made not in taken and re.fullmatch(r"notebook-\d{8}-\d{6}(-\d+)?\.rapport", made.name)
    assert all(p.read_text() == "someone else's file" for p in taken)
    assert stat.S_IMODE(made.stat().st_mode) == 0o600
    assert people_names(made) == ["Ana"]
    assert nb.backups.list_backups() == []  # not in the automatic backups folder


# --- restoring a backup ----------------------------------------------------------------------


@pytest.fixture
def backup_then_more(nb, notebook_path) -> Path:
    """A backup with Ana and Ben; then Carla is added and the notebook closed."""
    nb.people.create(PersonDraft(given_name="Ana"))
    nb.people.create(PersonDraft(given_name="Ben"))
    backup = nb.backups.backup_if_due()
    nb.people.create(PersonDraft(given_name="Carla"))
    nb.close()
    return backup


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith(".") or "-wal" in p.name
                  or "-shm" in p.name)


def test_restore_brings_back_the_backup_and_keeps_a_safety_copy(backup_then_more, notebook_path):
    safety = restore_backup(backup_then_more, notebook_path, PASSPHRASE)

    assert people_names(notebook_path) == ["Ana", "Ben"]
    assert re.fullmatch(r"notebook-before-restore-\d{8}-\d{6}\.rapport", safety.name)
    assert safety.parent == backups_dir(notebook_path)
    assert people_names(safety) == ["Ana", "Ben", "Carla"]
    assert stat.S_IMODE(notebook_path.stat().st_mode) == 0o600
    assert leftovers(notebook_path.parent) == [] and leftovers(backups_dir(notebook_path)) == []


def test_restore_keeps_what_a_crash_left_in_the_wal_and_removes_the_stale_wal(
        nb, notebook_path):
    nb.people.create(PersonDraft(given_name="Ana"))
    backup = nb.backups.backup_if_due()
    nb.people.create(PersonDraft(given_name="Carla"))
    wal = Path(f"{notebook_path}-wal")
    crashed = notebook_path.read_bytes(), wal.read_bytes()  # Carla is in the WAL only
    nb.close()
    # A crash left the WAL, and the main file was torn (it no longer opens at all):
    # SQLite would replay this WAL, which holds Carla, into the restored file.
    notebook_path.write_bytes(crashed[0][:-100])
    wal.write_bytes(crashed[1])

    kept = restore_backup(backup, notebook_path, PASSPHRASE)

    assert not wal.exists() and not Path(f"{notebook_path}-shm").exists()
    assert people_names(notebook_path) == ["Ana"]
    with Notebook.open(notebook_path, PASSPHRASE) as restored, \
            restored._db.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA integrity_check").scalar() == "ok"
    # The torn notebook is kept byte for byte, its WAL beside it.
    assert "-damaged-" in kept.name
    assert kept.read_bytes() == crashed[0][:-100]
    assert Path(f"{kept}-wal").read_bytes() == crashed[1]


def test_a_crash_wal_is_included_in_the_safety_copy(nb, notebook_path):
    nb.people.create(PersonDraft(given_name="Ana"))
    backup = nb.backups.backup_if_due()
    nb.people.create(PersonDraft(given_name="Carla"))
    wal = Path(f"{notebook_path}-wal")
    crashed = notebook_path.read_bytes(), wal.read_bytes()
    nb.close()
    notebook_path.write_bytes(crashed[0])
    wal.write_bytes(crashed[1])

    safety = restore_backup(backup, notebook_path, PASSPHRASE)

    assert people_names(safety) == ["Ana", "Carla"]
    assert people_names(notebook_path) == ["Ana"]
    assert not wal.exists()


def test_wrong_passphrase_for_the_backup_changes_nothing(backup_then_more, notebook_path):
    before = sha256(notebook_path)
    backups_before = sorted(backups_dir(notebook_path).iterdir())
    with pytest.raises(WrongPassphrase) as failure:
        restore_backup(backup_then_more, notebook_path, "not the passphrase")
    assert failure.value.path == str(backup_then_more)
    assert sha256(notebook_path) == before
    assert sorted(backups_dir(notebook_path).iterdir()) == backups_before
    assert sorted(p.name for p in notebook_path.parent.iterdir()) == ["backups", "notebook.rapport"]


def test_restore_after_a_passphrase_change_needs_the_current_passphrase(nb, notebook_path):
    nb.people.create(PersonDraft(given_name="Ana"))
    backup = nb.backups.backup_if_due()
    nb.people.create(PersonDraft(given_name="Carla"))
    nb.change_passphrase(PASSPHRASE, "the new passphrase")
    nb.close()
    before = sha256(notebook_path)

    with pytest.raises(WrongPassphrase) as failure:
        restore_backup(backup, notebook_path, PASSPHRASE)
    assert failure.value.path == str(notebook_path) and sha256(notebook_path) == before

    safety = restore_backup(backup, notebook_path, PASSPHRASE,
                            current_key_or_passphrase="the new passphrase")
    assert people_names(safety, "the new passphrase") == ["Ana", "Carla"]
    assert people_names(notebook_path, PASSPHRASE) == ["Ana"]


def test_a_restored_notebook_still_unlocks_with_the_remembered_key(nb, notebook_path):
    nb.people.create(PersonDraft(given_name="Ana"))
    nb.remember_key()
    key = nb._db.key
    backup = nb.backups.backup_if_due()
    nb.people.create(PersonDraft(given_name="Carla"))
    nb.close()

    restore_backup(backup, notebook_path, key)

    assert vault.notebook_id(notebook_path) == vault.notebook_id(backup)
    assert vault.remembered_key(notebook_path) == key
    with Notebook.open(notebook_path) as restored:  # no passphrase: the keyring's key
        assert [p.name for p in restored.people.list().items] == ["Ana"]


def test_a_backup_from_a_newer_rapport_is_refused(backup_then_more, notebook_path, template_key):
    conn = connect(backup_then_more, template_key)
    conn.execute("UPDATE alembic_version SET version_num = '9999'")
    conn.close()
    before = sha256(notebook_path)
    with pytest.raises(NewerNotebook):
        restore_backup(backup_then_more, notebook_path, template_key)
    assert sha256(notebook_path) == before
    assert sorted(os.listdir(notebook_path.parent)) == ["backups", "notebook.rapport"]


def test_a_manual_backup_is_listed_and_never_rotated_away(nb):
    manual = nb.backups.backup_manual()
    assert [b.reason for b in nb.backups.list_backups()] == ["manual"]
    later = dt.datetime.now() + dt.timedelta(days=400)
    nb.backups.backup_if_due(later)
    assert manual.exists()


def test_a_merge_made_after_the_backup_cannot_be_undone_once_the_backup_is_restored(
        nb, notebook_path):
    """Undo would put back rows the restored notebook never lost."""
    ana = nb.people.create(PersonDraft(given_name="Ana", family_name="Lima"))
    twin = nb.people.create(PersonDraft(given_name="Ana", family_name="Lima"))
    backup = nb.backups.backup_if_due()
    nb.merge.merge(ana.id, twin.id)
    assert nb.merge.last is not None
    nb.close()
    restore_backup(backup, notebook_path, PASSPHRASE)
    with Notebook.open(notebook_path, PASSPHRASE) as reopened:
        assert reopened.merge.last is None
        assert len(reopened.people.list().items) == 2  # both, as in the backup
