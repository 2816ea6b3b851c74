"""File > Export…: people as vCard or CSV, or the complete export of everything. The file
is not encrypted, so the dialog says so and asks for a confirmation before the save dialog."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QSettings, Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QRadioButton,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from app.errors import Cancelled, RapportError
from ui.widgets.labels import error_label
from ui.widgets.progress import ProgressRow, WorkProgress

COMPLETE = "json"
FOLDER_SETTING = "export/folder"
WARNING_COLOUR = "#8a6d00"


@dataclass(frozen=True)
class Scope:
    """Whom to export. `person_ids` runs on the worker; None means everyone."""

    key: str  # "everyone", "person", "list"
    label: str
    person_ids: Callable[[], list[int]] | None = None
    file_stem: str = ""


def suggested_name(stem: str, suffix: str) -> str:
    return f"{stem} {dt.date.today().isoformat()}{suffix}"


def with_suffix(path: Path, suffix: str) -> Path:
    return path if path.suffix.lower() == suffix else path.with_name(path.name + suffix)


class ExportDialog(QDialog):
    """Emits `exported(path, people)` once the file is written; the dialog then closes."""

    exported = Signal(Path, int)

    def __init__(self, notebook, ops, scopes: list[Scope], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        from app.interchange import formats

        self.notebook, self.ops, self.scopes = notebook, ops, scopes
        self.suffixes = formats.EXPORT_SUFFIXES
        self.task: WorkProgress | None = None
        self.setWindowTitle(self.tr("Export"))
        self.format = QComboBox()
        for key, label in formats.EXPORT_FORMATS.items():
            self.format.addItem(self.tr(label), key)
        self.format.currentIndexChanged.connect(self._format_changed)
        self.who = QButtonGroup(self)
        who_box = QVBoxLayout()
        for number, scope in enumerate(scopes):
            button = QRadioButton(scope.label)
            self.who.addButton(button, number)
            who_box.addWidget(button)
        self.who.button(0).setChecked(True)  # everyone
        self.complete_note = QLabel(self.tr("The complete export always holds everything: "
                                            "every person, interaction, reminder and setting."))
        self.complete_note.setWordWrap(True)
        who_box.addWidget(self.complete_note)
        self.warning = self._warning_row()
        self.understood = QCheckBox(self.tr("I &understand; export anyway"))
        self.understood.toggled.connect(self._update)
        self.error = error_label()
        self.busy = ProgressRow()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.export_button = self.buttons.addButton(self.tr("&Export…"),
                                                    QDialogButtonBox.ButtonRole.AcceptRole)
        self.export_button.setDefault(True)
        self.buttons.accepted.connect(self.choose_file)
        self.buttons.rejected.connect(self.reject)

        form = QFormLayout()
        form.addRow(self.tr("&Format:"), self.format)
        form.addRow(self.tr("Who:"), who_box)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addSpacing(8)
        layout.addWidget(self.warning)
        layout.addWidget(self.understood)
        layout.addWidget(self.error)
        layout.addWidget(self.busy)
        layout.addWidget(self.buttons)
        self.resize(560, 0)
        self._format_changed()
        self.format.setFocus()

    def _warning_row(self) -> QWidget:
        icon = QLabel()
        size = self.style().pixelMetric(QStyle.PixelMetric.PM_MessageBoxIconSize)
        icon.setPixmap(self.style().standardIcon(
            QStyle.StandardPixmap.SP_MessageBoxWarning).pixmap(size, size))
        icon.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.warning_text = QLabel(self.tr(
            "The exported file is not encrypted: anyone with the file can read it."))
        self.warning_text.setWordWrap(True)
        font = self.warning_text.font()
        font.setBold(True)
        self.warning_text.setFont(font)
        self.warning_text.setStyleSheet(f"color: {WARNING_COLOUR}")
        row = QWidget()
        layout = QHBoxLayout(row)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(icon)
        layout.addWidget(self.warning_text, 1)
        return row

    def fmt(self) -> str:
        return self.format.currentData()

    def scope(self) -> Scope:
        return self.scopes[self.who.checkedId()]

    def _format_changed(self) -> None:
        complete = self.fmt() == COMPLETE
        for button in self.who.buttons():
            button.setEnabled(not complete)
        self.complete_note.setVisible(complete)
        self._update()
        self._fit_height()

    def _fit_height(self) -> None:
        """Grow (or shrink) to the wrapped text shown, keeping the width."""
        layout = self.layout()
        if layout is not None:
            layout.activate()
            self.resize(self.width(), max(layout.heightForWidth(self.width()),
                                          layout.minimumSize().height()))

    def _update(self) -> None:
        self.export_button.setEnabled(self.understood.isChecked() and self.task is None)

    # --- choosing the file and writing it --------------------------------------------------

    def choose_file(self) -> None:
        if not self.understood.isChecked() or self.task is not None:
            return
        suffix = self.suffixes[self.fmt()]
        stem = self.scope().file_stem if self.fmt() != COMPLETE else \
            self.tr("Rapport complete export")
        folder = Path(str(QSettings().value(FOLDER_SETTING, str(Path.home()))))
        chosen, _ = QFileDialog.getSaveFileName(
            self, self.tr("Export to"), str(folder / suggested_name(stem, suffix)),
            self.tr("%1 (*%2)").replace("%1", self.format.currentText()).replace("%2", suffix))
        if chosen:
            self.export_to(with_suffix(Path(chosen), suffix))

    def export_to(self, path: Path) -> None:
        QSettings().setValue(FOLDER_SETTING, str(path.parent))
        self.error.hide()
        self.task = task = WorkProgress(self)
        self._update()
        for widget in (self.format, self.understood, *self.who.buttons()):
            widget.setEnabled(False)
        self.busy.start(self.tr("Exporting to %1…").replace("%1", path.name), task)
        work = self._work(path, task)
        self.ops.run(work, lambda count: self._done(path, count), self._failed)

    def _work(self, path: Path, task: WorkProgress) -> Callable[[], int]:
        notebook, fmt, scope = self.notebook, self.fmt(), self.scope()
        if fmt == COMPLETE:
            return lambda: notebook.archive.export_all(
                path, progress=task.report, should_cancel=task.should_cancel).get("people", 0)

        def export() -> int:
            ids = scope.person_ids() if scope.person_ids is not None else None
            return notebook.exporter.export(path, fmt, ids, progress=task.report,
                                            should_cancel=task.should_cancel)
        return export

    def _done(self, path: Path, count: int) -> None:
        self._finished()
        self.accept()
        self.exported.emit(path, count)

    def _failed(self, error: BaseException) -> None:
        self._finished()
        if isinstance(error, Cancelled):
            text = self.tr("Cancelled; nothing was exported.")
        elif isinstance(error, RapportError):
            text = str(error)
        elif isinstance(error, OSError):
            text = self.tr("The file could not be written: %1").replace(
                "%1", f"{error.filename}: {error.strerror}" if error.filename else str(error))
        else:
            text = self.tr("The export failed: %1").replace("%1", str(error))
        self.error.setText(text)
        self.error.show()

    def _finished(self) -> None:
        self.task = None
        self.busy.stop()
        self.format.setEnabled(True)
        self.understood.setEnabled(True)
        self._format_changed()

    def reject(self) -> None:
        """Cancel or Esc while exporting stops the export (the file never appears)."""
        if self.task is not None:
            self.task.cancel()
            self.busy.set_text(self.tr("Cancelling…"))
            return
        super().reject()

    def done(self, result: int) -> None:
        if self.task is not None:
            self.task.cancel()  # closed from outside: the notebook is being locked
        super().done(result)
