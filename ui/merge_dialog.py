"""Merge two people: which card to keep, and side by side the fields both fill differently."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QButtonGroup,
    QDialogButtonBox,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from app.domain import Person
from app.services.merge import BOTH_FIELDS, CURRENT_JOB, Choice
from ui.dates import day_month_year
from ui.dialogs import SavingDialog

SHOWN_CHARS = 60  # longer values (notes) are cut in the button and shown whole as a tooltip


def _short(text: str) -> str:
    one_line = " ".join(text.split())
    return one_line if len(one_line) <= SHOWN_CHARS else one_line[:SHOWN_CHARS - 1] + "…"


def card_summary(p: Person) -> str:
    tr = QWidget.tr
    job = p.current_jobs[0] if p.current_jobs else None
    lines = [f"<b>{p.name}</b>  <span style='color: gray'>#{p.id}</span>"]
    if job:
        lines.append(" at ".join(x for x in (job.title, job.organization.name) if x))
    lines.append(", ".join(c.value for c in p.contact_points[:3]) or tr("no contact details"))
    lines.append(tr("%1 interactions, %2 facts, %3 relationships").replace(
        "%1", str(len(p.interactions))).replace("%2", str(len(p.facts))).replace(
        "%3", str(len(p.relationships))))
    lines.append(tr("added %1").replace("%1", day_month_year(p.created_at.astimezone()))
                 if p.created_at else "")
    return "<br>".join(line for line in lines if line)


class MergeDialog(SavingDialog):
    def __init__(self, notebook, first_id: int, second_id: int, parent: QWidget | None = None,
                 ops=None) -> None:
        super().__init__(parent, ops)
        self.notebook = notebook
        self.keep_id, self.other_id = first_id, second_id
        self.merged: Person | None = None
        self.groups: dict[str, QButtonGroup] = {}
        self.setWindowTitle(self.tr("Merge two people"))
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setText(self.tr("&Merge"))
        intro = QLabel(self.tr(
            "Everything from both cards is kept: contact details (identical ones once), "
            "addresses, dates, facts, relationships, jobs, interactions, reminders, "
            "introductions, tags and pipeline history. Choose below where they differ. "
            "Edit ▸ Undo merge (Ctrl+Z) takes it back until Rapport closes."))
        intro.setWordWrap(True)
        self.keep_card, self.other_card = QLabel(), QLabel()
        for card in (self.keep_card, self.other_card):
            card.setWordWrap(True)
            card.setMinimumWidth(260)
        swap = QPushButton(self.tr("&Swap: keep the other card"))
        swap.setToolTip(self.tr("The kept card keeps its id and its place in exports"))
        swap.clicked.connect(self.swap)
        cards = QHBoxLayout()
        self.keep_box = QGroupBox(self.tr("Kept card"))
        QVBoxLayout(self.keep_box).addWidget(self.keep_card)
        self.other_box = QGroupBox(self.tr("Merged into it, then removed"))
        QVBoxLayout(self.other_box).addWidget(self.other_card)
        cards.addWidget(self.keep_box, 1)
        cards.addWidget(self.other_box, 1)
        self.conflicts_box = QGroupBox(self.tr("Where they differ: choose what to keep"))
        self.grid = QGridLayout(self.conflicts_box)
        self.no_conflicts = QLabel(self.tr(
            "They differ nowhere: every field of both fits on one card."))
        self.no_conflicts.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(cards)
        layout.addWidget(swap)
        layout.addWidget(self.conflicts_box)
        layout.addWidget(self.no_conflicts)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self._fill()
        self.resize(720, self.sizeHint().height())

    def swap(self) -> None:
        self.keep_id, self.other_id = self.other_id, self.keep_id
        self._fill()

    def _fill(self) -> None:
        people = self.notebook.people
        self.keep_card.setText(card_summary(people.get(self.keep_id)))
        self.other_card.setText(card_summary(people.get(self.other_id)))
        while self.grid.count():
            widget = self.grid.takeAt(0).widget()
            if widget is not None:
                widget.deleteLater()
        self.groups = {}
        conflicts = self.notebook.merge.conflicts(self.keep_id, self.other_id)
        # An empty box under "they differ nowhere" looks like something failed to load.
        self.conflicts_box.setVisible(bool(conflicts))
        self.no_conflicts.setVisible(not conflicts)
        for row, conflict in enumerate(conflicts):
            self.grid.addWidget(QLabel(conflict.label), row, 0)
            group = QButtonGroup(self)
            options = [(Choice.KEEP, conflict.keep_value), (Choice.OTHER, conflict.other_value)]
            if conflict.field in BOTH_FIELDS:
                options.append((Choice.BOTH, self.tr("Keep both")))
            for column, (choice, text) in enumerate(options, start=1):
                button = QRadioButton(_short(text))
                button.setToolTip(text)
                button.setAccessibleName(f"{conflict.label}: {text}")
                button.setProperty("choice", choice.value)
                button.setChecked(choice == conflict.default)
                group.addButton(button)
                self.grid.addWidget(button, row, column)
            self.groups[conflict.field] = group
        if CURRENT_JOB in self.groups:
            self.grid.addWidget(self._job_note(), len(conflicts), 1, 1, 3)
        self.grid.setColumnStretch(1, 1)
        self.grid.setColumnStretch(2, 1)

    def _job_note(self) -> QLabel:
        note = QLabel(self.tr(
            "The current job you do not keep becomes a past job ending today; at the same "
            "organisation it is the same job under another title and is kept once."))
        note.setWordWrap(True)
        note.setStyleSheet("color: gray")
        return note

    def choices(self) -> dict[str, Choice]:
        return {field: Choice(group.checkedButton().property("choice"))
                for field, group in self.groups.items()}

    def choose(self, field: str, choice: Choice) -> None:
        for button in self.groups[field].buttons():
            if button.property("choice") == choice.value:
                button.setChecked(True)

    def prepare(self):
        keep, other, choices = self.keep_id, self.other_id, self.choices()
        return lambda: self.notebook.merge.merge(keep, other, choices)

    def saved(self, person: Person) -> None:
        self.merged = person
