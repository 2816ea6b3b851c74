"""Nothing written through Rapport appears in plain text in any file Rapport wrote."""

import datetime as dt
import random
import string

from app.domain import PartialDate, PersonDraft
from app.services.people import NewContact
from app.store import migrate


def sentinels(count):
    rng = random.Random(20261123)
    return ["Zq" + "".join(rng.choices(string.ascii_letters, k=14)) for _ in range(count)]


def every_file_under(folder):
    return [p for p in folder.rglob("*") if p.is_file()]


def leaks(folder, words):
    found = []
    for path in every_file_under(folder):
        data = path.read_bytes()
        found += [(path.name, w) for w in words if w.encode() in data or w.lower().encode() in data]
    return found


def test_200_sentinels_never_reach_the_disk_in_plain_text(nb, notebook_path, tmp_path):
    words = sentinels(200)
    it = iter(words)
    people = []
    for _ in range(20):
        p = nb.people.create(
            PersonDraft(given_name=next(it), family_name=next(it), hometown=next(it),
                        notes=next(it), birthday=PartialDate(1, 2)),
            contacts=[NewContact("email", f"{next(it)}@example.com")],
            company=next(it), title=next(it), tags=[next(it)])
        people.append(p)
    for p in people:
        nb.facts.add(p.id, "like", next(it))
        nb.interactions.log("meeting", [p.id], subject=next(it),
                            when=dt.datetime(2026, 1, 1, tzinfo=dt.UTC))
    assert next(it, None) is None  # all 200 used
    assert nb.search.search(words[0])[0].person.id == people[0].id

    # While open: the database, its WAL and shared-memory file, all owner-only.
    assert (notebook_path.parent / f"{notebook_path.name}-wal").exists()
    assert leaks(tmp_path, words) == []
    assert {p.name: oct(p.stat().st_mode & 0o777) for p in every_file_under(notebook_path.parent)} \
        == {name: "0o600" for name in ("notebook.rapport", "notebook.rapport-wal",
                                       "notebook.rapport-shm")}

    # A backup (as made before migrations and passphrase changes) and a closed notebook.
    migrate.backup_before_upgrade(nb._db, "test")
    nb.close()
    assert any("backups" in str(p) for p in every_file_under(tmp_path))
    assert leaks(tmp_path, words) == []
    assert not notebook_path.read_bytes().startswith(b"SQLite format 3")

    # The scan itself must be able to fail.
    (tmp_path / "control.txt").write_text(f"plain {words[7]}")
    assert leaks(tmp_path, words) == [("control.txt", words[7])]
