"""The main window: the doors (welcome, unlock) and the workspace (list and person page)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMenu,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.config import default_notebook_path
from app.domain import PeopleFilter, Stage
from ui.agenda_view import AgendaView
from ui.doors import UnlockPage, WelcomePage
from ui.models.people_model import SEARCH_LIMIT, SORT_KEYS, PeopleModel
from ui.person_view import PersonView

SEARCH_DELAY_MS = 0  # search is ~5 ms at 100,000 people: no need to wait for a pause
PERSON_DELAY_MS = 80  # show the selected person once the list has settled (typing, arrows)


def count_text(total: int, query: str, filters: PeopleFilter) -> str:
    tr = QWidget.tr
    if query:
        if total == 0:
            return tr("No one matches “%1”.").replace("%1", query)
        if total >= SEARCH_LIMIT:
            return tr("The first %1 matches").replace("%1", str(SEARCH_LIMIT))
        return tr("1 match") if total == 1 else tr("%1 matches").replace("%1", str(total))
    if total == 0:
        return tr("The trash is empty.") if filters.trashed else tr("No one here yet.")
    return tr("1 person") if total == 1 else tr("%1 people").replace("%1", f"{total:,}")


def header_width(header: QHeaderView, text: str) -> int:
    """A column wide enough for its header text, the sort arrow and the margins."""
    return header.fontMetrics().horizontalAdvance(text) + 40


class Workspace(QWidget):
    """People list with search and filters on the left, the person page on the right."""

    person_selected = Signal(int)
    quick_fact = Signal(str)
    order_requested = Signal(object, str, bool)  # filters, sort key, descending
    nobody_selected = Signal()  # the list is empty

    def __init__(self, model: PeopleModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = model
        self.search = QLineEdit()
        self.search.setPlaceholderText(self.tr("Search everything (Ctrl+F)"))
        self.search.setAccessibleName(self.tr("Search people"))
        self.search.setClearButtonEnabled(True)
        self._debounce = QTimer(self, singleShot=True, interval=SEARCH_DELAY_MS)
        self._debounce.timeout.connect(self.apply_filters)
        self.search.textChanged.connect(lambda _: self._debounce.start())

        self.tag = QComboBox()
        self.tag.setAccessibleName(self.tr("Tag filter"))
        self.stage = QComboBox()
        self.stage.setAccessibleName(self.tr("Stage filter"))
        self.stage.addItem(self.tr("Any stage"), None)
        for stage, label in (("prospect", "Prospect"), ("customer", "Customer"),
                             ("advocate", "Advocate"), ("not_now", "Not now"), ("lost", "Lost")):
            self.stage.addItem(self.tr(label), stage)
        self.company = QLineEdit()
        self.company.setPlaceholderText(self.tr("Company"))
        self.company.setMinimumWidth(self.company.fontMetrics().horizontalAdvance("Company") + 40)
        self.company.setAccessibleName(self.tr("Company filter"))
        self.company.textChanged.connect(lambda _: self._debounce.start())
        self.overdue = QCheckBox(self.tr("Overdue"))
        self.overdue.setToolTip(self.tr("Only people you are overdue to get in touch with"))
        self.trash = QCheckBox(self.tr("Trash"))
        for box in (self.tag, self.stage):
            box.currentIndexChanged.connect(self.apply_filters)
        for check in (self.overdue, self.trash):
            check.toggled.connect(self.apply_filters)

        self.table = QTableView()
        self.table.setModel(model)
        self.table.setAccessibleName(self.tr("People"))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(26)
        self.table.setShowGrid(False)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.setTabKeyNavigation(False)  # Tab leaves the list; arrows move in it
        self.search.returnPressed.connect(self.table.setFocus)
        header = self.table.horizontalHeader()
        header.setMinimumSectionSize(60)
        for column in (0, 1):  # the name, the company and title: the rest, shared
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
        for column in (2, 3):  # dates: as wide as their header (and a sort arrow), no wider
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Fixed)
            header.resizeSection(column, header_width(header, model.headers[column]))
        header.setResizeContentsPrecision(0)  # size columns from the visible rows only:
        # the default samples 1,000 rows, which would read five pages from the database
        header.setSortIndicatorShown(True)
        header.setSortIndicator(0, Qt.SortOrder.AscendingOrder)
        header.sortIndicatorChanged.connect(self._sort_changed)
        self.table.selectionModel().currentRowChanged.connect(self._row_changed)
        self._show_selected = QTimer(self, singleShot=True, interval=PERSON_DELAY_MS)
        self._show_selected.timeout.connect(self._emit_selected)
        self.count = QLabel()
        self.count.setStyleSheet("color: palette(mid)")

        filters = QHBoxLayout()
        filters.addWidget(self.tag)
        filters.addWidget(self.stage)
        filters.addWidget(self.company, 1)
        filters.addWidget(self.overdue)
        filters.addWidget(self.trash)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.search)
        left_layout.addLayout(filters)
        left_layout.addWidget(self.table, 1)
        left_layout.addWidget(self.count)

        self.view = PersonView()
        self.fact_entry = QLineEdit()
        self.fact_entry.setPlaceholderText(self.tr("Quick fact, e.g. “likes: single malt”, then Enter"))
        self.fact_entry.setAccessibleName(self.tr("Quick fact"))
        self.fact_entry.returnPressed.connect(self._quick_fact)
        self.actions_row = QHBoxLayout()
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addLayout(self.actions_row)
        right_layout.addWidget(self.view, 1)
        right_layout.addWidget(self.fact_entry)

        self.splitter = QSplitter()
        self.splitter.addWidget(left)
        self.splitter.addWidget(right)
        self.splitter.setStretchFactor(0, 4)  # the list gets a bit more: four columns
        self.splitter.setStretchFactor(1, 3)
        self.splitter.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.addWidget(self.splitter)

    def _sort_changed(self, column: int, order: Qt.SortOrder) -> None:
        self.apply_filters()

    def sort(self) -> tuple[str, bool]:
        header = self.table.horizontalHeader()
        return (SORT_KEYS[header.sortIndicatorSection()],
                header.sortIndicatorOrder() == Qt.SortOrder.DescendingOrder)

    def set_tags(self, names: list[str]) -> None:
        current = self.tag.currentData()
        self.tag.blockSignals(True)
        self.tag.clear()
        self.tag.addItem(self.tr("Any tag"), None)
        for name in names:
            self.tag.addItem("#" + name, name)
        index = self.tag.findData(current)
        self.tag.setCurrentIndex(max(index, 0))
        self.tag.blockSignals(False)

    def filters(self) -> PeopleFilter:
        stage = self.stage.currentData()
        sort, descending = self.sort()
        descending = descending and sort == "name"
        return PeopleFilter(tag=self.tag.currentData(), stage=Stage(stage) if stage else None,
                            company=self.company.text().strip() or None,
                            overdue=self.overdue.isChecked(), trashed=self.trash.isChecked(),
                            descending=descending)

    def apply_filters(self) -> None:
        sort, descending = self.sort()
        if sort != "name" and not self.search.text().strip():
            # Ordering everyone by another column is a query of ~0.3 s at 100,000 people:
            # the application runs it on the worker and calls show_ordered().
            self.order_requested.emit(self.filters(), sort, descending)
            return
        self.model.show(self.filters(), self.search.text(), sort, descending)
        self.update_count()

    def show_ordered(self, filters: PeopleFilter, ids: list[int]) -> None:
        self.model.show_ids(filters, ids)
        self.update_count()

    def update_count(self) -> None:
        total = self.model.rowCount()
        self.count.setText(count_text(total, self.model.query, self.filters()))
        if not total:
            self.nobody_selected.emit()
        elif not self.table.currentIndex().isValid():
            self.table.selectRow(0)

    def select_person(self, person_id: int) -> None:
        """Select and show a person now (a link followed, a return after unlocking)."""
        row = self.model.row_of(person_id)
        if row is not None:
            self.table.selectRow(row)
            self.table.scrollTo(self.model.index(row, 0))
        else:  # not in the list (a loved one, a filter): no row may look selected
            self.table.selectionModel().clear()
        self._show_selected.stop()
        self.person_selected.emit(person_id)

    def _row_changed(self, current, _previous) -> None:
        if current.isValid():
            self._show_selected.start()

    def _emit_selected(self) -> None:
        current = self.table.currentIndex()
        person = self.model.person_at(current.row()) if current.isValid() else None
        if person is not None:
            self.person_selected.emit(person.id)

    def _quick_fact(self) -> None:
        text = self.fact_entry.text().strip()
        if text:
            self.quick_fact.emit(text)


def _fit_to_label(button: QPushButton, arrow: bool = False) -> None:
    """Let a short label's button be narrower than the style's 80 px, never cut its text."""
    extra = 44 if arrow else 24
    button.setMinimumWidth(button.fontMetrics().horizontalAdvance(button.text()) + extra)


def _with_shortcut(action: QAction) -> str:
    text = action.text().replace("&", "")
    shortcut = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
    return f"{text} ({shortcut})" if shortcut else text


class MainWindow(QMainWindow):
    PAGE_WELCOME, PAGE_UNLOCK, PAGE_WORKSPACE, PAGE_AGENDA = range(4)

    def __init__(self, model: PeopleModel) -> None:
        super().__init__()
        self.setWindowTitle("Rapport")
        self.settings = QSettings()
        self.welcome = WelcomePage()
        self.unlock = UnlockPage()
        self.workspace = Workspace(model)
        self.agenda = AgendaView()
        self.stack = QStackedWidget()
        for page in (self.welcome, self.unlock, self.workspace, self.agenda):
            self.stack.addWidget(page)
        self.setCentralWidget(self.stack)
        self.actions: dict[str, QAction] = {}
        self.buttons: dict[str, QPushButton] = {}
        self._build_menus()
        self.statusBar()
        self.resize(1180, 760)
        geometry = self.settings.value("window/geometry")
        if isinstance(geometry, QByteArray):
            self.restoreGeometry(geometry)
        splitter = self.settings.value("window/splitter")
        if isinstance(splitter, QByteArray):
            self.workspace.splitter.restoreState(splitter)
        else:  # the list a little wider than the page: names, companies and dates fit
            width = self.width()
            self.workspace.splitter.setSizes([width * 55 // 100, width * 45 // 100])

    def _action(self, key: str, text: str, shortcut: QKeySequence | str | None = None,
                menu=None) -> QAction:
        action = QAction(text, self)
        if shortcut:
            action.setShortcut(QKeySequence(shortcut))
        action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        self.addAction(action)
        if menu is not None:
            menu.addAction(action)
        self.actions[key] = action
        return action

    def _build_menus(self) -> None:
        bar = self.menuBar()
        file_menu = bar.addMenu(self.tr("&File"))
        self._action("import", self.tr("&Import…"), "Ctrl+Shift+I", file_menu)
        self._action("export", self.tr("&Export…"), "Ctrl+Shift+E", file_menu)
        file_menu.addSeparator()
        self._action("backup", self.tr("&Back up now…"), None, file_menu)
        self._action("restore_backup", self.tr("Restore from bac&kup…"), None, file_menu)
        file_menu.addSeparator()
        self._action("lock", self.tr("&Lock"), "Ctrl+L", file_menu)
        self._action("auto_lock", self.tr("Lock &automatically after…"), None, file_menu)
        self._action("notifications", self.tr("Reminder &notifications…"), None, file_menu)
        self._action("phone_region", self.tr("&Phone region…"), None, file_menu)
        self._action("autostart", self.tr("Start at l&ogin"), None, file_menu).setCheckable(True)
        file_menu.addSeparator()
        self._action("quit", self.tr("&Quit"), "Ctrl+Q", file_menu)
        people = bar.addMenu(self.tr("&People"))
        self._action("new", self.tr("&New person…"), "Ctrl+N", people)
        self._action("edit", self.tr("&Edit person…"), "Ctrl+E", people)
        self._action("log", self.tr("&Log interaction…"), "Ctrl+I", people)
        self._action("find", self.tr("&Find"), "Ctrl+F", people)
        people.addSeparator()
        self._action("relate", self.tr("Add a &relationship…"), "Ctrl+R", people)
        self._action("job", self.tr("Record a &job change…"), "Ctrl+J", people)
        self._action("photo", self.tr("Set &photo…"), None, people)
        self._action("me", self.tr("This is &me"), None, people)
        people.addSeparator()  # relationship intelligence
        self._action("brief", self.tr("Meeting &brief…"), "Ctrl+B", people)
        self._action("connections", self.tr("How am I &connected…"), "Ctrl+Shift+K", people)
        self._action("company", self.tr("C&ompany page…"), "Ctrl+Shift+O", people)
        people.addSeparator()
        self._action("trash", self.tr("Move to &trash"), QKeySequence.StandardKey.Delete, people)
        self._action("restore", self.tr("&Restore from trash"), None, people)
        self._action("purge", self.tr("Delete for &good…"), None, people)
        self._network_menus(bar, people)
        self._action("remind", self.tr("Add a re&minder or promise…"), "Ctrl+Shift+R", people)
        view = bar.addMenu(self.tr("&View"))
        self._action("show_agenda", self.tr("&Agenda"), "Ctrl+1", view)
        self._action("show_people", self.tr("&People"), "Ctrl+2", view)
        self.actions["show_agenda"].triggered.connect(lambda: self.show_page(self.PAGE_AGENDA))
        self.actions["show_people"].triggered.connect(lambda: self.show_page(self.PAGE_WORKSPACE))
        self.notebook_menus = [people, view, *self.notebook_menus]
        help_menu = bar.addMenu(self.tr("&Help"))
        self._action("shortcuts", self.tr("&Keyboard shortcuts"), "F1", help_menu)
        self._action("about", self.tr("&About Rapport"), None, help_menu)
        self.actions["find"].triggered.connect(self._focus_search)
        self._build_action_row()
        self.set_unlocked(False)
        self.actions["restore_backup"].setEnabled(False)

    def _build_action_row(self) -> None:
        """The everyday actions as buttons, the rest under More: no label is ever cut, even
        at 1024 px. Buttons follow their actions: enabled only when they can do something."""
        labels = {"new": self.tr("New person"), "edit": self.tr("Edit"),
                  "log": self.tr("Log interaction"), "remind": self.tr("Remind…"),
                  "brief": self.tr("Brief"),
                  "restore": self.tr("Restore"), "purge": self.tr("Delete for good…")}
        row = self.workspace.actions_row
        for key in ("new", "edit", "log", "remind", "brief", None, "restore", "purge"):
            if key is None:
                row.addStretch(1)
                continue
            action = self.actions[key]
            button = QPushButton(labels[key])
            button.setAccessibleName(action.text().replace("&", "").rstrip("…"))
            button.setToolTip(_with_shortcut(action))
            button.clicked.connect(action.trigger)
            action.changed.connect(lambda b=button, a=action: b.setEnabled(a.isEnabled()))
            self.buttons[key] = button
            row.addWidget(button)
            _fit_to_label(button)
        more = QMenu(self)
        for key in ("relate", "job", "photo", "me", None, "trash"):
            if key is None:
                more.addSeparator()
            else:
                more.addAction(self.actions[key])
        button = QPushButton(self.tr("More"))
        button.setAccessibleName(self.tr("More actions for this person"))
        button.setMenu(more)
        self.buttons["more"] = button
        _fit_to_label(button, arrow=True)
        row.insertWidget(row.indexOf(self.buttons["brief"]) + 1, button)

    def _network_menus(self, bar, people) -> None:
        """Introductions, pipeline, duplicates (ui/network.py wires them), Edit > Undo merge."""
        network = bar.addMenu(self.tr("Net&work"))
        self._action("introductions", self.tr("&Introductions"), "Ctrl+Shift+N", network)
        self._action("new_introduction", self.tr("&Record an introduction…"), None, network)
        self._action("pipeline", self.tr("&Pipeline"), "Ctrl+Shift+P", network)
        network.addSeparator()
        self._action("duplicates", self.tr("Find &duplicates…"), "Ctrl+Shift+D", network)
        edit = self.menuBar().addMenu(self.tr("&Edit"))
        bar.insertMenu(people.menuAction(), edit)
        self.notebook_menus = [network, edit]
        self._action("undo_merge", self.tr("&Undo merge"), "Ctrl+Z", edit)
        self.actions["undo_merge"].setEnabled(False)

    def set_person_actions(self, person=None) -> None:
        """Enable what applies to the person shown (none, a live one, a trashed one)."""
        live = person is not None and person.trashed_at is None
        trashed = person is not None and person.trashed_at is not None
        for key in ("edit", "relate", "job", "photo", "me", "trash", "remind"):
            self.actions[key].setEnabled(live)
        for key in ("restore", "purge"):
            self.actions[key].setEnabled(trashed)
            self.buttons[key].setVisible(trashed)
        for key in ("edit", "remind", "more"):  # room for Restore and Delete at 1024 px
            self.buttons[key].setVisible(not trashed)

    def _focus_search(self) -> None:
        self.show_page(self.PAGE_WORKSPACE)
        self.workspace.search.setFocus()
        self.workspace.search.selectAll()

    def set_unlocked(self, unlocked: bool) -> None:
        for key in ("lock", "auto_lock", "new", "log", "find", "import", "export", "backup",
                    "brief", "connections", "company", "phone_region",
                    "introductions", "new_introduction", "pipeline", "duplicates",
                    "show_agenda", "show_people"):
            self.actions[key].setEnabled(unlocked)
        self.set_person_actions(None)

    def show_notebook_title(self, path: Path) -> None:
        """'work — Rapport' for a notebook of one's own naming; just 'Rapport' for the default
        one (the platform adds the application's name to the title)."""
        self.setWindowTitle("Rapport" if path.stem == default_notebook_path().stem
                            else path.stem)

    def show_page(self, page: int) -> None:
        unlocked = page in (self.PAGE_WORKSPACE, self.PAGE_AGENDA)
        if unlocked != (self.stack.currentIndex() in (self.PAGE_WORKSPACE, self.PAGE_AGENDA)):
            self.set_unlocked(unlocked)
        self.stack.setCurrentIndex(page)
        for menu in self.notebook_menus:  # nothing to act on before a notebook exists
            menu.menuAction().setVisible(page != self.PAGE_WELCOME)
        # A notebook that will not open is exactly what a backup is for.
        self.actions["restore_backup"].setEnabled(page != self.PAGE_WELCOME)

    def save_layout(self) -> None:
        self.settings.setValue("window/geometry", self.saveGeometry())
        self.settings.setValue("window/splitter", self.workspace.splitter.saveState())
