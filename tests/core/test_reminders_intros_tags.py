import datetime as dt

import pytest

from app.domain import IntroductionStatus, OccurrenceState, PersonDraft, ReminderKind
from app.errors import InvalidInput, NotFound

UTC = dt.UTC


@pytest.fixture
def ana(nb):
    return nb.people.create(PersonDraft(given_name="Ana"))


def test_promises_and_custom_reminders(nb, ana):
    due = dt.datetime(2026, 12, 4, 17, 0, tzinfo=UTC)
    promise = nb.reminders.add("Send the pricing sheet", due, kind=ReminderKind.PROMISE,
                               person_id=ana.id)
    monthly = nb.reminders.add("Review pipeline", due, rrule="FREQ=MONTHLY;BYMONTHDAY=4")
    assert [r.title for r in nb.reminders.list()] == ["Send the pricing sheet", "Review pipeline"]
    assert nb.people.get(ana.id).reminders[0].kind == ReminderKind.PROMISE
    nb.reminders.complete(promise.id)
    assert [r.id for r in nb.reminders.list()] == [monthly.id]
    first = nb.reminders.complete(monthly.id).occurrence
    second = nb.reminders.complete(monthly.id).occurrence
    assert (first, second.astimezone(UTC).month) == (due, 1)
    assert [r.id for r in nb.reminders.list()] == [monthly.id]  # a recurring one stays open
    assert nb.reminders.list(include_closed=True)[0].occurrences[0].state == OccurrenceState.DONE
    with pytest.raises(InvalidInput, match="repeat rule"):
        nb.reminders.add("Bad", due, rrule="FREQ=SOMETIMES")
    with pytest.raises(InvalidInput):
        nb.reminders.add("  ", due)


def test_occurrence_state_of_derived_items(nb, ana):
    key = f"birthday:{ana.uid}"
    when = dt.datetime(2026, 3, 14, tzinfo=UTC)
    nb.reminders.set_state(key, when, OccurrenceState.SNOOZED,
                           snoozed_until=when + dt.timedelta(days=1))
    nb.reminders.set_state(key, when, OccurrenceState.DONE)
    states = nb.reminders.states([key])
    assert [(s.state, s.snoozed_until) for s in states] == [(OccurrenceState.DONE, None)]
    with pytest.raises(InvalidInput, match="until when"):
        nb.reminders.set_state(key, when, OccurrenceState.SNOOZED)
    nb.reminders.clear_state(key, when)
    assert nb.reminders.states([key]) == []


def test_deleting_a_reminder(nb, ana):
    r = nb.reminders.add("Call", dt.datetime(2026, 1, 1, tzinfo=UTC), person_id=ana.id)
    nb.reminders.update(r.id, title="Call back", notes="about the contract")
    assert nb.reminders.get(r.id).title == "Call back"
    nb.reminders.delete(r.id)
    with pytest.raises(NotFound):
        nb.reminders.get(r.id)


def test_introductions_ledger(nb, ana):
    ben = nb.people.create(PersonDraft(given_name="Ben"))
    intro = nb.introductions.record(ana.id, ben.id, notes="Ben runs procurement at Globex")
    assert intro.status == IntroductionStatus.TO_ASK and intro.asked_on is None
    asked = nb.introductions.set_status(intro.id, IntroductionStatus.ASKED, dt.date(2026, 11, 1))
    assert asked.asked_on == dt.date(2026, 11, 1)
    nb.introductions.set_status(intro.id, IntroductionStatus.INTRODUCED, dt.date(2026, 11, 9))
    done = nb.introductions.mark_thanked(intro.id, dt.date(2026, 11, 10))
    assert (done.connector.name, done.target.name, done.status, done.thanked_on) == (
        "Ana", "Ben", IntroductionStatus.INTRODUCED, dt.date(2026, 11, 10))
    assert nb.introductions.for_person(ben.id) == [done]
    assert nb.people.get(ana.id).introductions == (done,)
    with pytest.raises(InvalidInput):
        nb.introductions.record(ana.id, ana.id)


def test_tags(nb, ana):
    nb.tags.tag(ana.id, "#Conference 2026")
    nb.tags.tag(ana.id, "conference 2026")
    nb.tags.set_cadence("Conference 2026", 90)
    assert [(t.name, t.cadence_days, t.people_count) for t in nb.tags.list()] == [
        ("Conference 2026", 90, 1)]
    nb.tags.rename("conference 2026", "SaaStr")
    assert nb.people.get(ana.id).tags == ("SaaStr",)
    assert nb.search.search("saastr")[0].person.id == ana.id
    nb.tags.untag(ana.id, "saastr")
    assert nb.people.get(ana.id).tags == ()
    nb.tags.delete("saastr")
    assert nb.tags.list() == []


def test_facts_quick_add_and_categories(nb, ana):
    fact = nb.facts.quick_add(ana.id, "Likes: single malt")
    assert (fact.category, fact.text, fact.noted_on) == ("like", "single malt", dt.date.today())
    peeve = nb.facts.quick_add(ana.id, "pet peeve: late meetings")
    nb.facts.quick_add(ana.id, "sailing")  # no category
    nb.facts.add(ana.id, "Wine region", "Douro", noted_on=dt.date(2025, 1, 1))
    assert [(f.category, f.text) for f in nb.facts.list(ana.id)] == [
        ("like", "single malt"), ("other", "sailing"), ("pet peeve", "late meetings"),
        ("wine region", "Douro")]
    assert nb.facts.categories()[-1] == "wine region"
    nb.facts.update(peeve.id, text="meetings that start late")
    nb.facts.remove(fact.id)
    assert [f.text for f in nb.facts.list(ana.id, "pet peeve")] == ["meetings that start late"]
    with pytest.raises(InvalidInput):
        nb.facts.quick_add(ana.id, "likes:   ")
