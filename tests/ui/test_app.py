"""The desktop flows a new user walks through."""

import datetime as dt
import os
import stat

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QGuiApplication

from app.domain import PeopleFilter, PersonDraft
from app.services.people import NewContact
from tests.conftest import PASSPHRASE
from ui.dialogs import LogInteractionDialog, PersonDialog
from ui.main_window import MainWindow


def names(rapport):
    model = rapport.model
    return [model.person_at(row).name for row in range(model.rowCount())]


def test_first_run_creates_a_notebook(make_app, qtbot, tmp_path):
    path = tmp_path / "data" / "first.rapport"
    rapport = make_app(path)
    welcome = rapport.window.welcome
    assert rapport.window.stack.currentIndex() == MainWindow.PAGE_WELCOME
    welcome.location.setText(str(path))
    qtbot.keyClicks(welcome.passphrase, "short")
    assert not welcome.create_button.isEnabled() and "Too short" in welcome.hint.text()
    welcome.passphrase.setText("a good long passphrase")
    welcome.repeat.setText("a good long passphrase typo")
    assert "differ" in welcome.hint.text() and not welcome.create_button.isEnabled()
    welcome.repeat.setText("a good long passphrase")
    assert welcome.create_button.isEnabled()
    welcome.create_button.click()
    qtbot.waitUntil(lambda: rapport.notebook is not None, timeout=10000)
    assert rapport.window.stack.currentIndex() == MainWindow.PAGE_WORKSPACE
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert rapport.window.workspace.count.text() == "No one here yet."


def test_wrong_then_right_passphrase(make_app, qtbot, notebook_path):
    rapport = make_app(notebook_path)
    unlock = rapport.window.unlock
    qtbot.waitUntil(lambda: unlock.unlock_button.isEnabled(), timeout=5000)
    assert rapport.window.stack.currentIndex() == MainWindow.PAGE_UNLOCK
    qtbot.keyClicks(unlock.passphrase, "not the passphrase")
    qtbot.keyClick(unlock.passphrase, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: unlock.error.isVisible(), timeout=10000)
    assert "does not open" in unlock.error.text()
    assert unlock.passphrase.selectedText() == "not the passphrase"  # ready to retype
    unlock.passphrase.setText(PASSPHRASE)
    unlock.unlock_button.click()
    qtbot.waitUntil(lambda: rapport.notebook is not None, timeout=10000)
    assert rapport.window.stack.currentIndex() == MainWindow.PAGE_WORKSPACE


def test_caps_lock_hint(make_app, qtbot, notebook_path):
    rapport = make_app(notebook_path)
    unlock = rapport.window.unlock
    qtbot.waitUntil(lambda: unlock.passphrase.isEnabled(), timeout=5000)
    unlock.show()
    qtbot.keyClick(unlock.passphrase, "A")  # upper case without Shift: Caps Lock
    assert unlock.caps.isVisibleTo(unlock)
    qtbot.keyClick(unlock.passphrase, "a")
    assert not unlock.caps.isVisibleTo(unlock)


def test_remembered_key_opens_without_asking(make_app, qtbot, notebook_path, template_key):
    from app.notebook import Notebook

    with Notebook.open_with_key(notebook_path, template_key) as nb:
        nb.remember_key()
    rapport = make_app(notebook_path)
    qtbot.waitUntil(lambda: rapport.notebook is not None, timeout=5000)
    assert rapport.window.stack.currentIndex() == MainWindow.PAGE_WORKSPACE


def test_the_lock_screen_shows_a_remembered_key_and_unticking_it_forgets_the_key(
        make_app, qtbot, notebook_path, template_key):
    from app import vault
    from app.notebook import Notebook
    from tests.conftest import PASSPHRASE

    with Notebook.open_with_key(notebook_path, template_key) as nb:
        nb.remember_key()
    rapport = make_app(notebook_path)
    qtbot.waitUntil(lambda: rapport.notebook is not None, timeout=5000)
    rapport.lock()
    unlock = rapport.window.unlock
    assert unlock.remember.isChecked()  # it is remembered: the box says so
    unlock.remember.setChecked(False)
    unlock.passphrase.setText(PASSPHRASE)
    unlock._unlock()
    qtbot.waitUntil(lambda: rapport.notebook is not None, timeout=10000)
    assert vault.remembered_key(notebook_path) is None
    rapport.lock()
    assert not unlock.remember.isChecked()


