"""File > Restore from backup…: choose one of the notebook's backups (or any backup file) and
type its passphrase; the application then locks the notebook and restores it."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.services.backups import BackupInfo
from ui.dates import day_month_year
from ui.widgets.labels import error_label

BACKUP_FILTER = "Rapport backups (*.rapport);;All files (*)"


def _tr(text: str) -> str:
    return QCoreApplication.translate("Backups", text)


def reason_text(reason: str) -> str:
    """Why a backup was made, in words ("before-import" -> "Before an import")."""
    known = {"daily": _tr("Daily automatic backup"), "manual": _tr("Made with “Back up now”"),
             "before-import": _tr("Before an import"),
             "before-restore": _tr("Before restoring a backup"),
             "before-passphrase-change": _tr("Before changing the passphrase"),
             "damaged": _tr("Copy of a notebook that would not open")}
    if reason in known:
        return known[reason]
    if reason.startswith("before-upgrade"):
        return _tr("Before upgrading Rapport")
    if reason.startswith("before-"):
        return _tr("Before %1").replace("%1", reason.removeprefix("before-").replace("-", " "))
    return reason


def when_text(moment: dt.datetime) -> str:
    local = moment.astimezone()
    return f"{local:%a} {day_month_year(local)}, {local:%H:%M}"


def size_text(size: int) -> str:
    if size < 1024 * 1024:
        return _tr("%1 KB").replace("%1", f"{max(size // 1024, 1):,}")
    return _tr("%1 MB").replace("%1", f"{size / 2**20:,.1f}")


class RestoreBackupDialog(QDialog):
    """Pick a backup, type its passphrase, confirm. `restore_requested(path, when, passphrase)`
    is emitted once the user has confirmed; the dialog is closed by then."""

    restore_requested = Signal(Path, str, str)  # backup, when it was taken (words), passphrase

    def __init__(self, notebook: Path, backups: list[BackupInfo], backups_folder: Path,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.notebook, self.backups_folder = notebook, backups_folder
        self.setWindowTitle(self.tr("Restore from a backup"))
        intro = QLabel(self.tr(
            "Choose the backup to bring back. It replaces the notebook as it is now; a copy "
            "of the current notebook is kept first, so this can be undone."))
        intro.setWordWrap(True)
        self.list = QTreeWidget()
        self.list.setAccessibleName(self.tr("Backups"))
        self.list.setHeaderLabels([self.tr("Taken"), self.tr("Why"), self.tr("Size")])
        self.list.setRootIsDecorated(False)
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list.header().setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        self.list.header().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.list.header().setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        self.list.setMinimumHeight(180)
        for backup in backups:
            self._add(backup.path, when_text(backup.taken_at), reason_text(backup.reason),
                      size_text(backup.size))
        self.empty = QLabel(self.tr("There are no automatic backups in %1 yet.").replace(
            "%1", str(backups_folder)))
        self.empty.setWordWrap(True)
        self.empty.setVisible(not backups)
        self.list.currentItemChanged.connect(lambda *_: self._update())
        self.list.itemActivated.connect(lambda *_: self.passphrase.setFocus())
        browse = QPushButton(self.tr("&Other backup file…"))
        browse.clicked.connect(self._browse)
        self.passphrase = QLineEdit()
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.passphrase.setAccessibleName(self.tr("Passphrase of the backup"))
        self.passphrase.textChanged.connect(lambda _: self._update())
        hint = QLabel(self.tr("The passphrase the notebook had when the backup was made (an "
                              "older one, if you have changed it since)."))
        hint.setWordWrap(True)
        hint.setStyleSheet("color: palette(mid)")
        self.error = error_label()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.restore_button = self.buttons.addButton(self.tr("&Restore…"),
                                                     QDialogButtonBox.ButtonRole.AcceptRole)
        self.restore_button.setDefault(True)
        self.buttons.accepted.connect(self._confirm)
        self.buttons.rejected.connect(self.reject)

        form = QFormLayout()
        form.addRow(self.tr("&Passphrase:"), self.passphrase)
        form.addRow("", hint)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.empty)
        layout.addWidget(browse, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.resize(620, 480)
        if backups:
            self.list.setCurrentItem(self.list.topLevelItem(0))
        self._update()
        (self.list if backups else browse).setFocus()

    def _add(self, path: Path, when: str, why: str, size: str) -> QTreeWidgetItem:
        item = QTreeWidgetItem([when, why, size])
        item.setData(0, Qt.ItemDataRole.UserRole, str(path))
        item.setToolTip(0, str(path))
        self.list.addTopLevelItem(item)
        return item

    def _browse(self) -> None:
        chosen, _ = QFileDialog.getOpenFileName(self, self.tr("Choose a backup"),
                                                str(self.backups_folder), self.tr(BACKUP_FILTER))
        if chosen:
            self.choose_file(Path(chosen))

    def choose_file(self, path: Path) -> None:
        """A backup file from anywhere (another drive, a "Back up now" folder)."""
        try:
            stat = path.stat()
        except OSError as exc:
            self.error.setText(f"{path}: {exc.strerror}")
            self.error.show()
            return
        taken = dt.datetime.fromtimestamp(stat.st_mtime)
        item = self._add(path, when_text(taken), path.name, size_text(stat.st_size))
        self.list.setCurrentItem(item)
        self.passphrase.setFocus()

    def chosen(self) -> tuple[Path, str] | None:
        item = self.list.currentItem()
        if item is None:
            return None
        return Path(item.data(0, Qt.ItemDataRole.UserRole)), item.text(0)

    def _update(self) -> None:
        self.error.hide()
        self.restore_button.setEnabled(self.chosen() is not None and bool(self.passphrase.text()))

    def _confirm(self) -> None:
        chosen = self.chosen()
        if chosen is None or not self.passphrase.text():
            return
        path, when = chosen
        if path.resolve() == self.notebook.resolve():
            self.error.setText(self.tr("That is the notebook itself; choose a backup of it."))
            self.error.show()
            return
        box = QMessageBox(QMessageBox.Icon.Warning, self.tr("Replace the notebook?"),
                          self.tr("Replace the notebook with the backup from %1?\n\nThe current "
                                  "notebook is kept at %2 (a copy named “before-restore”).")
                          .replace("%1", when).replace("%2", str(self.backups_folder)),
                          QMessageBox.StandardButton.Cancel, self)
        replace = box.addButton(self.tr("Replace"), QMessageBox.ButtonRole.DestructiveRole)
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        box.buttonClicked.connect(lambda button: self._answered(button is replace, path, when))
        box.open()

    def _answered(self, replace: bool, path: Path, when: str) -> None:
        if not replace:
            return
        passphrase = self.passphrase.text()
        self.passphrase.clear()
        self.accept()
        self.restore_requested.emit(path, when, passphrase)
