"""Help > About Rapport: the version, the licence, and the notices of the libraries inside."""

from __future__ import annotations

from importlib import metadata

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QSplitter,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app import __version__
from app.notices import PROJECT, Notice, bundled_notices
from ui.resources import icon

LICENCE = "GPL-3.0-or-later"
LICENCE_URL = "https://www.gnu.org/licenses/gpl-3.0.html"


def summary() -> str:
    try:
        return metadata.metadata(PROJECT)["Summary"] or ""
    except metadata.PackageNotFoundError:  # a source tree never installed
        return ""


class AboutDialog(QDialog):
    def __init__(self, parent: QWidget | None = None,
                 notices: list[Notice] | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("About Rapport"))
        self.notices = bundled_notices() if notices is None else notices

        logo = QLabel()
        logo.setPixmap(icon("rapport").pixmap(72, 72))
        logo.setAlignment(Qt.AlignmentFlag.AlignTop)
        version = self.tr("Version %1").replace("%1", __version__)
        self.heading = QLabel(f"<h2 style='margin:0'>Rapport</h2>"
                              f"<p style='margin-top:4px'>{version}</p>")
        self.heading.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        description = QLabel(summary())
        description.setWordWrap(True)
        licence = QLabel(self.tr("Free software under the %1 licence. It comes with no "
                                 "warranty.").replace(
            "%1", f"<a href='{LICENCE_URL}'>{LICENCE}</a>"))
        licence.setOpenExternalLinks(True)
        licence.setWordWrap(True)
        intro = QVBoxLayout()
        for widget in (self.heading, description, licence):
            intro.addWidget(widget)
        top = QHBoxLayout()
        top.addWidget(logo)
        top.addLayout(intro, 1)

        libraries = QLabel(self.tr("Rapport is built on these libraries (select one to read "
                                   "its licence):"))
        libraries.setWordWrap(True)
        self.table = QTreeWidget()
        self.table.setRootIsDecorated(False)
        self.table.setHeaderLabels([self.tr("Library"), self.tr("Version"), self.tr("Licence")])
        self.table.setAccessibleName(self.tr("Bundled libraries"))
        for notice in self.notices:
            item = QTreeWidgetItem([notice.name, notice.version, notice.licence])
            item.setToolTip(2, notice.licence)
            self.table.addTopLevelItem(item)
        header = self.table.header()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.text = QPlainTextEdit(readOnly=True)
        self.text.setAccessibleName(self.tr("Licence text"))
        self.text.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.table)
        split.addWidget(self.text)
        split.setSizes([230, 170])
        self.table.currentItemChanged.connect(self._show_licence)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addSpacing(6)
        layout.addWidget(libraries)
        layout.addWidget(split, 1)
        layout.addWidget(buttons)
        self.resize(640, 600)
        if self.notices:
            self.table.setCurrentItem(self.table.topLevelItem(0))

    def _show_licence(self, current: QTreeWidgetItem | None, _previous=None) -> None:
        if current is None:
            self.text.clear()
            return
        notice = self.notices[self.table.indexOfTopLevelItem(current)]
        lines = [f"{notice.name} {notice.version}: {notice.licence}"]
        if notice.note:
            lines.append(notice.note[0].upper() + notice.note[1:] + ".")
        lines.append("")
        lines.append("\n\n".join(notice.texts) if notice.texts else self.tr(
            "The full text of this licence is not shipped with the library's metadata; "
            "the licence named above applies."))
        self.text.setPlainText("\n".join(lines))
        self.text.moveCursor(self.text.textCursor().MoveOperation.Start)
