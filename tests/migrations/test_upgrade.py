"""Notebooks made by older schemas open in this version with all their data."""

import hashlib
import os
import shutil
import stat

import pytest
from sqlalchemy import text

from app.errors import MigrationFailed, NewerNotebook
from app.notebook import Notebook
from app.store import migrate
from app.store.engine import SALT_BYTES, Database, create_file, derive_key

PASSPHRASE = "an old notebook passphrase"


def make_notebook_at(path, revision):
    salt = os.urandom(SALT_BYTES)
    key = derive_key(PASSPHRASE, salt)
    create_file(path, key, salt)
    db = Database(path, key)
    migrate.upgrade(db, revision)
    return db


def fill_like_revision_0001(db):
    """Rows as the first schema's code wrote them."""
    with db.engine.begin() as conn:
        conn.execute(text(
            "INSERT INTO people (id, uid, given_name, family_name, middle_name, prefix, suffix, "
            "nickname, display_name, sort_name, pronouns, birthday_month, birthday_day, hometown, "
            "how_we_met, notes, is_me, is_light, created_at, updated_at) VALUES "
            "(1, 'u-1', 'Ana', 'Lima', '', '', '', '', '', 'ana lima', '', 3, 14, 'Porto', "
            "'at a conference', 'likes sailing', 0, 0, '2025-01-01 00:00:00', "
            "'2025-01-01 00:00:00')"))
        conn.execute(text(
            "INSERT INTO facts (person_id, category, text, noted_on) "
            "VALUES (1, 'like', 'single malt', '2025-01-02')"))
        conn.execute(text(
            "INSERT INTO contact_points (person_id, kind, label, value, normalized, is_primary, "
            "position) VALUES (1, 'email', '', 'ana@example.com', 'ana@example.com', 1, 0)"))


def test_a_notebook_from_the_first_revision_upgrades_with_its_data(tmp_path):
    path = tmp_path / "old.rapport"
    db = make_notebook_at(path, "0001")
    fill_like_revision_0001(db)
    assert migrate.current_revision(db) == "0001"
    db.close()

    with Notebook.open(path, PASSPHRASE) as nb:
        assert migrate.current_revision(nb._db) == migrate.head_revision()
        ana = nb.people.get(1)
        assert (ana.name, ana.hometown, ana.birthday.iso()) == ("Ana Lima", "Porto", "--03-14")
        assert [f.text for f in ana.facts] == ["single malt"]
        assert ana.contact_points[0].value == "ana@example.com"
        # The search index did not exist in 0001: it is built during the upgrade.
        for query in ("ana", "malt", "porto", "sailing", "example"):
            assert [h.person.id for h in nb.search.search(query)] == [1], query

    backups = list((tmp_path / "backups").iterdir())
    assert len(backups) == 1 and "before-upgrade-from-0001" in backups[0].name
    assert stat.S_IMODE(os.stat(backups[0]).st_mode) == 0o600
    with Notebook.open(backups[0], PASSPHRASE) as old:  # opening upgrades the copy itself
        assert old.people.get(1).name == "Ana Lima"


def test_an_up_to_date_notebook_is_not_backed_up_again(tmp_path):
    path = tmp_path / "new.rapport"
    Notebook.create(path, PASSPHRASE).close()
    Notebook.open(path, PASSPHRASE).close()
    assert not (tmp_path / "backups").exists()


def test_a_newer_notebook_is_refused_untouched(tmp_path):
    path = tmp_path / "future.rapport"
    with Notebook.create(path, PASSPHRASE) as nb, nb._db.engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '9999'"))
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    with pytest.raises(NewerNotebook, match="newer version"):
        Notebook.open(path, PASSPHRASE)
    assert hashlib.sha256(path.read_bytes()).hexdigest() == digest


FAILING_REVISION = '''
from alembic import op
revision = "0999"
down_revision = "{head}"
branch_labels = None
depends_on = None

def upgrade():
    op.execute("CREATE TABLE half_done (x INTEGER)")
    op.execute("ALTER TABLE people ADD COLUMN half_done_column TEXT")
    raise RuntimeError("simulated failure in the middle of a migration")

def downgrade():
    pass
'''


def test_a_failed_migration_leaves_the_schema_as_it_was(tmp_path, monkeypatch):
    path = tmp_path / "nb.rapport"
    db = make_notebook_at(path, "head")
    scripts = tmp_path / "migrations"
    shutil.copytree(migrate.SCRIPT_LOCATION, scripts)
    (scripts / "versions" / "0999_fails.py").write_text(
        FAILING_REVISION.format(head=migrate.head_revision()))
    head_before = migrate.head_revision()
    monkeypatch.setattr(migrate, "SCRIPT_LOCATION", scripts)

    with pytest.raises(MigrationFailed, match="undone"):
        migrate.upgrade(db)

    assert migrate.current_revision(db) == head_before
    with db.engine.connect() as conn:
        tables = {r[0] for r in conn.execute(text("SELECT name FROM sqlite_master"))}
        columns = {r[1] for r in conn.execute(text("PRAGMA table_info(people)"))}
    assert "half_done" not in tables and "half_done_column" not in columns
    assert len(list((tmp_path / "backups").iterdir())) == 1
    db.close()


def test_the_migrations_build_exactly_the_models_schema(tmp_path):
    """Every model change has its revision: autogenerate finds nothing left to do."""
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from app.store.models import Base

    with Notebook.create(tmp_path / "x.rapport", PASSPHRASE) as nb, \
            nb._db.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    # the search indexes, the agenda's change log and last contacts are bookkeeping
    # outside the models
    assert [d for d in diff if "search_index" not in str(d) and "phone_index" not in str(d)
            and "agenda_changed_people" not in str(d)
            and "last_contacts" not in str(d)] == []


def test_long_steps_of_an_upgrade_are_announced(tmp_path):
    path = tmp_path / "old.rapport"
    db = make_notebook_at(path, "0001")
    fill_like_revision_0001(db)
    db.close()
    stages = []
    Notebook.open(path, PASSPHRASE, status=stages.append).close()
    assert stages == ["backup", "upgrade", "index"]


def test_a_notebook_from_revision_0003_gains_card_extras_and_keeps_its_people(tmp_path):
    path = tmp_path / "old.rapport"
    db = make_notebook_at(path, "0001")
    fill_like_revision_0001(db)
    migrate.upgrade(db, "0003")
    db.close()
    with Notebook.open(path, PASSPHRASE) as nb:
        assert migrate.current_revision(nb._db) == migrate.head_revision()
        assert nb.people.get(1).name == "Ana Lima"
        with nb._db.engine.begin() as conn:
            conn.execute(text("INSERT INTO card_extras (person_id, grp, name, params, value, "
                              "position) VALUES (1, '', 'X-ABUID', '', 'abc:ABPerson', 0)"))
        nb.people.trash(1)
        nb.people.purge(1)  # a person's kept card properties go with them
        with nb._db.engine.connect() as conn:
            assert conn.execute(text("SELECT count(*) FROM card_extras")).scalar() == 0
