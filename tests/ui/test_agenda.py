"""The agenda page: sections, Done / Snooze / Dismiss with Undo, losing touch, adding a
reminder from a person's page."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt

from app.domain import PartialDate, PersonDraft, ReminderKind
from ui.main_window import MainWindow
from ui.reminder_dialog import ReminderDialog


def now():
    return dt.datetime.now().astimezone()


def refreshed(rapport, qtbot):
    """Recompute the agenda (on the worker, as the app does) and wait for it on the page."""
    rapport.reminders.refresh()
    qtbot.waitUntil(lambda: not rapport.ops.busy, timeout=5000)  # this and earlier refreshes
    return rapport.window.agenda


def person(nb, given, family="", **fields):
    return nb.people.create(PersonDraft(given_name=given, family_name=family, **fields))



def current_title(view) -> str:
    """What the current row says (column 2)."""
    return view.table.currentIndex().siblingAtColumn(2).data()


def shown_rows(view) -> list[str]:
    """Each row of the table as the user reads it: a section title spans the row."""
    model, table = view.model, view.table
    return [model.index(r, 0).data() if table.columnSpan(r, 0) == model.columnCount()
            else " | ".join(model.index(r, c).data() for c in range(model.columnCount()))
            for r in range(model.rowCount())]


def test_items_appear_in_their_sections(unlocked, qtbot):
    nb = unlocked.notebook
    ana = person(nb, "Ana", "Lima")
    bo = person(nb, "Bo", "Berg")
    nb.reminders.add("Send the proposal", now() - dt.timedelta(days=2),
                     kind=ReminderKind.PROMISE, person_id=ana.id)
    nb.reminders.add("Call about the renewal", now() + dt.timedelta(days=3), person_id=bo.id)
    nb.reminders.add("Quarterly review", now() + dt.timedelta(days=20))
    soon = (now() + dt.timedelta(days=1)).date()
    person(nb, "Cy", birthday=PartialDate(soon.month, soon.day))
    view = refreshed(unlocked, qtbot)
    assert view.section_texts("overdue") == ["Send the proposal"]
    assert view.section_texts("overdue", 1) == ["Ana Lima"]
    assert "Call about the renewal" in view.section_texts("next_7_days")
    assert any("Cy" in text for text in view.section_texts("next_7_days", 1))
    assert view.section_texts("next_30_days") == ["Quarterly review"]
    rows = shown_rows(view)
    assert rows[:2] == ["Overdue (1)", "2 days late | Ana Lima | Send the proposal"], rows
    assert rows[-2:] == ["Next 30 days (1)", f"{view.section_texts('next_30_days', 0)[0]} |  | "
                                             "Quarterly review"]
    assert "1 overdue" in view.summary.text()
    unlocked.window.actions["show_agenda"].trigger()
    assert unlocked.window.stack.currentIndex() == MainWindow.PAGE_AGENDA


def test_empty_agenda_says_what_will_show_there(unlocked, qtbot):
    view = refreshed(unlocked, qtbot)
    unlocked.window.show_page(MainWindow.PAGE_AGENDA)
    assert not view.table.isVisibleTo(view)
    assert "Nothing is due" in view.empty.text() and "Ctrl+Shift+R" in view.empty.text()


def test_done_persists_and_undo_brings_it_back(unlocked, qtbot):
    nb = unlocked.notebook
    ana = person(nb, "Ana")
    nb.reminders.add("Send the proposal", now() - dt.timedelta(hours=3), person_id=ana.id)
    view = refreshed(unlocked, qtbot)
    [row] = view.row_ids("today") + view.row_ids("overdue")
    assert view.select(row)
    view.done_button.click()
    qtbot.waitUntil(lambda: not view.section_texts("today") and not view.section_texts("overdue"),
                    timeout=5000)
    assert nb.agenda.agenda().items == ()  # stored, not only hidden
    assert unlocked.window.statusBar().currentMessage() == "Marked done."
    unlocked._undo_button.click()
    qtbot.waitUntil(lambda: "Send the proposal" in view.section_texts("today")
                    + view.section_texts("overdue"), timeout=5000)


def test_undoing_a_dismiss_of_a_snoozed_item_snoozes_it_again(unlocked, qtbot):
    nb = unlocked.notebook
    ana = person(nb, "Ana")
    nb.reminders.add("Send the proposal", now() - dt.timedelta(days=1), person_id=ana.id)
    view = refreshed(unlocked, qtbot)
    [row] = view.row_ids("overdue")
    later = now().replace(microsecond=0) + dt.timedelta(days=2)
    view.select(row)
    view.snooze(later)
    qtbot.waitUntil(lambda: "Send the proposal" in view.section_texts("next_7_days"),
                    timeout=5000)
    assert view.select(row)
    view.dismiss_button.click()
    qtbot.waitUntil(lambda: not view.row_ids("next_7_days"), timeout=5000)
    unlocked._undo_button.click()  # back as it was: snoozed, not due again now
    qtbot.waitUntil(lambda: "Send the proposal" in view.section_texts("next_7_days"),
                    timeout=5000)
    [item] = nb.agenda.agenda().items
    assert item.due_at == later and view.row_ids("overdue") == []


def test_snooze_and_dismiss(unlocked, qtbot):
    nb = unlocked.notebook
    ana = person(nb, "Ana")
    nb.reminders.add("Send the proposal", now() - dt.timedelta(days=1), person_id=ana.id)
    nb.reminders.add("Thank-you note", now() - dt.timedelta(days=1), person_id=ana.id)
    view = refreshed(unlocked, qtbot)
    assert sorted(view.section_texts("overdue")) == ["Send the proposal", "Thank-you note"]
    proposal = next(i for i in nb.agenda.agenda().items if i.title == "Send the proposal")
    assert view.select(proposal.item_id)
    view.snooze(now() + dt.timedelta(days=2))  # what each snooze menu entry calls
    qtbot.waitUntil(lambda: view.section_texts("overdue") == ["Thank-you note"], timeout=5000)
    assert "Send the proposal" in view.section_texts("next_7_days")
    assert "Snoozed until" in unlocked.window.statusBar().currentMessage()
    view.select(next(i.item_id for i in nb.agenda.agenda().items if i.title == "Thank-you note"))
    view.dismiss_button.click()
    qtbot.waitUntil(lambda: not view.section_texts("overdue"), timeout=5000)
    assert [i.title for i in nb.agenda.agenda().items] == ["Send the proposal"]


def test_snooze_menu_offers_the_usual_moments(unlocked, qtbot):
    view = unlocked.window.agenda
    view.snooze_menu.aboutToShow.emit()
    labels = [a.text() for a in view.snooze_menu.actions() if a.text()]
    assert labels[0] == "For 1 hour" and labels[1] == "Until tomorrow, 9:00"
    assert labels[2].startswith("Until next week") and labels[-1] == "Pick a date…"


def test_logging_a_call_removes_someone_from_losing_touch(unlocked, qtbot):
    nb = unlocked.notebook
    ana = person(nb, "Ana", "Lima", cadence_days=30)
    nb.interactions.log("call", [ana.id], when=now() - dt.timedelta(days=45))
    view = refreshed(unlocked, qtbot)
    assert view.section_texts("losing_touch", 1) == ["Ana Lima"]
    assert view.section_texts("losing_touch", 0) == ["15 days overdue"]
    assert "last spoke 45 days ago (every 30 days)" in view.section_texts("losing_touch")[0]
    assert view.row_ids("overdue") == []  # listed once, under Losing touch
    view.select(view.row_ids("losing_touch")[0])
    assert view.log_button.isEnabled()
    nb.interactions.log("call", [ana.id], when=now())
    unlocked._changed()  # what the Log interaction dialog's success does
    qtbot.waitUntil(lambda: not view.row_ids("losing_touch"), timeout=5000)


def test_enter_on_an_item_opens_the_person(unlocked, qtbot):
    nb = unlocked.notebook
    ana = person(nb, "Ana", "Lima")
    nb.reminders.add("Send the proposal", now() - dt.timedelta(days=1), person_id=ana.id)
    view = refreshed(unlocked, qtbot)
    unlocked.window.show_page(MainWindow.PAGE_AGENDA)
    view.select(None)
    qtbot.keyClick(view.table, Qt.Key.Key_Return)
    assert unlocked.window.stack.currentIndex() == MainWindow.PAGE_WORKSPACE
    qtbot.waitUntil(lambda: unlocked.current_person_id == ana.id, timeout=3000)


def test_add_a_promise_from_the_person_page(unlocked, qtbot):
    nb = unlocked.notebook
    ana = person(nb, "Ana", "Lima")
    dialog = ReminderDialog(nb, nb.people.get(ana.id), parent=unlocked.window)
    dialog.buttons.accepted.emit()  # Add with no text: the reason, inline
    assert dialog.error.isVisibleTo(dialog) and "Say what" in dialog.error.text()
    dialog.kind.setCurrentIndex(dialog.kind.findData(ReminderKind.PROMISE))
    dialog.text.setText("Send the case study")
    dialog.repeat.setCurrentIndex(dialog.repeat.findText("Every month"))
    dialog.buttons.accepted.emit()
    reminder = dialog.added
    assert reminder.kind == ReminderKind.PROMISE and reminder.rrule == "FREQ=MONTHLY"
    assert reminder.person.id == ana.id
    assert reminder.due_at.astimezone().time() == dt.time(9, 0)
    view = refreshed(unlocked, qtbot)
    assert "Send the case study" in view.section_texts("next_7_days")


def test_a_person_moved_to_the_trash_leaves_the_agenda(unlocked, qtbot):
    nb = unlocked.notebook
    ana = person(nb, "Ana", "Lima")
    nb.reminders.add("Send the proposal", now() - dt.timedelta(days=1), person_id=ana.id)
    view = refreshed(unlocked, qtbot)
    assert view.section_texts("overdue") == ["Send the proposal"]
    unlocked.window.workspace.select_person(ana.id)
    unlocked.trash_person()
    qtbot.waitUntil(lambda: not view.row_ids("overdue"), timeout=5000)


def test_snooze_is_only_for_items_already_due_and_never_brings_one_forward(unlocked, qtbot):
    from ui.agenda_view import snooze_choices

    nb = unlocked.notebook
    ana = person(nb, "Ana")
    nb.reminders.add("Send the proposal", now() - dt.timedelta(hours=2), person_id=ana.id)
    nb.reminders.add("Follow up: Renewal kickoff", now() + dt.timedelta(days=5),
                     kind=ReminderKind.FOLLOW_UP, person_id=ana.id)
    view = refreshed(unlocked, qtbot)
    unlocked.window.show_page(MainWindow.PAGE_AGENDA)
    [later] = view.row_ids("next_7_days")
    view.select(later)
    assert not view.snooze_button.isEnabled()
    assert "Not due yet" in view.snooze_button.toolTip()
    asked = []
    view.snooze_requested.connect(lambda *args: asked.append(args))
    view.table.setFocus()
    qtbot.keyClick(view.table, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier
                   | Qt.KeyboardModifier.ShiftModifier)
    assert not view.snooze_menu.isVisible()
    assert "Not due yet" in unlocked.window.statusBar().currentMessage()
    view.snooze(now() + dt.timedelta(hours=1))  # what "For 1 hour" would do: refused
    assert asked == []
    [due] = view.row_ids("today") + view.row_ids("overdue")
    view.select(due)
    assert view.snooze_button.isEnabled()
    # The choices never come before the item's due time.
    due_at = now() + dt.timedelta(hours=3)
    assert [label for label, _ in snooze_choices(now(), due_at)][0] == "Until tomorrow, 9:00"
    assert all(until > due_at for _, until in snooze_choices(now(), due_at))


def test_after_done_the_next_item_is_chosen_and_undo_says_so(unlocked, qtbot):
    nb = unlocked.notebook
    ana = person(nb, "Ana")
    for hours, title in ((5, "First"), (4, "Second"), (3, "Third")):
        nb.reminders.add(title, now() - dt.timedelta(days=2, hours=hours), person_id=ana.id)
    view = refreshed(unlocked, qtbot)
    assert view.section_texts("overdue") == ["First", "Second", "Third"]
    view.select(view.row_ids("overdue")[1])
    view.done_button.click()
    qtbot.waitUntil(lambda: view.section_texts("overdue") == ["First", "Third"], timeout=5000)
    assert current_title(view) == "Third"  # the keyboard carries on from here
    assert view.done_button.isEnabled()
    unlocked._undo_button.click()
    qtbot.waitUntil(lambda: len(view.row_ids("overdue")) == 3, timeout=5000)
    assert unlocked.window.statusBar().currentMessage() == "Undone: it is back on the agenda."


def test_a_new_agenda_starts_at_its_first_row_until_the_user_chooses(unlocked, qtbot):
    nb = unlocked.notebook
    ana = person(nb, "Ana")
    nb.reminders.add("Follow up", now() + dt.timedelta(days=5), person_id=ana.id)
    view = refreshed(unlocked, qtbot)
    assert current_title(view) == "Follow up"
    nb.reminders.add("Call about pricing", now() - dt.timedelta(days=1), person_id=ana.id)
    view = refreshed(unlocked, qtbot)
    assert current_title(view) == "Call about pricing"  # the first row
    picked = view.model.index_of(view.row_ids("next_7_days")[0])
    view.table.setCurrentIndex(picked)  # the user picks one: it stays
    nb.reminders.add("Thank-you note", now() - dt.timedelta(days=2), person_id=ana.id)
    view = refreshed(unlocked, qtbot)
    assert current_title(view) == "Follow up"


def test_reminder_dialog_quick_choices_set_the_moment_and_tab_leaves_the_field(unlocked,
                                                                               qtbot):
    nb = unlocked.notebook
    ana = person(nb, "Ana", "Lima")
    dialog = ReminderDialog(nb, nb.people.get(ana.id), parent=unlocked.window)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    labels = [b.text() for b in dialog.quick]
    assert labels == ["In 1 hour", "This evening, 18:00", "Tomorrow, 9:00", "Next Monday, 9:00"]
    assert dialog.when.calendarPopup()
    dialog.text.setFocus()
    qtbot.keyClick(dialog.text, Qt.Key.Key_Tab)
    assert dialog.focusWidget() is dialog.when
    qtbot.keyClick(dialog.focusWidget(), Qt.Key.Key_Tab)  # leaves, not the next part
    assert dialog.focusWidget() is dialog.quick[0]
    dialog.text.setText("Call back about the contract")
    dialog.quick[0].click()
    assert dialog.from_now.text().split(", ")[1] in ("in 1 hour", "in 59 min")
    assert dialog.from_now.text().split(", ")[0] == \
        f"{dt.datetime.now() + dt.timedelta(hours=1):%A}"  # the weekday, beside the field

    dialog.buttons.accepted.emit()
    qtbot.waitUntil(lambda: dialog.added is not None, timeout=5000)
    wait = dialog.added.due_at - dt.datetime.now(dt.UTC)
    assert dt.timedelta(minutes=58) < wait <= dt.timedelta(hours=1)


def test_quick_moments_are_always_ahead():
    from ui.reminder_dialog import from_now, quick_moments

    monday_night = dt.datetime(2026, 11, 23, 19, 30)  # a Monday, past 18:00
    moments = dict(quick_moments(monday_night))
    assert moments["In 1 hour"] == dt.datetime(2026, 11, 23, 20, 30)
    assert moments["This evening, 18:00"] is None  # offered disabled, with the reason
    assert moments["Tomorrow, 9:00"] == dt.datetime(2026, 11, 24, 9, 0)
    assert moments["Next Monday, 9:00"] == dt.datetime(2026, 11, 30, 9, 0)
    assert dict(quick_moments(dt.datetime(2026, 11, 24, 8, 0)))["This evening, 18:00"] == \
        dt.datetime(2026, 11, 24, 18, 0)
    assert from_now(monday_night + dt.timedelta(minutes=75), monday_night) == "in 1 hour 15 min"
    assert from_now(monday_night + dt.timedelta(days=3), monday_night) == "in 3 days"


def test_the_arrow_keys_walk_the_items_and_pass_over_section_titles(unlocked, qtbot):
    nb = unlocked.notebook
    ana = person(nb, "Ana", "Lima")
    nb.reminders.add("Send the proposal", now() - dt.timedelta(days=2), person_id=ana.id)
    nb.reminders.add("Call about the renewal", now() + dt.timedelta(days=3), person_id=ana.id)
    nb.reminders.add("Quarterly review", now() + dt.timedelta(days=20))
    view = refreshed(unlocked, qtbot)
    view.select(None)
    view.table.setFocus()
    walked = [current_title(view)]
    for key in (Qt.Key.Key_Down, Qt.Key.Key_Down, Qt.Key.Key_Down, Qt.Key.Key_Up,
                Qt.Key.Key_Home, Qt.Key.Key_Up):
        qtbot.keyClick(view.table, key)
        walked.append(current_title(view))
        assert view.done_button.isEnabled()  # always on an item, never on a title
    assert walked == ["Send the proposal", "Call about the renewal", "Quarterly review",
                      "Quarterly review", "Call about the renewal", "Send the proposal",
                      "Send the proposal"]
