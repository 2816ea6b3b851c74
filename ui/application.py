"""`rapport`: the desktop app. Owns the notebook's lifecycle: create, unlock, lock."""

from __future__ import annotations

import os
import sys
import traceback
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, QSettings, Qt, QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QFileDialog,
    QInputDialog,
    QLineEdit,
    QMessageBox,
    QPushButton,
)

from app import config
from app.domain import Page, PeopleFilter, PersonSummary
from app.errors import RapportError, WrongPassphrase
from app.notebook import Notebook
from app.photos import MAX_PHOTO_PIXELS
from app.store.engine import disable_core_dumps
from ui.backup_dialogs import RestoreBackupDialog
from ui.dates import day_month_year
from ui.dialogs import JobDialog, LogInteractionDialog, PersonDialog, RelationshipDialog
from ui.export_dialog import ExportDialog, Scope
from ui.import_wizard import ImportWizard
from ui.main_window import MainWindow, count_text
from ui.models.people_model import PeopleModel
from ui.network import NetworkFeatures
from ui.ops import Operations
from ui.region_dialog import choose_phone_region
from ui.resources import icon
from ui.widgets.progress import WorkProgress, run_with_progress

DEFAULT_AUTO_LOCK_MINUTES = 15
UNDO_SECONDS = 10
THUMBNAIL_SIZE = 512
AUTO_LOCK_SETTING = "auto_lock_minutes"
BACKUP_FOLDER_SETTING = "backup/folder"
MESSAGE_SECONDS = 8
# Set, the app quits as soon as its first window is up: how packaging/build_linux.py and the
# bundle smoke test time a cold start. Nothing is opened or written.
QUIT_WHEN_SHOWN_ENV = "RAPPORT_QUIT_WHEN_SHOWN"
USER_INPUT = {QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress, QEvent.Type.MouseMove,
              QEvent.Type.Wheel}


def read_photo(path: Path) -> bytes:
    """A photo file as a JPEG of at most 512 px, its size checked before decoding."""
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice
    from PySide6.QtGui import QImageReader

    reader = QImageReader(str(path))
    size = reader.size()
    if not size.isValid():
        raise RapportError(QObject.tr("this is not an image Rapport can read"))
    if size.width() * size.height() > MAX_PHOTO_PIXELS:
        raise RapportError(QObject.tr("the image is too large (%1 × %2 pixels)")
                           .replace("%1", str(size.width())).replace("%2", str(size.height())))
    if max(size.width(), size.height()) > THUMBNAIL_SIZE:
        reader.setScaledSize(size.scaled(THUMBNAIL_SIZE, THUMBNAIL_SIZE,
                                         Qt.AspectRatioMode.KeepAspectRatio))
    image = reader.read()
    if image.isNull():
        raise RapportError(reader.errorString())
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "JPEG", 88)
    return bytes(data.data())


def reason_text(error: BaseException) -> str:
    """An error from a file operation, in words (no class names, no traceback)."""
    if isinstance(error, OSError) and error.strerror:
        return f"{error.filename}: {error.strerror}" if error.filename else error.strerror
    return str(error)