def test_add_a_person_and_a_quick_fact(unlocked, qtbot):
    dialog = PersonDialog(unlocked.notebook, parent=unlocked.window)
    dialog.given.setText("Ana")
    dialog.family.setText("Lima")
    dialog.birthday.setText("02-30")
    dialog._save()
    assert "not a date" in dialog.error.text() and dialog.saved_id is None
    dialog.birthday.setText("03-14")
    dialog.phones.setPlainText("+44 20 7946 0123")
    dialog.company.setText("Globex")
    dialog.title.setText("CTO")
    dialog.tags.setText("vip, eu")
    dialog._save()
    assert dialog.result() == dialog.DialogCode.Accepted
    unlocked._changed(dialog.saved_id)
    assert names(unlocked) == ["Ana Lima"]
    row = unlocked.model.person_at(0)
    assert (row.company, row.title) == ("Globex", "CTO")
    view = unlocked.window.workspace.view
    assert "Ana Lima" in view.toPlainText() and "14 March" in view.toPlainText()

    entry = unlocked.window.workspace.fact_entry
    qtbot.keyClicks(entry, "likes: single malt")
    qtbot.keyClick(entry, Qt.Key.Key_Return)
    assert "single malt" in view.toPlainText() and entry.text() == ""


def test_edit_keeps_what_was_not_touched(unlocked):
    nb = unlocked.notebook
    ana = nb.people.create(PersonDraft(given_name="Ana", hometown="Porto"), tags=["vip"])
    dialog = PersonDialog(nb, nb.people.get(ana.id), parent=unlocked.window)
    dialog.nickname.setText("Aninha")
    dialog.tags.setText("friends")
    dialog._save()
    edited = nb.people.get(ana.id)
    assert (edited.nickname, edited.hometown, edited.tags) == ("Aninha", "Porto", ("friends",))


def test_search_box_filters_as_you_type(unlocked, qtbot):
    nb = unlocked.notebook
    nb.people.create(PersonDraft(given_name="Ana", hometown="Porto"))
    ben = nb.people.create(PersonDraft(given_name="Ben"))
    nb.facts.quick_add(ben.id, "likes: jazz")
    unlocked._changed()
    assert names(unlocked) == ["Ana", "Ben"]
    qtbot.keyClicks(unlocked.window.workspace.search, "jaz")
    qtbot.waitUntil(lambda: names(unlocked) == ["Ben"], timeout=3000)
    assert unlocked.window.workspace.count.text() == "1 match"
    unlocked.window.workspace.search.clear()
    qtbot.waitUntil(lambda: names(unlocked) == ["Ana", "Ben"], timeout=3000)


def test_filters(unlocked, qtbot):
    nb = unlocked.notebook
    nb.people.create(PersonDraft(given_name="Ana", stage="customer"), tags=["vip"])
    nb.people.create(PersonDraft(given_name="Ben", cadence_days=7))
    unlocked._changed()
    ws = unlocked.window.workspace
    ws.tag.setCurrentIndex(ws.tag.findData("vip"))
    assert names(unlocked) == ["Ana"]
    ws.tag.setCurrentIndex(0)
    ws.stage.setCurrentIndex(ws.stage.findData("customer"))
    assert names(unlocked) == ["Ana"]
    ws.stage.setCurrentIndex(0)
    ws.overdue.setChecked(True)
    assert names(unlocked) == []  # Ben was added just now: not overdue yet
    ws.overdue.setChecked(False)
    assert names(unlocked) == ["Ana", "Ben"]


def test_log_interaction_updates_last_contacted(unlocked):
    nb = unlocked.notebook
    ana = nb.people.create(PersonDraft(given_name="Ana", family_name="Lima"))
    unlocked._changed(ana.id)
    assert unlocked.model.person_at(0).last_contacted is None
    dialog = LogInteractionDialog(nb, [unlocked.model.person_at(0)], parent=unlocked.window)
    dialog.kind.setCurrentIndex(dialog.kind.findData("call"))
    dialog.subject.setText("Renewal")
    dialog.wants_follow_up.setCurrentIndex(1)
    dialog._save()
    assert dialog.logged is not None
    unlocked._changed(ana.id)
    assert unlocked.model.person_at(0).last_contacted is not None
    assert unlocked.model.person_at(0).next_reminder is not None
    assert "Renewal" in unlocked.window.workspace.view.toPlainText()


