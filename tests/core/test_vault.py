"""Keys, passphrases, the keyring and what lands on disk."""

import hashlib
import os
import stat

import keyring
import pytest
import sqlcipher3
from keyring.backend import KeyringBackend

from app import vault
from app.domain import PersonDraft
from app.errors import InvalidInput, KeyringUnavailable, NotANotebook, NotebookExists, WrongPassphrase
from app.notebook import Notebook
from app.store.engine import connect, derive_key, read_salt
from tests.conftest import PASSPHRASE


def sha(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_create_then_open_with_the_passphrase(tmp_path):
    path = tmp_path / "nb" / "mine.rapport"
    with Notebook.create(path, "a long passphrase") as nb:
        nb.people.create(PersonDraft(given_name="Ana"))
    with Notebook.open(path, "a long passphrase") as nb:
        assert [p.name for p in nb.people.list().items] == ["Ana"]
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert stat.S_IMODE(os.stat(path.parent).st_mode) == 0o700


def test_the_file_opens_with_the_passphrase_in_plain_sqlcipher(notebook_path):
    """Interoperability: our raw key is exactly SQLCipher's own derivation."""
    conn = sqlcipher3.connect(str(notebook_path))
    conn.execute(f"PRAGMA key = '{PASSPHRASE}'")
    assert conn.execute("SELECT count(*) FROM people").fetchone() == (0,)
    conn.close()


def test_wrong_passphrase_changes_no_byte(notebook_path):
    before = sha(notebook_path)
    files = sorted(os.listdir(notebook_path.parent))
    for wrong in ("wrong passphrase", PASSPHRASE.upper(), PASSPHRASE + " "):
        with pytest.raises(WrongPassphrase, match="does not open"):
            Notebook.open(notebook_path, wrong)
    with pytest.raises(WrongPassphrase):
        Notebook.open(notebook_path, "")
    assert sha(notebook_path) == before
    assert sorted(os.listdir(notebook_path.parent)) == files


def test_cipher_settings_are_pinned(nb, notebook_path, template_key):
    conn = connect(notebook_path, template_key)
    settings = dict(row[0].rstrip(";").split(" = ", 1) for row in
                    conn.execute("PRAGMA cipher_settings").fetchall())
    assert settings == {
        "PRAGMA kdf_iter": "256000", "PRAGMA cipher_page_size": "4096",
        "PRAGMA cipher_use_hmac": "1", "PRAGMA cipher_plaintext_header_size": "0",
        "PRAGMA cipher_hmac_algorithm": "HMAC_SHA512",
        "PRAGMA cipher_kdf_algorithm": "PBKDF2_HMAC_SHA512"}
    assert conn.execute("PRAGMA cipher_version").fetchone()[0].startswith("4.")
    assert conn.execute("PRAGMA temp_store").fetchone() == (2,)  # MEMORY
    assert conn.execute("PRAGMA journal_mode").fetchone() == ("wal",)
    conn.close()


def test_not_a_notebook(tmp_path):
    plain = tmp_path / "plain.db"
    sqlcipher3.connect(str(plain)).execute("CREATE TABLE t(x)").connection.commit()
    with pytest.raises(NotANotebook, match="unencrypted"):
        Notebook.open(plain, "whatever passphrase")
    empty = tmp_path / "empty.rapport"
    empty.write_bytes(b"")
    with pytest.raises(NotANotebook, match="empty"):
        Notebook.open(empty, "whatever passphrase")


def test_never_create_over_an_existing_file(notebook_path):
    before = sha(notebook_path)
    with pytest.raises(NotebookExists):
        Notebook.create(notebook_path, "another passphrase")
    assert sha(notebook_path) == before


def test_passphrase_must_be_long_enough(tmp_path):
    with pytest.raises(InvalidInput, match="8 characters"):
        Notebook.create(tmp_path / "x.rapport", "short")
    assert not (tmp_path / "x.rapport").exists()


def test_change_passphrase_backs_up_then_rekeys(nb, notebook_path):
    ana = nb.people.create(PersonDraft(given_name="Ana"))
    with pytest.raises(WrongPassphrase):
        nb.change_passphrase("not the old one", "a brand new passphrase")
    backup = nb.change_passphrase(PASSPHRASE, "a brand new passphrase")
    assert nb.people.get(ana.id).name == "Ana"  # still usable after the rekey
    nb.close()
    with pytest.raises(WrongPassphrase):
        Notebook.open(notebook_path, PASSPHRASE)
    with Notebook.open(notebook_path, "a brand new passphrase") as again:
        assert again.people.get(ana.id).name == "Ana"
    assert stat.S_IMODE(os.stat(backup).st_mode) == 0o600
    with Notebook.open(backup, PASSPHRASE) as old:  # the backup keeps the old passphrase
        assert old.people.get(ana.id).name == "Ana"


def test_remember_and_forget_in_the_keyring(nb, notebook_path, isolated):
    assert vault.keyring_status().usable
    name = nb.remember_key()
    assert name == "conftest MemoryKeyring"
    stored = next(iter(isolated.secrets.values()))
    assert PASSPHRASE not in stored and bytes.fromhex(stored) == nb._db.key
    nb.close()
    with Notebook.open(notebook_path) as again:  # no passphrase needed
        assert again.is_open
    assert vault.forget(notebook_path) is True
    assert isolated.secrets == {}
    with pytest.raises(WrongPassphrase):
        Notebook.open(notebook_path)


def test_a_remembered_key_follows_a_passphrase_change(nb, notebook_path):
    nb.remember_key()
    nb.change_passphrase(PASSPHRASE, "the next passphrase")
    nb.close()
    with Notebook.open(notebook_path) as again:
        assert again.is_open


class PlaintextFileKeyring(KeyringBackend):
    """Like keyrings.alt's PlaintextKeyring: secrets in a file anyone with the disk can read."""

    priority = 0.5

    def __init__(self, path):
        super().__init__()
        self.path = path

    def get_password(self, service, username):
        return self.path.read_text() if self.path.exists() else None

    def set_password(self, service, username, password):
        self.path.write_text(password)

    def delete_password(self, service, username):
        self.path.unlink()


def test_untrusted_keyrings_are_refused(nb, notebook_path, tmp_path):
    plaintext = PlaintextFileKeyring(tmp_path / "keyring_pass.cfg")
    keyring.set_keyring(plaintext)
    status = vault.keyring_status()
    assert not status.usable and "without OS protection" in status.reason
    with pytest.raises(KeyringUnavailable, match="will not use it"):
        nb.remember_key()
    assert not plaintext.path.exists()
    assert vault.remembered_key(notebook_path) is None


def test_no_keyring_means_asking(nb, notebook_path):
    from keyring.backends.fail import Keyring as NoKeyring

    keyring.set_keyring(NoKeyring())
    assert vault.keyring_status() == vault.KeyringStatus(
        False, "none", "No system keyring is available in this session.")
    with pytest.raises(KeyringUnavailable):
        nb.remember_key()


def test_passphrase_from_the_environment(notebook_path, monkeypatch):
    monkeypatch.setenv("RAPPORT_PASSPHRASE", PASSPHRASE)
    with Notebook.open(notebook_path) as nb:
        assert nb.is_open
    monkeypatch.setenv("RAPPORT_PASSPHRASE", "wrong passphrase")
    with pytest.raises(WrongPassphrase):
        Notebook.open(notebook_path)


def test_damage_is_told_apart_from_a_wrong_passphrase(notebook_path, tmp_path):
    with Notebook.open(notebook_path, PASSPHRASE) as nb:
        nb.people.create(PersonDraft(given_name="Ana", notes="x" * 20000))
    data = bytearray(notebook_path.read_bytes())
    data[2000] ^= 0xFF  # inside page 1, after the salt
    damaged = tmp_path / "damaged.rapport"
    damaged.write_bytes(bytes(data))
    from app.errors import NotebookDamaged

    with pytest.raises(NotebookDamaged, match="backup"):
        Notebook.open(damaged, PASSPHRASE)


def test_locking_forgets_the_key(nb):
    nb.close()
    assert not nb.is_open
    assert nb._db.key == b""


def test_key_derivation_matches_sqlcipher_defaults(notebook_path):
    salt = read_salt(notebook_path)
    assert len(derive_key(PASSPHRASE, salt)) == 32


def test_wrong_passphrase_after_a_crash_leaves_the_notebook_and_its_wal(tmp_path):
    """A crash leaves committed data in the WAL; a wrong key must not merge it."""
    import subprocess
    import sys

    path = tmp_path / "crashed.rapport"
    script = (
        "import os\n"
        "from app.notebook import Notebook\n"
        "from app.domain import PersonDraft\n"
        f"nb = Notebook.create({str(path)!r}, 'the right passphrase')\n"
        "for i in range(20): nb.people.create(PersonDraft(given_name=f'P{i}'))\n"
        "os._exit(0)\n")
    subprocess.run([sys.executable, "-c", script], check=True)
    wal = tmp_path / "crashed.rapport-wal"
    assert wal.exists() and wal.stat().st_size > 0
    before = (sha(path), sha(wal))
    with pytest.raises(WrongPassphrase):
        Notebook.open(path, "the wrong passphrase")
    assert (sha(path), sha(wal)) == before
    with Notebook.open(path, "the right passphrase") as nb:
        assert nb.people.list().total == 20


def test_a_text_file_is_not_a_notebook(tmp_path):
    text = tmp_path / "notes.txt"
    text.write_text("just some notes, not a notebook")
    with pytest.raises(NotANotebook, match="not a Rapport notebook"):
        Notebook.open(text, "whatever passphrase")


def test_two_passphrase_changes_in_the_same_second(nb):
    first = nb.change_passphrase(PASSPHRASE, "second passphrase")
    second = nb.change_passphrase("second passphrase", "third passphrase")
    assert first != second and first.exists() and second.exists()
