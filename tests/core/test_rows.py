"""insert_rows stores values exactly as the ORM does, also when values repeat from row to row
(each column's processor runs once per distinct value)."""

import datetime as dt
from zoneinfo import ZoneInfo

from sqlalchemy import text

from app.store.models import PersonRow
from app.store.rows import insert_rows

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