def test_log_dialog_adds_people_by_typing(unlocked, qtbot):
    nb = unlocked.notebook
    nb.people.create(PersonDraft(given_name="Ana", family_name="Lima"))
    nb.people.create(PersonDraft(given_name="Ben", family_name="Okafor"))
    dialog = LogInteractionDialog(nb, [], parent=unlocked.window)
    dialog.show()
    qtbot.keyClicks(dialog.person_entry, "okaf")
    qtbot.keyClick(dialog.person_entry, Qt.Key.Key_Return)
    assert [dialog.people.item(i).text() for i in range(dialog.people.count())] == ["Ben Okafor"]
    assert dialog.isVisible() and dialog.logged is None  # Enter added Ben; it did not log
    qtbot.keyClicks(dialog.person_entry, "Ana Lima")  # typed in full, no suggestion chosen
    qtbot.keyClick(dialog.person_entry, Qt.Key.Key_Return)
    assert dialog.people.count() == 2 and dialog.isVisible()
    dialog.person_entry.setFocus()
    qtbot.keyClick(dialog.person_entry, Qt.Key.Key_Return)  # nothing typed: "that is all"
    assert dialog.isVisible() and dialog.logged is None  # it did not log a blank meeting
    assert dialog.focusWidget() is not dialog.person_entry  # it moved on
    dialog._save()
    assert nb.people.list().items[1].last_contacted is not None


def test_a_name_that_picks_nobody_says_why(unlocked, qtbot):
    nb = unlocked.notebook
    nb.people.create(PersonDraft(given_name="Ana", family_name="Lima"))
    nb.people.create(PersonDraft(given_name="Ana", family_name="Silva"))
    dialog = LogInteractionDialog(nb, [], parent=unlocked.window)
    dialog.show()
    qtbot.keyClicks(dialog.person_entry, "Zed Newperson")
    qtbot.keyClick(dialog.person_entry, Qt.Key.Key_Return)
    assert "Nobody called “Zed Newperson”" in dialog.error.text()
    assert "New person (Ctrl+N)" in dialog.error.text()
    dialog.person_entry.clear()
    qtbot.keyClicks(dialog.person_entry, "Ana")
    dialog.person_entry.completer().popup().hide()
    qtbot.keyClick(dialog.person_entry, Qt.Key.Key_Return)
    assert "“Ana” matches several people" in dialog.error.text()
    assert dialog.people.count() == 0


def test_trash_with_undo_and_the_trash_view(unlocked, qtbot):
    nb = unlocked.notebook
    ana = nb.people.create(PersonDraft(given_name="Ana"))
    unlocked._changed(ana.id)
    unlocked.window.actions["trash"].trigger()
    assert names(unlocked) == []
    assert "moved to the trash" in unlocked.window.statusBar().currentMessage()
    unlocked._undo_button.click()
    assert names(unlocked) == ["Ana"]
    unlocked.show_person(ana.id)
    unlocked.trash_person()
    unlocked.window.workspace.trash.setChecked(True)
    assert names(unlocked) == ["Ana"]
    unlocked.show_person(ana.id)
    assert unlocked.window.actions["restore"].isEnabled()
    unlocked.window.actions["restore"].trigger()
    unlocked.window.workspace.trash.setChecked(False)
    assert names(unlocked) == ["Ana"]


def test_lock_clears_everything_and_unlock_returns_to_the_person(unlocked, qtbot):
    nb = unlocked.notebook
    nb.people.create(PersonDraft(given_name="Aaron"))
    ana = nb.people.create(PersonDraft(given_name="Ana"),
                           contacts=[NewContact("email", "ana@example.com")])
    unlocked._changed(ana.id)
    view = unlocked.window.workspace.view
    view.anchorClicked.emit(QUrl("copy:ana@example.com"))
    assert QGuiApplication.clipboard().text() == "ana@example.com"
    unlocked.window.actions["lock"].trigger()
    assert unlocked.notebook is None and unlocked.model.rowCount() == 0
    assert "Ana" not in view.toPlainText()
    assert QGuiApplication.clipboard().text() == ""
    assert unlocked.window.stack.currentIndex() == MainWindow.PAGE_UNLOCK
    assert not unlocked.window.actions["new"].isEnabled()
    unlocked.window.unlock.passphrase.setText(PASSPHRASE)
    unlocked.window.unlock.unlock_button.click()
    qtbot.waitUntil(lambda: unlocked.notebook is not None, timeout=10000)
    assert view.person is not None and view.person.id == ana.id


