"""Find duplicates, merge with side-by-side choices, and undo from the Edit menu."""

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox

from app.domain import PersonDraft
from app.errors import NotFound
from app.services.merge import Choice
from app.services.people import NewContact
from ui.merge_dialog import MergeDialog


def two_anas(nb):
    keep = nb.people.create(PersonDraft(given_name="Ana", hometown="Porto", notes="Sails."),
                            contacts=[NewContact("email", "ana@example.com")])
    other = nb.people.create(PersonDraft(given_name="Ana", hometown="Lisbon", notes="Two kids."),
                             contacts=[NewContact("email", "ANA@example.com")])
    nb.interactions.log("meeting", [other.id], when=dt.datetime(2026, 11, 1, tzinfo=dt.UTC),
                        subject="Lunch")
    return keep, other


def test_the_dialog_shows_conflicts_side_by_side_and_merges_as_chosen(qtbot, nb):
    keep, other = two_anas(nb)
    dialog = MergeDialog(nb, keep.id, other.id)
    qtbot.addWidget(dialog)
    assert set(dialog.groups) == {"hometown", "notes"}
    assert dialog.choices() == {"hometown": Choice.KEEP, "notes": Choice.BOTH}
    dialog.swap()  # keep the other card instead
    assert (dialog.keep_id, dialog.other_id) == (other.id, keep.id)
    dialog.choose("hometown", Choice.OTHER)  # which is Porto now
    dialog.buttons.button(QDialogButtonBox.StandardButton.Save).click()
    assert dialog.merged is not None and dialog.merged.id == other.id
    assert (dialog.merged.hometown, dialog.merged.notes) == ("Porto", "Two kids.\n\nSails.")
    assert [i.subject for i in dialog.merged.interactions] == ["Lunch"]
    try:
        nb.people.get(keep.id)
        raise AssertionError("the other card should be gone")
    except NotFound:
        pass


def test_two_different_current_jobs_are_asked_about_and_the_chosen_one_stays_current(
        qtbot, nb):
    keep = nb.people.create(PersonDraft(given_name="Maria", family_name="Okafor"),
                            company="Initech", title="CTO")
    other = nb.people.create(PersonDraft(given_name="Maria", family_name="Okafor"),
                             company="Globex")
    dialog = MergeDialog(nb, keep.id, other.id)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.conflicts_box.isVisible() and not dialog.no_conflicts.isVisible()
    assert [b.text() for b in dialog.groups["current_job"].buttons()] == [
        "CTO at Initech", "Globex", "Keep both"]
    assert dialog.choices() == {"current_job": Choice.KEEP}
    dialog.grab().save("/tmp/fixmerge-dialog-current-job.png")
    dialog.choose("current_job", Choice.OTHER)
    dialog.buttons.button(QDialogButtonBox.StandardButton.Save).click()
    assert [(e.organization.name, e.end) for e in dialog.merged.employments] == [
        ("Globex", None), ("Initech", dt.date.today())]


def test_no_empty_box_when_the_cards_differ_nowhere(qtbot, nb):
    keep = nb.people.create(PersonDraft(given_name="Ana"))
    other = nb.people.create(PersonDraft(given_name="Ana"), company="Globex")
    dialog = MergeDialog(nb, keep.id, other.id)
    qtbot.addWidget(dialog)
    dialog.show()
    assert not dialog.conflicts_box.isVisible() and dialog.groups == {}
    assert dialog.no_conflicts.isVisible()
    assert dialog.no_conflicts.text().startswith("They differ nowhere")
    dialog.grab().save("/tmp/fixmerge-dialog-no-conflicts.png")


