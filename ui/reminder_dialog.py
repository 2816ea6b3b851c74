"""Add a reminder, a promise or a follow-up for the person shown (People ▸ Add a reminder
or promise…, Ctrl+Shift+R): what, when (one click for the usual moments, or a calendar),
and whether it repeats, in words."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDateTime, QTime
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.domain import Person, Reminder, ReminderKind
from ui.dialogs import SavingDialog
from ui.widgets.moment_edit import MomentEdit

KINDS = [(ReminderKind.CUSTOM, "Reminder"), (ReminderKind.PROMISE, "Promise (something I said "
                                                                  "I would do)"),
         (ReminderKind.FOLLOW_UP, "Follow-up")]
REPEATS = [("", "Does not repeat"), ("FREQ=DAILY", "Every day"),
           ("FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR", "Every weekday"), ("FREQ=WEEKLY", "Every week"),
           ("FREQ=WEEKLY;INTERVAL=2", "Every two weeks"), ("FREQ=MONTHLY", "Every month"),
           ("FREQ=MONTHLY;INTERVAL=3", "Every three months"), ("FREQ=YEARLY", "Every year")]
EVENING = dt.time(18, 0)
MORNING = dt.time(9, 0)


def quick_moments(now: dt.datetime) -> list[tuple[str, dt.datetime | None]]:
    """(label, moment) for the one-click choices, from a naive local `now`; None when the
    choice has passed (this evening, after 18:00)."""
    soon = (now + dt.timedelta(hours=1)).replace(second=0, microsecond=0)
    evening = dt.datetime.combine(now.date(), EVENING)
    tomorrow = dt.datetime.combine(now.date() + dt.timedelta(days=1), MORNING)
    monday = now.date() + dt.timedelta(days=7 - now.weekday())
    return [("In 1 hour", soon), ("This evening, 18:00", evening if evening > now else None),
            ("Tomorrow, 9:00", tomorrow), ("Next Monday, 9:00",
                                           dt.datetime.combine(monday, MORNING))]


def from_now(moment: dt.datetime, now: dt.datetime) -> str:
    """'in 1 hour 5 min', 'in 3 days', '2 hours ago': how far a naive local moment is."""
    minutes = round((moment - now).total_seconds() / 60)
    ahead, minutes = minutes >= 0, abs(minutes)
    days, rest = divmod(minutes, 24 * 60)
    hours, mins = divmod(rest, 60)
    if days >= 2:
        text = f"{days} days"
    elif days or hours:
        hours += days * 24
        text = f"{hours} hour{'s' if hours != 1 else ''}" + (f" {mins} min" if mins else "")
    else:
        text = f"{mins} min"
    if minutes == 0:
        return "now"
    return f"in {text}" if ahead else f"{text} ago"


class ReminderDialog(SavingDialog):
    def __init__(self, notebook, person: Person, parent: QWidget | None = None,
                 ops=None, reminder: Reminder | None = None) -> None:
        """`reminder`: one to change, instead of adding one."""
        super().__init__(parent, ops)
        self.notebook = notebook
        self.person = person
        self.reminder = reminder
        self.added = None
        self.setWindowTitle(self.tr("Remind me about %1").replace("%1", person.name)
                            if reminder is None else self.tr("Change the reminder"))
        self.kind = QComboBox()
        for kind, label in KINDS:
            self.kind.addItem(self.tr(label), kind)
        self.text = QLineEdit()
        self.text.setPlaceholderText(self.tr("e.g. Send the proposal, as promised"))
        self.text.setAccessibleName(self.tr("What"))
        self.when = MomentEdit()
        self.when.setCalendarPopup(True)  # the arrow (or Alt+Down) opens a calendar
        self.when.setDisplayFormat("yyyy-MM-dd HH:mm")  # the weekday is said beside it
        self.when.setAccessibleName(self.tr("When"))
        self.when.setToolTip(self.tr("Type over a part (day, hour…) or use the arrow for a "
                                     "calendar; the buttons below set the usual moments."))
        self.from_now = QLabel()
        self.from_now.setStyleSheet("color: palette(mid)")
        self.when.dateTimeChanged.connect(self._show_from_now)
        when_row = QHBoxLayout()
        when_row.addWidget(self.when, 1)
        when_row.addWidget(self.from_now)
        self.quick: list[QPushButton] = []
        quick_row = QHBoxLayout()
        quick_row.setSpacing(4)
        for label, moment in quick_moments(dt.datetime.now()):
            button = QPushButton(self.tr(label))
            button.setAutoDefault(False)  # Enter still adds the reminder
            button.setEnabled(moment is not None)
            if moment is None:
                button.setToolTip(self.tr("It is past 18:00 already."))
            button.clicked.connect(lambda _=False, m=moment: self.set_when(m))
            quick_row.addWidget(button)
            self.quick.append(button)
        quick_row.addStretch(1)
        self.repeat = QComboBox()
        for rule, label in REPEATS:
            self.repeat.addItem(self.tr(label), rule)
        form = QFormLayout()
        form.addRow(self.tr("Kind"), self.kind)
        form.addRow(self.tr("What"), self.text)
        form.addRow(self.tr("When"), when_row)
        form.addRow("", quick_row)
        form.addRow(self.tr("Repeat"), self.repeat)
        self.set_when(quick_moments(dt.datetime.now())[2][1])  # tomorrow, 9:00
        self.buttons.button(self.buttons.StandardButton.Save).setText(self.tr("Add"))
        if reminder is not None:
            self._show_reminder(reminder)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.resize(max(520, self.sizeHint().width()), self.sizeHint().height())
        self._order_tabs()
        self.text.setFocus()

    def _order_tabs(self) -> None:
        """Top to bottom: kind, what, when, the quick choices, repeat, Add, Cancel (the
        buttons were made first, so by default they would come first)."""
        save = self.buttons.button(self.buttons.StandardButton.Save)
        cancel = self.buttons.button(self.buttons.StandardButton.Cancel)
        chain = [self.kind, self.text, self.when, *self.quick, self.repeat, save, cancel]
        for before, after in zip(chain, chain[1:], strict=False):
            self.setTabOrder(before, after)

    def set_when(self, moment: dt.datetime) -> None:
        """Set the field to a naive local moment (a quick choice)."""
        self.when.setDateTime(QDateTime(moment.date(), QTime(moment.hour, moment.minute)))

    def _show_from_now(self, *_) -> None:
        moment = self.when.dateTime().toPython()
        self.from_now.setText(f"{moment:%A}, {from_now(moment, dt.datetime.now())}")

    def _show_reminder(self, reminder: Reminder) -> None:
        self.kind.setCurrentIndex(max(self.kind.findData(reminder.kind), 0))
        self.text.setText(reminder.title)
        self.set_when(reminder.due_at.astimezone().replace(tzinfo=None))
        repeat = self.repeat.findData(reminder.rrule)
        if repeat < 0:  # a rule typed elsewhere (rapport-cli remind --every): kept as it is
            self.repeat.addItem(reminder.rrule, reminder.rrule)
            repeat = self.repeat.count() - 1
        self.repeat.setCurrentIndex(repeat)
        self.buttons.button(self.buttons.StandardButton.Save).setText(self.tr("Save"))

    def prepare(self):
        title = self.text.text()
        due_at: dt.datetime | None = self.when.dateTime().toPython().astimezone()
        kind, rule, person_id = self.kind.currentData(), self.repeat.currentData(), self.person.id
        if self.reminder is not None:
            update, reminder_id = self.notebook.reminders.update, self.reminder.id
            if self._same_minute(due_at, self.reminder.due_at):
                due_at = None  # the field shows minutes: an untouched time keeps its seconds
            return lambda: update(reminder_id, title=title, due_at=due_at, rrule=rule, kind=kind)
        add = self.notebook.reminders.add
        return lambda: add(title, due_at, kind=kind, person_id=person_id, rrule=rule)

    @staticmethod
    def _same_minute(shown: dt.datetime, stored: dt.datetime) -> bool:
        return shown.replace(second=0, microsecond=0) == stored.astimezone().replace(
            second=0, microsecond=0)

    def saved(self, reminder) -> None:
        self.added = reminder
