"""Duplicate-aware import: plan (match and classify), then one all-or-nothing transaction."""

from __future__ import annotations

import base64
import datetime as dt
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.exc import OperationalError

from app.domain import ContactKind, PartialDate, PersonDraft
from app.errors import Cancelled
from app.interchange.record import (
    ContactRecord,
    ImportedAddress,
    ImportedContact,
    ImportedDate,
    ImportedFact,
    ImportedJob,
    ImportedRelation,
    ParsedFile,
    RawProperty,
)
from app.interchange.vcard import read_vcards
from app.services import importer
from app.services.importer import Action, Match, _Writer, company_summary
from app.services.people import NewContact
from app.store.models import Base
from tests.search_terms import index_terms

PNG_1X1 = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==")


def ana() -> ContactRecord:
    return ContactRecord(
        line=1, uid="3b241101-e2bb-4255-8caf-4136c566a962", given_name="Ana", family_name="Lima",
        nickname="Aninha", pronouns="she/her", birthday=PartialDate(2, 29), hometown="Porto",
        how_we_met="Web Summit", met_on=dt.date(2019, 11, 5), stage="customer",
        cadence_days=30, notes="Prefers calls, not email.",
        contacts=[ImportedContact(ContactKind.EMAIL, "Ana@Example.com", "work"),
                  ImportedContact(ContactKind.PHONE, "+351 912 345 678", "mobile"),
                  ImportedContact(ContactKind.SOCIAL, "https://x.com/ana", "twitter")],
        addresses=[ImportedAddress("home", "Rua das Flores 12", "Porto", "", "4050-262", "PT")],
        dates=[ImportedDate("anniversary", PartialDate(6, 12, 2004))],
        jobs=[ImportedJob("Globex", "CTO", "Engineering", dt.date(2020, 1, 1)),
              ImportedJob("Initech", "Engineer", "", dt.date(2015, 3, 1), dt.date(2019, 12, 31))],
        relations=[ImportedRelation("spouse", "Rui Lima", birthday=PartialDate(3, 14))],
        tags=["Customers", "Portugal"],
        facts=[ImportedFact("like", "single malt", dt.date(2024, 5, 1))],
        custom_fields=[("Shoe size", "38")], photo=PNG_1X1,
        extras=[RawProperty("X-ABUID", "ABC-123:ABPerson")],
    )


def parsed(*records: ContactRecord) -> ParsedFile:
    return ParsedFile(list(records), "vcard")


def import_records(nb, *records, decide=None):
    plan = nb.importer.plan(parsed(*records), "contacts.vcf")
    if decide:
        decide(plan)
    return plan, nb.importer.apply(plan)


def row_counts(nb) -> dict[str, int]:
    with nb._db.engine.connect() as conn:
        return {t.name: conn.execute(text(f"SELECT count(*) FROM {t.name}")).scalar()
                for t in Base.metadata.sorted_tables}


def test_a_new_person_arrives_with_every_detail(nb):
    plan, report = import_records(nb, ana())
    assert [item.match for item in plan.items] == [Match.NEW]
    assert len(report.added) == 1 and report.loved_ones == 1
    person = nb.people.get(report.added[0])
    assert person.uid == "3b241101-e2bb-4255-8caf-4136c566a962"
    assert (person.name, person.nickname, person.pronouns) == ("Ana Lima", "Aninha", "she/her")
    assert person.birthday == PartialDate(2, 29)
    assert (person.hometown, person.how_we_met, person.met_on) == \
        ("Porto", "Web Summit", dt.date(2019, 11, 5))
    assert (person.stage.value, person.cadence_days) == ("customer", 30)
    assert [(c.kind, c.value, c.label, c.normalized) for c in person.contact_points] == [
        (ContactKind.EMAIL, "Ana@Example.com", "work", "ana@example.com"),
        (ContactKind.PHONE, "+351 912 345 678", "mobile", "+351912345678"),
        (ContactKind.SOCIAL, "https://x.com/ana", "twitter", "https://x.com/ana")]
    assert person.addresses[0].one_line() == "Rua das Flores 12, Porto, 4050-262, PT"
    assert [(d.label, d.date) for d in person.important_dates] == \
        [("anniversary", PartialDate(6, 12, 2004))]
    assert [(j.organization.name, j.title, j.is_current) for j in person.employments] == \
        [("Globex", "CTO", True), ("Initech", "Engineer", False)]
    [spouse] = person.relationships
    assert (spouse.type, spouse.other.name, spouse.other.is_light) == ("spouse", "Rui Lima", True)
    assert nb.people.get(spouse.other.id).birthday == PartialDate(3, 14)
    assert nb.relationships.list(spouse.other.id)[0].type == "spouse"  # the reverse edge
    assert person.tags == ("Customers", "Portugal")
    assert [(f.category, f.text) for f in person.facts] == [("like", "single malt")]
    assert [(c.name, c.value) for c in person.custom_fields] == [("Shoe size", "38")]
    assert nb.people.photo(person.id) == (PNG_1X1, "image/png")
    assert [h.person.id for h in nb.search.search("malt")] == [person.id]


