"""Duplicates found (same email, same phone, close names at one company) and merged without
losing a single related record; conflicts resolved as chosen; undo restores exactly."""

import datetime as dt

import pytest
from sqlalchemy import select, text

from app.domain import (
    IntroductionStatus,
    OccurrenceState,
    PartialDate,
    PersonDraft,
    ReminderKind,
    Stage,
)
from app.errors import InvalidInput, NotFound
from app.services.archive import exported_tables
from app.services.people import NewContact
from tests.core.test_import_service import row_counts

PNG = (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00"
       b"\x00\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\xff\xff?\x00\x05\xfe\x02\xfe\xa7"
       b"\x35\x81\x84\x00\x00\x00\x00IEND\xaeB`\x82")


def every_row(nb) -> dict[str, list]:
    with nb._db.engine.connect() as conn:
        return {t.name: [tuple(r) for r in conn.execute(
            select(t).order_by(*t.primary_key.columns))] for t in exported_tables()}


@pytest.fixture
def pair(nb):
    """Ana twice (imported from two phones), each with a life of their own, and friends."""
    when = dt.datetime(2026, 11, 1, 10, tzinfo=dt.UTC)
    keep = nb.people.create(
        PersonDraft(given_name="Ana", family_name="Lima", hometown="Porto", notes="Sails.",
                    stage=Stage.PROSPECT, birthday=PartialDate(3, 14)),
        contacts=[NewContact("email", "ana@example.com"), NewContact("phone", "+44 20 7946 0000")],
        company="Globex", title="CFO", tags=["sailing"])
    other = nb.people.create(
        PersonDraft(given_name="Ana", family_name="Lima", hometown="Lisbon",
                    notes="Two kids.", stage=Stage.CUSTOMER, pronouns="she/her",
                    birthday=PartialDate(3, 14, 1980)),
        contacts=[NewContact("email", "ANA@example.com"), NewContact("email", "ana@home.pt")],
        company="Globex", title="Finance", tags=["sailing", "vip"])
    ben = nb.people.create(PersonDraft(given_name="Ben", introduced_by_id=other.id))
    kim = nb.people.create(PersonDraft(given_name="Kim"))
    nb.people.add_address(keep.id, locality="Porto")
    nb.people.add_address(other.id, locality="Lisbon")
    nb.people.add_date(other.id, "anniversary", PartialDate(6, 1, 2005))
    nb.people.set_custom_field(other.id, "Shoe size", "38")
    nb.people.set_photo(other.id, PNG)
    nb.facts.add(other.id, "like", "single malt")
    nb.relationships.relate(other.id, kim.id, "child")
    nb.relationships.relate(keep.id, kim.id, "child")  # the same edge twice: kept once
    nb.relationships.relate(keep.id, other.id, "friend")  # becomes a self-relation: dropped
    nb.careers.add_job(ben.id, "Globex", title="Analyst", reports_to_id=other.id)
    shared = nb.interactions.log("meeting", [keep.id, other.id], when=when, subject="Lunch")
    nb.interactions.log("call", [other.id, ben.id], when=when, subject="Intro call")
    reminder = nb.reminders.add("Send the deck", when, kind=ReminderKind.PROMISE,
                                person_id=other.id)
    nb.reminders.complete(reminder.id)
    nb.reminders.set_state(f"birthday:{other.uid}", when, OccurrenceState.DONE)
    nb.introductions.record(other.id, kim.id, status=IntroductionStatus.ASKED)
    nb.introductions.record(ben.id, other.id, status=IntroductionStatus.INTRODUCED)
    with nb._db.engine.begin() as conn:
        conn.execute(text("INSERT INTO card_extras (person_id, grp, name, params, value, "
                          "position) VALUES (:p, '', 'X-ABUID', '', 'abc', 0)"), {"p": other.id})
    return {"keep": keep.id, "other": other.id, "ben": ben.id, "kim": kim.id,
            "shared": shared.id, "other_uid": other.uid, "keep_uid": keep.uid}


def test_duplicates_by_email_phone_and_close_name_at_the_same_company(nb):
    ana = nb.people.create(PersonDraft(given_name="Ana"), contacts=[NewContact("email", "a@x.com")])
    ana2 = nb.people.create(PersonDraft(given_name="Ana P"),
                            contacts=[NewContact("email", "A@X.com ")])
    bo = nb.people.create(PersonDraft(given_name="Bo"),
                          contacts=[NewContact("phone", "+1 212 555 0100")])
    bo2 = nb.people.create(PersonDraft(given_name="Robert"),
                           contacts=[NewContact("phone", "+1 (212) 555-0100")])
    jon = nb.people.create(PersonDraft(given_name="Jon", family_name="Smith"), company="Acme")
    john = nb.people.create(PersonDraft(given_name="John", family_name="Smith"), company="Acme")
    nb.people.create(PersonDraft(given_name="Jon", family_name="Smyth"), company="Initech")
    found = {(p.first.id, p.second.id): p.reason for p in nb.duplicates.find()}
    assert found == {(ana.id, ana2.id): "same email a@x.com",
                     (bo.id, bo2.id): "same phone +12125550100",
                     (jon.id, john.id): "close names at Acme"}


