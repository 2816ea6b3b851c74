"""The Meeting brief window: choose the attendees, read the brief, print it or save a PDF."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from PySide6.QtCore import QDate, QSettings, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QDateEdit,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from app.errors import RapportError
from ui.brief_pdf import brief_text_document, write_pdf
from ui.widgets.person_picker import PersonPicker

PDF_FOLDER_SETTING = "brief/folder"


def pdf_name(names: list[str]) -> str:
    """'Brief - Ana Lima, Ben Ode.pdf', without characters file systems refuse."""
    text = ", ".join(names[:3]) + (" and others" if len(names) > 3 else "")
    safe = " ".join(re.sub(r'[\\/:*?"<>|\x00-\x1f]+', " ", text).split())
    # "Jr." must not make "Jr..pdf" (and Windows drops a name's final dots anyway).
    return f"Brief - {safe.rstrip('. ')}.pdf"


class BriefWindow(QDialog):
    """Not modal: the brief stays open beside the notebook. Locking closes it."""

    def __init__(self, notebook, attendees: list[tuple[int, str]] = (),
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.notebook = notebook
        self.briefs: list = []
        self.document = None
        self.setWindowTitle(self.tr("Meeting brief"))
        self.setWindowFlag(Qt.WindowType.WindowMaximizeButtonHint, True)
        self.picker = PersonPicker(notebook, self.tr("Add an attendee: type a name…"))
        self.picker.setAccessibleName(self.tr("Add an attendee"))
        self.picker.picked.connect(self._picked)
        self.picker.not_found.connect(self._not_found)
        self.attendees = QListWidget()
        self.attendees.setAccessibleName(self.tr("Attendees"))
        self.attendees.setFlow(QListWidget.Flow.LeftToRight)
        self.attendees.setWrapping(True)
        self.attendees.setSpacing(3)
        self.attendees.setFixedHeight(34)
        self.attendees.setToolTip(self.tr("Select an attendee and press Delete to remove them"))
        remove = QPushButton(self.tr("Remove"))
        remove.setAccessibleName(self.tr("Remove the selected attendee"))
        remove.clicked.connect(self._remove_selected)
        QShortcut(QKeySequence.StandardKey.Delete, self.attendees, self._remove_selected)
        self.date = QDateEdit(QDate.currentDate())
        self.date.setCalendarPopup(True)
        self.date.setDisplayFormat("d MMM yyyy")
        self.date.setAccessibleName(self.tr("Meeting date"))
        self.date.dateChanged.connect(lambda _: self.refresh())
        self.view = QTextBrowser()
        self.view.setAccessibleName(self.tr("Brief"))
        self.view.setOpenLinks(False)
        self.message = QLabel()
        self.message.setStyleSheet("color: palette(mid)")
        self.print_button = QPushButton(self.tr("&Print…"))
        self.print_button.setShortcut(QKeySequence.StandardKey.Print)
        self.print_button.setToolTip(self.tr("Print the brief (Ctrl+P)"))
        self.print_button.clicked.connect(self.print_brief)
        self.pdf_button = QPushButton(self.tr("&Save as PDF…"))
        self.pdf_button.setShortcut(QKeySequence.StandardKey.Save)
        self.pdf_button.setToolTip(self.tr("Save the brief as a PDF file (Ctrl+S)"))
        self.pdf_button.clicked.connect(lambda: self.save_pdf())
        close = QPushButton(self.tr("Close"))
        close.clicked.connect(self.close)

        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("Attendees")))
        top.addWidget(self.picker, 2)
        top.addWidget(QLabel(self.tr("Meeting on")))
        top.addWidget(self.date)
        chosen = QHBoxLayout()
        chosen.addWidget(self.attendees, 1)
        chosen.addWidget(remove)
        bottom = QHBoxLayout()
        bottom.addWidget(self.message, 1)
        bottom.addWidget(self.print_button)
        bottom.addWidget(self.pdf_button)
        bottom.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(chosen)
        layout.addWidget(self.view, 1)
        layout.addLayout(bottom)
        self.resize(760, 860)
        screen = self.screen().availableGeometry() if self.screen() else None
        if screen is not None and screen.height() < 900:  # its buttons stay on screen
            self.resize(min(760, screen.width() - 40), screen.height() - 60)
        for person_id, name in attendees:
            self.add_attendee(person_id, name, refresh=False)
        self.refresh()
        self.picker.setFocus()

    # --- attendees ------------------------------------------------------------------------

    def attendee_ids(self) -> list[int]:
        return [self.attendees.item(r).data(Qt.ItemDataRole.UserRole)
                for r in range(self.attendees.count())]

    def add_attendee(self, person_id: int, name: str, *, refresh: bool = True) -> None:
        if person_id in self.attendee_ids():
            return
        item = QListWidgetItem(name)
        item.setData(Qt.ItemDataRole.UserRole, person_id)
        self.attendees.addItem(item)
        if refresh:
            self.refresh()

    def _picked(self, person_id: int, name: str) -> None:
        self.picker.clear()
        self.add_attendee(person_id, name)

    def _not_found(self, text: str) -> None:
        self.message.setText(self.picker.not_found_message(text))

    def _remove_selected(self) -> None:
        for item in self.attendees.selectedItems():
            self.attendees.takeItem(self.attendees.row(item))
        self.refresh()

    # --- the brief ------------------------------------------------------------------------

    def today(self) -> dt.date:
        return self.date.date().toPython()

    def refresh(self) -> None:
        ids = self.attendee_ids()
        has_brief = bool(ids)
        self.print_button.setEnabled(has_brief)
        self.pdf_button.setEnabled(has_brief)
        if not ids:
            self.briefs, self.document = [], None
            self.view.setHtml("<p style='color: gray'>" + self.tr(
                "Add the people you are meeting: one page about each of them, to read on "
                "screen, print, or save as a PDF.") + "</p>")
            self.message.clear()
            return
        try:
            self.briefs = self.notebook.brief.build(ids, today=self.today())
        except RapportError as exc:
            self.message.setText(str(exc))
            return
        self.document = brief_text_document(self.briefs, self.today(), on_screen=True)
        self.document.setParent(self)
        self.view.setDocument(self.document)
        count = len(self.briefs)
        self.message.setText(self.tr("1 page") if count == 1 else
                             self.tr("%1 pages, one per attendee").replace("%1", str(count)))

    def print_brief(self, printer: QPrinter | None = None) -> None:
        """Ctrl+P: the print dialog, then one page per attendee (a printer given skips the
        dialog)."""
        if self.document is None:
            return
        if printer is None:
            printer = QPrinter(QPrinter.PrinterMode.HighResolution)
            dialog = QPrintDialog(printer, self)
            dialog.setWindowTitle(self.tr("Print the brief"))
            if dialog.exec() != QDialog.DialogCode.Accepted:
                return
        # The printed copy is laid out for paper, not for this window's width.
        brief_text_document(self.briefs, self.today()).print_(printer)

    def save_pdf(self, path: Path | None = None) -> Path | None:
        if not self.briefs:
            return None
        if path is None:
            settings = QSettings()
            folder = str(settings.value(PDF_FOLDER_SETTING, str(Path.home())))
            chosen, _ = QFileDialog.getSaveFileName(
                self, self.tr("Save the brief as PDF"),
                str(Path(folder) / pdf_name([b.name for b in self.briefs])),
                self.tr("PDF files (*.pdf)"))
            if not chosen:
                return None
            path = Path(chosen)
            if path.suffix.lower() != ".pdf":
                path = path.with_name(path.name + ".pdf")
            settings.setValue(PDF_FOLDER_SETTING, str(path.parent))
        try:
            written = write_pdf(self.briefs, self.today(), path)
        except OSError as exc:
            QMessageBox.warning(self, self.tr("Brief not saved"),
                                self.tr("The PDF could not be written: %1").replace(
                                    "%1", f"{exc.filename or path}: {exc.strerror or exc}"))
            return None
        self.message.setText(self.tr("Saved to %1 (not encrypted).").replace(
            "%1", str(written)))
        return written