def test_importing_the_same_file_twice_adds_nobody_and_nothing(nb):
    nameless = ContactRecord(line=9, given_name="Kim", family_name="Park")  # no uid, no email
    import_records(nb, ana(), nameless)
    before = row_counts(nb)
    plan, report = import_records(nb, ana(), nameless)
    assert [item.match for item in plan.items] == [Match.SAME, Match.SAME]
    assert report.added == [] and report.loved_ones == 0
    assert row_counts(nb) == before


def test_a_match_by_email_merges_what_is_new_and_keeps_what_is_there(nb):
    existing = nb.people.create(
        PersonDraft(given_name="Ana", family_name="Lima", hometown="Lisbon", notes="Met twice."),
        contacts=[NewContact(ContactKind.EMAIL, "ana@example.com")])
    incoming = ContactRecord(line=3, given_name="Ana Maria", family_name="Lima",
                             hometown="Porto", notes="Likes jazz.",
                             contacts=[ImportedContact(ContactKind.EMAIL, "ANA@example.com"),
                                       ImportedContact(ContactKind.PHONE, "+44 20 7946 0000")],
                             tags=["Jazz"])
    plan, report = import_records(nb, incoming)
    assert (plan.items[0].match, plan.items[0].existing_id) == (Match.SAME, existing.id)
    assert "same email ana@example.com" in plan.items[0].reason
    assert report.merged == [existing.id] and report.added == []
    person = nb.people.get(existing.id)
    assert (person.given_name, person.hometown) == ("Ana", "Lisbon")  # kept what was there
    assert person.notes == "Met twice.\n\nLikes jazz."
    assert [c.value for c in person.contact_points] == ["ana@example.com", "+44 20 7946 0000"]
    assert person.tags == ("Jazz",)
    assert report.backup is not None and report.backup.exists()


def test_a_similar_name_is_a_possible_duplicate_that_the_user_decides(nb):
    existing = nb.people.create(PersonDraft(given_name="John", family_name="Smith"),
                                contacts=[NewContact(ContactKind.EMAIL, "john@a.example")])
    incoming = ContactRecord(line=1, given_name="Jon", family_name="Smith",
                             contacts=[ImportedContact(ContactKind.PHONE, "+1 202 555 0147")])
    plan = nb.importer.plan(parsed(incoming))
    [item] = plan.items
    assert (item.match, item.action, item.existing_id) == (Match.POSSIBLE, Action.ADD, existing.id)
    assert item.reason.startswith("similar name")
    item.action = Action.MERGE
    report = nb.importer.apply(plan)
    assert report.merged == [existing.id]
    assert [c.value for c in nb.people.get(existing.id).contact_points] == \
        ["john@a.example", "+1 202 555 0147"]


def test_the_same_name_with_other_emails_is_only_a_possible_duplicate(nb):
    nb.people.create(PersonDraft(given_name="John", family_name="Smith"),
                     contacts=[NewContact(ContactKind.EMAIL, "john@a.example")])
    other = ContactRecord(line=1, given_name="John", family_name="Smith",
                          contacts=[ImportedContact(ContactKind.EMAIL, "john@b.example")])
    plan, report = import_records(nb, other)
    assert plan.items[0].match == Match.POSSIBLE
    assert len(report.added) == 1  # kept apart by default: nothing is merged wrongly