def test_two_cards_of_one_name_come_with_their_company_and_email(nb):
    keep, other = two_marias(nb)
    nb.people.add_contact(keep, "email", "maria@initech.com")
    nb.people.add_contact(other, "email", "maria@initech.com")
    nb.people.add_contact(other, "email", "okafor@globex.com", is_primary=True)
    [found] = nb.duplicates.find()
    assert (found.first.id, found.first_hint, found.second.id, found.second_hint) == (
        keep, "Initech, maria@initech.com", other, "Globex, okafor@globex.com")


def test_a_pair_said_to_be_two_people_is_not_offered_again(nb):
    phone = [NewContact("phone", "+1 212 555 0100")]
    ana = nb.people.create(PersonDraft(given_name="Ana"), contacts=phone)
    bo = nb.people.create(PersonDraft(given_name="Bo"), contacts=phone)
    assert len(nb.duplicates.find()) == 1
    nb.duplicates.dismiss(bo.id, ana.id)
    nb.duplicates.dismiss(ana.id, bo.id)  # once is enough; twice changes nothing
    assert nb.duplicates.find() == []
    assert nb.settings.get("duplicates.dismissed") == ["|".join(sorted((ana.uid, bo.uid)))]


def test_close_names_at_different_companies_are_not_duplicates(nb):
    nb.people.create(PersonDraft(given_name="Jon", family_name="Smith"), company="Acme")
    nb.people.create(PersonDraft(given_name="John", family_name="Smith"), company="Globex")
    nb.people.create(PersonDraft(given_name="Jon", family_name="Smith"))  # no company
    assert nb.duplicates.find() == []


def test_merge_keeps_every_related_record(nb, pair):
    before = row_counts(nb)
    conflicts = {c.field: (c.keep_value, c.other_value) for c in
                 nb.merge.conflicts(pair["keep"], pair["other"])}
    assert conflicts == {"birthday": ("--03-14", "1980-03-14"), "hometown": ("Porto", "Lisbon"),
                         "current_job": ("CFO at Globex", "Finance at Globex"),
                         "stage": ("Prospect", "Customer"), "notes": ("Sails.", "Two kids.")}

    ana = nb.merge.merge(pair["keep"], pair["other"], {
        "birthday": "other", "hometown": "keep", "stage": "other", "current_job": "both"})

    after = row_counts(nb)
    # Exactly what a merge removes: the other person, one identical email, the doubled
    # child edge (both directions), the self "friend" edge (both), the doubled tag and the
    # other's place in the lunch both attended. Nothing else.
    assert {t: before[t] - after[t] for t in before if before[t] != after[t]} == {
        "people": 1, "contact_points": 1, "relationships": 4, "person_tags": 1,
        "interaction_participants": 1}
    with pytest.raises(NotFound):
        nb.people.get(pair["other"])
    assert (ana.hometown, ana.birthday.iso(), ana.stage, ana.pronouns, ana.notes) == (
        "Porto", "1980-03-14", Stage.CUSTOMER, "she/her", "Sails.\n\nTwo kids.")
    assert sorted(c.value for c in ana.contact_points) == [
        "+44 20 7946 0000", "ana@example.com", "ana@home.pt"]
    assert [c.is_primary for c in ana.contact_points if c.kind == "email"] == [True, False]
    assert sorted(a.locality for a in ana.addresses) == ["Lisbon", "Porto"]
    assert [f.text for f in ana.facts] == ["single malt"]
    assert [(r.type, r.other.name) for r in ana.relationships] == [("child", "Kim")]
    assert sorted(e.title for e in ana.employments) == ["CFO", "Finance"]
    assert sorted(i.subject for i in ana.interactions) == ["Intro call", "Lunch"]
    assert [r.title for r in nb.reminders.list(person_id=ana.id, include_closed=True)] == [
        "Send the deck", "Ask Ana Lima again about meeting Kim"]
    assert len(ana.introductions) == 2 and set(ana.tags) == {"sailing", "vip"}
    assert ana.has_photo and [c.name for c in ana.custom_fields] == ["Shoe size"]
    ben = nb.people.get(pair["ben"])
    assert ben.introduced_by.id == ana.id
    assert ben.employments[0].reports_to.id == ana.id
    states = nb.reminders.states([f"birthday:{pair['keep_uid']}",
                                  f"birthday:{pair['other_uid']}"])
    assert [s.reminder_key for s in states] == [f"birthday:{pair['keep_uid']}"]
    assert [(h.from_stage, h.to_stage) for h in nb.pipeline.history(ana.id)] == [
        (None, Stage.PROSPECT), (None, Stage.CUSTOMER)]
    assert [h.person.id for h in nb.search.search("malt")] == [ana.id]
    assert [h.person.id for h in nb.search.search("home.pt")] == [ana.id]


