"""The import preview as a Qt model over an ImportPlan's records, and the Action column's
drop-down. Only the rows on screen are ever formatted, so 100,000 records scroll like ten."""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QCoreApplication, QModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionComboBox,
    QWidget,
)

from app.services.importer import Action, ImportPlan, Match, PlannedRecord


def _tr(text: str) -> str:
    return QCoreApplication.translate("ImportPlanModel", text)


def choices(item: PlannedRecord) -> list[Action]:
    """What the user may choose for a row (none: it follows an earlier row of the file)."""
    if not item.decidable:
        return []
    if item.match == Match.NEW:
        return [Action.ADD, Action.SKIP]
    if item.match == Match.SAME:
        return [Action.MERGE, Action.SKIP]
    if item.existing_name:
        return [Action.ADD, Action.MERGE, Action.SKIP]
    return [Action.ADD, Action.SKIP]  # matches someone in the trash or a loved one


def action_text(item: PlannedRecord, action: Action) -> str:
    if action == Action.SKIP:
        return _tr("Skip")
    if action == Action.MERGE:
        return _tr("Merge into %1").replace("%1", item.existing_name or _tr("them"))
    return _tr("Add separately") if item.match == Match.POSSIBLE else _tr("Add")


class PlanModel(QAbstractTableModel):
    """One row per record of the file (or of one kind: possible duplicates, merges, new)."""

    NAME, LINE, WHAT, ACTION = range(4)
    SHOW_ALL, SHOW_POSSIBLE, SHOW_SAME, SHOW_NEW = range(4)
    decisions_changed = Signal()

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.plan: ImportPlan | None = None
        self._rows: list[int] = []  # indices into plan.items, in file order
        self.headers = (self.tr("Name"), self.tr("Line"), self.tr("What happens"),
                        self.tr("Action"))

    def set_plan(self, plan: ImportPlan, show: int = 0) -> None:
        self.beginResetModel()
        self.plan = plan
        wanted = {self.SHOW_POSSIBLE: Match.POSSIBLE, self.SHOW_SAME: Match.SAME,
                  self.SHOW_NEW: Match.NEW}.get(show)
        self._rows = [i for i, item in enumerate(plan.items)
                      if wanted is None or item.match == wanted]
        self.endResetModel()

    def clear(self) -> None:
        self.beginResetModel()
        self.plan, self._rows = None, []
        self.endResetModel()

    def item(self, row: int) -> PlannedRecord:
        return self.plan.items[self._rows[row]]

    def effective_action(self, item: PlannedRecord) -> Action:
        return self.plan.items[item.same_as].action if item.same_as is not None else item.action

    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.headers)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.headers[section]
        return None

    def flags(self, index: QModelIndex) -> Qt.ItemFlag:
        flags = super().flags(index)
        if index.column() == self.ACTION and choices(self.item(index.row())):
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def data(self, index: QModelIndex, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        item, column = self.item(index.row()), index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(item, column)
        if role == Qt.ItemDataRole.EditRole and column == self.ACTION:
            return item.action
        if role == Qt.ItemDataRole.ToolTipRole and column == self.WHAT:
            return item.reason or None
        if role == Qt.ItemDataRole.FontRole and column == self.WHAT \
                and item.match == Match.POSSIBLE:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.TextAlignmentRole and column == self.LINE:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def _text(self, item: PlannedRecord, column: int) -> str:
        if column == self.NAME:
            return item.record.name()
        if column == self.LINE:
            return str(item.record.line)
        if column == self.WHAT:
            return self.what_happens(item)
        if item.same_as is not None:
            earlier = self.plan.items[item.same_as]
            return self.tr("As line %1: %2").replace("%1", str(earlier.record.line)).replace(
                "%2", action_text(earlier, earlier.action).lower())
        return action_text(item, item.action)

    def what_happens(self, item: PlannedRecord) -> str:
        if item.same_as is not None:
            line = self.plan.items[item.same_as].record.line
            return self.tr("The same person as line %1 of this file").replace("%1", str(line))
        if item.match == Match.NEW:
            return self.tr("New")
        if item.match == Match.SAME:
            return self.tr("Already in the notebook as %1 (%2)").replace(
                "%1", item.existing_name).replace("%2", item.reason)
        if not item.existing_name:
            return self.tr("Possible duplicate: %1").replace("%1", item.reason)
        return self.tr("Possible duplicate of %1 — %2").replace(
            "%1", item.existing_name).replace("%2", item.reason)

    def setData(self, index: QModelIndex, value, role=Qt.ItemDataRole.EditRole) -> bool:  # noqa: N802
        if role != Qt.ItemDataRole.EditRole or index.column() != self.ACTION:
            return False
        return self.set_actions([index.row()], Action(value)) > 0

    def set_actions(self, rows, action: Action) -> int:
        """Set the action of these rows where it is allowed; returns how many changed."""
        changed = 0
        for row in rows:
            item = self.item(row)
            if action in choices(item) and item.action != action:
                item.action = action
                changed += 1
        if changed:
            # Rows that follow an earlier one show its action: repaint the whole column.
            self.dataChanged.emit(self.index(0, self.ACTION),
                                  self.index(self.rowCount() - 1, self.ACTION))
            self.decisions_changed.emit()
        return changed

    def decisions(self) -> tuple[int, int, int]:
        """(people added, people merged into, records skipped), as apply() will count them."""
        added, merged_into, skipped = 0, set(), 0
        for item in self.plan.items:
            action = self.effective_action(item)
            if action == Action.SKIP:
                skipped += 1
            elif item.same_as is not None:
                continue
            elif action == Action.ADD:
                added += 1
            else:
                merged_into.add(item.existing_id)
        return added, len(merged_into), skipped


class ActionDelegate(QStyledItemDelegate):
    """The Action column: drawn as a drop-down where there is a choice; edited with a combo."""

    def paint(self, painter, option, index) -> None:
        # Only the rows that need a decision look like drop-downs; the others can be
        # changed too (Space, F2, a double-click) but should not shout.
        if index.model().item(index.row()).match != Match.POSSIBLE \
                or not index.flags() & Qt.ItemFlag.ItemIsEditable:
            super().paint(painter, option, index)
            return
        style = option.widget.style() if option.widget else QApplication.style()
        if option.state & QStyle.StateFlag.State_Selected:
            painter.fillRect(option.rect, option.palette.highlight())
        combo = QStyleOptionComboBox()
        combo.rect = option.rect.adjusted(2, 1, -2, -1)
        combo.state = option.state | QStyle.StateFlag.State_Enabled
        combo.palette = option.palette
        combo.currentText = index.data()
        style.drawComplexControl(QStyle.ComplexControl.CC_ComboBox, combo, painter, option.widget)
        style.drawControl(QStyle.ControlElement.CE_ComboBoxLabel, combo, painter, option.widget)

    def createEditor(self, parent, option, index) -> QWidget:  # noqa: N802
        model: PlanModel = index.model()
        item = model.item(index.row())
        editor = QComboBox(parent)
        for action in choices(item):
            editor.addItem(action_text(item, action), action)
        editor.activated.connect(lambda _: self._chosen(editor))
        QTimer.singleShot(0, editor, editor.showPopup)  # one key (Space, F2) opens the choices
        return editor

    def _chosen(self, editor: QComboBox) -> None:
        self.commitData.emit(editor)
        self.closeEditor.emit(editor)

    def setEditorData(self, editor: QComboBox, index) -> None:  # noqa: N802
        editor.setCurrentIndex(max(editor.findData(index.data(Qt.ItemDataRole.EditRole)), 0))

    def setModelData(self, editor: QComboBox, model, index) -> None:  # noqa: N802
        model.setData(index, editor.currentData(), Qt.ItemDataRole.EditRole)