def test_auto_lock_after_idle(unlocked, qtbot):
    unlocked.idle.setInterval(200)
    unlocked.idle.start()
    qtbot.waitUntil(lambda: unlocked.notebook is None, timeout=3000)
    assert unlocked.window.stack.currentIndex() == MainWindow.PAGE_UNLOCK


def test_shortcuts(unlocked):
    shortcuts = {key: action.shortcut().toString()
                 for key, action in unlocked.window.actions.items()}
    assert shortcuts["new"] == "Ctrl+N" and shortcuts["find"] == "Ctrl+F"
    assert shortcuts["log"] == "Ctrl+I" and shortcuts["lock"] == "Ctrl+L"
    assert shortcuts["quit"] == "Ctrl+Q"


def test_relationship_links_open_the_other_person(unlocked):
    nb = unlocked.notebook
    ana = nb.people.create(PersonDraft(given_name="Ana"))
    rel = nb.relationships.add_loved_one(ana.id, "child", "Kim Lima")
    unlocked._changed(ana.id)
    assert "Kim Lima (not in the people list)" in unlocked.window.workspace.view.toPlainText()
    unlocked.window.workspace.view.anchorClicked.emit(QUrl(f"person:{rel.other.id}"))
    assert unlocked.current_person_id == rel.other.id
    assert "Kim Lima" in unlocked.window.workspace.view.toPlainText()
    assert "loved one, not in the people list" in unlocked.window.workspace.view.toPlainText()
    assert "parent" in unlocked.window.workspace.view.toPlainText()


def test_sorting_by_each_column(unlocked, qtbot):
    nb = unlocked.notebook
    ana = nb.people.create(PersonDraft(given_name="Ana"), company="Zeta")
    ben = nb.people.create(PersonDraft(given_name="Ben"), company="Acme")
    nb.people.create(PersonDraft(given_name="Cy"))
    nb.interactions.log("call", [ben.id], when=dt.datetime(2026, 1, 1, tzinfo=dt.UTC))
    nb.interactions.log("call", [ana.id], when=dt.datetime(2026, 3, 1, tzinfo=dt.UTC))
    unlocked._changed()
    header = unlocked.window.workspace.table.horizontalHeader()
    header.setSortIndicator(1, Qt.SortOrder.AscendingOrder)  # company
    qtbot.waitUntil(lambda: names(unlocked) == ["Ben", "Ana", "Cy"], timeout=5000)
    header.setSortIndicator(2, Qt.SortOrder.DescendingOrder)  # last contacted, latest first
    qtbot.waitUntil(lambda: names(unlocked) == ["Ana", "Ben", "Cy"], timeout=5000)
    assert unlocked.window.workspace.count.text() == "3 people"
    qtbot.keyClicks(unlocked.window.workspace.search, "a")  # search results sort the same way
    qtbot.waitUntil(lambda: unlocked.model.query == "a", timeout=3000)
    assert names(unlocked)[0] == "Ana"
    header.setSortIndicator(0, Qt.SortOrder.DescendingOrder)
    unlocked.window.workspace.search.clear()
    qtbot.waitUntil(lambda: names(unlocked) == ["Cy", "Ben", "Ana"], timeout=3000)


def test_opening_an_older_notebook_says_what_it_is_doing(make_app, qtbot, tmp_path):
    from tests.migrations.test_upgrade import PASSPHRASE as OLD
    from tests.migrations.test_upgrade import make_notebook_at

    path = tmp_path / "old.rapport"
    make_notebook_at(path, "0001").close()
    rapport = make_app(path)
    unlock = rapport.window.unlock
    qtbot.waitUntil(lambda: unlock.unlock_button.isEnabled(), timeout=5000)
    seen = []
    rapport.ops.status.connect(lambda stage: seen.append(unlock.status.text()))
    unlock.passphrase.setText(OLD)
    unlock.unlock_button.click()
    qtbot.waitUntil(lambda: rapport.notebook is not None, timeout=15000)
    assert any("older Rapport" in text for text in seen)


