"""A large import into a small notebook builds the indexes of the tables it fills after
writing the rows: the notebook ends with exactly the indexes it had, and a cancel or a
failure in the middle leaves rows and indexes as they were."""

import pytest
from sqlalchemy import text

from app.domain import ContactKind, PersonDraft
from app.errors import Cancelled
from app.interchange.record import ContactRecord, ImportedContact, ImportedJob, ParsedFile
from app.services import importer
from app.services.importer import BULK_LOADED_TABLES, _Writer


def schema(nb) -> list[tuple]:
    with nb._db.engine.connect() as conn:
        return [tuple(r) for r in conn.execute(text(
            "SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY name"))]


def people(count: int) -> ParsedFile:
    return ParsedFile([ContactRecord(
        line=n, given_name=f"Given{n}", family_name="Bulk", tags=["bulk"],
        contacts=[ImportedContact(ContactKind.PHONE, f"+44 7700 {n:06d}")],
        jobs=[ImportedJob("Globex")]) for n in range(count)], "vcard")


@pytest.fixture
def bulk_from_four(monkeypatch):
    monkeypatch.setattr(importer, "BULK_LOAD_MIN", 4)


def explain(nb, sql: str) -> str:
    with nb._db.engine.connect() as conn:
        return " | ".join(r[3] for r in conn.exec_driver_sql(f"EXPLAIN QUERY PLAN {sql}"))


def test_the_indexes_are_dropped_while_adding_and_made_again_after(nb, bulk_from_four,
                                                                   monkeypatch):
    before = schema(nb)
    during = []
    add_people = _Writer._add_people

    def counting_indexes(self, batch, writer):
        writer.wait()  # the connection is the writer's until then
        during.append(self.session.execute(text(
            "SELECT count(*) FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL "
            "AND tbl_name IN ('people', 'contact_points')")).scalar())
        return add_people(self, batch, writer)

    monkeypatch.setattr(_Writer, "_add_people", counting_indexes)
    report = nb.importer.apply(nb.importer.plan(people(6)), backup=False)
    assert len(report.added) == 6 and during == [0]
    assert schema(nb) == before
    assert "ix_people_listed" in explain(
        nb, "SELECT id FROM people WHERE trashed_at IS NULL AND archived_at IS NULL "
            "AND is_light = 0 ORDER BY sort_name, id")
    assert [h.person.name for h in nb.search.search("7700 000004")] == ["Given4 Bulk"]


def test_a_notebook_with_more_people_than_the_file_keeps_its_indexes_throughout(
        nb, bulk_from_four, monkeypatch):
    for n in range(7):
        nb.people.create(PersonDraft(given_name=f"Old{n}"))
    seen = []
    monkeypatch.setattr(importer, "indexes_built_after", lambda *a: seen.append(a))
    nb.importer.apply(nb.importer.plan(people(6)), backup=False)
    assert seen == []


def test_a_cancelled_bulk_import_leaves_rows_and_indexes_as_they_were(nb, bulk_from_four):
    before = schema(nb)
    calls = []
    with pytest.raises(Cancelled):
        nb.importer.apply(nb.importer.plan(people(2500)), backup=False,
                          should_cancel=lambda: calls.append(1) or len(calls) > 1)
    assert schema(nb) == before
    with nb._db.engine.connect() as conn:
        for table in BULK_LOADED_TABLES:
            assert conn.exec_driver_sql(f"SELECT count(*) FROM {table}").scalar() == 0, table


def test_a_failure_after_the_bulk_rows_leaves_rows_and_indexes_as_they_were(
        nb, bulk_from_four, monkeypatch):
    before = schema(nb)
    monkeypatch.setattr(_Writer, "_link_people", lambda self: 1 / 0)
    with pytest.raises(ZeroDivisionError):
        nb.importer.apply(nb.importer.plan(people(6)), backup=False)
    assert schema(nb) == before
    assert nb.search.search("Given1") == []
