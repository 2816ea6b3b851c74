"""The pipeline window: one column per stage with its count and people, a nudge when the
prospects fall below the user's target, and moving people between stages (context menu or
Ctrl+1..5 on the selected person)."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.domain import STAGE_TITLES, Stage
from app.errors import RapportError
from app.services.pipeline import STAGE_ORDER

PEOPLE_PER_STAGE = 200  # a column shows this many names; the count says how many there are
STAGE_HINTS = {
    Stage.PROSPECT: "People you hope to work with",
    Stage.CUSTOMER: "People who buy from you",
    Stage.ADVOCATE: "Customers who send others your way",
    Stage.NOT_NOW: "Not the right time; ask again later",
    Stage.LOST: "Went elsewhere",
}


def nudge_text(prospects: int, target: int) -> str:
    tr = QWidget.tr
    return (tr("%1 prospects — your target is %2. Add %3 more: give new people the stage "
               "Prospect, or move someone here from Not now.")
            .replace("%1", str(prospects)).replace("%2", str(target))
            .replace("%3", str(target - prospects)))


class StageColumn(QWidget):
    def __init__(self, stage: Stage, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.stage = stage
        self.title = QLabel()
        self.title.setStyleSheet("font-weight: bold; font-size: 11pt")
        hint = QLabel(self.tr(STAGE_HINTS[stage]))
        hint.setWordWrap(True)
        hint.setStyleSheet("color: palette(mid)")
        hint.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        hint.setFixedHeight(hint.fontMetrics().lineSpacing() * 2 + 2)  # lists line up
        self.people = QListWidget()
        self.people.setAccessibleName(self.tr("%1 people").replace("%1", STAGE_TITLES[stage]))
        self.people.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.people.setSpacing(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 0, 4, 0)
        layout.addWidget(self.title)
        layout.addWidget(hint)
        layout.addWidget(self.people, 1)

    def fill(self, count: int, people) -> None:
        self.title.setText(f"{STAGE_TITLES[self.stage]}  ({count:,})")
        self.people.clear()
        for person in people:
            item = QListWidgetItem(person.name + (f"  ·  {person.company}" if person.company
                                                  else ""))
            item.setData(Qt.ItemDataRole.UserRole, person.id)
            item.setToolTip(", ".join(x for x in (person.name, person.title, person.company)
                                      if x))
            self.people.addItem(item)
        if not count:
            empty = QListWidgetItem(self.tr("Nobody at this stage"))
            empty.setFlags(Qt.ItemFlag.NoItemFlags)
            self.people.addItem(empty)
        if count > len(people):
            more = QListWidgetItem(self.tr("… and %1 more: filter the people list by stage")
                                   .replace("%1", f"{count - len(people):,}"))
            more.setFlags(Qt.ItemFlag.NoItemFlags)
            self.people.addItem(more)


class PipelineWindow(QWidget):
    """A window of its own (View > Pipeline, Ctrl+Shift+P)."""

    person_opened = Signal(int)
    stage_changed = Signal(int)  # a person moved: the list and page may need a refresh

    def __init__(self, notebook, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.notebook = notebook
        self.setWindowTitle(self.tr("Pipeline"))
        self.banner = QFrame()
        self.banner.setObjectName("nudge")
        self.banner.setStyleSheet("#nudge { background: #fff4ce; border: 1px solid #e0c060; "
                                  "border-radius: 4px; } #nudge QLabel { color: #4a3b00; }")
        self.nudge = QLabel()
        self.nudge.setWordWrap(True)
        banner_layout = QHBoxLayout(self.banner)
        banner_layout.addWidget(self.nudge, 1)
        self.summary = QLabel()
        self.target_button = QPushButton(self.tr("Prospect target…"))
        self.target_button.setToolTip(self.tr("Be nudged when you have fewer prospects than this"))
        self.target_button.clicked.connect(self.choose_target)
        refresh = QPushButton(self.tr("Refresh"))
        refresh.setShortcut(QKeySequence.StandardKey.Refresh)
        refresh.clicked.connect(self.refresh)
        top = QHBoxLayout()
        top.addWidget(self.summary, 1)
        top.addWidget(self.target_button)
        top.addWidget(refresh)
        self.columns = {stage: StageColumn(stage) for stage in STAGE_ORDER}
        row = QHBoxLayout()
        for column in self.columns.values():
            column.people.itemActivated.connect(self._open)
            column.people.customContextMenuRequested.connect(
                lambda pos, c=column: self._menu(c, pos))
            row.addWidget(column, 1)
        help_line = QLabel(self.tr("Enter or double-click opens a person. Right-click, or "
                                   "Ctrl+1 to Ctrl+5, moves them to another stage."))
        help_line.setStyleSheet("color: palette(mid)")
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.banner)
        layout.addLayout(row, 1)
        layout.addWidget(help_line)
        for n, stage in enumerate(STAGE_ORDER, start=1):
            action = QAction(self)
            action.setShortcut(QKeySequence(f"Ctrl+{n}"))
            action.triggered.connect(lambda _=False, s=stage: self._move_selected(s))
            self.addAction(action)
        self.resize(1100, 620)
        self.refresh()

    def refresh(self) -> None:
        counts = self.notebook.pipeline.counts()
        for stage, column in self.columns.items():
            page = self.notebook.pipeline.people(stage, limit=PEOPLE_PER_STAGE)
            column.fill(counts.counts[stage], page.items)
        total = sum(counts.counts.values())
        target = counts.prospect_target
        self.summary.setText(
            self.tr("%1 people in the pipeline").replace("%1", f"{total:,}")
            + (self.tr("; prospect target %1").replace("%1", str(target)) if target else
               self.tr("; no prospect target set")))
        self.banner.setVisible(counts.prospects_short > 0)
        if counts.prospects_short:
            self.nudge.setText(nudge_text(counts.counts[Stage.PROSPECT], target))

    def choose_target(self) -> None:
        current = self.notebook.pipeline.counts().prospect_target or 0
        value, ok = QInputDialog.getInt(
            self, self.tr("Prospect target"),
            self.tr("Nudge me when I have fewer prospects than (0: never):"), current, 0, 100000)
        if ok:
            self.notebook.pipeline.set_prospect_target(value or None)
            self.refresh()

    def _selected(self) -> int | None:
        for column in self.columns.values():
            if column.people.hasFocus() or column.people.currentItem() is not None \
                    and column.people.currentItem().isSelected():
                item = column.people.currentItem()
                person_id = item.data(Qt.ItemDataRole.UserRole) if item else None
                if person_id is not None:
                    return person_id
        return None

    def _open(self, item: QListWidgetItem) -> None:
        person_id = item.data(Qt.ItemDataRole.UserRole)
        if person_id is not None:
            self.person_opened.emit(person_id)

    def _menu(self, column: StageColumn, pos) -> None:
        item = column.people.itemAt(pos)
        person_id = item.data(Qt.ItemDataRole.UserRole) if item else None
        if person_id is None:
            return
        menu = QMenu(self)
        menu.addAction(self.tr("Open"), lambda: self.person_opened.emit(person_id))
        move = menu.addMenu(self.tr("Move to"))
        for n, stage in enumerate(STAGE_ORDER, start=1):
            action = move.addAction(f"{STAGE_TITLES[stage]}\tCtrl+{n}",
                                    lambda s=stage: self.move(person_id, s))
            action.setEnabled(stage != column.stage)
        menu.addAction(self.tr("Take out of the pipeline"), lambda: self.move(person_id, None))
        menu.exec(column.people.viewport().mapToGlobal(pos))

    def _move_selected(self, stage: Stage) -> None:
        person_id = self._selected()
        if person_id is not None:
            self.move(person_id, stage)

    def move(self, person_id: int, stage: Stage | None) -> None:
        try:
            self.notebook.pipeline.set_stage(person_id, stage)
        except RapportError as exc:
            QMessageBox.warning(self, self.tr("Stage not changed"), str(exc))
            return
        self.refresh()
        if stage is not None:
            self._select(person_id, stage)
        self.stage_changed.emit(person_id)

    def _select(self, person_id: int, stage: Stage) -> None:
        people = self.columns[stage].people
        for row in range(people.count()):
            if people.item(row).data(Qt.ItemDataRole.UserRole) == person_id:
                people.setCurrentRow(row)
                people.setFocus()
                return