def test_locking_closes_open_dialogs_without_saving(unlocked, qtbot):
    dialog = PersonDialog(unlocked.notebook, parent=unlocked.window, ops=unlocked.ops)
    dialog.show()
    dialog.given.setText("Ghost")
    unlocked.lock()
    assert not dialog.isVisible() and dialog.result() == dialog.DialogCode.Rejected
    assert unlocked.window.windowTitle() == "Locked"
    unlocked.window.unlock.passphrase.setText(PASSPHRASE)
    unlocked.window.unlock.unlock_button.click()
    qtbot.waitUntil(lambda: unlocked.notebook is not None, timeout=10000)
    assert unlocked.notebook.people.list().total == 0


def test_actions_follow_who_is_shown(unlocked, qtbot):
    actions = unlocked.window.actions
    assert not actions["edit"].isEnabled() and not actions["trash"].isEnabled()
    nb = unlocked.notebook
    ana = nb.people.create(PersonDraft(given_name="Ana"))
    kim = nb.relationships.add_loved_one(ana.id, "child", "Kim").other
    unlocked._changed(ana.id)
    assert actions["edit"].isEnabled() and not actions["restore"].isEnabled()
    unlocked.window.workspace.view.anchorClicked.emit(QUrl(f"person:{kim.id}"))
    assert unlocked.current_person_id == kim.id
    assert not unlocked.window.workspace.table.selectionModel().hasSelection()
    qtbot.keyClicks(unlocked.window.workspace.search, "zzz")
    qtbot.waitUntil(lambda: unlocked.model.query == "zzz", timeout=3000)
    assert unlocked.window.workspace.count.text() == "No one matches “zzz”."
    assert unlocked.current_person_id is None and not actions["trash"].isEnabled()
    entry = unlocked.window.workspace.fact_entry
    entry.setText("likes: tea")
    qtbot.keyClick(entry, Qt.Key.Key_Return)
    assert entry.text() == "likes: tea" and "Choose a person" in \
        unlocked.window.statusBar().currentMessage()


def test_facts_and_reminders_from_the_person_page(unlocked):
    nb = unlocked.notebook
    ana = nb.people.create(PersonDraft(given_name="Ana"))
    fact = nb.facts.quick_add(ana.id, "likes: single malt")
    nb.interactions.log("call", [ana.id], subject="Pricing", follow_up_on=dt.date.today())
    unlocked._changed(ana.id)
    view = unlocked.window.workspace.view
    view.anchorClicked.emit(QUrl(f"remove-fact:{fact.id}"))
    assert "single malt" not in view.toPlainText()
    unlocked._undo_button.click()
    assert "single malt" in view.toPlainText()
    reminder = nb.reminders.list(person_id=ana.id)[0]
    view.anchorClicked.emit(QUrl(f"done:{reminder.id}"))
    assert "Follow up: Pricing" not in view.toPlainText()
    assert unlocked.model.person_at(0).next_reminder is None


