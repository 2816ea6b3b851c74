"""The real OS keyring: a private D-Bus session with GNOME Keyring's Secret Service.

`make test` installs dbus and gnome-keyring (Debian packages) when they are missing; where
it cannot, these tests fail with the command to run rather than pass or skip silently.
"""

from __future__ import annotations

import os
import shutil
import subprocess

import keyring
import pytest
from keyring.backends import SecretService

from app import vault
from app.domain import PersonDraft
from app.errors import WrongPassphrase
from app.notebook import Notebook

pytestmark = pytest.mark.integration
NEEDED = ("dbus-daemon", "gnome-keyring-daemon")


@pytest.fixture
def secret_service(tmp_path, monkeypatch):
    missing = [tool for tool in NEEDED if shutil.which(tool) is None]
    if missing:
        pytest.fail(f"needs {', '.join(missing)}: run 'sudo apt-get install dbus gnome-keyring'")
    home = tmp_path / "home"
    (home / ".local" / "share").mkdir(parents=True)
    env = {"HOME": str(home), "XDG_DATA_HOME": str(home / ".local" / "share"),
           "XDG_RUNTIME_DIR": str(tmp_path), "PATH": os.environ["PATH"]}
    bus = subprocess.Popen(["dbus-daemon", "--session", "--nofork", "--print-address=1"],
                           stdout=subprocess.PIPE, text=True, env=env)
    address = bus.stdout.readline().strip()
    env["DBUS_SESSION_BUS_ADDRESS"] = address
    daemon = subprocess.run(
        ["gnome-keyring-daemon", "--unlock", "--components=secrets"],
        input="integration-test-login", capture_output=True, text=True, env=env, timeout=30)
    assert daemon.returncode == 0, daemon.stderr
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    backend = SecretService.Keyring()
    keyring.set_keyring(backend)
    yield backend
    bus.terminate()  # gnome-keyring-daemon exits when its session bus goes away
    bus.wait(timeout=10)


def test_remembered_key_unlocks_without_a_passphrase(secret_service, tmp_path):
    status = vault.keyring_status()
    assert status.usable, status
    path = tmp_path / "nb.rapport"
    with Notebook.create(path, "integration passphrase") as nb:
        nb.people.create(PersonDraft(given_name="Ana"))
        assert nb.remember_key() == status.name
    stored = secret_service.get_password(vault.KEYRING_SERVICE, vault.notebook_id(path))
    assert stored and "integration passphrase" not in stored
    with Notebook.open(path) as nb:
        assert [p.name for p in nb.people.list().items] == ["Ana"]
    assert vault.forget(path)
    with pytest.raises(WrongPassphrase):
        Notebook.open(path)


def test_a_locked_keyring_means_asking_not_crashing(secret_service, tmp_path):
    path = tmp_path / "nb.rapport"
    with Notebook.create(path, "integration passphrase") as nb:
        nb.remember_key()
    import secretstorage

    connection = secretstorage.dbus_init()
    secretstorage.get_default_collection(connection).lock()
    assert vault.remembered_key(path) is None  # KeyringLocked is handled
    with pytest.raises(WrongPassphrase):
        Notebook.open(path)
    with Notebook.open(path, "integration passphrase") as nb:  # the passphrase still works
        assert nb.is_open