def test_undo_gives_back_every_row_exactly(nb, pair):
    before = every_row(nb)
    nb.merge.merge(pair["keep"], pair["other"], {"notes": "other", "hometown": "other"})
    assert nb.merge.last.removed.id == pair["other"]
    nb.merge.undo()
    assert every_row(nb) == before
    assert nb.merge.last is None
    assert [h.person.id for h in nb.search.search("malt")] == [pair["other"]]
    with pytest.raises(NotFound):
        nb.merge.undo()


def test_a_bad_choice_merges_nothing(nb, pair):
    before = every_row(nb)
    with pytest.raises(InvalidInput):
        nb.merge.merge(pair["keep"], pair["other"], {"hometown": "both"})
    with pytest.raises(InvalidInput):
        nb.merge.merge(pair["keep"], pair["keep"])
    assert every_row(nb) == before and nb.merge.last is None


# --- current jobs ------------------------------------------------------------------------


def two_marias(nb, keep_job=("Initech", "CTO"), other_job=("Globex", "")):
    keep = nb.people.create(PersonDraft(given_name="Maria", family_name="Okafor"),
                            company=keep_job[0], title=keep_job[1])
    other = nb.people.create(PersonDraft(given_name="Maria", family_name="Okafor"),
                             company=other_job[0], title=other_job[1])
    return keep.id, other.id


def jobs(person):
    return sorted((e.title, e.organization.name, e.end) for e in person.employments)


def test_two_different_current_jobs_are_a_conflict_and_the_one_not_chosen_ends_today(nb):
    keep, other = two_marias(nb)
    [conflict] = nb.merge.conflicts(keep, other)
    assert (conflict.field, conflict.label, conflict.keep_value, conflict.other_value,
            conflict.default) == ("current_job", "Current job", "CTO at Initech", "Globex",
                                  "keep")

    maria = nb.merge.merge(keep, other)
    today = dt.date.today()
    assert jobs(maria) == [("", "Globex", today), ("CTO", "Initech", None)]
    assert [e.organization.name for e in maria.current_jobs] == ["Initech"]


def test_the_other_current_job_can_win_or_both_stay_current(nb):
    keep, other = two_marias(nb)
    maria = nb.merge.merge(keep, other, {"current_job": "other"})
    assert jobs(maria) == [("", "Globex", None), ("CTO", "Initech", dt.date.today())]
    nb.merge.undo()
    maria = nb.merge.merge(keep, other, {"current_job": "both"})
    assert jobs(maria) == [("", "Globex", None), ("CTO", "Initech", None)]


def test_a_job_ended_by_the_merge_comes_back_current_on_undo(nb):
    keep, other = two_marias(nb)
    before = every_row(nb)
    nb.merge.merge(keep, other)
    nb.merge.undo()
    assert every_row(nb) == before
    assert [e.end for e in nb.people.get(other).employments] == [None]


def test_two_titles_at_one_organisation_are_one_job_the_chosen_title_kept(nb):
    keep, other = two_marias(nb, other_job=("Initech", "Chief Technology Officer"))
    boss = nb.people.create(PersonDraft(given_name="Bill"))
    [other_job] = nb.people.get(other).employments
    nb.careers.update_job(other_job.id, start=dt.date(2024, 1, 8), department="Engineering",
                          reports_to_id=boss.id)
    [conflict] = nb.merge.conflicts(keep, other)
    assert (conflict.keep_value, conflict.other_value) == (
        "CTO at Initech", "Chief Technology Officer at Initech")

    [job] = nb.merge.merge(keep, other).employments
    # The same job twice: one stays, with the details only the dropped copy knew.
    assert (job.title, job.organization.name, job.end, job.start, job.department,
            job.reports_to.name) == ("CTO", "Initech", None, dt.date(2024, 1, 8),
                                     "Engineering", "Bill")


def test_the_same_current_job_on_both_cards_is_kept_once_without_asking(nb):
    keep, other = two_marias(nb, other_job=("Initech", " cto "))
    assert nb.merge.conflicts(keep, other) == []
    assert jobs(nb.merge.merge(keep, other)) == [("CTO", "Initech", None)]


def test_a_current_job_only_one_card_has_stays_current(nb):
    keep, other = two_marias(nb)
    nb.careers.add_job(other, "Initech", title="CTO")  # the other card knows both
    assert nb.merge.conflicts(keep, other) == []
    assert jobs(nb.merge.merge(keep, other)) == [("", "Globex", None), ("CTO", "Initech", None)]


def test_only_notes_and_the_current_job_keep_both(nb, pair):
    with pytest.raises(InvalidInput, match="notes and the current job"):
        nb.merge.merge(pair["keep"], pair["other"], {"stage": "both"})
