"""Find duplicates: the likely pairs, with the reason, and Merge… for each."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.services.duplicates import DuplicatePair
from ui.merge_dialog import MergeDialog


class DuplicatesWindow(QWidget):
    merged = Signal(object)  # the merged Person
    person_opened = Signal(int)

    def __init__(self, notebook, parent: QWidget | None = None, ops=None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.notebook, self.ops = notebook, ops
        self.pairs: list[DuplicatePair] = []
        self.loading = False  # the rows shown may be stale until the search answers
        self.setWindowTitle(self.tr("Find duplicates"))
        explain = QLabel(self.tr("People who may be the same person: the same email or phone, "
                                 "or close names at the same company. Merging keeps "
                                 "everything of both."))
        explain.setWordWrap(True)
        self.table = QTableWidget(0, 3)
        self.table.setHorizontalHeaderLabels([self.tr("Person"), self.tr("Possible duplicate"),
                                              self.tr("Why")])
        self.table.setAccessibleName(self.tr("Possible duplicates"))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.setAlternatingRowColors(True)
        self.table.setShowGrid(False)
        header = self.table.horizontalHeader()
        for column in range(3):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
        self.table.itemActivated.connect(lambda _item: self.merge_selected())
        self.table.itemSelectionChanged.connect(self._enable_buttons)
        self.status = QLabel()
        self.merge_button = QPushButton(self.tr("&Merge…"))
        self.merge_button.setDefault(True)
        self.merge_button.clicked.connect(self.merge_selected)
        self.open_button = QPushButton(self.tr("&Open"))
        self.open_button.setToolTip(
            self.tr("Show the first person of the pair in the main window"))
        self.open_button.clicked.connect(self._open_selected)
        self.dismiss_button = QPushButton(self.tr("&Not the same person"))
        self.dismiss_button.setToolTip(self.tr("Never offer this pair again"))
        self.dismiss_button.clicked.connect(self.dismiss_selected)
        again = QPushButton(self.tr("&Search again"))
        again.clicked.connect(self.refresh)
        buttons = QHBoxLayout()
        buttons.addWidget(self.status, 1)
        buttons.addWidget(again)
        buttons.addWidget(self.open_button)
        buttons.addWidget(self.dismiss_button)
        buttons.addWidget(self.merge_button)
        layout = QVBoxLayout(self)
        layout.addWidget(explain)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        self.resize(820, 480)
        self.refresh()

    def refresh(self) -> None:
        self.status.setText(self.tr("Looking for duplicates…"))
        self.loading = True
        self._enable_buttons()
        find = self.notebook.duplicates.find
        if self.ops is None:
            self._show(find())
        else:
            self.ops.run(find, self._show, lambda exc: self.status.setText(str(exc)))

    def _show(self, pairs: list[DuplicatePair]) -> None:
        self.loading = False
        self.pairs = pairs
        self.table.setRowCount(len(pairs))
        self.table.clearSelection()
        for row, pair in enumerate(pairs):
            same_name = pair.first.name.casefold() == pair.second.name.casefold()
            for column, text in enumerate((
                    self._who(pair.first, pair.first_hint, same_name),
                    self._who(pair.second, pair.second_hint, same_name), pair.reason)):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                self.table.setItem(row, column, item)
        self.status.setText(self.tr("No likely duplicates.") if not pairs else
                            self.tr("1 possible duplicate") if len(pairs) == 1 else
                            self.tr("%1 possible duplicates").replace("%1", str(len(pairs))))
        if pairs:
            self.table.selectRow(0)
            self.table.setFocus()
        self._enable_buttons()

    @staticmethod
    def _who(person, hint: str, same_name: bool) -> str:
        """The name; for two cards of one name also the id and company or email, which is
        what tells them apart."""
        if not same_name:
            return person.name
        return f"{person.name}  (#{person.id}{', ' + hint if hint else ''})"

    def _pair_buttons(self) -> tuple[QPushButton, ...]:
        return self.open_button, self.dismiss_button, self.merge_button

    def _enable_buttons(self) -> None:
        has_pair = not self.loading and self.selected() is not None and \
            self.table.selectionModel().hasSelection()
        for button in self._pair_buttons():
            button.setEnabled(has_pair)

    def selected(self) -> DuplicatePair | None:
        row = self.table.currentRow()
        return self.pairs[row] if 0 <= row < len(self.pairs) else None

    def merge_dialog(self) -> MergeDialog | None:
        pair = self.selected()
        if pair is None:
            return None
        return MergeDialog(self.notebook, pair.first.id, pair.second.id, self, self.ops)

    def merge_selected(self) -> MergeDialog | None:
        """The Merge dialog for the selected pair (window-modal; the merge runs on the
        database worker, with the dialog's buttons disabled until it is done)."""
        dialog = self.merge_dialog()
        if dialog is None:
            return None
        dialog.accepted.connect(lambda: self._merged(dialog))
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()
        return dialog

    def _merged(self, dialog: MergeDialog) -> None:
        self.merged.emit(dialog.merged)
        self.refresh()

    def dismiss_selected(self) -> None:
        pair = self.selected()
        if pair is None:
            return
        row = self.table.currentRow()
        self.notebook.duplicates.dismiss(pair.first.id, pair.second.id)
        self.table.removeRow(row)
        del self.pairs[row]
        self._show(self.pairs)

    def _open_selected(self) -> None:
        pair = self.selected()
        if pair is not None:
            self.person_opened.emit(pair.first.id)
