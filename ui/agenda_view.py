"""The agenda page: overdue, today, the next 7 and 30 days, and whom you are losing touch
with. Each row opens its person (Enter, double-click) and can be done, snoozed or dismissed."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDateTime, QModelIndex, Qt, QTime, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDateTimeEdit,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMenu,
    QPushButton,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from app.agenda import Agenda, AgendaItem, AgendaKind, Bucket, LosingTouch
from ui.agenda_model import AgendaModel, Section
from ui.dates import day_month, weekday_day_month, weekday_day_month_time

MORNING = dt.time(9, 0)
KIND_NAMES = {AgendaKind.BIRTHDAY: "Birthday", AgendaKind.IMPORTANT_DATE: "Date",
              AgendaKind.KEEP_IN_TOUCH: "Keep in touch", AgendaKind.FOLLOW_UP: "Follow-up",
              AgendaKind.PROMISE: "Promise", AgendaKind.CUSTOM: "Reminder"}
SECTION_TITLES = {Bucket.OVERDUE: "Overdue", Bucket.TODAY: "Today",
                  Bucket.WEEK: "Next 7 days", Bucket.MONTH: "Next 30 days"}
LOSING_TOUCH = "losing_touch"


SNOOZE_KEY = "Ctrl+Shift+S"


def is_due(item: AgendaItem, now: dt.datetime) -> bool:
    """Overdue, due today, or already due (a birthday's lead time): what can be snoozed."""
    return item.bucket in (Bucket.OVERDUE, Bucket.TODAY) or item.due_at <= now


def snooze_choices(now: dt.datetime, due_at: dt.datetime | None = None
                   ) -> list[tuple[str, dt.datetime]]:
    """(label, until) for the snooze menu, from a local aware `now`: only moments after the
    item's current due time, so a snooze never brings an item forward."""
    tomorrow = dt.datetime.combine(now.date() + dt.timedelta(days=1), MORNING, now.tzinfo)
    next_week = dt.datetime.combine(now.date() + dt.timedelta(days=7), MORNING, now.tzinfo)
    choices = [(QWidget.tr("For 1 hour"), now + dt.timedelta(hours=1)),
               (QWidget.tr("Until tomorrow, 9:00"), tomorrow),
               (QWidget.tr("Until next week (%1)").replace("%1", weekday_day_month(next_week)),
                next_week)]
    return [(label, until) for label, until in choices if due_at is None or until > due_at]


def when_text(item: AgendaItem, now: dt.datetime) -> str:
    local = item.due_at.astimezone(now.tzinfo)
    days = (local.date() - now.date()).days
    if item.bucket == Bucket.OVERDUE or days < 0:
        late = (now.date() - local.date()).days
        return QWidget.tr("since yesterday") if late == 1 else \
            QWidget.tr("%1 days late").replace("%1", str(late)) if late > 1 else \
            QWidget.tr("earlier today, %1").replace("%1", local.strftime("%H:%M"))
    if days == 0:
        return QWidget.tr("today, %1").replace("%1", local.strftime("%H:%M"))
    if days == 1:
        return QWidget.tr("tomorrow")
    return weekday_day_month(local) if days < 7 else day_month(local)


def losing_touch_text(person: LosingTouch) -> tuple[str, str]:
    """(how late, what) for a row of Losing touch."""
    tr = QWidget.tr
    late = tr("1 day overdue") if person.days_overdue == 1 else \
        tr("%1 days overdue").replace("%1", str(person.days_overdue))
    every = tr("every %1 days").replace("%1", str(person.cadence_days))
    if person.last_contact is None:
        return late, tr("Get in touch: no interaction logged yet (%1)").replace("%1", every)
    days = (dt.datetime.now(dt.UTC) - person.last_contact).days
    return late, tr("Get in touch: last spoke %1 days ago (%2)").replace(
        "%1", str(days)).replace("%2", every)


def row_texts(row: AgendaItem | LosingTouch, now: dt.datetime) -> tuple[str, str, str]:
    """(when, who, what) of an agenda row."""
    if isinstance(row, LosingTouch):
        late, what = losing_touch_text(row)
        return late, row.person_name, what
    return when_text(row, now), row.person_name, row.title


def kind_name(row: AgendaItem | LosingTouch) -> str:
    if isinstance(row, LosingTouch):
        return KIND_NAMES[AgendaKind.KEEP_IN_TOUCH]
    return KIND_NAMES.get(row.kind, "")


class PickMomentDialog(QDialog):
    """Snooze until a chosen date and time."""

    def __init__(self, start: dt.datetime, parent: QWidget | None = None,
                 earliest: dt.datetime | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Snooze until"))
        self.edit = QDateTimeEdit(QDateTime(start.date(), QTime(start.hour, start.minute)))
        self.edit.setCalendarPopup(True)
        self.edit.setDisplayFormat("ddd yyyy-MM-dd HH:mm")
        minimum = QDateTime.currentDateTime()
        if earliest is not None:  # later than the item is due: a snooze only postpones
            minimum = max(minimum, QDateTime(earliest.astimezone().replace(tzinfo=None)))
        self.edit.setMinimumDateTime(minimum)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("Show it again on:")))
        layout.addWidget(self.edit)
        layout.addWidget(buttons)

    def moment(self) -> dt.datetime:
        return self.edit.dateTime().toPython().astimezone()