def test_two_cards_of_one_person_in_a_file_become_one(nb):
    first = ContactRecord(line=1, given_name="Ana", family_name="Lima",
                          contacts=[ImportedContact(ContactKind.EMAIL, "ana@example.com")])
    second = ContactRecord(line=9, given_name="Ana", family_name="Lima",
                           contacts=[ImportedContact(ContactKind.EMAIL, "ana@example.com"),
                                     ImportedContact(ContactKind.PHONE, "+351 912 345 678")])
    plan, report = import_records(nb, first, second)
    assert plan.items[1].same_as == 0 and "line 1" in plan.items[1].reason
    assert len(report.added) == 1
    assert len(nb.people.get(report.added[0]).contact_points) == 2


def test_skipping_a_record_skips_it(nb):
    plan, report = import_records(nb, ana(), decide=lambda p: setattr(p.items[0], "action",
                                                                       Action.SKIP))
    assert report.added == [] and report.skipped == 1
    assert row_counts(nb)["people"] == 0


def test_relations_by_uid_link_people_of_the_same_file_and_introducers_resolve(nb):
    ben = ContactRecord(line=1, uid="ben-uid", given_name="Ben", family_name="Ito",
                        relations=[ImportedRelation("spouse", "Cleo Ito", uid="cleo-uid")])
    cleo = ContactRecord(line=5, uid="cleo-uid", given_name="Cleo", family_name="Ito",
                         introduced_by="ben-uid",
                         relations=[ImportedRelation("spouse", "Ben Ito", uid="ben-uid")])
    _, report = import_records(nb, ben, cleo)
    assert report.loved_ones == 0
    ben_id, cleo_id = report.added
    assert [(r.type, r.other.id) for r in nb.people.get(ben_id).relationships] == \
        [("spouse", cleo_id)]
    assert nb.people.get(cleo_id).introduced_by.id == ben_id


def test_cancelling_the_import_writes_nothing(nb):
    plan = nb.importer.plan(parsed(*[ContactRecord(line=n, given_name=f"P{n}")
                                     for n in range(3000)]))
    calls = []
    with pytest.raises(Cancelled):
        nb.importer.apply(plan, should_cancel=lambda: calls.append(1) or len(calls) > 1)
    assert row_counts(nb)["people"] == 0


def test_a_write_failing_in_the_background_leaves_the_notebook_as_it_was(nb, monkeypatch):
    """New people are written by a second thread, batch by batch: a statement failing there,
    in the second batch, fails the import, and nothing of the first batch stays."""
    nb.people.create(PersonDraft(given_name="Zed"))
    before = row_counts(nb)
    add_documents = importer.search_index.add_documents
    calls = []

    def failing_on_the_second_batch(execute, documents):
        calls.append(len(documents))
        add_documents(execute, documents)
        if len(calls) == 2:
            execute("INSERT INTO no_such_table VALUES (1)", ())

    monkeypatch.setattr(importer.search_index, "add_documents", failing_on_the_second_batch)
    plan = nb.importer.plan(parsed(*[ContactRecord(line=n, given_name=f"Bulk{n}")
                                     for n in range(3000)]))
    with pytest.raises(OperationalError, match="no_such_table"):
        nb.importer.apply(plan)
    assert calls == [2000, 1000]
    assert row_counts(nb) == before
    assert nb.search.search("Bulk1") == []


def test_a_failure_late_in_the_import_leaves_the_notebook_as_it_was(nb, monkeypatch):
    nb.people.create(PersonDraft(given_name="Zed"))
    before = row_counts(nb)

    def fail(self):
        raise RuntimeError("disk full")

    monkeypatch.setattr(_Writer, "_link_people", fail)
    plan = nb.importer.plan(parsed(ana()))
    with pytest.raises(RuntimeError):
        nb.importer.apply(plan)
    assert row_counts(nb) == before


def test_a_card_with_the_id_of_someone_in_the_trash_is_not_merged_into_them(nb):
    gone = nb.people.create(PersonDraft(given_name="Old", uid="uid-1"))
    nb.people.trash(gone.id)
    plan, report = import_records(nb, ContactRecord(line=1, uid="uid-1", given_name="New"))
    assert (plan.items[0].match, plan.items[0].action) == (Match.POSSIBLE, Action.SKIP)
    plan.items[0].action = Action.ADD
    report = nb.importer.apply(plan)
    person = nb.people.get(report.added[0])
    assert person.name == "New" and person.uid != "uid-1"  # a fresh id, the trash untouched


