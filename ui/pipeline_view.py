"""The pipeline window: one column per stage with its count and people, a nudge when the
prospects fall below the user's target, adding someone as a prospect, and moving people
between stages (context menu or Ctrl+1..5 on the selected person). It follows the notebook:
the application tells it when data changed (data_changed)."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
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
from ui.widgets.person_picker import PersonPicker

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
    have = tr("1 prospect") if prospects == 1 else \
        tr("%1 prospects").replace("%1", f"{prospects:,}")
    return (tr("%1 — your target is %2. Add %3 more: Add a prospect… picks someone, or move "
               "someone here from Not now.")
            .replace("%1", have).replace("%2", str(target))
            .replace("%3", str(target - prospects)))


def people_text(count: int) -> str:
    return QWidget.tr("1 person in the pipeline") if count == 1 else \
        QWidget.tr("%1 people in the pipeline").replace("%1", f"{count:,}")


class AddProspectDialog(QDialog):
    """Pick someone from the notebook to give the stage Prospect."""

    def __init__(self, notebook, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.notebook = notebook
        self.person_id: int | None = None
        self.setWindowTitle(self.tr("Add a prospect"))
        self.picker = PersonPicker(notebook, self.tr("Type a few letters of a name…"))
        self.picker.setAccessibleName(self.tr("Person to add as a prospect"))
        self.picker.picked.connect(self._picked)
        self.picker.textEdited.connect(lambda _: self._picked(None, ""))
        self.note = QLabel()
        self.note.setWordWrap(True)
        self.note.setStyleSheet("color: #a3261c")
        self.note.hide()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.add = buttons.addButton(self.tr("&Add as prospect"),
                                     QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("Whom do you hope to work with? (someone already in "
                                        "your notebook)")))
        layout.addWidget(self.picker)
        layout.addWidget(self.note)
        layout.addWidget(buttons)
        self.resize(440, self.sizeHint().height())

    def _picked(self, person_id: int | None, name: str) -> None:
        self.person_id = person_id
        if person_id is not None:
            self.picker.setText(name)
        self.note.hide()

    def accept(self) -> None:
        if self.person_id is None and not self.picker.pick_typed():
            self.note.setText(self.tr("Nobody in the notebook matches “%1”: type more of the "
                                      "name and pick from the suggestions (add new people with "
                                      "People > New person).")
                              .replace("%1", self.picker.text().strip()))
            self.note.show()
            self.layout().activate()
            self.resize(self.width(), max(self.height(), self.sizeHint().height()))
            return
        super().accept()


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
        self.add_button = QPushButton(self.tr("&Add a prospect…"))
        self.add_button.setToolTip(self.tr("Choose someone from your notebook and give them "
                                           "the stage Prospect (Ctrl+N)"))
        self.add_button.clicked.connect(self.add_prospect)
        QShortcut(QKeySequence.StandardKey.New, self, self.add_prospect)
        QShortcut(QKeySequence.StandardKey.Refresh, self, self.refresh)  # F5, just in case
        top = QHBoxLayout()
        top.addWidget(self.summary, 1)
        top.addWidget(self.add_button)
        top.addWidget(self.target_button)
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
        close = QPushButton(self.tr("Close"))
        close.setToolTip(self.tr("Close the pipeline (Esc)"))
        close.clicked.connect(self.close)
        QShortcut(QKeySequence(Qt.Key.Key_Escape), self, self.close)
        bottom = QHBoxLayout()
        bottom.addWidget(help_line, 1)
        bottom.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.banner)
        layout.addLayout(row, 1)
        layout.addLayout(bottom)
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
            people_text(total)
            + (self.tr("; prospect target %1").replace("%1", str(target)) if target else
               self.tr("; no prospect target set")))
        self.banner.setVisible(counts.prospects_short > 0)
        if counts.prospects_short:
            self.nudge.setText(nudge_text(counts.counts[Stage.PROSPECT], target))

    def data_changed(self, *_what) -> None:
        """Something in the notebook changed (the application says so): follow it, unless
        the window is closed (it refreshes when shown again)."""
        if self.isVisible():
            self.refresh()

    def add_prospect(self) -> AddProspectDialog:
        dialog = AddProspectDialog(self.notebook, self)
        dialog.accepted.connect(lambda: self.move(dialog.person_id, Stage.PROSPECT))
        dialog.open()
        return dialog

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
