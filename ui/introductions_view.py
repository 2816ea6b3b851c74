"""The introductions ledger on screen: the Introductions window (asked, received, made),
the dialog that records one, and the section of the person page."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from html import escape

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.domain import Introduction, IntroductionStatus, Person
from app.errors import InvalidInput, RapportError
from app.services.introductions import IntroductionView
from ui.dates import day_month_year
from ui.dialogs import SavingDialog
from ui.widgets.person_picker import PersonPicker

STATUS_TITLES = {IntroductionStatus.TO_ASK: "to ask", IntroductionStatus.ASKED: "asked",
                 IntroductionStatus.INTRODUCED: "introduced", IntroductionStatus.MET: "met",
                 IntroductionStatus.DECLINED: "declined"}
ROLE_NAMES = {"connector": "the connector", "target": "the person to meet",
              "introduced": "the person introduced"}
VIEW_TITLES = {None: "All introductions", IntroductionView.ASKED: "Asked for (not yet happened)",
               IntroductionView.RECEIVED: "Received (you were introduced)",
               IntroductionView.MADE: "Made by you"}


def _day(value: dt.date | None) -> str:
    return day_month_year(value) if value else ""


def sentence(i: Introduction) -> tuple[str, str, str]:
    """(connector, who is introduced, target) as the ledger reads them."""
    return i.connector.name, i.introduced.name if i.introduced else "you", i.target.name


def thanks_text(i: Introduction) -> str:
    if i.thanked_on:
        return QWidget.tr("thanked %1").replace("%1", _day(i.thanked_on))
    return QWidget.tr("not thanked yet") if i.happened else ""


# --- the person page's section -------------------------------------------------------------


def introductions_section(p: Person, section: Callable[[str], str]) -> str:
    """Rich text for the person page. Links: intro-status:ID:STATUS, intro-thanked:ID."""
    if not p.introductions:
        return ""
    rows = []
    for i in p.introductions:
        def link(ref) -> str:
            return escape(ref.name) if ref.id == p.id else \
                f"<a href='person:{ref.id}'>{escape(ref.name)}</a>"
        who = link(i.introduced) if i.introduced else "you"
        line = f"{link(i.connector)} introduces {who} to {link(i.target)}"
        steps = "status <b>" + STATUS_TITLES[i.status] + "</b> — change to " + " · ".join(
            f"<a href='intro-status:{i.id}:{s.value}'>{STATUS_TITLES[s]}</a>"
            for s in IntroductionStatus if s != i.status)
        thanks = thanks_text(i)
        if i.happened and not i.thanked_on:
            thanks += f" — <a href='intro-thanked:{i.id}'>mark thanked</a>"
        since = f"{STATUS_TITLES[i.status]} {_day(i.status_on)}"
        rows.append(f"<tr><td class='sub'>{escape(since)}</td><td>{line}<br>"
                    f"<span class='sub'>{steps}</span>"
                    + (f"<br><span class='sub'>{thanks}</span>" if thanks else "")
                    + (f"<br>{escape(i.notes)}" if i.notes else "") + "</td></tr>")
    return section(QWidget.tr("INTRODUCTIONS")) + "<table>" + "".join(rows) + "</table>"


def pipeline_section(p: Person, section: Callable[[str], str], titles: dict) -> str:
    if not p.stage_history:
        return ""
    moves = []
    for change in reversed(p.stage_history):
        to = titles[change.to_stage.value] if change.to_stage else "out of the pipeline"
        was = f" (was {titles[change.from_stage.value]})" if change.from_stage else ""
        moves.append(f"<tr><td class='sub'>{day_month_year(change.changed_at.astimezone())}</td>"
                     f"<td>{escape(to)}<span class='sub'>{escape(was)}</span></td></tr>")
    return section(QWidget.tr("PIPELINE")) + "<table>" + "".join(moves) + "</table>"


# --- recording one -------------------------------------------------------------------------


class IntroductionDialog(SavingDialog):
    """Record "ask Ana to introduce me to Ben" (or an introduction between two others)."""

    def __init__(self, notebook, parent: QWidget | None = None, ops=None, *,
                 connector: Person | None = None) -> None:
        super().__init__(parent, ops)
        self.notebook = notebook
        self.introduction: Introduction | None = None
        self.ids: dict[str, int | None] = {"connector": None, "target": None, "introduced": None}
        self.setWindowTitle(self.tr("Record an introduction"))
        self.connector = self._picker("connector", self.tr("Who makes the introduction"))
        self.target = self._picker("target", self.tr("The person to meet (a new name is added)"))
        self.new_target = QLabel()
        self.new_target.setWordWrap(True)
        self.new_target.setAccessibleName(self.tr("The person to meet is new"))
        self.new_target.hide()
        self.target.textEdited.connect(lambda _: self._show_if_new())
        self.target.picked.connect(lambda *_: self.new_target.hide())
        self.introduced = self._picker("introduced", self.tr("Leave empty: you"))
        if connector is not None:
            self.ids["connector"] = connector.id
            self.connector.setText(connector.name)
        self.status = QComboBox()
        for status, title in STATUS_TITLES.items():
            self.status.addItem(title.capitalize(), status.value)
        self.status.setAccessibleName(self.tr("Status"))
        self.on = QDateEdit(QDate.currentDate())
        self.on.setCalendarPopup(True)
        self.on.setDisplayFormat("d MMM yyyy")
        self.on.setAccessibleName(self.tr("Date of the status"))
        self.notes = QLineEdit()
        self.notes.setPlaceholderText(self.tr("Why, what to mention (optional)"))
        days = notebook.introductions.follow_up_days()
        hint = QLabel(self.tr("Asked: a reminder to ask again after %1 days without an answer. "
                              "Introduced or met: a reminder to say thank you.")
                      .replace("%1", str(days)))
        hint.setWordWrap(True)
        hint.setStyleSheet("color: palette(mid)")
        form = QFormLayout()
        form.addRow(self.tr("&Connector"), self.connector)
        form.addRow(self.tr("introduces"), self.introduced)
        form.addRow(self.tr("&to"), self.target)
        form.addRow("", self.new_target)
        form.addRow(self.tr("&Status"), self.status)
        form.addRow(self.tr("&On"), self.on)
        form.addRow(self.tr("&Notes"), self.notes)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(hint)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.resize(480, self.sizeHint().height())

    def _picker(self, role: str, placeholder: str) -> PersonPicker:
        picker = PersonPicker(self.notebook, placeholder)
        picker.setAccessibleName(role.capitalize())

        def picked(person_id: int, name: str) -> None:
            self.ids[role] = person_id
            picker.setText(name)
        picker.picked.connect(picked)
        picker.textEdited.connect(lambda _: self.ids.__setitem__(role, None))
        return picker

    def _person(self, role: str, picker: PersonPicker, required: bool) -> int | None:
        if self.ids[role] is None and picker.text().strip():
            picker.pick_typed()
        if self.ids[role] is None and (required or picker.text().strip()):
            raise InvalidInput(self.tr("Choose %1 from your notebook (type a few letters)")
                               .replace("%1", self.tr(ROLE_NAMES[role])))
        return self.ids[role]

    def _named_exactly(self, name: str) -> list[int]:
        """The people whose name is exactly this (ignoring case)."""
        return [hit.person.id for hit in self.notebook.search.search(name, limit=20)
                if hit.person.name.casefold() == name.casefold()]

    def _show_if_new(self) -> None:
        name = " ".join(self.target.text().split())
        new = bool(name) and self.ids["target"] is None and not self._named_exactly(name)
        self.new_target.setText(self.tr("%1 is not in your notebook yet: they will be added "
                                        "when you save.").replace("%1", name) if new else "")
        self.new_target.setVisible(new)
        if new:  # room for the wrapped line, without shrinking what the user resized
            self.layout().activate()
            self.resize(self.width(), max(self.height(), self.sizeHint().height()))

    def _target(self) -> tuple[int | None, str]:
        """(the person to meet, or None and the name of someone new to add)."""
        name = " ".join(self.target.text().split())
        if self.ids["target"] is not None:
            return self.ids["target"], ""
        if not name:
            raise InvalidInput(self.tr("Type the name of the person to meet."))
        same = self._named_exactly(name)
        if len(same) > 1:
            raise InvalidInput(self.tr("Several people are called %1: pick one from the "
                                       "suggestions.").replace("%1", name))
        return (same[0], "") if same else (None, name)

    def prepare(self):
        connector = self._person("connector", self.connector, True)
        target, new_name = self._target()
        introduced = self._person("introduced", self.introduced, False)
        status = IntroductionStatus(self.status.currentData())
        on, notes = self.on.date().toPython(), self.notes.text()
        return lambda: self.notebook.introductions.record(
            connector, target, status=status, asked_on=on, notes=notes, introduced_id=introduced,
            new_target_name=new_name)

    def saved(self, introduction: Introduction) -> None:
        self.introduction = introduction


# --- the window ----------------------------------------------------------------------------


class IntroductionsWindow(QWidget):
    person_opened = Signal(int)
    changed = Signal(int)  # an introduction's connector: their page may need a refresh

    def __init__(self, notebook, parent: QWidget | None = None, ops=None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.notebook, self.ops = notebook, ops
        self.shown: list[Introduction] = []
        self.setWindowTitle(self.tr("Introductions"))
        self.view = QComboBox()
        self.view.setAccessibleName(self.tr("Which introductions"))
        for view, title in VIEW_TITLES.items():
            self.view.addItem(self.tr(title), view.value if view else None)
        self.status = QComboBox()
        self.status.setAccessibleName(self.tr("Status filter"))
        self.status.addItem(self.tr("Any status"), None)
        for status, title in STATUS_TITLES.items():
            self.status.addItem(title.capitalize(), status.value)
        for box in (self.view, self.status):
            box.currentIndexChanged.connect(self.refresh)
        self.table = QTableWidget(0, 6)
        self.table.setHorizontalHeaderLabels([
            self.tr("Connector"), self.tr("Introduces"), self.tr("To"), self.tr("Status"),
            self.tr("Since"), self.tr("Thanks")])
        self.table.setAccessibleName(self.tr("Introductions"))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.setAlternatingRowColors(True)
        self.table.setShowGrid(False)
        header = self.table.horizontalHeader()
        for column in range(6):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch if column < 3
                                        else QHeaderView.ResizeMode.ResizeToContents)
        self.table.itemActivated.connect(lambda _item: self._open_connector())
        self.table.currentCellChanged.connect(lambda *_: self._enable())
        new = QPushButton(self.tr("&New introduction…"))
        new.clicked.connect(self.new_introduction)
        QShortcut(QKeySequence.StandardKey.New, self, self.new_introduction)
        self.set_status = QPushButton(self.tr("Set &status"))
        menu = QMenu(self.set_status)
        for status, title in STATUS_TITLES.items():
            menu.addAction(title.capitalize(), lambda s=status: self.change_status(s))
        self.set_status.setMenu(menu)
        self.thank = QPushButton(self.tr("Mark &thanked"))
        self.thank.clicked.connect(self.mark_thanked)
        filters = QHBoxLayout()
        filters.addWidget(QLabel(self.tr("Show")))
        filters.addWidget(self.view)
        filters.addWidget(self.status)
        filters.addStretch(1)
        filters.addWidget(new)
        self.count = QLabel()
        buttons = QHBoxLayout()
        buttons.addWidget(self.count, 1)
        buttons.addWidget(self.set_status)
        buttons.addWidget(self.thank)
        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        self.resize(940, 480)
        self.refresh()

    def refresh(self) -> None:
        view, status = self.view.currentData(), self.status.currentData()
        current = self.selected()
        self.shown = self.notebook.introductions.listed(
            IntroductionView(view) if view else None,
            IntroductionStatus(status) if status else None)
        self.table.setRowCount(len(self.shown))
        for row, intro in enumerate(self.shown):
            texts = (*sentence(intro), STATUS_TITLES[intro.status].capitalize(),
                     _day(intro.status_on), thanks_text(intro))
            for column, text in enumerate(texts):
                self.table.setItem(row, column, QTableWidgetItem(text))
        self.count.setText(self.tr("No introductions here yet: New introduction… records one.")
                           if not self.shown else
                           self.tr("%1 introductions").replace("%1", str(len(self.shown))))
        if self.shown:
            ids = [i.id for i in self.shown]
            self.table.selectRow(ids.index(current.id) if current and current.id in ids else 0)
        self._enable()

    def _enable(self) -> None:
        intro = self.selected()
        self.set_status.setEnabled(intro is not None)
        self.thank.setEnabled(intro is not None and intro.happened and not intro.thanked_on)

    def selected(self) -> Introduction | None:
        row = self.table.currentRow()
        return self.shown[row] if 0 <= row < len(self.shown) else None

    def new_introduction(self) -> IntroductionDialog:
        dialog = IntroductionDialog(self.notebook, self, self.ops)
        dialog.accepted.connect(lambda: self._after(dialog.introduction))
        dialog.open()
        return dialog

    def change_status(self, status: IntroductionStatus) -> None:
        intro = self.selected()
        if intro is not None:
            self._apply(lambda: self.notebook.introductions.set_status(intro.id, status))

    def mark_thanked(self) -> None:
        intro = self.selected()
        if intro is not None:
            self._apply(lambda: self.notebook.introductions.mark_thanked(intro.id))

    def _apply(self, work) -> None:
        try:
            intro = work()
        except RapportError as exc:
            QMessageBox.warning(self, self.tr("Not changed"), str(exc))
            return
        self._after(intro)

    def _after(self, intro: Introduction | None) -> None:
        self.refresh()
        if intro is not None:
            self.changed.emit(intro.connector.id)

    def _open_connector(self) -> None:
        intro = self.selected()
        if intro is not None:
            self.person_opened.emit(intro.connector.id)
