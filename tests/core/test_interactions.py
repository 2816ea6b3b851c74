import datetime as dt

import pytest

from app.domain import PersonDraft, ReminderKind
from app.errors import InvalidInput

UTC = dt.UTC


@pytest.fixture
def two(nb):
    return (nb.people.create(PersonDraft(given_name="Ana")),
            nb.people.create(PersonDraft(given_name="Ben")))


def test_logging_updates_last_contacted_for_every_participant(nb, two):
    ana, ben = two
    assert nb.people.get(ana.id).last_contacted is None
    when = dt.datetime(2026, 3, 2, 15, 30, tzinfo=UTC)
    nb.interactions.log("meeting", [ana.id, ben.id], when=when, subject="Kick-off",
                        notes="Budget approved", location="Lisbon")
    nb.interactions.log("call", [ana.id], when=when - dt.timedelta(days=30))
    assert nb.people.get(ana.id).last_contacted == when
    assert nb.people.get(ben.id).last_contacted == when
    assert [s.last_contacted for s in nb.people.list().items] == [when, when]
    timeline = nb.interactions.for_person(ana.id)
    assert [i.kind for i in timeline] == ["meeting", "call"]
    assert [p.name for p in timeline[0].participants] == ["Ana", "Ben"]


def test_a_follow_up_date_creates_a_reminder(nb, two):
    ana, ben = two
    follow_up = dt.date.today() + dt.timedelta(days=7)
    logged = nb.interactions.log("call", [ana.id, ben.id], subject="Pricing",
                                 follow_up_on=follow_up)
    reminders = nb.reminders.list(person_id=ana.id)
    assert [(r.kind, r.title, r.interaction_id) for r in reminders] == [
        (ReminderKind.FOLLOW_UP, "Follow up: Pricing", logged.id)]
    assert reminders[0].due_at.astimezone().date() == follow_up
    assert len(nb.reminders.list(person_id=ben.id)) == 1
    assert nb.people.list().items[0].next_reminder == reminders[0].due_at
    nb.reminders.complete(reminders[0].id)
    assert nb.people.list().items[0].next_reminder is None


def test_editing_and_deleting_moves_last_contacted(nb, two):
    ana, ben = two
    early = dt.datetime(2025, 1, 1, tzinfo=UTC)
    late = dt.datetime(2026, 1, 1, tzinfo=UTC)
    nb.interactions.log("email", [ana.id], when=early)
    last = nb.interactions.log("meal", [ana.id], when=late, subject="Lunch")
    nb.interactions.update(last.id, participant_ids=[ben.id], notes="She paid")
    assert nb.people.get(ana.id).last_contacted == early
    assert nb.people.get(ben.id).last_contacted == late
    assert nb.search.search("paid")[0].person.name == "Ben"
    nb.interactions.delete(last.id)
    assert nb.people.get(ben.id).last_contacted is None


def test_an_interaction_needs_people_and_a_kind(nb, two):
    with pytest.raises(InvalidInput):
        nb.interactions.log("call", [])
    with pytest.raises(InvalidInput):
        nb.interactions.log(" ", [two[0].id])


def test_naive_times_are_local_time(nb, two):
    naive = dt.datetime(2026, 6, 1, 9, 0)
    logged = nb.interactions.log("call", [two[0].id], when=naive)
    assert logged.occurred_at == naive.astimezone()


def test_interactions_cannot_be_in_the_future(nb, two):
    ana = two[0]
    with pytest.raises(InvalidInput, match="future"):
        nb.interactions.log("call", [ana.id], when=dt.datetime.now(UTC) + dt.timedelta(days=30))
    with pytest.raises(InvalidInput, match="after the interaction"):
        nb.interactions.log("call", [ana.id], when=dt.datetime(2026, 3, 1, tzinfo=UTC),
                            follow_up_on=dt.date(2026, 2, 1))
    assert nb.interactions.for_person(ana.id) == []
