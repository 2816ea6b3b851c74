"""Rapport as a resident desktop app: the tray icon and notifications, what closing the
window means, start at login, the notification settings, and one instance per user."""

from __future__ import annotations

import sys

from PySide6.QtCore import QEvent, QObject, QSettings, QTime
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QMessageBox,
    QSystemTrayIcon,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from ui import autostart
from ui.notifier import FreedesktopNotifications, Notifier
from ui.reminders import DIGEST_SETTING, DIGEST_TIME_SETTING, digest_settings
from ui.resources import icon

TOLD_SETTING = "tray/told_still_running"


class NotificationSettingsDialog(QDialog):
    """File > Reminder notifications…: the daily digest and its time."""

    def __init__(self, settings: QSettings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.settings = settings
        self.setWindowTitle(self.tr("Reminder notifications"))
        enabled, at = digest_settings(settings)
        self.digest = QCheckBox(self.tr("Send a daily digest of the day's agenda"))
        self.digest.setChecked(enabled)
        self.at = QTimeEdit(QTime(at.hour, at.minute))
        self.at.setDisplayFormat("HH:mm")
        self.at.setMaximumWidth(self.at.sizeHint().width() + 24)
        self.at.setEnabled(enabled)
        self.digest.toggled.connect(self.at.setEnabled)
        note = QLabel(self.tr("A notification also comes whenever an item falls due. While the "
                              "notebook is locked, notifications say how many items are due, "
                              "never whom they are about."))
        note.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form = QFormLayout()
        form.addRow(self.digest)
        form.addRow(self.tr("At"), self.at)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(note)
        layout.addWidget(buttons)
        self.resize(440, self.sizeHint().height())

    def accept(self) -> None:
        self.settings.setValue(DIGEST_SETTING, "true" if self.digest.isChecked() else "false")
        self.settings.setValue(DIGEST_TIME_SETTING, self.at.time().toString("HH:mm"))
        super().accept()


def connect_actions(rapport) -> None:
    window = rapport.window
    start_at_login = window.actions["autostart"]
    start_at_login.setVisible(sys.platform.startswith("linux"))  # elsewhere: the installer
    start_at_login.setChecked(autostart.is_enabled())
    start_at_login.toggled.connect(lambda on: set_start_at_login(window, on))

    def settings_dialog() -> None:
        if NotificationSettingsDialog(rapport.settings, window).exec():
            rapport.reminders.check()  # the digest moment may have moved

    window.actions["notifications"].triggered.connect(settings_dialog)


def set_start_at_login(window, on: bool) -> None:
    try:
        if on:
            path = autostart.enable()
            window.statusBar().showMessage(
                window.tr("Rapport will start in the tray when you log in (%1).").replace(
                    "%1", str(path)), 6000)
        else:
            autostart.disable()
            window.statusBar().showMessage(window.tr("Rapport will not start at login."), 4000)
    except OSError as exc:
        QMessageBox.warning(window, window.tr("Start at login"),
                            window.tr("The login entry could not be changed: %1").replace(
                                "%1", exc.strerror or str(exc)))
        action = window.actions["autostart"]
        action.blockSignals(True)
        action.setChecked(autostart.is_enabled())
        action.blockSignals(False)


class CloseBehaviour(QObject):
    """Closing the window hides it when a tray icon can bring it back (saying so the first
    time); without a system tray it asks whether to quit, since reminders stop with it.

    A quit already under way (File > Quit, the tray's Quit, the desktop's Quit event at
    logout) closes the window with no question: Qt closes every window before quitting, and
    a question then would block a logout. When the session ends, dialogs close without
    asking "Discard changes?" too (what was typed in them is not in the notebook yet)."""

    def __init__(self, rapport, tray_available=QSystemTrayIcon.isSystemTrayAvailable) -> None:
        super().__init__(rapport)
        self.rapport = rapport
        self.tray_available = tray_available
        self.quitting = False
        self.session_ending = False
        self._question: QMessageBox | None = None
        rapport.window.installEventFilter(self)
        app = QApplication.instance()
        app.installEventFilter(self)  # sees the Quit event before Qt closes the windows for it
        app.commitDataRequest.connect(self.session_ends)
        rapport.window.destroyed.connect(self._detach)

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 (Qt's name)
        kind = event.type()
        if kind == QEvent.Type.Quit:
            self.quitting = True
        elif kind == QEvent.Type.Show and watched is self.rapport.window:
            self.quitting = self.session_ending = False  # a quit or logout was called off
        elif kind == QEvent.Type.Close:
            if watched is self.rapport.window:
                return self._window_closing(event)
            if self.session_ending and isinstance(watched, QDialog) and watched.isVisible():
                watched.done(QDialog.DialogCode.Rejected)  # no "Discard changes?" at logout
                return True
        return False

    def session_ends(self, _manager=None) -> None:
        """The desktop is logging out (QGuiApplication.commitDataRequest): never ask."""
        self.session_ending = self.quitting = True
        if self._question is not None and self._question.isVisible():
            self._question.reject()

    def _window_closing(self, event) -> bool:
        if self.quitting:
            return False  # part of the quit: let it close
        event.ignore()
        if self.tray_available():
            QApplication.instance().setQuitOnLastWindowClosed(False)
            self.rapport.window.hide()
            self._say_still_running()
        elif self._confirm_quit() or self.session_ending:
            self.rapport.quit()
        return True

    def _say_still_running(self) -> None:
        settings = self.rapport.settings
        if str(settings.value(TOLD_SETTING, "false")) == "true":
            return
        settings.setValue(TOLD_SETTING, "true")
        self.rapport.reminders.notifier.notify(
            self.tr("Rapport is still running"),
            self.tr("Reminders keep coming from the icon in the system tray. To quit, choose "
                    "Quit Rapport in its menu."))

    def _confirm_quit(self) -> bool:
        box = QMessageBox(QMessageBox.Icon.Question, self.tr("Quit Rapport?"),
                          self.tr("This desktop has no system tray, so Rapport cannot keep "
                                  "running without its window. Reminders will not arrive "
                                  "until you start it again."),
                          QMessageBox.StandardButton.Cancel, self.rapport.window)
        quit_button = box.addButton(self.tr("Quit"), QMessageBox.ButtonRole.AcceptRole)
        box.setDefaultButton(quit_button)
        self._question = box
        box.exec()
        self._question = None
        return box.clickedButton() is quit_button

    def _detach(self) -> None:
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)


def make_resident(rapport) -> QSystemTrayIcon:
    """The real tray icon, notifications and close behaviour (main() only: tests use fakes)."""
    tray = QSystemTrayIcon(icon("rapport"), rapport)
    rapport.reminders.attach_tray(tray, icon("rapport"))
    rapport.reminders.attach_notifier(Notifier(tray, FreedesktopNotifications.open(), rapport))
    tray.show()
    if QSystemTrayIcon.isSystemTrayAvailable():
        QApplication.instance().setQuitOnLastWindowClosed(False)
    CloseBehaviour(rapport)
    return tray
