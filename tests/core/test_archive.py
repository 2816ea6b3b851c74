"""The complete export (JSON lines) and restoring it into an empty notebook."""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import stat
import struct
import zlib

import pytest
from sqlalchemy import text

from app import __version__
from app.domain import IntroductionStatus, OccurrenceState, PartialDate, PersonDraft, ReminderKind, Stage
from app.errors import Cancelled, ImportFailed, InvalidInput
from app.notebook import Notebook
from app.services import archive
from app.services.people import NewContact
from app.store.migrate import head_revision
from app.store.models import Base
from app.store.search_index import INDEX_TABLES
from tests.search_terms import index_terms

UTC = dt.UTC


def tiny_png() -> bytes:
    """A real 1x1 PNG."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    header = struct.pack(">IIBBBBB", 1, 1, 8, 6, 0, 0, 0)
    pixels = zlib.compress(b"\x00\xff\x80\x00\xff")
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")


def fill_everything(nb: Notebook) -> dict[str, int]:
    """A notebook with at least one row in every table, made through the services."""
    nb.settings.set("default_region", "GB")
    me = nb.people.create(PersonDraft(given_name="Pat", family_name="Owner", is_me=True))
    ana = nb.people.create(
        PersonDraft(prefix="Dr", given_name="Ana", middle_name="Maria", family_name="Lima",
                    suffix="PhD", nickname="Aninha", display_name="Ana L.", pronouns="she/her",
                    birthday=PartialDate(2, 29), hometown="Porto", how_we_met="Web Summit",
                    met_on=dt.date(2019, 11, 5), stage=Stage.CUSTOMER, cadence_days=30,
                    notes="Loves jazz\nand sailing; «ação» ✓"),
        contacts=[NewContact("email", "Ana@Example.com", "work"),
                  NewContact("phone", "+351 912 345 678", "mobile"),
                  NewContact("url", "https://ana.example"),
                  NewContact("social", "https://x.com/ana", "twitter"),
                  NewContact("im", "ana@matrix.example")],
        company="Globex", title="CTO", tags=["client"])
    ben = nb.people.create(PersonDraft(given_name="Ben", family_name="Okafor",
                                       birthday=PartialDate(7, 14, 1980), stage=Stage.PROSPECT,
                                       introduced_by_id=me.id))
    # A reference to a later row: Ana (id 2) was introduced by Ben (id 3).
    nb.people.update(ana.id, introduced_by_id=ben.id)
    nb.people.add_contact(ben.id, "email", "ben@initech.example", label="home")
    nb.people.add_contact(ben.id, "email", "ben@globex.example", is_primary=True)
    nb.people.add_address(ana.id, label="home", street="Rua das Flores 12\n3º esq",
                          locality="Porto", region="Norte", postcode="4050-262", country="PT")
    nb.people.add_date(ana.id, "anniversary", PartialDate(6, 12, 2004))
    nb.people.add_date(ben.id, "work anniversary", PartialDate(3, 1))
    nb.people.set_custom_field(ana.id, "Shoe size", "38")
    nb.people.set_photo(ana.id, tiny_png())
    nb.relationships.relate(ana.id, ben.id, "manager")
    nb.relationships.add_loved_one(ana.id, "spouse", "Rui Lima", PartialDate(3, 3))
    org = nb.careers.add_job(ben.id, "Initech", title="Engineer", start=dt.date(2015, 1, 1),
                             end=dt.date(2019, 6, 1)).organization
    nb.careers.update_organization(org.id, website="https://initech.example", notes="Old job")
    nb.careers.add_job(ben.id, "Globex", title="VP Engineering", department="R&D",
                       start=dt.date(2019, 6, 1), reports_to_id=ana.id)
    meeting = nb.interactions.log(
        "meeting", [ana.id, ben.id, me.id], when=dt.datetime(2026, 3, 14, 9, 30, 15, 123456, UTC),
        subject="Pricing", notes="Talked about jazz", location="Porto",
        follow_up_on=dt.date(2026, 3, 20), follow_up_title="Send the deck")
    nb.interactions.log("call", [ben.id], when=dt.datetime(2026, 2, 1, 17, 0, tzinfo=UTC))
    nb.facts.add(ana.id, "like", "single malt whisky", noted_on=dt.date(2026, 3, 14),
                 source_interaction_id=meeting.id)
    nb.facts.add(ben.id, "pet peeve", "long emails")
    due = dt.datetime(2026, 12, 4, 17, 0, tzinfo=UTC)
    promise = nb.reminders.add("Send the pricing sheet", due, kind=ReminderKind.PROMISE,
                               person_id=ana.id, notes="v2 please")
    monthly = nb.reminders.add("Review pipeline", due, rrule="FREQ=MONTHLY;BYMONTHDAY=4")
    nb.reminders.complete(monthly.id)
    nb.reminders.set_state(promise.key, due, OccurrenceState.SNOOZED,
                           snoozed_until=due + dt.timedelta(days=2))
    nb.reminders.set_state(f"birthday:{ana.uid}", dt.datetime(2026, 2, 28, tzinfo=UTC),
                           OccurrenceState.DISMISSED)
    intro = nb.introductions.record(ana.id, ben.id, notes="Ben runs procurement")
    nb.introductions.set_status(intro.id, IntroductionStatus.ASKED, dt.date(2026, 11, 1))
    nb.introductions.set_status(intro.id, IntroductionStatus.INTRODUCED, dt.date(2026, 11, 9))
    nb.introductions.mark_thanked(intro.id, dt.date(2026, 11, 10))
    nb.introductions.record(ben.id, me.id, status=IntroductionStatus.DECLINED,
                            asked_on=dt.date(2026, 1, 5))
    # Introductions the user made between two other people (introduction_subjects).
    nb.introductions.record(me.id, ben.id, introduced_id=ana.id, status=IntroductionStatus.MET)
    nb.introductions.record(me.id, ana.id, introduced_id=ben.id)
    nb.reminders.add("Thank Ana for the intro", due, person_id=ana.id, introduction_id=intro.id)
    nb.tags.tag(ben.id, "Conference 2026")
    nb.tags.set_cadence("client", 45)
    carla = nb.people.create(PersonDraft(given_name="Carla", notes="archived one"))
    nb.people.archive(carla.id)
    dan = nb.people.create(PersonDraft(given_name="Dan", notes="trashed one"))
    nb.people.trash(dan.id)
    with nb._db.transaction() as session:
        session.execute(text("INSERT INTO card_extras (person_id, grp, name, params, value, position) "
                             "VALUES (:p, 'item1', 'X-ABLABEL', 'CHARSET=UTF-8', 'Café', 0)"),
                        {"p": ana.id})
    return {"me": me.id, "ana": ana.id, "ben": ben.id, "carla": carla.id, "dan": dan.id}


def all_rows(nb: Notebook) -> dict[str, list[tuple]]:
    """Every row of every table (and the search indexes' terms), as SQLite stores them."""
    tables = {}
    with nb._db.engine.connect() as conn:
        for table in Base.metadata.sorted_tables:
            keys = ", ".join(c.name for c in table.primary_key.columns)
            result = conn.exec_driver_sql(f"SELECT * FROM {table.name} ORDER BY {keys}")
            columns = tuple(d[0] for d in result.cursor.description)
            tables[table.name] = [columns, *map(tuple, result)]
        tables.update(index_terms(conn))
    return tables


def row_counts(nb: Notebook) -> dict[str, int]:
    with nb._db.engine.connect() as conn:
        return {t.name: conn.exec_driver_sql(f"SELECT count(*) FROM {t.name}").scalar()
                for t in Base.metadata.sorted_tables}


@pytest.fixture
def open_copy(tmp_path, template_notebook, template_key):
    """Opens fresh, empty notebooks (copies of the template); closes them after the test."""
    opened = []

    def make(name: str = "restored") -> Notebook:
        path = tmp_path / name / f"{name}.rapport"
        path.parent.mkdir(mode=0o700)
        shutil.copy2(template_notebook, path)
        opened.append(Notebook.open_with_key(path, template_key))
        return opened[-1]

    yield make
    for notebook in opened:
        notebook.close()


@pytest.fixture
def empty(open_copy) -> Notebook:
    return open_copy()


@pytest.fixture
def exported(nb, tmp_path):
    fill_everything(nb)
    path = tmp_path / "export" / "everything.jsonl"
    path.parent.mkdir()
    nb.archive.export_all(path)
    return path


def lines_of(path) -> list[dict]:
    return [json.loads(line) for line in path.read_bytes().splitlines()]


def write_lines(path, objects) -> None:
    path.write_text("".join(json.dumps(o) + "\n" for o in objects), encoding="utf-8")


# --- the round trip --------------------------------------------------------------------------


def test_restore_reproduces_every_row_of_every_table(nb, empty, tmp_path):
    fill_everything(nb)
    before = all_rows(nb)
    assert [name for name, rows in before.items() if len(rows) < 2] == []  # no table empty
    path = tmp_path / "everything.jsonl"
    counts = nb.archive.export_all(path)
    assert counts == {name: len(rows) - 1 for name, rows in before.items() if name not in INDEX_TABLES}

    assert empty.archive.restore_all(path) == counts

    after = all_rows(empty)
    for table in before:
        assert after[table] == before[table], table
    assert empty.people.me().name == "Pat Owner"
    assert [hit.person.name for hit in empty.search.search("sailing")] == ["Ana L."]
    assert [hit.person.name for hit in empty.search.search("912 345")] == ["Ana L."]
    assert empty.people.photo(2) == (tiny_png(), "image/png")


def test_the_export_is_owner_only_with_a_header_and_one_line_per_row(exported):
    assert stat.S_IMODE(exported.stat().st_mode) == 0o600
    header, *rows = lines_of(exported)
    assert (header["format"], header["version"], header["schema"], header["app_version"]) == (
        "rapport-complete-export", 1, head_revision(), __version__)
    assert dt.datetime.fromisoformat(header["exported_at"]).tzinfo is not None
    assert set(header["counts"]) == {t.name for t in Base.metadata.sorted_tables}
    assert sum(header["counts"].values()) == len(rows)
    [ana] = [r["row"] for r in rows if r["table"] == "people" and r["row"]["given_name"] == "Ana"]
    assert (ana["birthday_year"], ana["birthday_month"], ana["birthday_day"]) == (None, 2, 29)
    assert (ana["met_on"], ana["is_me"], ana["created_at"][-6:]) == ("2019-11-05", False, "+00:00")
    [photo] = [r["row"] for r in rows if r["table"] == "photos"]
    assert photo["data"].startswith("iVBORw0KGgo")  # base64 of the PNG signature
    assert [p.name for p in exported.parent.iterdir()] == [exported.name]  # no temp file left


def test_restoring_into_a_notebook_that_has_data_is_refused(exported, empty):
    empty.people.create(PersonDraft(given_name="Zoe"))
    before = all_rows(empty)
    with pytest.raises(InvalidInput, match="empty notebook; create a new notebook"):
        empty.archive.restore_all(exported)
    assert all_rows(empty) == before


def test_restore_replaces_the_settings_of_the_empty_notebook(exported, empty):
    empty.settings.set("default_region", "US")
    empty.settings.set("only_here", 1)
    empty.archive.restore_all(exported)
    assert (empty.settings.get("default_region"), empty.settings.get("only_here")) == ("GB", None)


# --- cancel ----------------------------------------------------------------------------------


def cancel_after(calls: int):
    seen = []

    def should_cancel() -> bool:
        seen.append(1)
        return len(seen) > calls
    return should_cancel


def test_cancelled_export_leaves_no_file_and_keeps_an_older_one(nb, tmp_path):
    fill_everything(nb)
    target = tmp_path / "out" / "everything.jsonl"
    target.parent.mkdir()
    with pytest.raises(Cancelled):
        nb.archive.export_all(target, should_cancel=cancel_after(3))
    assert list(target.parent.iterdir()) == []
    target.write_text("an older export")
    with pytest.raises(Cancelled):
        nb.archive.export_all(target, should_cancel=cancel_after(5))
    assert [p.name for p in target.parent.iterdir()] == [target.name]
    assert target.read_text() == "an older export"


def test_cancelled_restore_leaves_the_notebook_empty(exported, empty):
    before = all_rows(empty)
    reported = []
    with pytest.raises(Cancelled):
        empty.archive.restore_all(exported, progress=lambda done, total: reported.append(done),
                                  should_cancel=cancel_after(6))
    assert max(reported) > 0  # rows had been written when the cancel came
    assert all_rows(empty) == before
    assert set(row_counts(empty).values()) == {0}


def test_progress_reaches_the_total(exported, empty):
    reported = []
    empty.archive.restore_all(exported, progress=lambda done, total: reported.append((done, total)))
    total = len(lines_of(exported)) - 1
    assert reported[-1] == (total, total)
    assert [done for done, _ in reported] == sorted(done for done, _ in reported)


# --- damaged and foreign files ---------------------------------------------------------------


def test_bad_json_names_its_line_and_changes_nothing(exported, empty):
    lines = exported.read_bytes().splitlines(keepends=True)
    lines[6] = lines[6][:20] + b"}\n"  # line 7
    exported.write_bytes(b"".join(lines))
    with pytest.raises(ImportFailed) as failure:
        empty.archive.restore_all(exported)
    assert failure.value.line == 7 and "not valid JSON" in str(failure.value)
    assert set(row_counts(empty).values()) == {0}


def test_a_file_cut_short_is_refused(exported, empty):
    data = exported.read_bytes()
    exported.write_bytes(data[: len(data) // 2])  # in the middle of a line
    last_line = data[: len(data) // 2].count(b"\n") + 1
    with pytest.raises(ImportFailed) as failure:
        empty.archive.restore_all(exported)
    assert failure.value.line == last_line
    assert set(row_counts(empty).values()) == {0}

    whole_lines = data[: data.rindex(b"\n", 0, len(data) // 2) + 1]  # at the end of a line
    exported.write_bytes(whole_lines)
    with pytest.raises(ImportFailed, match="cut short"):
        empty.archive.restore_all(exported)
    assert set(row_counts(empty).values()) == {0}


@pytest.mark.parametrize(("change", "message"), [
    ({"format": "vcard"}, "not a Rapport complete export"),
    ({"version": 2}, "newer Rapport .format version 2"),
    ({"schema": "9999"}, "newer Rapport .schema '9999'"),
    ({"counts": {"people": 1, "spaceships": 2}}, "unknown table spaceships"),
])
def test_the_header_is_checked(exported, empty, change, message):
    header, *rows = lines_of(exported)
    write_lines(exported, [header | change, *rows])
    with pytest.raises(ImportFailed, match=message) as failure:
        empty.archive.restore_all(exported)
    assert failure.value.line == 1
    assert set(row_counts(empty).values()) == {0}


def test_a_file_that_is_not_json_at_all_is_refused(tmp_path, empty):
    path = tmp_path / "contacts.vcf"
    path.write_text("BEGIN:VCARD\nVERSION:3.0\nEND:VCARD\n")
    with pytest.raises(ImportFailed, match="not a Rapport complete export") as failure:
        empty.archive.restore_all(path)
    assert failure.value.line == 1


@pytest.mark.parametrize(("row_change", "message"), [
    ({"table": "spaceships"}, "unknown table 'spaceships'"),
    ({"row": {"warp": 9}}, "people has no column warp"),
    ({"row": {"created_at": "yesterday"}}, "created_at: 'yesterday' is not a date and time"),
    ({"row": {"created_at": "2026-01-01T10:00:00"}}, "has no time zone offset"),
    ({"row": {"is_me": 1}}, "is_me: 1 is not true or false"),
    ({"row": {"uid": None}}, "uid cannot be null"),
    ({"row": {"stage": "best friend"}}, "stage: 'best friend' is not one of advocate"),
])
def test_a_bad_row_names_its_line(exported, empty, row_change, message):
    header, *rows = lines_of(exported)
    number = next(n for n, r in enumerate(rows, 2) if r["table"] == "people")
    bad = rows[number - 2]
    bad.update({k: v for k, v in row_change.items() if k != "row"})
    bad["row"].update(row_change.get("row", {}))
    write_lines(exported, [header, *rows])
    with pytest.raises(ImportFailed, match=message) as failure:
        empty.archive.restore_all(exported)
    assert failure.value.line == number
    assert set(row_counts(empty).values()) == {0}


def test_a_duplicate_id_names_its_line(exported, empty):
    header, *rows = lines_of(exported)
    people = [n for n, r in enumerate(rows) if r["table"] == "people"]
    rows[people[1]]["row"]["id"] = rows[people[0]]["row"]["id"]
    write_lines(exported, [header, *rows])
    with pytest.raises(ImportFailed, match="UNIQUE constraint failed") as failure:
        empty.archive.restore_all(exported)
    assert failure.value.line == people[1] + 2
    assert set(row_counts(empty).values()) == {0}


def test_a_reference_to_a_missing_row_is_refused(exported, empty):
    header, *rows = lines_of(exported)
    [fact] = [r for r in rows if r["table"] == "facts" and r["row"]["category"] == "like"]
    fact["row"]["person_id"] = 999
    write_lines(exported, [header, *rows])
    with pytest.raises(ImportFailed, match="a row of facts .* refers to a row of people"):
        empty.archive.restore_all(exported)
    assert set(row_counts(empty).values()) == {0}


def test_an_older_export_gets_defaults_for_columns_it_lacks(exported, empty):
    header, *rows = lines_of(exported)
    header["schema"] = "0003"
    for row in rows:
        if row["table"] == "people":
            del row["row"]["pronouns"], row["row"]["created_at"]
    write_lines(exported, [header, *rows])
    empty.archive.restore_all(exported)
    ana = empty.people.get(2)
    assert ana.pronouns == ""
    with empty._db.engine.connect() as conn:
        created = conn.execute(text("SELECT min(created_at) FROM people")).scalar()
    assert created.startswith(str(dt.datetime.now(UTC).year))


def test_a_file_over_the_size_limit_is_refused(exported, empty, monkeypatch):
    monkeypatch.setattr(archive, "MAX_FILE_BYTES", 1000)
    with pytest.raises(ImportFailed, match="the limit is"):
        empty.archive.restore_all(exported)
    assert set(row_counts(empty).values()) == {0}


def test_export_stays_owner_only_whatever_the_umask(nb, tmp_path):
    nb.people.create(PersonDraft(given_name="Ana"))
    previous = os.umask(0)
    try:
        nb.archive.export_all(tmp_path / "open-umask.jsonl")
    finally:
        os.umask(previous)
    assert stat.S_IMODE((tmp_path / "open-umask.jsonl").stat().st_mode) == 0o600
