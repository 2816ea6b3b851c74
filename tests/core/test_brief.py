import datetime as dt

import pytest

from app.domain import PartialDate, PersonDraft, ReminderKind
from app.errors import InvalidInput
from app.services.brief import brief_sections, brief_text, duration

TODAY = dt.date(2026, 3, 10)


def _ago(days: int) -> dt.datetime:
    return dt.datetime.now(dt.UTC) - dt.timedelta(days=days)


@pytest.fixture
def ana(nb):
    """A well-known customer: every section of the brief has something to say."""
    me = nb.people.create(PersonDraft(given_name="Sam", family_name="User", is_me=True))
    carla = nb.people.create(PersonDraft(given_name="Carla", family_name="Diaz"))
    ana = nb.people.create(PersonDraft(
        given_name="Ana", family_name="Lima", nickname="Annie", pronouns="she/her",
        prefix="Dr.", hometown="Porto", how_we_met="At SaaStr 2023",
        met_on=dt.date(2023, 9, 12), introduced_by_id=carla.id,
        birthday=PartialDate(3, 20, 1980), notes="Two kids.\nPrefers email before 9am."))
    nb.people.set_custom_field(ana.id, "Coffee", "flat white")
    nb.careers.add_job(ana.id, "Initech", title="Buyer", start=dt.date(2012, 1, 1),
                       end=dt.date(2015, 12, 31))
    nb.careers.add_job(ana.id, "Acme", title="Head of Procurement", start=dt.date(2023, 1, 2))
    nb.relationships.add_loved_one(ana.id, "spouse", "Rui Lima", PartialDate(4, 2, 1978))
    nb.relationships.add_loved_one(ana.id, "child", "Leo Lima", PartialDate(8, 30, 2015))
    for line in ("likes: single malt", "dislikes: cold calls", "pet peeve: lateness",
                 "avoid: her divorce from <b>Tom</b>", "hobby: sailing"):
        nb.facts.quick_add(ana.id, line)
    for days, subject in ((100, "Kick-off"), (60, "Pricing"), (30, "Renewal"),
                          (10, "Quarterly review")):
        nb.interactions.log("meeting", [ana.id], when=_ago(days), subject=subject,
                            notes="Wants the SLA in writing. " * 20 if days == 10 else "")
    nb.reminders.add("Send the SLA draft", dt.datetime(2026, 3, 12, 9, tzinfo=dt.UTC),
                     kind=ReminderKind.PROMISE, person_id=ana.id)
    closed = nb.reminders.add("Call about pricing", dt.datetime(2026, 1, 5, 9, tzinfo=dt.UTC),
                              kind=ReminderKind.FOLLOW_UP, person_id=ana.id)
    nb.reminders.complete(closed.id)
    nb.reminders.add("Buy a gift", dt.datetime(2026, 3, 15, 9, tzinfo=dt.UTC),
                     kind=ReminderKind.CUSTOM, person_id=ana.id)
    ben = nb.people.create(PersonDraft(given_name="Ben", family_name="Ode"), company="Acme",
                           title="CFO")
    gone = nb.people.create(PersonDraft(given_name="Gone", family_name="Person"),
                            company="Acme")
    nb.people.trash(gone.id)
    nb.careers.add_job(me.id, "Acme", title="Consultant")  # the user's card is left out
    nb.relationships.relate(ana.id, ben.id, "friend")
    return ana


def test_every_section_of_a_full_brief(nb, ana):
    [brief] = nb.brief.build([ana.id], today=TODAY)
    assert brief.name == "Dr. Ana Lima"
    assert brief.lead == ("Head of Procurement at Acme for 3 years 2 months; "
                          "met at SaaStr 2023 through Carla Diaz")
    assert brief.address_as == "Goes by “Annie” · formally Dr. Lima · she/her"
    assert [(j.organization, j.tenure) for j in brief.current_jobs] == [
        ("Acme", "3 years 2 months")]
    assert [(j.organization, j.start.year, j.end.year) for j in brief.previous_jobs] == [
        ("Initech", 2012, 2015)]
    assert brief.hometown == "Porto" and brief.introduced_by.name == "Carla Diaz"
    assert (brief.next_birthday, brief.turning) == (dt.date(2026, 3, 20), 46)
    loved = {one.person.name: one for one in brief.loved_ones}
    assert loved["Rui Lima"].relation == "spouse"
    assert (loved["Rui Lima"].next_birthday, loved["Rui Lima"].turning) == (
        dt.date(2026, 4, 2), 48)
    assert loved["Leo Lima"].next_birthday is None  # August is beyond 60 days
    facts = {g.title: g.items for g in brief.facts}
    assert facts["Likes"] == ("single malt",) and facts["Pet peeves"] == ("lateness",)
    assert facts["Dislikes"] == ("cold calls",) and facts["Hobbies"] == ("sailing",)
    assert brief.facts[0].title == "Topics to avoid"  # what must not be said comes first
    assert [i.subject for i in brief.last_interactions] == ["Quarterly review", "Renewal",
                                                            "Pricing"]
    assert brief.last_interactions[0].notes.endswith("…")
    assert len(brief.last_interactions[0].notes) <= 221
    assert [i.title for i in brief.open_items] == ["Send the SLA draft", "Buy a gift"]
    assert brief.notes == "Two kids.\nPrefers email before 9am."
    assert brief.custom_fields == (("Coffee", "flat white"),)
    assert [(a.person.name, a.how) for a in brief.mutual] == [
        ("Ben Ode", "Annie's friend"), ("Carla Diaz", "introduced you to Annie")]


