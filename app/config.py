"""Where Rapport keeps its files. Every path is overridable for tests and automation."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP_NAME = "Rapport"
APP_ID = "org.rapportapp.Rapport"
NOTEBOOK_SUFFIX = ".rapport"
PASSPHRASE_ENV = "RAPPORT_PASSPHRASE"
NEW_PASSPHRASE_ENV = "RAPPORT_NEW_PASSPHRASE"  # rapport-cli rekey
DATA_DIR_ENV = "RAPPORT_DATA_DIR"


def data_dir() -> Path:
    override = os.environ.get(DATA_DIR_ENV)
    if override:
        return Path(override).expanduser()
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def default_notebook_path() -> Path:
    return data_dir() / f"notebook{NOTEBOOK_SUFFIX}"


def backups_dir_for(notebook: Path) -> Path:
    """Backups live beside the notebook so they travel with it."""
    return notebook.parent / "backups"


def ensure_private_dir(path: Path) -> Path:
    """Create a directory readable by its owner only (0700); leave an existing one as it is."""
    if not path.exists():
        path.mkdir(mode=0o700, parents=True)
    return path


def create_private_file(path: Path) -> None:
    """Create an empty file with mode 0600, failing if it exists (no race, no leak)."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    os.close(fd)