def test_find_duplicates_merge_and_undo_in_the_app(unlocked, qtbot):
    nb = unlocked.notebook
    keep, other = two_anas(nb)
    unlocked.window.actions["duplicates"].trigger()
    window = unlocked.network.windows["duplicates"]
    qtbot.waitUntil(lambda: window.table.rowCount() == 1, timeout=5000)
    assert window.table.item(0, 2).text() == "same email ana@example.com"
    # Two cards of one name: the id and email tell them apart.
    assert (window.table.item(0, 0).text(), window.table.item(0, 1).text()) == (
        f"Ana  (#{keep.id}, ana@example.com)", f"Ana  (#{other.id}, ANA@example.com)")
    assert window.open_button.isEnabled() and window.merge_button.isEnabled()
    dialog = window.merge_selected()
    assert dialog.isVisible() and set(dialog.groups) == {"hometown", "notes"}
    dialog.buttons.button(QDialogButtonBox.StandardButton.Save).click()
    qtbot.waitUntil(lambda: nb.merge.last is not None, timeout=5000)
    qtbot.waitUntil(lambda: window.table.rowCount() == 0, timeout=5000)
    assert window.status.text() == "No likely duplicates."
    assert not any(b.isEnabled() for b in (window.open_button, window.merge_button,
                                           window.dismiss_button))
    undo = unlocked.window.actions["undo_merge"]
    assert undo.isEnabled()
    assert undo.text() == f"&Undo merge of the two cards of Ana (#{other.id} into #{keep.id})"
    assert unlocked.current_person_id == keep.id
    assert unlocked.window.statusBar().currentMessage() == (
        f"Merged the two cards of Ana (#{other.id} into #{keep.id}). Undo: Ctrl+Z")

    unlocked.window.activateWindow()
    qtbot.waitUntil(unlocked.window.isActiveWindow)
    unlocked.window.workspace.table.setFocus()  # (in a text box Ctrl+Z undoes typing)
    qtbot.keyClick(unlocked.window.workspace.table, Qt.Key.Key_Z,
                   Qt.KeyboardModifier.ControlModifier)  # the status bar's Undo (animated)
    qtbot.waitUntil(lambda: nb.merge.last is None, timeout=3000)
    assert nb.people.get(other.id).hometown == "Lisbon"
    assert [i.subject for i in nb.people.get(other.id).interactions] == ["Lunch"]
    assert not undo.isEnabled()
    assert unlocked.window.statusBar().currentMessage() == (
        f"Merge undone: Ana (#{keep.id}) and Ana (#{other.id}) are two people again.")
    qtbot.waitUntil(lambda: window.table.rowCount() == 1, timeout=5000)  # the pair is back
    assert window.open_button.isEnabled() and window.merge_button.isEnabled()


def test_a_pair_marked_not_the_same_person_leaves_the_list(qtbot, nb):
    two_anas(nb)
    from ui.duplicates_view import DuplicatesWindow

    window = DuplicatesWindow(nb)
    qtbot.addWidget(window)
    assert window.table.rowCount() == 1
    window.dismiss_button.click()
    assert window.table.rowCount() == 0 and window.status.text() == "No likely duplicates."
    assert not window.open_button.isEnabled() and not window.dismiss_button.isEnabled()
    assert nb.duplicates.find() == []


def test_the_pair_buttons_work_only_with_a_selected_pair(qtbot, nb):
    two_anas(nb)
    from ui.duplicates_view import DuplicatesWindow

    window = DuplicatesWindow(nb)
    qtbot.addWidget(window)
    window.show()
    window.grab().save("/tmp/fixmerge-duplicates.png")
    assert window.open_button.isEnabled()
    window.table.clearSelection()
    assert not any(b.isEnabled() for b in (window.open_button, window.merge_button,
                                           window.dismiss_button))
    window.table.selectRow(0)
    assert window.merge_button.isEnabled()


def test_edit_undo_merge_keeps_ctrl_z_after_the_status_bar_offer_is_gone(unlocked, qtbot):
    nb = unlocked.notebook
    keep, other = two_anas(nb)
    unlocked.network.merged(nb.merge.merge(keep.id, other.id))
    unlocked._drop_undo()  # ten seconds later: the status bar's Undo is gone
    undo = unlocked.window.actions["undo_merge"]
    qtbot.waitUntil(lambda: undo.shortcut().toString() == "Ctrl+Z", timeout=3000)
    unlocked.window.activateWindow()
    qtbot.waitUntil(unlocked.window.isActiveWindow)
    unlocked.window.workspace.table.setFocus()
    qtbot.keyClick(unlocked.window.workspace.table, Qt.Key.Key_Z,
                   Qt.KeyboardModifier.ControlModifier)
    assert nb.merge.last is None and nb.people.get(other.id).hometown == "Lisbon"