class RapportApp(QObject):
    def __init__(self, path: Path | None = None) -> None:
        super().__init__()
        self.settings = QSettings()
        self.path = Path(path or self.settings.value("notebook/path",
                                                     str(config.default_notebook_path())))
        self.notebook: Notebook | None = None
        self.ops = Operations(self)
        self.ops.failed.connect(self._show_failure)
        self.model = PeopleModel(self._load_page, self._search, self._load_summaries)
        self.window = MainWindow(self.model)
        from ui.reminders import ReminderCenter

        self.reminders = ReminderCenter(self)
        self.current_person_id: int | None = None
        self._copied = ""
        self._undo_button: QPushButton | None = None
        self.import_wizard: ImportWizard | None = None
        self.idle = QTimer(self, singleShot=True)
        self.idle.timeout.connect(self.lock)
        QApplication.instance().installEventFilter(self)
        self._connect()
        self.network = NetworkFeatures(self)

    # --- start ------------------------------------------------------------------------

    def start(self, show: bool = True) -> None:
        if show:  # `rapport --hidden` (start at login) starts in the tray
            self.window.show()
        if not self.path.exists():
            self.window.show_page(MainWindow.PAGE_WELCOME)
            return
        self.window.unlock.prepare(self.path)
        self.window.show_page(MainWindow.PAGE_UNLOCK)
        self.window.unlock.set_busy(True)
        path = self.path

        # The key remembered in the keyring, else RAPPORT_PASSPHRASE; else we ask.
        self.ops.run(lambda: Notebook.open(path, status=self.ops.report), self._opened_or_ask,
                     self._opened_or_ask)

    def _opened_or_ask(self, result) -> None:
        if isinstance(result, Notebook):
            self._unlocked(result)
        else:
            message = str(result) if isinstance(result, RapportError) and \
                not isinstance(result, WrongPassphrase) else ""
            self.window.unlock.prepare(self.path, message)

    def _connect(self) -> None:
        w = self.window
        w.welcome.create_requested.connect(self.create)
        w.welcome.open_requested.connect(self.choose_notebook)
        w.unlock.unlock_requested.connect(self.unlock)
        self.ops.status.connect(w.unlock.show_stage)
        w.unlock.other_notebook_requested.connect(
            lambda: w.show_page(MainWindow.PAGE_WELCOME))
        w.actions["lock"].triggered.connect(self.lock)
        w.actions["quit"].triggered.connect(self.quit)
        w.actions["new"].triggered.connect(self.new_person)
        w.actions["edit"].triggered.connect(self.edit_person)
        w.actions["log"].triggered.connect(self.log_interaction)
        w.actions["trash"].triggered.connect(self.trash_person)
        w.actions["restore"].triggered.connect(self.restore_person)
        w.actions["purge"].triggered.connect(self.purge_person)
        w.actions["relate"].triggered.connect(self.add_relationship)
        w.actions["job"].triggered.connect(self.record_job)
        w.actions["photo"].triggered.connect(self.set_photo)
        w.actions["me"].triggered.connect(self.mark_me)
        w.actions["brief"].triggered.connect(lambda: self.open_brief())
        w.actions["connections"].triggered.connect(lambda: self.open_connections())
        w.actions["company"].triggered.connect(lambda: self.open_company())
        w.workspace.view.company_activated.connect(lambda org_id: self.open_company(org_id))
        w.actions["auto_lock"].triggered.connect(self.choose_auto_lock)
        w.actions["phone_region"].triggered.connect(
            lambda: choose_phone_region(self.window, self.notebook))
        w.actions["import"].triggered.connect(lambda: self.import_contacts())
        w.actions["export"].triggered.connect(self.export_people)
        w.actions["backup"].triggered.connect(lambda: self.back_up_now())
        w.actions["restore_backup"].triggered.connect(self.restore_from_backup)
        w.actions["remind"].triggered.connect(self.add_reminder)
        from ui import desktop

        desktop.connect_actions(self)
        w.actions["about"].triggered.connect(self.show_about)
        w.actions["shortcuts"].triggered.connect(self.show_shortcuts)
        w.workspace.person_selected.connect(self.show_person)
        w.workspace.view.person_activated.connect(w.workspace.select_person)
        w.workspace.view.copied.connect(self._remember_copy)
        w.workspace.view.fact_removed.connect(self.remove_fact)
        w.workspace.view.reminder_done.connect(self.complete_reminder)
        w.workspace.view.record_action.connect(self.act_on_record)
        w.workspace.quick_fact.connect(self.add_quick_fact)
        w.workspace.order_requested.connect(self._order)
        w.workspace.nobody_selected.connect(self.show_nobody)

    # --- the doors ----------------------------------------------------------------------

    def create(self, path: Path, passphrase: str, remember: bool) -> None:
        def create_notebook():
            notebook = Notebook.create(path, passphrase)
            if remember:
                notebook.remember_key()
            return notebook

        self.path = path
        self.ops.run(create_notebook, self._created, self._create_failed)

    def _created(self, notebook: Notebook) -> None:
        self.window.welcome.clear()
        self._unlocked(notebook)

    def _create_failed(self, error: BaseException) -> None:
        self.window.welcome.show_error(str(error) if isinstance(error, RapportError)
                                       else self.tr("The notebook could not be created: %1")
                                       .replace("%1", str(error)))

    def choose_notebook(self, path: Path) -> None:
        self.path = path
        self.window.unlock.prepare(path)
        self.window.show_page(MainWindow.PAGE_UNLOCK)

    def unlock(self, passphrase: str, remember: bool) -> None:
        path = self.path
        forget = self.window.unlock.remembered and not remember  # the user unticked it

        def open_notebook():
            notebook = Notebook.open(path, passphrase, status=self.ops.report)
            if remember:
                notebook.remember_key()
            elif forget:
                notebook.forget_key()
            return notebook

        self.ops.run(open_notebook, self._unlocked, self._unlock_failed)

    def _unlock_failed(self, error: BaseException) -> None:
        message = str(error) if isinstance(error, RapportError) else \
            self.tr("The notebook could not be opened: %1").replace("%1", str(error))
        self.window.unlock.show_error(message)

    def _unlocked(self, notebook: Notebook) -> None:
        self.notebook = notebook
        self.settings.setValue("notebook/path", str(notebook.path))
        self.window.show_notebook_title(notebook.path)
        self.window.show_page(MainWindow.PAGE_WORKSPACE)
        return_to = self.current_person_id  # the person shown when the notebook was locked
        self.window.workspace.set_tags([t.name for t in notebook.tags.list()])
        self.window.workspace.apply_filters()
        if return_to is not None:
            self.window.workspace.select_person(return_to)
        self.window.workspace.search.setFocus()
        minutes = notebook.settings.get(AUTO_LOCK_SETTING, DEFAULT_AUTO_LOCK_MINUTES)
        self.idle.setInterval(int(minutes) * 60_000)
        self.idle.start()
        self.network.unlocked()
        self.reminders.unlocked()
        self.ops.run(notebook.search.warm_up)
        self.ops.run(notebook.backups.backup_if_due, on_error=self._automatic_backup_failed)

    def _automatic_backup_failed(self, error: BaseException) -> None:
        self.window.statusBar().showMessage(
            self.tr("Today's automatic backup could not be made: %1").replace("%1", str(error)))

    # --- lock ---------------------------------------------------------------------------

    def lock(self) -> None:
        if self.notebook is None:
            return
        self.idle.stop()
        self._drop_undo()
        self.network.close_windows()
        self.reminders.locking()  # the count of due items, kept without names
        for task in self.window.findChildren(WorkProgress):
            task.cancel()  # an import or export in flight stops and writes nothing
        self.ops.wait_idle()  # a save in flight finishes first
        for dialog in self.window.findChildren(QDialog):
            if dialog.isVisible():  # nothing typed in a dialog may reach a locked notebook
                dialog.done(QDialog.DialogCode.Rejected)
        self.model.clear()
        self.window.workspace.view.show_empty(self.tr("Locked."))
        search = self.window.workspace.search
        search.blockSignals(True)  # clearing it must not search a notebook being locked
        search.clear()
        search.blockSignals(False)
        self.window.workspace.fact_entry.clear()
        clipboard = QGuiApplication.clipboard()
        if self._copied and clipboard.text() == self._copied:
            clipboard.clear()
        self._copied = ""
        self.notebook.close()
        self.notebook = None
        self.window.unlock.prepare(self.path)
        self.window.show_page(MainWindow.PAGE_UNLOCK)
        self.window.setWindowTitle(self.tr("Locked"))
        self._forget_names_on_screen()

    def _forget_names_on_screen(self) -> None:
        """Messages and menu entries that name people ("Merge undone: Maria …") go with
        the notebook: the locked window shows nothing of it."""
        self.window.statusBar().clearMessage()
        self.window.actions["undo_merge"].setText(self.tr("&Undo merge"))

    def choose_auto_lock(self) -> None:
        if self.notebook is None:
            return
        current = int(self.notebook.settings.get(AUTO_LOCK_SETTING, DEFAULT_AUTO_LOCK_MINUTES))
        minutes, ok = QInputDialog.getInt(
            self.window, self.tr("Lock automatically"),
            self.tr("Lock the notebook after this many minutes without input:"),
            current, 1, 24 * 60)
        if ok:
            self.notebook.settings.set(AUTO_LOCK_SETTING, minutes)
            self.idle.setInterval(minutes * 60_000)
            self.idle.start()

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 (Qt's name)
        if event.type() in USER_INPUT and self.notebook is not None:
            self.idle.start()
        return False

    def _remember_copy(self, text: str) -> None:
        self._copied = text
        self.window.statusBar().showMessage(self.tr("Copied."), 3000)

    # --- people -------------------------------------------------------------------------

    def _load_page(self, filters, offset, limit):
        if self.notebook is None:  # locked: nothing to show
            return Page()
        return self.notebook.people.list(filters, offset=offset, limit=limit)

    def _load_summaries(self, ids):
        return [] if self.notebook is None else self.notebook.people.summaries(ids)

    def _order(self, filters, sort: str, descending: bool) -> None:
        notebook = self.notebook
        if notebook is None:
            return
        self.window.statusBar().showMessage(self.tr("Sorting…"))

        def ordered(ids):
            self.window.statusBar().clearMessage()
            if self.notebook is notebook:  # still unlocked, same notebook
                self.window.workspace.show_ordered(filters, ids)

        self.ops.run(lambda: notebook.people.ordered_ids(filters, sort, descending), ordered)

    def _search(self, query, limit, trashed):
        if self.notebook is None:
            return []
        return [hit.person for hit in self.notebook.search.search(query, limit=limit,
                                                                  trashed=trashed)]

    def show_person(self, person_id: int) -> None:
        if self.notebook is None:
            return
        self.current_person_id = person_id
        person = self.notebook.people.get(person_id)
        photo = self.notebook.people.photo(person_id) if person.has_photo else None
        self.window.workspace.view.show_person(person, photo[0] if photo else None)
        self.window.set_person_actions(person)

    def show_nobody(self) -> None:
        self.current_person_id = None
        self.window.workspace.view.show_empty()
        self.window.set_person_actions(None)

    def _changed(self, person_id: int | None = None) -> None:
        if self.notebook is None:
            return
        self.window.workspace.set_tags([t.name for t in self.notebook.tags.list()])
        self.window.workspace.apply_filters()
        if person_id is not None:
            self.window.workspace.select_person(person_id)
            self.show_person(person_id)
        self.reminders.refresh()  # a call logged, a birthday edited: the agenda follows

    def new_person(self) -> None:
        dialog = PersonDialog(self.notebook, parent=self.window, ops=self.ops)
        if dialog.exec():
            self.window.workspace.search.clear()
            self._changed(dialog.saved_id)

    def _open_for_current(self, dialog_class) -> None:
        """Edit, relationship or job dialog for the person shown; refresh what it changed."""
        if self.current_person_id is None:
            return
        person = self.notebook.people.get(self.current_person_id)
        dialog = dialog_class(self.notebook, person, parent=self.window, ops=self.ops)
        if dialog.exec():
            self._changed(person.id)

    def add_reminder(self) -> None:
        from ui.reminder_dialog import ReminderDialog

        self._open_for_current(ReminderDialog)

    def edit_person(self) -> None:
        self._open_for_current(PersonDialog)

    def add_relationship(self) -> None:
        self._open_for_current(RelationshipDialog)

    def record_job(self) -> None:
        self._open_for_current(JobDialog)

    # --- relationship intelligence ------------------------------------------------------

    def _shown_person(self) -> tuple[int, str] | None:
        if self.notebook is None or self.current_person_id is None:
            return None
        return self.current_person_id, self.notebook.people.get(self.current_person_id).name

    def _open_window(self, window):
        window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        if hasattr(window, "person_activated"):
            window.person_activated.connect(self._open_person_from_window)
        window.show()
        return window

    def _open_person_from_window(self, person_id: int) -> None:
        self.window.workspace.select_person(person_id)
        self.window.raise_()
        self.window.activateWindow()

    def open_brief(self, attendees: list[tuple[int, str]] | None = None):
        """People > Meeting brief…: starts with the person shown as the first attendee."""
        from ui.brief_view import BriefWindow

        if self.notebook is None:
            return None
        shown = self._shown_person()
        chosen = attendees if attendees is not None else [shown] if shown else []
        return self._open_window(BriefWindow(self.notebook, chosen, self.window))

    def open_connections(self, target: tuple[int, str] | None = None):
        from ui.connections_view import ConnectionsWindow

        if self.notebook is None:
            return None
        shown = self._shown_person()
        if target is None and shown and shown[0] != getattr(self.notebook.people.me(), "id",
                                                             None):
            target = shown
        return self._open_window(ConnectionsWindow(self.notebook, target, self.window,
                                                   self.ops))

    def open_company(self, organization_id: int | None = None):
        from ui.company_page import CompanyWindow

        if self.notebook is None:
            return None
        if organization_id is None and self.current_person_id is not None:
            jobs = self.notebook.careers.jobs(self.current_person_id)
            organization_id = jobs[0].organization.id if jobs else None
        return self._open_window(CompanyWindow(self.notebook, organization_id, self.window))

    def mark_me(self) -> None:
        """People > This is me: the card connection paths start from."""
        if self.notebook is None or self.current_person_id is None:
            return
        person = self.notebook.people.update(self.current_person_id, is_me=True)
        self.show_person(person.id)
        self.window.statusBar().showMessage(
            self.tr("%1 is now your own card: connections start from it.")
            .replace("%1", person.name), MESSAGE_SECONDS * 1000)

    def set_photo(self) -> None:
        if self.current_person_id is None:
            return
        chosen, _ = QFileDialog.getOpenFileName(
            self.window, self.tr("Choose a photo"), "",
            self.tr("Images (*.jpg *.jpeg *.png *.gif)"))
        if not chosen:
            return
        try:
            self.notebook.people.set_photo(self.current_person_id, read_photo(Path(chosen)))
        except (RapportError, OSError) as exc:
            QMessageBox.warning(self.window, self.tr("Photo not set"),
                                f"{chosen}: {exc.strerror if isinstance(exc, OSError) else exc}")
            return
        self.show_person(self.current_person_id)

    def log_interaction(self) -> None:
        participants = []
        if self.current_person_id is not None:
            person = self.notebook.people.get(self.current_person_id)
            participants = [PersonSummary(person.id, person.uid, person.name)]
        dialog = LogInteractionDialog(self.notebook, participants, parent=self.window,
                                      ops=self.ops)
        if dialog.exec():
            self._changed(self.current_person_id)
            self.window.statusBar().showMessage(self.tr("Logged."), 3000)

    def add_quick_fact(self, line: str) -> None:
        if self.current_person_id is None:
            self.window.statusBar().showMessage(
                self.tr("Choose a person first; the fact is still in the box."), 5000)
            return
        try:
            fact = self.notebook.facts.quick_add(self.current_person_id, line)
        except RapportError as exc:
            self.window.statusBar().showMessage(str(exc), 6000)
            return
        self.window.workspace.fact_entry.clear()
        self.show_person(self.current_person_id)
        self.window.statusBar().showMessage(
            self.tr("Noted under “%1”.").replace("%1", fact.category), 3000)

    def remove_fact(self, fact_id: int) -> None:
        fact = next((f for f in self.notebook.facts.list(self.current_person_id)
                     if f.id == fact_id), None)
        if fact is None:
            return
        self.notebook.facts.remove(fact_id)
        self.show_person(fact.person_id)
        self._offer_undo(self.tr("Removed “%1”.").replace("%1", fact.text),
                         lambda: self._restore_fact(fact))

    def _restore_fact(self, fact) -> None:
        self.notebook.facts.add(fact.person_id, fact.category, fact.text,
                                noted_on=fact.noted_on,
                                source_interaction_id=fact.source_interaction_id)
        self.show_person(fact.person_id)

    def complete_reminder(self, reminder_id: int) -> None:
        record = self.notebook.reminders.complete(reminder_id)
        self._changed(self.current_person_id)
        self._offer_undo(self.tr("Marked done."), lambda: (
            self.notebook.reminders.clear_state(record.reminder_key, record.occurrence),
            self._changed(self.current_person_id)))

    def trash_person(self) -> None:
        if self.current_person_id is None:
            return
        person_id = self.current_person_id
        name = self.notebook.people.get(person_id).name
        self.notebook.people.trash(person_id)
        self.show_nobody()
        self.window.workspace.apply_filters()
        self.reminders.refresh()
        self._offer_undo(self.tr("%1 moved to the trash.").replace("%1", name),
                         lambda: self._restore(person_id))

    def _offer_undo(self, message: str, undo) -> None:
        """A status-bar Undo button (also Ctrl+Z) for ten seconds."""
        self._drop_undo()
        button = QPushButton(self.tr("Undo"))
        button.setFlat(True)
        button.setShortcut("Ctrl+Z")
        button.clicked.connect(lambda: (self._drop_undo(), undo()))
        self.window.statusBar().addPermanentWidget(button)
        self._undo_button = button
        self.network.undo_button_shown(button)
        self.window.statusBar().showMessage(message, UNDO_SECONDS * 1000)
        QTimer.singleShot(UNDO_SECONDS * 1000, button, self._drop_undo)  # dies with the button

    def _drop_undo(self) -> None:
        if self._undo_button is not None:
            self.window.statusBar().removeWidget(self._undo_button)
            self._undo_button.deleteLater()
            self._undo_button = None

    def _restore(self, person_id: int) -> None:
        self.notebook.people.restore(person_id)
        self._changed(person_id)
        self.window.statusBar().showMessage(self.tr("Restored."), 3000)

    def restore_person(self) -> None:
        if self.current_person_id is not None:
            self._restore(self.current_person_id)

    def purge_person(self) -> None:
        if self.current_person_id is None:
            return
        person = self.notebook.people.get(self.current_person_id)
        if self._confirmed(self.tr("Delete for good?"),
                           self.tr("Delete %1 and everything about them for good? This cannot "
                                   "be undone.").replace("%1", person.name),
                           self.tr("Delete for good")):
            self.notebook.people.purge(person.id)
            self.show_nobody()
            self.window.workspace.apply_filters()
            self.reminders.refresh()

    def _confirmed(self, title: str, text: str, action: str) -> bool:
        """A warning with Cancel (the default) and a destructive `action` button."""
        box = QMessageBox(QMessageBox.Icon.Warning, title, text,
                          QMessageBox.StandardButton.Cancel, self.window)
        delete = box.addButton(action, QMessageBox.ButtonRole.DestructiveRole)
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        box.exec()
        return box.clickedButton() is delete

    # --- a reminder's or an interaction's "change" and "delete" on the person page --------

    def act_on_record(self, action: str, record_id: int) -> None:
        {"edit-reminder": self.edit_reminder, "delete-reminder": self.delete_reminder,
         "edit-interaction": self.edit_interaction,
         "delete-interaction": self.delete_interaction}[action](record_id)

    def edit_reminder(self, reminder_id: int) -> None:
        from ui.reminder_dialog import ReminderDialog

        if self.current_person_id is None:
            return
        dialog = ReminderDialog(self.notebook, self.notebook.people.get(self.current_person_id),
                                parent=self.window, ops=self.ops,
                                reminder=self.notebook.reminders.get(reminder_id))
        if dialog.exec():
            self._changed(self.current_person_id)
            self.window.statusBar().showMessage(self.tr("Reminder changed."), 3000)

    def delete_reminder(self, reminder_id: int) -> None:
        reminder = self.notebook.reminders.get(reminder_id)
        if self._confirmed(self.tr("Delete the reminder?"),
                           self.tr("Delete “%1”? This cannot be undone; Done keeps it in the "
                                   "history instead.").replace("%1", reminder.title),
                           self.tr("Delete")):
            self.notebook.reminders.delete(reminder_id)
            self._changed(self.current_person_id)
            self.window.statusBar().showMessage(self.tr("Reminder deleted."), 3000)

    def edit_interaction(self, interaction_id: int) -> None:
        dialog = LogInteractionDialog(self.notebook, [], parent=self.window, ops=self.ops,
                                      interaction=self.notebook.interactions.get(interaction_id))
        if dialog.exec():
            self._changed(self.current_person_id)
            self.window.statusBar().showMessage(self.tr("Interaction changed."), 3000)

    def delete_interaction(self, interaction_id: int) -> None:
        interaction = self.notebook.interactions.get(interaction_id)
        what = interaction.subject or interaction.kind
        when = day_month_year(interaction.occurred_at.astimezone())
        if self._confirmed(self.tr("Delete the interaction?"),
                           self.tr("Delete “%1” of %2? Keep-in-touch counts from the "
                                   "interaction before it. This cannot be undone.")
                           .replace("%1", what).replace("%2", when),
                           self.tr("Delete")):
            self.notebook.interactions.delete(interaction_id)
            self._changed(self.current_person_id)
            self.window.statusBar().showMessage(self.tr("Interaction deleted."), 3000)

    # --- import, export, backups ----------------------------------------------------------

    def import_contacts(self, path: Path | None = None) -> ImportWizard | None:
        """File > Import…: the wizard (window-modal, not blocking), on `path` if given."""
        if self.notebook is None:
            return None
        if self.import_wizard is not None and not self.import_wizard.isVisible():
            self.import_wizard.deleteLater()
        wizard = ImportWizard(self.notebook, self.ops, self.window, path)
        wizard.imported.connect(self._imported)
        wizard.restored_all.connect(lambda _counts: self._changed())
        wizard.show_people.connect(self.show_imported)
        self.import_wizard = wizard
        wizard.open()
        return wizard

    def _imported(self, report) -> None:
        self._changed()
        self.window.statusBar().showMessage(
            self.tr("Imported: %1 added, %2 merged, %3 skipped.")
            .replace("%1", f"{len(report.added):,}").replace("%2", f"{len(report.merged):,}")
            .replace("%3", f"{report.skipped:,}"), MESSAGE_SECONDS * 1000)

    def show_imported(self, person_ids: list[int]) -> None:
        """The people just imported, alone in the list, the first one shown."""
        if self.notebook is None or not person_ids:
            return
        workspace = self.window.workspace
        workspace.search.blockSignals(True)
        workspace.search.clear()
        workspace.search.blockSignals(False)
        workspace.show_ordered(workspace.filters(), person_ids)  # selects the first row
        workspace.count.setText(self.tr("%1 just imported").replace("%1", count_text(
            len(person_ids), "", workspace.filters())))
        workspace.table.setFocus()
        self.show_person(person_ids[0])
        self.window.statusBar().showMessage(
            self.tr("Showing the people just imported. Search or change a filter to see "
                    "everyone."), MESSAGE_SECONDS * 1000)

    def export_people(self) -> ExportDialog | None:
        if self.notebook is None:
            return None
        dialog = ExportDialog(self.notebook, self.ops, self._export_scopes(), self.window)
        dialog.exported.connect(self._exported)
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()
        return dialog

    def _export_scopes(self) -> list[Scope]:
        contacts = self.tr("Rapport contacts")
        scopes = [Scope("everyone", self.tr("&Everyone in the notebook"), None, contacts)]
        if self.current_person_id is not None:
            person_id = self.current_person_id
            name = self.notebook.people.get(person_id).name
            scopes.append(Scope("person", self.tr("Only &%1").replace("%1", name),
                                lambda: [person_id], name))
        shown = self.model.rowCount()
        if shown and self._list_is_narrowed():
            label = self.tr("The &person in the list") if shown == 1 else \
                self.tr("The %1 &people in the list").replace("%1", f"{shown:,}")
            scopes.append(Scope("list", label, self._ids_in_list(), contacts))
        return scopes

    def _list_is_narrowed(self) -> bool:
        filters = self.window.workspace.filters()
        return bool(self.model.query) or filters != PeopleFilter(descending=filters.descending)

    def _ids_in_list(self):
        """Whom the list shows, as a function for the worker (search results are at hand)."""
        model, notebook = self.model, self.notebook
        if model.query:
            ids = [model.person_at(row).id for row in range(model.rowCount())]
            return lambda: ids
        filters, total = self.window.workspace.filters(), model.rowCount()
        sort, descending = self.window.workspace.sort()
        if sort != "name":
            return lambda: notebook.people.ordered_ids(filters, sort, descending)
        return lambda: [p.id for p in notebook.people.list(filters, limit=total).items]

    def _exported(self, path: Path, count: int) -> None:
        self.window.statusBar().showMessage(
            self.tr("Exported %1 to %2. The file is not encrypted.")
            .replace("%1", self.tr("1 person") if count == 1 else
                     self.tr("%1 people").replace("%1", f"{count:,}"))
            .replace("%2", str(path)), MESSAGE_SECONDS * 1000)

    def back_up_now(self, folder: Path | None = None) -> None:
        """File > Back up now…: an encrypted copy of the notebook in a folder of the user's."""
        notebook = self.notebook
        if notebook is None:
            return
        if folder is None:
            start = str(self.settings.value(BACKUP_FOLDER_SETTING, str(Path.home())))
            chosen = QFileDialog.getExistingDirectory(
                self.window, self.tr("Back up into which folder?"), start)
            if not chosen:
                return
            folder = Path(chosen)
        self.settings.setValue(BACKUP_FOLDER_SETTING, str(folder))
        run_with_progress(self.ops, self.window, self.tr("Backing up the notebook…"),
                          lambda _task: notebook.backups.backup_now(folder),
                          self._backed_up, self._backup_failed, cancellable=False)

    def _backed_up(self, path: Path) -> None:
        self.window.statusBar().showMessage(
            self.tr("Backed up to %1").replace("%1", str(path)), MESSAGE_SECONDS * 1000)
        box = QMessageBox(QMessageBox.Icon.Information, self.tr("Backed up"),
                          self.tr("The notebook is backed up to:\n%1\n\nThe backup is encrypted "
                                  "with the notebook's passphrase. Keep it somewhere safe, away "
                                  "from this computer.").replace("%1", str(path)),
                          QMessageBox.StandardButton.Ok, self.window)
        box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        box.finished.connect(box.deleteLater)
        box.open()

    def _backup_failed(self, error: BaseException) -> None:
        QMessageBox.warning(self.window, self.tr("Not backed up"),
                            self.tr("The backup could not be made: %1").replace(
                                "%1", reason_text(error)))

    def restore_from_backup(self) -> RestoreBackupDialog | None:
        """File > Restore from backup…: choose a backup and its passphrase, then restore.
        Also on the unlock page: a notebook that will not open is what backups are for."""
        from app.services.backups import find_backups

        if self.notebook is None and not self.window.unlock.unlock_button.isEnabled():
            return None  # the notebook is being opened (or restored) right now
        dialog = RestoreBackupDialog(self.path, find_backups(self.path),
                                     config.backups_dir_for(self.path), self.window)
        dialog.restore_requested.connect(self._restore_backup)
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()
        return dialog

    def _restore_backup(self, backup: Path, when: str, passphrase: str,
                        current_passphrase: str | None = None) -> None:
        """Lock, replace the notebook file with the backup (on the worker), then ask for
        the passphrase on the unlock page as after any lock."""
        from app.services.backups import restore_backup

        self.lock()
        self.current_person_id = None  # that person may not be in the backup
        self.window.unlock.set_busy(True)
        path = self.path
        run_with_progress(
            self.ops, self.window, self.tr("Restoring the backup from %1…").replace("%1", when),
            lambda _task: restore_backup(backup, path, passphrase,
                                         current_key_or_passphrase=current_passphrase),
            lambda safety: self._backup_restored(when, safety),
            lambda error: self._restore_failed(error, backup, when, passphrase),
            cancellable=False)

    def _backup_restored(self, when: str, safety: Path | None) -> None:
        unlock = self.window.unlock
        unlock.prepare(self.path)
        kept = self.tr(" The notebook as it was is kept at %1.").replace("%1", str(safety)) \
            if safety else ""
        unlock.status.setText(self.tr("Restored the backup from %1.").replace("%1", when)
                              + kept + " " + self.tr("Unlock it with the backup's passphrase."))
        unlock.status.show()

    def _restore_failed(self, error: BaseException, backup: Path, when: str,
                        passphrase: str) -> None:
        if isinstance(error, WrongPassphrase) and error.path == str(self.path):
            # The passphrase changed since the backup: the copy of the notebook as it is
            # now (made before replacing it) needs the current one.
            current, ok = QInputDialog.getText(
                self.window, self.tr("Current passphrase"),
                self.tr("The notebook's passphrase has changed since this backup. Type the "
                        "current passphrase, so that Rapport can keep a copy of the notebook "
                        "as it is now:"), QLineEdit.EchoMode.Password)
            if ok and current:
                self._restore_backup(backup, when, passphrase, current)
                return
        self.window.unlock.prepare(self.path, self.tr(
            "The backup was not restored: %1 The notebook is as it was.").replace(
                "%1", reason_text(error)))

    def show_shortcuts(self) -> None:
        from ui.shortcuts import ShortcutsDialog

        ShortcutsDialog(self.window).exec()

    def show_about(self) -> QDialog:
        from ui.about import AboutDialog

        dialog = AboutDialog(self.window)
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()
        return dialog

    def _show_failure(self, error: BaseException, details: str) -> None:
        box = QMessageBox(QMessageBox.Icon.Warning, self.tr("Something went wrong"),
                          str(error) if isinstance(error, RapportError)
                          else self.tr("Rapport could not finish that: %1").replace(
                              "%1", str(error)), parent=self.window)
        box.setDetailedText(details)
        box.exec()

    def quit(self) -> None:
        """File > Quit and the tray's Quit: the app ends even though the tray keeps it."""
        self.window.hide()
        QApplication.instance().quit()

    def shutdown(self) -> None:
        # An application-wide filter left on a RapportApp that the collector later frees
        # crashed the next one's event loop (seen in the test suite, where apps come and go).
        QApplication.instance().removeEventFilter(self)
        self.idle.stop()
        self.reminders.shutdown()
        self.window.save_layout()
        self.ops.shutdown()
        if self.notebook is not None:
            self.notebook.close()


def install_error_dialog(rapport: RapportApp) -> None:
    """An unexpected error becomes a dialog with the details, not a silent console trace."""
    def show(kind, error, tb) -> None:
        if issubclass(kind, KeyboardInterrupt):
            sys.__excepthook__(kind, error, tb)
            return
        rapport._show_failure(error, "".join(traceback.format_exception(kind, error, tb)))

    sys.excepthook = show


def main(argv: list[str] | None = None) -> int:
    disable_core_dumps()
    qt_app = QApplication(argv if argv is not None else sys.argv)
    qt_app.setOrganizationName("Rapport")
    qt_app.setApplicationName("Rapport")
    qt_app.setApplicationDisplayName("Rapport")
    qt_app.setDesktopFileName(config.APP_ID)  # matches the .desktop file (Wayland, docks)
    qt_app.setWindowIcon(icon("rapport"))
    from ui.desktop import make_resident
    from ui.single_instance import Claim, SingleInstance, claim

    instance = SingleInstance()
    claimed = claim(instance)  # Rapport runs already: show its window instead (or say why not)
    if claimed is not Claim.FIRST:
        return 0 if claimed is Claim.RAISED else 1
    rapport = RapportApp()
    install_error_dialog(rapport)
    tray = make_resident(rapport)
    instance.raise_requested.connect(rapport.reminders.raise_window)
    hidden = "--hidden" in qt_app.arguments() and tray.isSystemTrayAvailable()
    rapport.start(show=not hidden)
    if os.environ.get(QUIT_WHEN_SHOWN_ENV):
        QTimer.singleShot(0, rapport.quit)  # not qt_app.quit: that closes the window first
    code = qt_app.exec()
    rapport.shutdown()
    instance.release()
    return code


if __name__ == "__main__":
    sys.exit(main())
