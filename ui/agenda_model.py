"""The agenda page's rows for a QTableView: each section (Overdue, Today, the next 7 and 30
days, Losing touch) is a title row spanning the columns, followed by its items; text is made
only for the rows the view shows. At 100,000 people the next 30 days can hold 12,000
birthdays: a widget item for each (or a tree the view lays out row by row, asking Python
about each) froze the window for a quarter to half a second after every change."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import NamedTuple

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QFont

from app.agenda import AgendaItem, LosingTouch

Index = QModelIndex | QPersistentModelIndex
ROOT = QModelIndex()
Row = AgendaItem | LosingTouch


class Section(NamedTuple):
    key: str        # "overdue", "today", "next_7_days", "next_30_days", "losing_touch"
    title: str      # "Overdue (3)"
    rows: Sequence[Row]


class AgendaModel(QAbstractTableModel):
    def __init__(self, texts: Callable[[Row, dt.datetime], tuple[str, str, str]],
                 tooltip: Callable[[Row], str], headers: Sequence[str],
                 parent: QObject | None = None) -> None:
        """`texts(row, now)`: (when, who, what); `tooltip(row)`: what kind of item it is."""
        super().__init__(parent)
        self._texts, self._tooltip, self._headers = texts, tooltip, list(headers)
        self.sections: list[Section] = []
        self.now = dt.datetime.now().astimezone()
        self._lines: list[Section | Row] = []  # what each row of the table shows
        self._where: dict[str, int] = {}  # item id -> its row
        self.section_font = QFont()
        self.section_font.setBold(True)

    def show(self, sections: list[Section], now: dt.datetime) -> None:
        lines: list[Section | Row] = []
        for section in sections:
            lines.append(section)
            lines += section.rows
        self.beginResetModel()
        self.sections, self.now, self._lines = sections, now, lines
        self._where = {line.item_id: n for n, line in enumerate(lines)
                       if not isinstance(line, Section)}
        self.endResetModel()

    # --- what the page asks -------------------------------------------------------------

    def section_rows(self) -> list[int]:
        """The rows that are section titles."""
        rows, at = [], 0
        for section in self.sections:
            rows.append(at)
            at += 1 + len(section.rows)
        return rows

    def row_at(self, index: Index) -> Row | None:
        """The item or losing-touch entry an index shows (None for a section's title)."""
        if not index.isValid():
            return None
        line = self._lines[index.row()]
        return None if isinstance(line, Section) else line

    def index_of(self, item_id: str | None) -> QModelIndex:
        """The first cell of the item's row; of the first item's for None."""
        first = 1 if self._where else None  # the row under the first section's title
        row = first if item_id is None else self._where.get(item_id)
        return QModelIndex() if row is None else self.index(row, 0)

    def item_ids(self) -> list[str]:
        return list(self._where)

    def section(self, key: str) -> Section | None:
        return next((s for s in self.sections if s.key == key), None)

    def texts(self, row: Row) -> tuple[str, str, str]:
        return self._texts(row, self.now)

    # --- QAbstractTableModel ------------------------------------------------------------

    def rowCount(self, parent: Index = ROOT) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self._lines)

    def columnCount(self, parent: Index = ROOT) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self._headers)

    def flags(self, index: Index) -> Qt.ItemFlag:
        if self.row_at(index) is None:
            return Qt.ItemFlag.ItemIsEnabled if index.isValid() else Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self._headers[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        line = self._lines[index.row()]
        if isinstance(line, Section):
            if role == Qt.ItemDataRole.DisplayRole and index.column() == 0:
                return line.title
            return self.section_font if role == Qt.ItemDataRole.FontRole else None
        if role == Qt.ItemDataRole.DisplayRole:
            return self.texts(line)[index.column()]
        if role == Qt.ItemDataRole.ToolTipRole and index.column() == 0:
            return self._tooltip(line)
        return None
