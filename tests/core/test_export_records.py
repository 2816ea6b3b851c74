"""People -> records for export (app/services/records.load_records): every field of a person
lands in its own field of the record, details in their order, for one person and for a chunk."""

from __future__ import annotations

import base64
import datetime as dt

from app.domain import ContactKind, PartialDate
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

PNG_1X1 = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==")
INTRODUCER_UID = "11111111-2222-4333-8444-555555555555"


def full_record() -> ContactRecord:
    """A person with every field set, each to a value no other field has."""
    return ContactRecord(
        uid="3b241101-e2bb-4255-8caf-4136c566a962", prefix="Dr.", given_name="Ana",
        middle_name="Maria", family_name="Lima", suffix="PhD", nickname="Aninha",
        display_name="Dr. Ana M. Lima", pronouns="she/her", birthday=PartialDate(2, 29),
        hometown="Porto", how_we_met="Web Summit", met_on=dt.date(2019, 11, 5),
        introduced_by=INTRODUCER_UID, stage="customer", cadence_days=30,
        notes="Prefers calls; not email.",
        contacts=[ImportedContact(ContactKind.EMAIL, "ana@example.com", "work"),
                  ImportedContact(ContactKind.PHONE, "+351 912 345 678", "mobile"),
                  ImportedContact(ContactKind.SOCIAL, "https://x.com/ana", "twitter"),
                  ImportedContact(ContactKind.URL, "https://ana.example", ""),
                  ImportedContact(ContactKind.IM, "ana@jabber.example", "jabber")],
        addresses=[ImportedAddress("home", "Rua das Flores 12", "Porto", "Norte", "4050-262", "PT"),
                   ImportedAddress("work", "Av. da Liberdade 1", "Lisboa", "", "1250-096", "PT")],
        dates=[ImportedDate("anniversary", PartialDate(6, 12, 2004)),
               ImportedDate("graduation", PartialDate(7, 1))],
        jobs=[ImportedJob("Globex", "CTO", "Engineering", dt.date(2020, 1, 1)),
              ImportedJob("Initech", "Engineer", "", dt.date(2015, 3, 1), dt.date(2019, 12, 31))],
        relations=[ImportedRelation("spouse", "Rui Lima", birthday=PartialDate(3, 14))],
        tags=["Customers", "Portugal"],
        facts=[ImportedFact("like", "single malt", dt.date(2024, 5, 1)),
               ImportedFact("family", "two daughters", dt.date(2023, 2, 2))],
        custom_fields=[("Shoe size", "38"), ("Team", "Blue")], photo=PNG_1X1,
        extras=[RawProperty("X-ABUID", "ABC-123:ABPerson"),
                RawProperty("X-CUSTOM", "v", ";TYPE=x", "item7")])


def add(nb, *records: ContactRecord) -> list[int]:
    plan = nb.importer.plan(ParsedFile(list(records), "vcard"), "contacts.vcf")
    return nb.importer.apply(plan, backup=False).added


def test_every_field_of_a_person_comes_back_in_its_own_place(nb):
    add(nb, ContactRecord(uid=INTRODUCER_UID, given_name="Ivo"))
    [person_id] = add(nb, full_record())
    [record] = nb.exporter.records([person_id])
    spouse_uid = record.relations[0].uid
    assert spouse_uid  # the light entry made for the spouse has a uid of its own
    expected = full_record()
    expected.relations = [ImportedRelation("spouse", "Rui Lima", spouse_uid, PartialDate(3, 14))]
    assert record == expected


def test_people_come_back_in_the_order_asked_and_unknown_ids_are_skipped(nb):
    ids = add(nb, *(ContactRecord(given_name=f"P{n}", notes=f"n{n}",
                                  contacts=[ImportedContact(ContactKind.EMAIL, f"p{n}@x.example")])
                    for n in range(5)))
    shown = [(r.given_name, r.notes, [c.value for c in r.contacts])
             for r in nb.exporter.records([ids[4], ids[0], ids[3]])]
    assert shown == [("P4", "n4", ["p4@x.example"]), ("P0", "n0", ["p0@x.example"]),
                     ("P3", "n3", ["p3@x.example"])]
    scattered = list(nb.exporter.records([ids[1], ids[1] + 10_000]))  # ids far apart: IN (...)
    assert [r.given_name for r in scattered] == ["P1"]