class AgendaTable(QTableView):
    """The agenda's rows: the arrow keys, Page Up/Down, Home and End go from item to item,
    passing over section titles, which are not items to act on."""

    def moveCursor(self, action, modifiers) -> QModelIndex:  # noqa: N802
        if action in (QAbstractItemView.CursorAction.MoveHome,
                      QAbstractItemView.CursorAction.MoveEnd):  # a list: to the top, the end
            modifiers |= Qt.KeyboardModifier.ControlModifier
        index = super().moveCursor(action, modifiers)
        model = self.model()
        if not index.isValid() or model.row_at(index) is not None:
            return index
        up = action in (QAbstractItemView.CursorAction.MoveUp,
                        QAbstractItemView.CursorAction.MovePageUp)
        row = index.row() + (-1 if up else 1)
        if not 0 <= row < model.rowCount():  # above the first title: its first item
            row = index.row() + (1 if up else -1)
        return model.index(row, index.column())


class AgendaView(QWidget):
    person_requested = Signal(int)
    done_requested = Signal(str)
    dismiss_requested = Signal(str)
    snooze_requested = Signal(str, object)  # item id, aware datetime
    log_requested = Signal(int)  # a person to log an interaction with
    message = Signal(str)  # for the status bar

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.agenda = Agenda()
        self.now = dt.datetime.now().astimezone()
        self._items: dict[str, AgendaItem] = {}
        # The selection was made here, not by the user: a new agenda starts at its first row.
        self._auto_selected = True
        self._selecting = False
        title = QLabel(self.tr("Agenda"))
        font = title.font()
        font.setPointSizeF(font.pointSizeF() * 1.4)
        font.setBold(True)
        title.setFont(font)
        self.summary = QLabel()
        self.summary.setStyleSheet("color: palette(mid)")
        header = QHBoxLayout()
        header.addWidget(title)
        header.addSpacing(12)
        header.addWidget(self.summary, 1)

        self.model = AgendaModel(row_texts, lambda row: self.tr(kind_name(row)),
                                 [self.tr("When"), self.tr("Who"), self.tr("What")], self)
        self.table = AgendaTable()
        self.table.setModel(self.model)
        self.table.setAccessibleName(self.tr("Agenda"))
        self.table.setStyleSheet("QTableView::item { padding: 3px 4px; }")
        self.table.setShowGrid(False)
        self.table.setWordWrap(False)
        self.table.setTabKeyNavigation(False)
        self.table.setAlternatingRowColors(True)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        rows = self.table.verticalHeader()
        rows.hide()
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)  # no row asked its height
        rows.setDefaultSectionSize(self.fontMetrics().height() * 2)
        head = self.table.horizontalHeader()
        head.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        head.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        head.setHighlightSections(False)
        width = head.fontMetrics().horizontalAdvance
        head.resizeSection(0, width("earlier today, 09:00") + 36)
        head.resizeSection(1, width("Alexandra Montgomery") + 24)
        head.setStretchLastSection(True)
        self.table.activated.connect(self._open)
        self.table.selectionModel().currentChanged.connect(self._current_changed)
        self.empty = QLabel()
        self.empty.setWordWrap(True)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.empty.setStyleSheet("color: palette(mid); padding: 24px")

        self.open_button = QPushButton(self.tr("Open person"))
        self.open_button.clicked.connect(lambda: self._open(self.table.currentIndex()))
        self.done_button = QPushButton(self.tr("Done"))
        self.done_button.setToolTip(self.tr("Mark done (Ctrl+D)"))
        self.done_button.clicked.connect(lambda: self._act(self.done_requested))
        self.snooze_button = QToolButton()
        self.snooze_button.setText(self.tr("Snooze"))
        self.snooze_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.snooze_menu = QMenu(self.snooze_button)
        self.snooze_menu.aboutToShow.connect(self._fill_snooze_menu)
        self.snooze_button.setMenu(self.snooze_menu)
        self.snooze_button.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.dismiss_button = QPushButton(self.tr("Dismiss"))
        self.dismiss_button.setToolTip(self.tr("Not this time: hide it until it comes round "
                                               "again"))
        self.dismiss_button.clicked.connect(lambda: self._act(self.dismiss_requested))
        self.log_button = QPushButton(self.tr("Log interaction…"))
        self.log_button.setToolTip(self.tr("Log a call or a meeting with this person"))
        self.log_button.clicked.connect(self._log)
        buttons = QHBoxLayout()
        for button in (self.done_button, self.snooze_button, self.dismiss_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.log_button)
        buttons.addWidget(self.open_button)
        done = QAction(self)
        done.setShortcut(QKeySequence("Ctrl+D"))
        done.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        done.triggered.connect(lambda: self._act(self.done_requested))
        self.addAction(done)
        snooze = QAction(self)
        snooze.setShortcut(QKeySequence(SNOOZE_KEY))
        snooze.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        snooze.triggered.connect(self.snooze_from_keyboard)
        self.addAction(snooze)

        layout = QVBoxLayout(self)
        layout.addLayout(header)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.empty, 1)
        layout.addLayout(buttons)
        self.show_agenda(Agenda(), self.now)

    # --- showing ---------------------------------------------------------------------

    def show_agenda(self, agenda: Agenda, now: dt.datetime) -> None:
        current = None if self._auto_selected else self.current_id()
        ids = self.model.item_ids()
        position = ids.index(current) if current in ids else 0
        self.agenda, self.now = agenda, now
        self._items = {item.item_id: item for item in agenda.items}
        self._selecting = True
        self.model.show(self._sections(agenda), now)
        self.table.clearSpans()
        for row in self.model.section_rows():
            self.table.setSpan(row, 0, 1, self.model.columnCount())
        has_rows = self.model.rowCount() > 0
        self.table.setVisible(has_rows)
        self.empty.setVisible(not has_rows)
        self.empty.setText(self.tr(
            "Nothing is due in the next 30 days, and you are in touch with everyone you "
            "meant to keep in touch with.\n\nBirthdays and important dates, keep-in-touch "
            "cadences, follow-ups and promises show up here. Add a reminder or a promise from "
            "a person's page (People ▸ Add a reminder or promise…, Ctrl+Shift+R)."))
        self.summary.setText(self._summary_text())
        if not self.select(current, keep_auto=True) and current is not None:
            # Done or dismissed: its neighbour, so the keyboard can carry on.
            ids = self.model.item_ids()
            if ids:
                self.select(ids[min(position, len(ids) - 1)], keep_auto=True)
        self._selecting = False

    def _sections(self, agenda: Agenda) -> list[Section]:
        # Whom you are losing touch with is listed once, under Losing touch, with how late
        # and how often; an overdue keep-in-touch item would only repeat it.
        losing = {person.item_id for person in agenda.losing_touch}
        by_bucket: dict[Bucket, list[AgendaItem]] = {bucket: [] for bucket in Bucket}
        for item in agenda.items:
            if item.item_id not in losing:
                by_bucket[item.bucket].append(item)
        sections = [Section(bucket.value, f"{self.tr(SECTION_TITLES[bucket])} ({len(items)})",
                            items) for bucket, items in by_bucket.items() if items]
        if agenda.losing_touch:
            sections.append(Section(LOSING_TOUCH, f"{self.tr('Losing touch')} "
                                                  f"({len(agenda.losing_touch)})",
                                    agenda.losing_touch))
        return sections

    def _summary_text(self) -> str:
        parts = []
        losing = {person.item_id for person in self.agenda.losing_touch}
        overdue = sum(1 for i in self.agenda.in_bucket(Bucket.OVERDUE) if i.item_id not in losing)
        today = len(self.agenda.in_bucket(Bucket.TODAY))
        if overdue:
            parts.append(self.tr("%1 overdue").replace("%1", str(overdue)))
        if today:
            parts.append(self.tr("%1 today").replace("%1", str(today)))
        if self.agenda.losing_touch:
            parts.append(self.tr("losing touch with %1").replace(
                "%1", str(len(self.agenda.losing_touch))))
        return "  ·  ".join(parts)

    def row_ids(self, section_key: str) -> list[str]:
        """The item ids of a section's rows ("overdue", "today", …, "losing_touch")."""
        section = self.model.section(section_key)
        return [row.item_id for row in section.rows] if section else []

    def section_texts(self, section_key: str, column: int = 2) -> list[str]:
        """Column 0 says when, 1 who, 2 what."""
        section = self.model.section(section_key)
        return [self.model.texts(row)[column] for row in section.rows] if section else []

    def current_id(self) -> str | None:
        row = self.model.row_at(self.table.currentIndex())
        return row.item_id if row is not None else None

    def select(self, item_id: str | None, keep_auto: bool = False) -> bool:
        """Make a row current (the first one for None); False when there is no such row."""
        index = self.model.index_of(item_id)
        if index.isValid():
            selecting, self._selecting = self._selecting, True
            self.table.setCurrentIndex(index)
            self.table.scrollTo(index)
            self._selecting = selecting
            if not keep_auto:
                self._auto_selected = item_id is None
        self._enable()
        return index.isValid()

    def _current_changed(self, *_) -> None:
        if not self._selecting:
            self._auto_selected = False  # the user chose: keep it across recomputations
        self._enable()

    def current_item(self) -> AgendaItem | None:
        """The chosen item; a losing-touch row's item may not be on the list (it is overdue
        by definition), hence None for it too."""
        return self._items.get(self.current_id() or "")

    def can_snooze(self) -> bool:
        if self.current_id() is None:
            return False
        item = self.current_item()
        return item is None or is_due(item, dt.datetime.now().astimezone())

    def _enable(self) -> None:
        row = self.model.row_at(self.table.currentIndex())
        chosen = row is not None
        with_person = chosen and row.person_id is not None
        for button in (self.done_button, self.dismiss_button):
            button.setEnabled(chosen)
        self.snooze_button.setEnabled(self.can_snooze())
        self.snooze_button.setToolTip(self._snooze_tip())
        self.open_button.setEnabled(with_person)
        self.log_button.setEnabled(with_person)

    def _snooze_tip(self) -> str:
        if self.current_id() is not None and not self.can_snooze():
            return self.not_due_text()
        return self.tr("Show it again later (%1)").replace("%1", SNOOZE_KEY)

    def not_due_text(self) -> str:
        item = self.current_item()
        when = when_text(item, dt.datetime.now().astimezone()) if item else ""
        return self.tr("Not due yet (%1): only items already due can be snoozed. Dismiss "
                       "hides it; Done closes it.").replace("%1", when)

    # --- acting ---------------------------------------------------------------------

    def _open(self, index: QModelIndex) -> None:
        row = self.model.row_at(index)
        if row is not None and row.person_id is not None:
            self.person_requested.emit(int(row.person_id))

    def _act(self, signal) -> None:
        item_id = self.current_id()
        if item_id:
            signal.emit(item_id)

    def _log(self) -> None:
        row = self.model.row_at(self.table.currentIndex())
        if row is not None and row.person_id is not None:
            self.log_requested.emit(int(row.person_id))

    def _due_at(self) -> dt.datetime | None:
        item = self.current_item()
        return item.due_at if item is not None else None

    def _fill_snooze_menu(self) -> None:
        self.snooze_menu.clear()
        now = dt.datetime.now().astimezone()
        for label, until in snooze_choices(now, self._due_at()):
            action = self.snooze_menu.addAction(label)
            action.triggered.connect(lambda _=False, u=until: self.snooze(u))
        self.snooze_menu.addSeparator()
        pick = self.snooze_menu.addAction(self.tr("Pick a date…"))
        pick.triggered.connect(self._pick)

    def snooze_from_keyboard(self) -> None:
        if self.current_id() is None:
            return
        if not self.can_snooze():
            self.message.emit(self.not_due_text())
            return
        self.snooze_menu.popup(self.snooze_button.mapToGlobal(
            self.snooze_button.rect().bottomLeft()))

    def snooze(self, until: dt.datetime) -> None:
        item_id = self.current_id()
        due_at = self._due_at()
        if not item_id or not self.can_snooze():
            return
        if due_at is not None and until <= due_at:
            self.message.emit(self.tr("Snooze until after it is due (%1).").replace(
                "%1", weekday_day_month_time(due_at.astimezone())))
            return
        self.snooze_requested.emit(item_id, until)

    def _pick(self) -> None:
        due_at = self._due_at()
        start = dt.datetime.combine(dt.date.today() + dt.timedelta(days=1), MORNING)
        if due_at is not None and due_at.astimezone().replace(tzinfo=None) >= start:
            start = due_at.astimezone().replace(tzinfo=None) + dt.timedelta(hours=1)
        dialog = PickMomentDialog(start, self, earliest=due_at)
        if dialog.exec():
            self.snooze(dialog.moment())
