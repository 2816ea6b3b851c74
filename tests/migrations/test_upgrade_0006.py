"""Revision 0006: a notebook from 0005 gains the agenda's covering indexes, and the agenda
reads birthdays and keep-in-touch through them."""

import datetime as dt
from zoneinfo import ZoneInfo

from sqlalchemy import text

from app.notebook import Notebook
from app.services.agenda import (
    CADENCE_SQL,
    birthdays_sql,
    important_dates_sql,
    loved_birthdays_sql,
)
from app.store import migrate
from tests.migrations.test_upgrade import PASSPHRASE, fill_like_revision_0001, make_notebook_at

NOW = dt.datetime(2026, 3, 10, 12, 0, tzinfo=ZoneInfo("Europe/Lisbon"))


def plan(nb, sql, params=()):
    with nb._db.read() as session:
        driver = session.connection().connection.driver_connection
        return " | ".join(row[3] for row in driver.execute(f"EXPLAIN QUERY PLAN {sql}", params))


def test_a_notebook_from_revision_0005_shows_its_agenda_through_the_new_indexes(tmp_path):
    path = tmp_path / "old.rapport"
    db = make_notebook_at(path, "0001")
    fill_like_revision_0001(db)  # Ana Lima, born on March 14
    migrate.upgrade(db, "0005")
    with db.engine.begin() as conn:
        conn.execute(text("UPDATE people SET cadence_days = 30 WHERE id = 1"))
        conn.execute(text("INSERT INTO interactions (id, occurred_at, kind, subject, notes, "
                          "location, created_at) VALUES (1, '2026-01-05 10:00:00', 'call', "
                          "'', '', '', '2026-01-05 10:00:00')"))
        conn.execute(text("INSERT INTO interaction_participants (interaction_id, person_id) "
                          "VALUES (1, 1)"))
    db.close()

    with Notebook.open(path, PASSPHRASE) as nb:
        assert migrate.current_revision(nb._db) == migrate.head_revision()
        agenda = nb.agenda.agenda(NOW)
        assert [item.title for item in agenda.items] == [
            "Keep in touch with Ana Lima (last spoke 64 days ago)", "Ana Lima's birthday"]
        assert [t.person_name for t in agenda.losing_touch] == ["Ana Lima"]
        assert "COVERING INDEX ix_people_birthday_window" in plan(nb, birthdays_sql([(3, 14)]))
        assert "SEARCH l USING COVERING INDEX ix_people_birthday_window" in plan(
            nb, loved_birthdays_sql([(3, 14)]))
        assert "COVERING INDEX ix_important_dates_window" in plan(
            nb, important_dates_sql([(3, 14)]))
        cadence_plan = plan(nb, CADENCE_SQL, {"horizon": 2461110.5})  # 2026-03-11, Julian
        assert "COVERING INDEX ix_people_cadence" in cadence_plan
        assert "SEARCH lc USING INTEGER PRIMARY KEY" in cadence_plan



def logged_people(nb):
    with nb._db.read() as session:
        return session.execute(text("SELECT person_id FROM agenda_changed_people "
                                    "ORDER BY seq")).scalars().all()


def test_after_revisions_0006_to_0008_the_agenda_sees_birthday_changes_made_elsewhere(tmp_path):
    path = tmp_path / "old.rapport"
    db = make_notebook_at(path, "0001")
    fill_like_revision_0001(db)  # Ana Lima, born on March 14
    migrate.upgrade(db, "0005")
    db.close()

    with Notebook.open(path, PASSPHRASE) as nb:
        assert [i.title for i in nb.agenda.agenda(NOW).items] == ["Ana Lima's birthday"]
        before = logged_people(nb)
        with nb._db.transaction() as session:  # what the agenda does not keep: not logged
            session.execute(text("UPDATE people SET cadence_days = 40000, notes = 'x'"))
        assert logged_people(nb) == before
        with Notebook.open(path, PASSPHRASE) as other, other._db.transaction() as session:
            session.execute(text("UPDATE people SET birthday_day = 15 WHERE id = 1"))
        assert logged_people(nb) == [*before, 1]
        assert [(i.title, i.occurrence.day) for i in nb.agenda.agenda(NOW).items] == [
            ("Ana Lima's birthday", 15)]