def test_problems_name_the_line_and_bad_values_are_kept_as_written(nb):
    record = ContactRecord(line=42, given_name="Ana",
                           contacts=[ImportedContact(ContactKind.PHONE, "12")], stage="vip")
    plan, report = import_records(nb, record)
    assert any(p.line == 42 and "'12'" in p.message for p in report.problems)
    assert any(p.line == 42 and "'vip' is not a stage" in p.message for p in report.problems)
    assert nb.people.get(report.added[0]).contact_points[0].value == "12"


def test_a_card_with_no_name_takes_its_email_and_an_empty_card_is_skipped(nb):
    plan, report = import_records(
        nb, ContactRecord(line=1, contacts=[ImportedContact(ContactKind.EMAIL, "x@y.example")]),
        ContactRecord(line=7))
    assert nb.people.get(report.added[0]).name == "x@y.example"
    assert [p.line for p in plan.problems] == [7]


def test_a_shared_phone_with_a_different_name_is_not_merged_silently(nb):
    office = nb.people.create(PersonDraft(given_name="Reception", family_name="Globex"),
                              contacts=[NewContact(ContactKind.PHONE, "+44 20 7946 0000")])
    colleague = ContactRecord(line=4, given_name="Dave", family_name="Jones",
                              contacts=[ImportedContact(ContactKind.PHONE, "020 7946 0000")])
    twin = ContactRecord(line=8, given_name="Mo", family_name="Khan",
                         contacts=[ImportedContact(ContactKind.PHONE, "+44 20 7946 0000")])
    nb.settings.set("default_region", "GB")
    plan, report = import_records(nb, colleague, twin)
    assert [(i.match, i.existing_id) for i in plan.items] == \
        [(Match.POSSIBLE, office.id), (Match.POSSIBLE, office.id)]
    assert "different name" in plan.items[0].reason
    assert len(report.added) == 2


def test_imported_people_are_indexed_exactly_as_a_reindex_would_index_them(nb):
    from app.store import search_index

    nb.settings.set("default_region", "GB")
    record = ana()
    record.contacts.append(ImportedContact(ContactKind.PHONE, "020 7946 0000", "work"))
    _, report = import_records(nb, record)
    ids = report.added + [r.other.id for r in nb.people.get(report.added[0]).relationships]

    def tokens():
        with nb._db.engine.connect() as conn:
            return index_terms(conn)

    as_imported = tokens()
    with nb._db.engine.begin() as conn:
        search_index.reindex(conn, ids)
    assert as_imported == tokens()
    assert {doc for doc, _, _ in as_imported["search_index"]} == set(ids)
    assert {doc for doc, _, _ in as_imported["phone_index"]} == set(report.added)
    assert [h.person.id for h in nb.search.search("0207946")] == report.added


def test_a_large_import_is_searchable_and_leaves_the_index_merging_as_usual(nb):
    from app.store.search_index import BULK_DOCUMENTS, DEFAULT_AUTOMERGE

    records = [ContactRecord(line=n, given_name=f"Given{n}", family_name="Bulk",
                             contacts=[ImportedContact(ContactKind.PHONE, f"+44 7700 {n:06d}")])
               for n in range(BULK_DOCUMENTS)]
    _, report = import_records(nb, *records)
    assert len(report.added) == BULK_DOCUMENTS
    assert [h.person.name for h in nb.search.search("Given4321")] == ["Given4321 Bulk"]
    assert [h.person.name for h in nb.search.search("7700 004321")] == ["Given4321 Bulk"]
    with nb._db.engine.connect() as conn:
        assert conn.execute(text("SELECT v FROM search_index_config WHERE k = 'automerge'")
                            ).scalar() == DEFAULT_AUTOMERGE


# ---- company cards and relations by name (files from phones) ----------------------------------

VCARDS = Path(__file__).parent.parent / "data" / "vcard"


def import_file(nb, name: str):
    plan = nb.importer.plan(read_vcards((VCARDS / name).read_bytes(), name), name)
    return plan, nb.importer.apply(plan)


