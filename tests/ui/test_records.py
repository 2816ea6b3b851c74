"""A reminder's or an interaction's "change" and "delete" on the person page: a wrong entry
is not there for good."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QUrl

from app.domain import PersonDraft, ReminderKind
from ui.dialogs import LogInteractionDialog
from ui.reminder_dialog import ReminderDialog


def person_page(unlocked) -> str:
    return unlocked.window.workspace.view.toPlainText()


def click(unlocked, link: str) -> None:
    unlocked.window.workspace.view.anchorClicked.emit(QUrl(link))


def setup(unlocked):
    nb = unlocked.notebook
    ana = nb.people.create(PersonDraft(given_name="Ana", family_name="Lima"))
    ben = nb.people.create(PersonDraft(given_name="Ben", family_name="Okafor"))
    due = dt.datetime.now().astimezone().replace(microsecond=0) + dt.timedelta(days=2)
    reminder = nb.reminders.add("Send the deck", due, kind=ReminderKind.PROMISE,
                                person_id=ana.id)
    meeting = nb.interactions.log("meeting", [ana.id], subject="Kick-off",
                                  when=dt.datetime.now().astimezone() - dt.timedelta(days=1))
    unlocked._changed(ana.id)
    return nb, ana, ben, reminder, meeting


def test_each_reminder_and_interaction_offers_change_and_delete(unlocked):
    setup(unlocked)
    page = person_page(unlocked)
    assert "Send the deck (promise) done · change · delete" in page
    assert "Meeting Kick-off · change · delete" in page


def test_changing_a_reminder_keeps_it_and_saves_what_was_typed(unlocked, monkeypatch):
    nb, ana, _ben, reminder, _meeting = setup(unlocked)
    dialog = ReminderDialog(nb, nb.people.get(ana.id), parent=unlocked.window,
                            reminder=nb.reminders.get(reminder.id))
    assert (dialog.text.text(), dialog.kind.currentData()) == ("Send the deck",
                                                               ReminderKind.PROMISE)
    assert dialog.when.dateTime().toPython() == reminder.due_at.astimezone().replace(
        tzinfo=None, second=0)  # the field shows minutes
    dialog.text.setText("Send the revised deck")
    dialog.repeat.setCurrentIndex(dialog.repeat.findData("FREQ=WEEKLY"))
    dialog._save()
    changed = nb.reminders.get(reminder.id)
    assert (changed.title, changed.rrule, changed.due_at) == (
        "Send the revised deck", "FREQ=WEEKLY", reminder.due_at)  # to the microsecond
    assert len([r for r in nb.people.get(ana.id).reminders]) == 1  # changed, not added


def test_deleting_asks_first_and_cancel_keeps_it(unlocked, monkeypatch):
    nb, ana, _ben, reminder, meeting = setup(unlocked)
    asked = []
    monkeypatch.setattr(unlocked, "_confirmed", lambda *args: asked.append(args[1]) or False)
    click(unlocked, f"delete-reminder:{reminder.id}")
    click(unlocked, f"delete-interaction:{meeting.id}")
    assert "Delete “Send the deck”?" in asked[0] and "Kick-off" in asked[1]
    assert nb.people.get(ana.id).reminders and nb.people.get(ana.id).interactions
    monkeypatch.setattr(unlocked, "_confirmed", lambda *args: True)
    click(unlocked, f"delete-reminder:{reminder.id}")
    click(unlocked, f"delete-interaction:{meeting.id}")
    after = nb.people.get(ana.id)
    assert (after.reminders, after.interactions) == ((), ())
    assert "Kick-off" not in person_page(unlocked)
    assert unlocked.model.person_at(0).last_contacted is None  # keep-in-touch follows


def test_changing_an_interaction_moves_it_to_other_people(unlocked):
    nb, ana, ben, _reminder, meeting = setup(unlocked)
    dialog = LogInteractionDialog(nb, [], parent=unlocked.window,
                                  interaction=nb.interactions.get(meeting.id))
    assert dialog.subject.text() == "Kick-off" and dialog.participant_ids() == [ana.id]
    assert dialog.windowTitle() == "Change the interaction"
    dialog.people.clear()
    dialog.add_participant(ben.id, "Ben Okafor")
    dialog.subject.setText("Kick-off with procurement")
    dialog._save()
    assert nb.people.get(ana.id).interactions == ()
    [moved] = nb.people.get(ben.id).interactions
    assert (moved.id, moved.subject) == (meeting.id, "Kick-off with procurement")
    assert moved.occurred_at == meeting.occurred_at
