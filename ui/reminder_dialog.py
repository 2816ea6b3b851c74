"""Add a reminder, a promise or a follow-up for the person shown (People ▸ Add a reminder
or promise…, Ctrl+Shift+R): what, when, and whether it repeats, in words."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, QDateTime, QTime
from PySide6.QtWidgets import QComboBox, QDateTimeEdit, QFormLayout, QLineEdit, QVBoxLayout, QWidget

from app.domain import Person, ReminderKind
from ui.dialogs import SavingDialog

KINDS = [(ReminderKind.CUSTOM, "Reminder"), (ReminderKind.PROMISE, "Promise (something I said "
                                                                  "I would do)"),
         (ReminderKind.FOLLOW_UP, "Follow-up")]
REPEATS = [("", "Does not repeat"), ("FREQ=DAILY", "Every day"),
           ("FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR", "Every weekday"), ("FREQ=WEEKLY", "Every week"),
           ("FREQ=WEEKLY;INTERVAL=2", "Every two weeks"), ("FREQ=MONTHLY", "Every month"),
           ("FREQ=MONTHLY;INTERVAL=3", "Every three months"), ("FREQ=YEARLY", "Every year")]


class ReminderDialog(SavingDialog):
    def __init__(self, notebook, person: Person, parent: QWidget | None = None,
                 ops=None) -> None:
        super().__init__(parent, ops)
        self.notebook = notebook
        self.person = person
        self.added = None
        self.setWindowTitle(self.tr("Remind me about %1").replace("%1", person.name))
        self.kind = QComboBox()
        for kind, label in KINDS:
            self.kind.addItem(self.tr(label), kind)
        self.text = QLineEdit()
        self.text.setPlaceholderText(self.tr("e.g. Send the proposal, as promised"))
        self.text.setAccessibleName(self.tr("What"))
        tomorrow = QDate.currentDate().addDays(1)
        self.when = QDateTimeEdit(QDateTime(tomorrow, QTime(9, 0)))
        self.when.setCalendarPopup(True)
        self.when.setDisplayFormat("ddd yyyy-MM-dd HH:mm")
        self.repeat = QComboBox()
        for rule, label in REPEATS:
            self.repeat.addItem(self.tr(label), rule)
        form = QFormLayout()
        form.addRow(self.tr("Kind"), self.kind)
        form.addRow(self.tr("What"), self.text)
        form.addRow(self.tr("When"), self.when)
        form.addRow(self.tr("Repeat"), self.repeat)
        self.buttons.button(self.buttons.StandardButton.Save).setText(self.tr("Add"))
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.resize(480, self.sizeHint().height())
        self.text.setFocus()

    def prepare(self):
        title = self.text.text()
        due_at: dt.datetime = self.when.dateTime().toPython().astimezone()
        kind, rule, person_id = self.kind.currentData(), self.repeat.currentData(), self.person.id
        add = self.notebook.reminders.add
        return lambda: add(title, due_at, kind=kind, person_id=person_id, rrule=rule)

    def saved(self, reminder) -> None:
        self.added = reminder
