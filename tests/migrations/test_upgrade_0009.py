"""Revision 0009: phone numbers move to their own trigram index and both search indexes
become contentless; a notebook from 0008 is found by name, text and phone after opening."""

from alembic import command
from sqlalchemy import text

from app.notebook import Notebook
from app.store import migrate
from tests.migrations.test_upgrade import PASSPHRASE, fill_like_revision_0001, make_notebook_at
from tests.search_terms import index_terms


def test_a_notebook_from_revision_0008_finds_its_people_by_phone_after_the_upgrade(tmp_path):
    path = tmp_path / "old.rapport"
    db = make_notebook_at(path, "0001")
    fill_like_revision_0001(db)  # Ana Lima, from Porto, likes single malt
    migrate.upgrade(db, "0008")
    with db.engine.begin() as conn:
        conn.execute(text(
            "INSERT INTO contact_points (person_id, kind, label, value, normalized, is_primary, "
            "position) VALUES (1, 'phone', 'mobile', '020 7946 0123', '+442079460123', 1, 1)"))
        # the index as 0008's code wrote it: every suffix of the phone's digits, as words
        suffixes = " ".join("442079460123"[n:] for n in range(10))
        conn.execute(text("INSERT INTO search_index (rowid, name, details) VALUES "
                          "(1, 'Ana Lima', :details)"),
                     {"details": f"Porto at a conference likes sailing like single malt "
                                 f"ana@example.com 02079460123 {suffixes}"})
        conn.execute(text("DELETE FROM settings WHERE key = 'search_index_stale'"))
    db.close()

    with Notebook.open(path, PASSPHRASE) as nb:
        assert migrate.current_revision(nb._db) == migrate.head_revision()
        for query in ("ana", "porto", "malt", "7946", "020 7946 0123", "+44 20 7946 0123",
                      "lima 0123", "ana 46"):
            assert [h.person.name for h in nb.search.search(query)] == ["Ana Lima"], query
        with nb._db.engine.connect() as conn:
            terms = index_terms(conn)
            assert not {t for _, _, t in terms["search_index"] if t.startswith("7946")}
            assert {"794", "946", "020", "442"} <= {t for _, _, t in terms["phone_index"]}
            assert conn.execute(text("SELECT details FROM search_index")).scalar() is None

        with nb._db.engine.begin() as conn:  # going back: the 0008 index, made again on open
            command.downgrade(migrate._config(conn), "0008")
            tables = set(conn.execute(text("SELECT name FROM sqlite_master")).scalars())
            assert "phone_index" not in tables and "search_index" in tables
            assert conn.execute(text("SELECT value FROM settings "
                                     "WHERE key = 'search_index_stale'")).scalar() == "true"
