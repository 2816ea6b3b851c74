"""Wires the Network menu (introductions, pipeline, duplicates), Edit > Undo merge and the
person page's introduction links into the application."""

from __future__ import annotations

import shiboken6
from PySide6.QtCore import QObject
from PySide6.QtWidgets import QMessageBox, QPushButton, QWidget

from app.domain import IntroductionStatus, Person, PersonRef
from app.errors import RapportError
from ui.duplicates_view import DuplicatesWindow
from ui.introductions_view import STATUS_TITLES, IntroductionDialog, IntroductionsWindow
from ui.pipeline_view import PipelineWindow

UNDO_SHORTCUT = "Ctrl+Z"


class NetworkFeatures(QObject):
    def __init__(self, rapport) -> None:
        super().__init__(rapport)
        self.app = rapport
        self.windows: dict[str, QWidget] = {}
        w = rapport.window
        w.actions["introductions"].triggered.connect(self.open_introductions)
        w.actions["new_introduction"].triggered.connect(self.record_introduction)
        w.actions["pipeline"].triggered.connect(self.open_pipeline)
        w.actions["duplicates"].triggered.connect(self.open_duplicates)
        w.actions["undo_merge"].triggered.connect(self.undo_merge)
        w.workspace.view.intro_status.connect(self.set_intro_status)
        w.workspace.view.intro_thanked.connect(self.mark_thanked)

    @property
    def notebook(self):
        return self.app.notebook

    # --- windows ---------------------------------------------------------------------------

    def _show(self, key: str, make) -> QWidget | None:
        if self.notebook is None:
            return None
        window = self.windows.get(key)
        if window is None:
            window = make()
            self.windows[key] = window
        window.show()
        window.raise_()
        window.activateWindow()
        return window

    def open_pipeline(self) -> PipelineWindow | None:
        def make():
            window = PipelineWindow(self.notebook, self.app.window)
            window.person_opened.connect(self._open_person)
            window.stage_changed.connect(lambda _id: self.app._changed(self.app.current_person_id))
            self.app.reminders.agenda_changed.connect(window.data_changed)  # after every change
            return window
        window = self._show("pipeline", make)
        if window is not None:
            window.refresh()
        return window

    def open_introductions(self) -> IntroductionsWindow | None:
        def make():
            window = IntroductionsWindow(self.notebook, self.app.window)
            window.person_opened.connect(self._open_person)
            window.changed.connect(lambda _id: self._refresh_person())
            return window
        window = self._show("introductions", make)
        if window is not None:
            window.refresh()
        return window

    def open_duplicates(self) -> DuplicatesWindow | None:
        def make():
            window = DuplicatesWindow(self.notebook, self.app.window, self.app.ops)
            window.person_opened.connect(self._open_person)
            window.merged.connect(self.merged)
            return window
        window = self._show("duplicates", make)
        if window is not None and window.table.rowCount() == 0:
            window.refresh()
        return window

    def close_windows(self) -> None:
        """On lock: nothing of the notebook may stay on screen."""
        for window in self.windows.values():
            window.close()
            window.deleteLater()
        self.windows = {}
        self.app.window.actions["undo_merge"].setEnabled(False)

    def unlocked(self) -> None:
        self._update_undo_action()

    def _open_person(self, person_id: int) -> None:
        self.app.window.raise_()
        self.app.window.activateWindow()
        self.app.window.workspace.select_person(person_id)

    def _refresh_person(self) -> None:
        # _changed also refreshes the list: an introduction may have added its target.
        self.app._changed(self.app.current_person_id)

    # --- introductions from the person page --------------------------------------------------

    def record_introduction(self) -> IntroductionDialog | None:
        if self.notebook is None:
            return None
        person = self.notebook.people.get(self.app.current_person_id) \
            if self.app.current_person_id is not None else None
        dialog = IntroductionDialog(self.notebook, self.app.window, self.app.ops,
                                    connector=person)
        dialog.accepted.connect(self._introduction_recorded)
        dialog.open()
        return dialog

    def _introduction_recorded(self) -> None:
        self._refresh_person()
        if "introductions" in self.windows:
            self.windows["introductions"].refresh()
        self.app.window.statusBar().showMessage(self.tr("Introduction recorded."), 4000)

    def set_intro_status(self, introduction_id: int, status: str) -> None:
        try:
            intro = self.notebook.introductions.set_status(introduction_id,
                                                           IntroductionStatus(status))
        except (RapportError, ValueError) as exc:
            QMessageBox.warning(self.app.window, self.tr("Status not changed"), str(exc))
            return
        self._refresh_person()
        note = {IntroductionStatus.ASKED: self.tr(" A reminder to ask again is set."),
                IntroductionStatus.INTRODUCED: self.tr(" A reminder to say thank you is set."),
                IntroductionStatus.MET: self.tr(" A reminder to say thank you is set.")}
        message = self.tr("Marked %1.").replace("%1", STATUS_TITLES[intro.status])
        if intro.status in note and not (intro.happened and intro.thanked_on):
            message += note[intro.status]
        self.app.window.statusBar().showMessage(message, 6000)

    def mark_thanked(self, introduction_id: int) -> None:
        intro = self.notebook.introductions.mark_thanked(introduction_id)
        self._refresh_person()
        self.app.window.statusBar().showMessage(
            self.tr("Noted: you thanked %1.").replace("%1", intro.connector.name), 4000)

    # --- merge and its undo ------------------------------------------------------------------

    def _merge_text(self, kept: PersonRef, removed: PersonRef) -> str:
        """"the two cards of Maria Okafor (#8 into #1)": both names when they differ, and
        the ids, which tell two cards of one name apart."""
        ids = self.tr("#%1 into #%2").replace("%1", str(removed.id)).replace("%2", str(kept.id))
        if kept.name == removed.name:
            return self.tr("the two cards of %1 (%2)").replace("%1", kept.name).replace("%2", ids)
        return self.tr("%1 into %2 (%3)").replace("%1", removed.name).replace(
            "%2", kept.name).replace("%3", ids)

    def merged(self, person: Person) -> None:
        last = self.notebook.merge.last
        self.app._changed(person.id)
        self._update_undo_action()
        self.app._offer_undo(
            self.tr("Merged %1. Undo: %2").replace(
                "%1", self._merge_text(person.ref(), last.removed)).replace("%2", UNDO_SHORTCUT),
            self.undo_merge)

    def undo_merge(self) -> None:
        if self.notebook is None or self.notebook.merge.last is None:
            return
        last = self.notebook.merge.last
        try:
            self.notebook.merge.undo()
        except RapportError as exc:
            QMessageBox.warning(self.app.window, self.tr("Merge not undone"), str(exc))
            return
        self.app._drop_undo()
        self._update_undo_action()
        self.app._changed(last.kept.id)
        if "duplicates" in self.windows:
            self.windows["duplicates"].refresh()
        self.app.window.statusBar().showMessage(
            self.tr("Merge undone: %1 (#%2) and %3 (#%4) are two people again.")
            .replace("%1", last.kept.name).replace("%2", str(last.kept.id))
            .replace("%3", last.removed.name).replace("%4", str(last.removed.id)), 6000)

    def _update_undo_action(self) -> None:
        action = self.app.window.actions["undo_merge"]
        last = self.notebook.merge.last if self.notebook is not None else None
        action.setEnabled(last is not None)
        action.setText(self.tr("&Undo merge of %1").replace(
            "%1", self._merge_text(last.kept, last.removed)) if last else self.tr("&Undo merge"))

    def undo_button_shown(self, button: QPushButton) -> None:
        """A status-bar Undo button takes Ctrl+Z while it lives: two owners of one shortcut
        would make Qt ignore it."""
        action = self.app.window.actions["undo_merge"]
        action.setShortcut("")

        def give_back() -> None:
            if shiboken6.isValid(action):  # the window may be gone first (shutdown)
                action.setShortcut(UNDO_SHORTCUT)
        button.destroyed.connect(give_back)
