"""Keys: passphrase -> key, creating and unlocking notebooks, changing the passphrase, and
remembering the key in the operating system's keyring (never anywhere in plain text)."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import keyring
import keyring.errors

from app.config import PASSPHRASE_ENV, ensure_private_dir
from app.errors import (
    InvalidInput,
    KeyringUnavailable,
    NotebookExists,
    NotebookMissing,
    WrongPassphrase,
)
from app.store import migrate
from app.store.engine import SALT_BYTES, Database, create_file, derive_key, read_salt

KEYRING_SERVICE = "Rapport notebook key"
MIN_PASSPHRASE = 8

# Keyrings that keep secrets encrypted by the OS. Anything else (keyrings.alt's plaintext and
# "encrypted" files, the null and fail backends) is refused: we ask for the passphrase instead.
TRUSTED_KEYRINGS = {
    "keyring.backends.SecretService.Keyring",
    "keyring.backends.kwallet.DBusKeyring",
    "keyring.backends.kwallet.DBusKeyringKWallet4",
    "keyring.backends.macOS.Keyring",
    "keyring.backends.Windows.WinVaultKeyring",
}


def _qualified(backend: object) -> str:
    cls = type(backend)
    return f"{cls.__module__}.{cls.__qualname__}"


@dataclass(frozen=True)
class KeyringStatus:
    usable: bool
    name: str  # what the UI can show: "Secret Service", "none", ...
    reason: str = ""


def keyring_status() -> KeyringStatus:
    backend = keyring.get_keyring()
    members = getattr(backend, "backends", None)
    chain = list(members) if members is not None else [backend]
    if chain and all(_qualified(b) in TRUSTED_KEYRINGS for b in chain):
        return KeyringStatus(True, ", ".join(getattr(b, "name", _qualified(b)) for b in chain))
    if not chain or all(_qualified(b).startswith("keyring.backends.fail") for b in chain):
        return KeyringStatus(False, "none", "No system keyring is available in this session.")
    return KeyringStatus(
        False,
        ", ".join(_qualified(b) for b in chain),
        "The only keyring available stores secrets without OS protection; Rapport will not use it.",
    )


def notebook_id(path: Path) -> str:
    """Stable for the life of the file (the KDF salt never changes, even on rekey)."""
    return read_salt(path).hex()


def check_new_passphrase(passphrase: str) -> None:
    if len(passphrase) < MIN_PASSPHRASE:
        raise InvalidInput(
            f"Choose a passphrase of at least {MIN_PASSPHRASE} characters.", "passphrase"
        )


def passphrase_from_env() -> str | None:
    return os.environ.get(PASSPHRASE_ENV) or None


def create_notebook(path: Path, passphrase: str) -> Database:
    path = Path(path)
    if path.exists():
        raise NotebookExists(f"{path} already exists; open it instead of creating a new one.")
    check_new_passphrase(passphrase)
    ensure_private_dir(path.parent)
    salt = os.urandom(SALT_BYTES)
    key = derive_key(passphrase, salt)
    create_file(path, key, salt)
    db = Database(path, key)
    try:
        migrate.upgrade(db)
    except BaseException:
        db.close()
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        raise
    return db


def key_for(path: Path, passphrase: str) -> bytes:
    if not passphrase:
        raise WrongPassphrase(str(path))
    return derive_key(passphrase, _salt_of_existing(path))


def _salt_of_existing(path: Path) -> bytes:
    try:
        return read_salt(path)
    except FileNotFoundError as exc:
        raise NotebookMissing(f"There is no notebook at {path}.") from exc


def open_with_key(path: Path, key: bytes, status: migrate.Status | None = None) -> Database:
    """Unlock and bring the schema up to date (backing up first if it must change)."""
    path = Path(path)
    _salt_of_existing(path)
    db = Database(path, key)
    try:
        with db.engine.connect():
            pass  # connect() verifies the key before anything else touches the file
        migrate.upgrade(db, status=status)
    except BaseException:
        db.close()
        raise
    return db


def open_with_passphrase(path: Path, passphrase: str,
                         status: migrate.Status | None = None) -> Database:
    return open_with_key(path, key_for(Path(path), passphrase), status)


def remembered_key(path: Path) -> bytes | None:
    """The key stored for this notebook, or None when there is none or no usable keyring."""
    if not keyring_status().usable:
        return None
    try:
        stored = keyring.get_password(KEYRING_SERVICE, notebook_id(path))
    except keyring.errors.KeyringError:
        return None
    if not stored:
        return None
    try:
        return bytes.fromhex(stored)
    except ValueError:
        return None


def remember(db: Database) -> str:
    """Store the key in the OS keyring. Returns the keyring's name for the user."""
    status = keyring_status()
    if not status.usable:
        raise KeyringUnavailable(status.reason)
    try:
        keyring.set_password(KEYRING_SERVICE, notebook_id(db.path), db.key.hex())
    except keyring.errors.KeyringError as exc:
        raise KeyringUnavailable(f"The keyring refused to store the key: {exc}") from exc
    return status.name


def forget(path: Path) -> bool:
    """Remove the stored key. True if there was one."""
    if not keyring_status().usable:
        return False
    try:
        keyring.delete_password(KEYRING_SERVICE, notebook_id(path))
    except keyring.errors.PasswordDeleteError:
        return False
    except keyring.errors.KeyringError as exc:
        raise KeyringUnavailable(str(exc)) from exc
    return True


def change_passphrase(db: Database, old_passphrase: str, new_passphrase: str) -> Path:
    """Back up, then rekey. The old passphrase is checked first. Returns the backup's path.

    A remembered key is replaced by the new one; the backup keeps the old passphrase.
    """
    if key_for(db.path, old_passphrase) != db.key:
        raise WrongPassphrase(str(db.path))
    check_new_passphrase(new_passphrase)
    was_remembered = remembered_key(db.path) == db.key
    backup = db.backup("before-passphrase-change")
    db.rekey(derive_key(new_passphrase, read_salt(db.path)))
    if was_remembered:
        remember(db)
    return backup
