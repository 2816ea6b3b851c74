"""insert_rows stores values exactly as the ORM does, also when values repeat from row to row
(each column's processor runs once per distinct value); the background writer runs statements
in order, raises a failure in the caller, and drops what was not run when the block fails."""

import datetime as dt
import sys
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from app.store.models import PersonRow
from app.store.rows import background_writer, insert_rows

LISBON = ZoneInfo("Europe/Lisbon")
TIMES = [dt.datetime(2026, 3, 1, 9, 30, tzinfo=dt.UTC),
         dt.datetime(2026, 3, 1, 9, 30, tzinfo=LISBON),  # the same instant (WET is UTC+0)
         dt.datetime(2026, 7, 1, 9, 30, tzinfo=LISBON)]  # 08:30 UTC (WEST is UTC+1)


def person(pid: int, when: dt.datetime, *, me: bool, met_on: dt.date | None) -> dict:
    return dict(id=pid, uid=f"u-{pid}", given_name=f"P{pid}", family_name="", middle_name="",
                prefix="", suffix="", nickname="", display_name="", sort_name=f"p{pid}",
                pronouns="", hometown="", how_we_met="", notes="", is_me=me, is_light=False,
                met_on=met_on, created_at=when, updated_at=when)


def stored(nb) -> list[tuple]:
    with nb._db.engine.connect() as conn:
        return [tuple(r) for r in conn.execute(text(
            "SELECT id, is_me, met_on, created_at FROM people ORDER BY id"))]


def test_rows_inserted_in_bulk_are_stored_as_the_orm_stores_them(nb):
    rows = [person(n + 1, TIMES[n % 3], me=n == 4, met_on=dt.date(2020, 1, 1 + n % 2) if n % 3
                   else None) for n in range(9)]
    with nb._db.transaction() as session:
        insert_rows(session.connection(), PersonRow.__table__, rows)
    bulk = stored(nb)
    with nb._db.transaction() as session:
        session.execute(text("DELETE FROM people"))
        session.add_all(PersonRow(**row) for row in rows)
    assert bulk == stored(nb)
    assert [r[3] for r in bulk[:3]] == ["2026-03-01 09:30:00.000000", "2026-03-01 09:30:00.000000",
                                        "2026-07-01 08:30:00.000000"]
    assert [r[1] for r in bulk] == [0, 0, 0, 0, 1, 0, 0, 0, 0]


def count_people(session) -> int:
    return session.execute(text("SELECT count(*) FROM people")).scalar()


def test_many_rows_go_in_whole_and_in_order_through_statements_of_many_rows(nb):
    rows = [person(n + 1, TIMES[0], me=False, met_on=None) for n in range(1301)]  # 512+512+256+16+4+1
    with nb._db.transaction() as session, background_writer(session.connection()) as writer:
        insert_rows(session.connection(), PersonRow.__table__, rows[:700], writer=writer)
        insert_rows(session.connection(), PersonRow.__table__, rows[700:], writer=writer)
    with nb._db.engine.connect() as conn:
        assert [r[0] for r in conn.execute(text("SELECT id FROM people ORDER BY rowid"))] == \
            list(range(1, 1302))


def test_a_failed_statement_is_raised_in_the_caller_and_nothing_after_it_runs(nb):
    rows = [person(n + 1, TIMES[0], me=False, met_on=None) for n in range(3)]
    interval = sys.getswitchinterval()
    with pytest.raises(IntegrityError), nb._db.transaction() as session, \
            background_writer(session.connection()) as writer:
        insert_rows(session.connection(), PersonRow.__table__, rows[:2], writer=writer)
        insert_rows(session.connection(), PersonRow.__table__, rows[1:2], writer=writer)  # again
        insert_rows(session.connection(), PersonRow.__table__, rows[2:], writer=writer)
        with pytest.raises(IntegrityError):
            writer.wait()
        assert count_people(session) == 2  # the third row never went in
    with nb._db.engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM people")).scalar() == 0  # rolled back
    assert sys.getswitchinterval() == interval  # put back


def test_when_the_block_fails_what_was_not_run_yet_is_dropped(nb):
    slow = ("WITH RECURSIVE r(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM r WHERE x < 3000000) "
            "SELECT count(*) FROM r")  # about a second, holding back the inserts behind it
    rows = [person(n + 1, TIMES[0], me=False, met_on=None) for n in range(10)]
    with nb._db.transaction() as session:
        with pytest.raises(RuntimeError), background_writer(session.connection()) as writer:
            writer.execute(slow)
            insert_rows(session.connection(), PersonRow.__table__, rows, writer=writer)
            raise RuntimeError("cancelled")
        assert count_people(session) == 0