def test_empty_sections_are_left_out(nb):
    bare = nb.people.create(PersonDraft(given_name="Bare"))
    [brief] = nb.brief.build([bare.id], today=TODAY)
    assert brief.lead == "" and brief.facts == () and brief.mutual == ()
    assert brief_sections(brief, TODAY) == []
    assert brief_text(brief, TODAY) == "Bare\n===="


def test_text_brief_reads_in_words_not_timestamps(nb, ana):
    [brief] = nb.brief.build([ana.id], today=TODAY)
    text = brief_text(brief, TODAY)
    titles = [title for title, _ in brief_sections(brief, TODAY)]
    assert titles == ["Role and career", "Background", "Loved ones", "Topics to avoid", "Likes",
                      "Dislikes", "Pet peeves", "Hobbies", "Notes", "More",
                      "Last conversations", "Open promises, follow-ups and reminders",
                      "People you both know"]
    assert "Rui Lima (spouse) — birthday in 23 days, 2 April (turns 48)" in text
    assert "How you met: At SaaStr 2023 (12 September 2023)" in text
    assert "Send the SLA draft — due 12 March" in text
    assert "Buy a gift (reminder) — due 15 March" in text
    assert "Prefers email before 9am." in text and "Coffee: flat white" in text
    assert "Before: Buyer at Initech (2012–2015)" in text
    assert "T" not in text.split("LAST CONVERSATIONS")[1].split("\n")[1][:12]  # no ISO time


def test_several_attendees_in_order_each_once(nb, ana):
    ben_id = next(a.person.id for a in nb.brief.build([ana.id], today=TODAY)[0].mutual)
    briefs = nb.brief.build([ben_id, ana.id, ben_id], today=TODAY)
    assert [b.person_id for b in briefs] == [ben_id, ana.id]
    assert briefs[0].lead == "CFO at Acme"
    with pytest.raises(InvalidInput):
        nb.brief.build([])


def test_the_photo_comes_with_the_brief(nb, ana):
    gif = (b"GIF89a\x01\x00\x01\x00\x80\x00\x00\x00\x00\x00\xff\xff\xff!\xf9\x04\x01\x00\x00"
           b"\x00\x00,\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;")
    nb.people.set_photo(ana.id, gif)
    assert nb.brief.build([ana.id], today=TODAY)[0].photo == gif


def test_durations():
    assert duration(dt.date(2023, 1, 2), TODAY) == "3 years 2 months"
    assert duration(dt.date(2025, 3, 10), TODAY) == "1 year"
    assert duration(dt.date(2026, 3, 1), TODAY) == "less than a month"
    assert duration(dt.date(2025, 10, 1), TODAY) == "5 months"


def test_a_title_ending_in_a_period_is_not_doubled(nb):
    """'Senior Engineer at Apple Inc.' ends the lead as is: no 'Inc..'."""
    johnny = nb.people.create(PersonDraft(given_name="Johnny", family_name="Appleseed",
                                          suffix="Jr."),
                              company="Apple Inc.", title="Senior Engineer")
    ana = nb.people.create(PersonDraft(given_name="Ana"))
    nb.interactions.log("meeting", [johnny.id, ana.id], subject="Kickoff.",
                        notes="Wants a pilot.",
                        when=dt.datetime(2026, 3, 1, 10, 0, tzinfo=dt.UTC))
    text = brief_text(nb.brief.build([johnny.id], today=TODAY)[0], TODAY)
    assert "Senior Engineer at Apple Inc.\n" in text
    assert ".." not in text
    assert "Meeting: Kickoff. (with Ana). Wants a pilot." in text
def test_open_promises_show_when_they_are_due_after_a_snooze(nb, ana):
    from app.domain import OccurrenceState

    [sla] = [r for r in nb.reminders.list(person_id=ana.id) if r.title == "Send the SLA draft"]
    due = dt.datetime(2026, 3, 12, 9, tzinfo=dt.UTC)
    later = dt.datetime(2026, 4, 2, 9, tzinfo=dt.UTC)
    nb.reminders.set_state(f"reminder:{sla.id}", due, OccurrenceState.SNOOZED,
                           snoozed_until=later)
    [brief] = nb.brief.build([ana.id], today=TODAY)
    [item] = [i for i in brief.open_items if i.title == "Send the SLA draft"]
    assert item.due_at == later and not item.overdue
    assert "2 April" in brief_text(brief, TODAY)
    nb.reminders.set_state(f"reminder:{sla.id}", due, OccurrenceState.DISMISSED)
    assert [i.title for i in nb.brief.build([ana.id], today=TODAY)[0].open_items] == [
        "Buy a gift"]