def test_a_company_card_becomes_an_organization_not_a_person(nb):
    plan, report = import_file(nb, "apple_export.vcf")
    assert [item.record.name() for item in plan.items] == ["Dr. Johnny Q. Appleseed Jr.",
                                                           "Anna Bäcker"]
    assert company_summary([c.name for c in plan.companies]) == \
        "1 company card → company Example Widgets Ltd"
    assert report.companies == ["Example Widgets Ltd"] and len(report.added) == 2
    assert [p.name for p in nb.people.list().items] == ["Anna Bäcker", "Dr. Johnny Q. Appleseed Jr."]
    widgets = nb.careers.organization("example widgets ltd")
    assert (widgets.name, widgets.website) == ("Example Widgets Ltd", "https://widgets.example")
    assert widgets.notes == "Phone (work): +44 20 7946 0000"  # no phone column: kept readable
    before = row_counts(nb)
    plan, report = import_file(nb, "apple_export.vcf")
    assert [c.exists for c in plan.companies] == [True] and report.added == []
    assert row_counts(nb) == before
    assert nb.careers.organization("Example Widgets Ltd").notes == widgets.notes


def test_a_company_card_adds_to_the_organization_of_that_name_and_its_staff_work_there(nb):
    nb.careers.add_job(nb.people.create(PersonDraft(given_name="Wile")).id, "ACME CORP")
    staff = ContactRecord(line=1, given_name="Road", family_name="Runner",
                          jobs=[ImportedJob("Acme Corp", "Courier")])
    card = ContactRecord(line=5, display_name="Acme Corp", is_organization=True,
                         jobs=[ImportedJob("Acme Corp")], notes="Ships anything.",
                         contacts=[ImportedContact(ContactKind.EMAIL, "info@acme.example", "work"),
                                   ImportedContact(ContactKind.URL, "https://acme.example")],
                         addresses=[ImportedAddress("work", "1 Desert Rd", "Mesa", "AZ", "85201")])
    _, report = import_records(nb, staff, card)
    assert report.companies == ["Acme Corp"] and len(report.added) == 1
    [acme] = nb.careers.organizations()
    assert acme.website == "https://acme.example"
    assert acme.notes.splitlines() == ["Ships anything.", "Email (work): info@acme.example",
                                       "Address (work): 1 Desert Rd, Mesa, AZ 85201"]
    staff_names = sorted(nb.people.get(e.person_id).name for e in nb.careers.staff("Acme Corp"))
    assert staff_names == ["Road Runner", "Wile"]


def test_a_related_name_links_to_the_card_of_that_name_in_the_same_file(nb):
    _, report = import_file(nb, "android_export.vcf")
    assert report.loved_ones == 2  # Fatma and Ahmet Hoca: nobody of those names
    people = {p.name: p for p in nb.people.list().items}
    assert sorted(people) == ["Ayşe Öztürk", "Mehmet"]  # one Mehmet, not two
    ayse = nb.people.get(people["Ayşe Öztürk"].id)
    spouse = next(r for r in ayse.relationships if r.type == "spouse")
    assert (spouse.other.id, spouse.other.is_light) == (people["Mehmet"].id, False)
    assert [r.type for r in nb.relationships.list(people["Mehmet"].id)] == ["spouse"]
    before = row_counts(nb)
    _, report = import_file(nb, "android_export.vcf")
    assert report.added == [] and report.loved_ones == 0
    assert row_counts(nb) == before


def test_a_related_name_links_to_the_one_person_of_that_name_in_the_notebook(nb):
    rui = nb.people.create(PersonDraft(given_name="rui", family_name="LIMA"))
    _, report = import_records(nb, ana())  # ana's spouse is "Rui Lima"
    assert report.loved_ones == 0
    [spouse] = nb.people.get(report.added[0]).relationships
    assert spouse.other.id == rui.id
    before = row_counts(nb)
    import_records(nb, ana())
    assert row_counts(nb) == before


def test_a_related_name_that_several_people_have_keeps_a_light_entry(nb):
    first = nb.people.create(PersonDraft(given_name="Rui", family_name="Lima"))
    second = nb.people.create(PersonDraft(given_name="Rui", family_name="Lima"),
                              contacts=[NewContact(ContactKind.EMAIL, "rui2@example.com")])
    _, report = import_records(nb, ana())
    assert report.loved_ones == 1
    [spouse] = nb.people.get(report.added[0]).relationships
    assert spouse.other.is_light and spouse.other.id not in (first.id, second.id)
