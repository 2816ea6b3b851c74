"""The introductions ledger: statuses with their dates and history, and the reminders that
follow them (ask again after a week without an answer; say thank you once it happened)."""

import datetime as dt

import pytest

from app.domain import IntroductionStatus, PersonDraft, ReminderKind
from app.errors import InvalidInput
from app.services.introductions import IntroductionView

ASKED, INTRODUCED, MET, DECLINED = (IntroductionStatus.ASKED, IntroductionStatus.INTRODUCED,
                                    IntroductionStatus.MET, IntroductionStatus.DECLINED)


@pytest.fixture
def people(nb):
    return {name: nb.people.create(PersonDraft(given_name=name)).id
            for name in ("Ana", "Ben", "Carl")}


def open_reminders(nb, person_id):
    return [(r.kind, r.title, r.due_at.astimezone().date())
            for r in nb.reminders.list(person_id=person_id)]


def test_asking_creates_a_follow_up_a_week_later_closed_by_the_answer(nb, people):
    intro = nb.introductions.record(people["Ana"], people["Ben"])
    assert open_reminders(nb, people["Ana"]) == []  # "to ask" reminds of nothing yet

    nb.introductions.set_status(intro.id, ASKED, dt.date(2026, 11, 2))
    assert open_reminders(nb, people["Ana"]) == [
        (ReminderKind.FOLLOW_UP, "Ask Ana again about meeting Ben", dt.date(2026, 11, 9))]

    nb.introductions.set_status(intro.id, DECLINED, dt.date(2026, 11, 4))
    assert open_reminders(nb, people["Ana"]) == []
    history = nb.introductions.get(intro.id).history
    assert [(e.status, e.on) for e in history][1:] == [
        (ASKED, dt.date(2026, 11, 2)), (DECLINED, dt.date(2026, 11, 4))]


def test_the_follow_up_delay_is_a_setting(nb, people):
    nb.settings.set("introductions.follow_up_days", 3)
    nb.introductions.record(people["Ana"], people["Ben"], status=ASKED,
                            asked_on=dt.date(2026, 11, 2))
    assert [due for *_, due in open_reminders(nb, people["Ana"])] == [dt.date(2026, 11, 5)]


def test_an_introduction_brings_a_thank_you_closed_when_thanked(nb, people):
    # within the last 30 days: older introductions are history and bring no thank-you
    day = dt.date.today() - dt.timedelta(days=20)
    intro = nb.introductions.record(people["Ana"], people["Ben"], status=ASKED, asked_on=day)
    nb.introductions.set_status(intro.id, INTRODUCED, day + dt.timedelta(days=4))
    assert open_reminders(nb, people["Ana"]) == [
        (ReminderKind.PROMISE, "Thank Ana for introducing you to Ben", day + dt.timedelta(days=4))]

    nb.introductions.set_status(intro.id, MET, day + dt.timedelta(days=6))  # still one thank-you
    assert len(open_reminders(nb, people["Ana"])) == 1

    thanked = nb.introductions.mark_thanked(intro.id, day + dt.timedelta(days=7))
    assert thanked.thanked_on == day + dt.timedelta(days=7)
    assert open_reminders(nb, people["Ana"]) == []
    closed = nb.reminders.list(person_id=people["Ana"], include_closed=True)
    assert {r.introduction_id for r in closed} == {intro.id} and len(closed) == 2


def test_introducing_two_other_people_is_made_by_me_and_needs_no_thanks(nb, people):
    me = nb.people.create(PersonDraft(given_name="Me", is_me=True))
    made = nb.introductions.record(me.id, people["Ben"], introduced_id=people["Carl"],
                                   status=INTRODUCED)
    assert made.introduced.name == "Carl"
    assert nb.reminders.list(person_id=me.id) == []
    assert [i.id for i in nb.introductions.for_person(people["Carl"])] == [made.id]
    with pytest.raises(InvalidInput, match="whom you introduced"):
        nb.introductions.record(me.id, people["Ben"])


def test_the_three_views_of_the_ledger(nb, people):
    me = nb.people.create(PersonDraft(given_name="Me", is_me=True))
    asked = nb.introductions.record(people["Ana"], people["Ben"], status=ASKED)
    received = nb.introductions.record(people["Carl"], people["Ben"], status=INTRODUCED)
    made = nb.introductions.record(me.id, people["Ana"], introduced_id=people["Carl"],
                                   status=INTRODUCED)
    ids = {view: [i.id for i in nb.introductions.listed(view)] for view in IntroductionView}
    assert ids == {IntroductionView.ASKED: [asked.id], IntroductionView.RECEIVED: [received.id],
                   IntroductionView.MADE: [made.id]}
    assert [i.id for i in nb.introductions.listed(status=ASKED)] == [asked.id]


def test_a_failing_status_change_leaves_the_ledger_as_it_was(nb, people):
    intro = nb.introductions.record(people["Ana"], people["Ben"])
    with pytest.raises(ValueError):
        nb.introductions.set_status(intro.id, "maybe")
    assert nb.introductions.get(intro.id).status == IntroductionStatus.TO_ASK
    assert len(nb.introductions.get(intro.id).history) == 1


def test_someone_not_in_the_notebook_yet_is_added_with_the_introduction(nb, people):
    intro = nb.introductions.record(people["Ana"], None, new_target_name="  Priya   Shah ",
                                    status=ASKED)
    priya = nb.people.get(intro.target.id)
    assert (priya.given_name, priya.family_name, priya.name) == ("Priya", "Shah", "Priya Shah")
    assert [h.person.name for h in nb.search.search("Priya")] == ["Priya Shah"]
    assert [t for _, t, _ in open_reminders(nb, people["Ana"])] == [
        "Ask Ana again about meeting Priya Shah"]


def test_a_refused_introduction_adds_nobody(nb, people):
    me = nb.people.create(PersonDraft(given_name="Sam", is_me=True)).id
    with pytest.raises(InvalidInput, match="whom you introduced"):
        nb.introductions.record(me, None, new_target_name="Priya Shah")
    with pytest.raises(InvalidInput, match="whom you want to meet"):
        nb.introductions.record(people["Ana"], None, new_target_name="  ")
    assert nb.search.search("Priya") == []


def test_an_introduction_from_long_ago_brings_no_thank_you(nb, people):
    long_ago = dt.date.today() - dt.timedelta(days=400)
    intro = nb.introductions.record(people["Ana"], people["Ben"], status=ASKED, asked_on=long_ago)
    nb.introductions.set_status(intro.id, INTRODUCED, long_ago + dt.timedelta(days=3))
    assert open_reminders(nb, people["Ana"]) == []
    recent = dt.date.today() - dt.timedelta(days=2)
    again = nb.introductions.record(people["Ana"], people["Ben"], status=ASKED, asked_on=recent)
    nb.introductions.set_status(again.id, INTRODUCED, recent)
    assert [title for _, title, _ in open_reminders(nb, people["Ana"])] == [
        "Thank Ana for introducing you to Ben"]
