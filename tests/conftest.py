"""Shared fixtures: every test gets its own data directory, keyring and notebook."""

from __future__ import annotations

import shutil
from pathlib import Path

import keyring
import pytest
from keyring.backend import KeyringBackend
from keyring.errors import PasswordDeleteError

from app import vault
from app.notebook import Notebook
from app.store.engine import derive_key, read_salt

PASSPHRASE = "correct horse battery staple"


class MemoryKeyring(KeyringBackend):
    """An in-memory stand-in for the OS keyring (the edge we mock in unit tests)."""

    priority = 1

    def __init__(self) -> None:
        super().__init__()
        self.secrets: dict[tuple[str, str], str] = {}

    def get_password(self, service, username):
        return self.secrets.get((service, username))

    def set_password(self, service, username, password):
        self.secrets[(service, username)] = password

    def delete_password(self, service, username):
        if self.secrets.pop((service, username), None) is None:
            raise PasswordDeleteError("not found")


@pytest.fixture(autouse=True)
def isolated(tmp_path, monkeypatch):
    """No test touches the real data directory, keyring or a passphrase in the environment."""
    monkeypatch.setenv("RAPPORT_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("RAPPORT_PASSPHRASE", raising=False)
    monkeypatch.delenv("RAPPORT_NEW_PASSPHRASE", raising=False)
    monkeypatch.setenv("LANG", "en_GB.UTF-8")
    previous = keyring.get_keyring()
    memory = MemoryKeyring()
    keyring.set_keyring(memory)
    monkeypatch.setattr(vault, "TRUSTED_KEYRINGS",
                        vault.TRUSTED_KEYRINGS | {f"{__name__}.MemoryKeyring"})
    yield memory
    keyring.set_keyring(previous)


@pytest.fixture(scope="session")
def template_notebook(tmp_path_factory) -> Path:
    """One notebook created through the real passphrase path, copied for each test."""
    path = tmp_path_factory.mktemp("template") / "template.rapport"
    Notebook.create(path, PASSPHRASE).close()
    return path


@pytest.fixture(scope="session")
def template_key(template_notebook) -> bytes:
    return derive_key(PASSPHRASE, read_salt(template_notebook))


@pytest.fixture
def notebook_path(tmp_path, template_notebook) -> Path:
    path = tmp_path / "data" / "notebook.rapport"
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    shutil.copy2(template_notebook, path)
    return path


@pytest.fixture
def nb(notebook_path, template_key):
    notebook = Notebook.open_with_key(notebook_path, template_key)
    yield notebook
    notebook.close()