def test_escape_asks_before_discarding_typed_text(unlocked, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    dialog = PersonDialog(unlocked.notebook, parent=unlocked.window)
    dialog.show()
    dialog.given.setText("Ana")
    asked = []
    monkeypatch.setattr(QMessageBox, "question",
                        lambda *a, **k: asked.append(a) or QMessageBox.StandardButton.Cancel)
    dialog.reject()
    assert asked and dialog.isVisible()  # kept open: Cancel
    monkeypatch.setattr(QMessageBox, "question",
                        lambda *a, **k: QMessageBox.StandardButton.Discard)
    dialog.reject()
    assert not dialog.isVisible()


# --- quitting: File > Quit, the tray's Quit, logout ------------------------------------------

def send_quit_event(behaviour, windows):
    """What the desktop sends at logout (XSMP "die") and QApplication.quit() sends itself:
    the Quit event, on which Qt closes every visible window before ending the event loop.
    (A real one would end the test's Qt for good, so the filter gets it and the windows are
    closed here as Qt would.)"""
    from PySide6.QtCore import QEvent
    from PySide6.QtWidgets import QApplication

    assert not behaviour.eventFilter(QApplication.instance(), QEvent(QEvent.Type.Quit))
    return [window.close() for window in windows if window.isVisible()]


def no_question(*_args, **_kwargs):
    raise AssertionError("a quit must not ask")


def test_without_a_tray_a_quit_closes_the_window_without_asking(unlocked, monkeypatch):
    from ui.desktop import CloseBehaviour

    behaviour = CloseBehaviour(unlocked, tray_available=lambda: False)
    monkeypatch.setattr(behaviour, "_confirm_quit", no_question)
    unlocked.window.show()
    assert send_quit_event(behaviour, [unlocked.window]) == [True]
    assert not unlocked.window.isVisible()
    unlocked.window.show()  # the quit did not happen after all: closing asks again
    asked = []
    monkeypatch.setattr(behaviour, "_confirm_quit", lambda: asked.append(True) or False)
    unlocked.window.close()
    assert asked and unlocked.window.isVisible()


def test_with_a_tray_a_quit_closes_the_window_instead_of_hiding_it(unlocked, monkeypatch):
    from ui.desktop import CloseBehaviour

    behaviour = CloseBehaviour(unlocked, tray_available=lambda: True)
    monkeypatch.setattr(behaviour, "_say_still_running", no_question)
    unlocked.window.show()
    # Were the close refused (the window hidden instead), Qt would call the quit off.
    assert send_quit_event(behaviour, [unlocked.window]) == [True]
    assert not unlocked.window.isVisible() and behaviour.quitting


def test_logout_closes_a_dialog_with_typed_text_without_asking(unlocked, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    from ui.desktop import CloseBehaviour

    behaviour = CloseBehaviour(unlocked, tray_available=lambda: False)
    monkeypatch.setattr(behaviour, "_confirm_quit", no_question)
    monkeypatch.setattr(QMessageBox, "question", no_question)
    unlocked.window.show()
    before = unlocked.notebook.people.list(PeopleFilter()).total
    dialog = PersonDialog(unlocked.notebook, parent=unlocked.window)
    dialog.show()
    dialog.given.setText("Ana")
    behaviour.session_ends()  # QGuiApplication.commitDataRequest
    assert send_quit_event(behaviour, [dialog, unlocked.window]) == [True, True]
    assert not dialog.isVisible() and not unlocked.window.isVisible()
    assert unlocked.notebook.people.list(PeopleFilter()).total == before  # nothing half-saved


def test_logout_while_the_quit_question_is_open_quits(unlocked, qtbot, monkeypatch):
    from PySide6.QtCore import QTimer

    from ui.desktop import CloseBehaviour

    behaviour = CloseBehaviour(unlocked, tray_available=lambda: False)
    quits = []
    monkeypatch.setattr(unlocked, "quit", lambda: quits.append(True))
    unlocked.window.show()
    QTimer.singleShot(300, behaviour.session_ends)  # logout while "Quit Rapport?" waits
    unlocked.window.close()  # runs the question's event loop until the logout answers it
    assert quits == [True]


def test_the_first_run_page_starts_at_the_passphrase_and_names_the_keyring_plainly(
        make_app, qtbot, tmp_path):
    from ui.doors import keyring_name

    rapport = make_app(tmp_path / "new.rapport")
    rapport.window.show()
    welcome = rapport.window.welcome
    qtbot.waitUntil(lambda: rapport.window.focusWidget() is welcome.passphrase, timeout=3000)
    assert keyring_name("SecretService Keyring") == "your desktop's keyring"
    assert keyring_name("Some Future Keyring") == "Some Future Keyring"


def test_help_lists_the_keyboard_shortcuts_from_the_menus(unlocked, qtbot):
    from ui.shortcuts import ShortcutsDialog

    dialog = ShortcutsDialog(unlocked.window)
    rows = [tuple(dialog.table.item(r, c).text() for c in range(3))
            for r in range(dialog.table.rowCount())]
    assert ("File", "Lock", "Ctrl+L") in rows and ("People", "New person", "Ctrl+N") in rows
    assert ("View", "Agenda", "Ctrl+1") in rows and ("Help", "Keyboard shortcuts", "F1") in rows
    assert ("Agenda", "Mark the chosen item done", "Ctrl+D") in rows
    assert all(keys for _where, _what, keys in rows)


def test_ctrl_enter_saves_a_dialog_from_a_multi_line_field(unlocked, qtbot):
    dialog = PersonDialog(unlocked.notebook, parent=unlocked.window)
    dialog.show()
    dialog.activateWindow()  # a shortcut needs its window active
    qtbot.waitUntil(dialog.isActiveWindow, timeout=3000)
    dialog.given.setText("Ana")
    dialog.notes.setFocus()
    qtbot.keyClick(dialog.notes, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: dialog.saved_id is not None, timeout=3000)
    assert unlocked.notebook.people.get(dialog.saved_id).given_name == "Ana"
