"""Revision 0008: the agenda's change counter becomes a log of the people whose dates
changed; a notebook from 0007 keeps its agenda, and going back restores the counter."""

import datetime as dt
from zoneinfo import ZoneInfo

from alembic import command
from sqlalchemy import text

from app.domain import PartialDate
from app.notebook import Notebook
from app.store import migrate
from tests.migrations.test_upgrade import PASSPHRASE, fill_like_revision_0001, make_notebook_at

NOW = dt.datetime(2026, 3, 10, 12, 0, tzinfo=ZoneInfo("Europe/Lisbon"))


def tables(conn) -> set[str]:
    return {name for (name,) in conn.execute(text("SELECT name FROM sqlite_master"))}


def test_a_notebook_from_revision_0007_logs_who_changed_and_can_go_back(tmp_path):
    path = tmp_path / "old.rapport"
    db = make_notebook_at(path, "0001")
    fill_like_revision_0001(db)  # Ana Lima (id 1), born on March 14
    migrate.upgrade(db, "0007")
    with db.engine.begin() as conn:
        conn.execute(text("UPDATE people SET given_name = 'Anna' WHERE id = 1"))
        assert conn.execute(text("SELECT counter FROM agenda_changes")).scalar() == 1
    db.close()

    with Notebook.open(path, PASSPHRASE) as nb:
        assert migrate.current_revision(nb._db) == migrate.head_revision()
        assert [i.title for i in nb.agenda.agenda(NOW).items] == ["Anna Lima's birthday"]
        nb.people.update(1, birthday=PartialDate(3, 15))
        nb.relationships.add_loved_one(1, "child", "Mia", PartialDate(3, 12))
        with nb._db.engine.connect() as conn:
            assert "agenda_changes" not in tables(conn)
            logged = conn.execute(text("SELECT person_id FROM agenda_changed_people "
                                       "ORDER BY seq")).scalars().all()
        mia = max(logged)
        assert logged == [1, mia, 1, mia, mia, 1]  # the person, then Mia and both edges
        assert [i.title for i in nb.agenda.agenda(NOW).items] == [
            "Anna Lima's child Mia's birthday", "Anna Lima's birthday"]

        with nb._db.engine.begin() as conn:
            command.downgrade(migrate._config(conn), "0007")
            assert "agenda_changed_people" not in tables(conn)
            conn.execute(text("UPDATE people SET given_name = 'Ana' WHERE id = 1"))
            assert conn.execute(text("SELECT counter FROM agenda_changes")).scalar() == 1
