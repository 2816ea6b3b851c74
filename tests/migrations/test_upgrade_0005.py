"""Revision 0005: a notebook from 0004 gains the pipeline and introduction histories,
started from what it holds."""

import datetime as dt

from sqlalchemy import text

from app.domain import IntroductionStatus, Stage
from app.notebook import Notebook
from app.store import migrate
from tests.migrations.test_upgrade import PASSPHRASE, fill_like_revision_0001, make_notebook_at


def test_a_notebook_from_revision_0004_keeps_its_stages_and_introductions(tmp_path):
    path = tmp_path / "old.rapport"
    db = make_notebook_at(path, "0001")
    fill_like_revision_0001(db)
    migrate.upgrade(db, "0004")
    with db.engine.begin() as conn:
        conn.execute(text(
            "INSERT INTO people (id, uid, given_name, family_name, middle_name, prefix, suffix, "
            "nickname, display_name, sort_name, pronouns, hometown, how_we_met, notes, stage, "
            "is_me, is_light, created_at, updated_at) VALUES (2, 'u-2', 'Ben', 'Ode', '', '', "
            "'', '', '', 'ben ode', '', '', '', '', 'customer', 0, 0, '2025-01-01 00:00:00', "
            "'2025-06-01 12:00:00')"))
        conn.execute(text(
            "INSERT INTO introductions (id, connector_id, target_id, status, asked_on, "
            "status_on, notes, created_at) VALUES (1, 1, 2, 'asked', '2025-05-01', "
            "'2025-05-01', '', '2025-05-01 09:00:00')"))
    db.close()

    with Notebook.open(path, PASSPHRASE) as nb:
        assert migrate.current_revision(nb._db) == migrate.head_revision()
        assert nb.people.get(1).name == "Ana Lima" and nb.people.get(1).stage is None
        history = nb.pipeline.history(2)
        assert [(h.from_stage, h.to_stage, h.changed_at) for h in history] == [
            (None, Stage.CUSTOMER, dt.datetime(2025, 6, 1, 12, tzinfo=dt.UTC))]
        assert nb.pipeline.counts().counts[Stage.CUSTOMER] == 1
        intro = nb.introductions.get(1)
        assert (intro.connector.name, intro.target.name, intro.introduced) == (
            "Ana Lima", "Ben Ode", None)
        assert [(e.status, e.on) for e in intro.history] == [
            (IntroductionStatus.ASKED, dt.date(2025, 5, 1))]
        nb.introductions.set_status(1, IntroductionStatus.MET)  # today: a thank-you is due
        assert [r.title for r in nb.reminders.list(person_id=1)] == [
            "Thank Ana Lima for introducing you to Ben Ode"]
