"""Dialogs: add or edit a person, log an interaction."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, QDateTime, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QDateEdit,
    QDateTimeEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.domain import INTERACTION_KINDS, PartialDate, Person, PersonDraft, PersonSummary, Stage
from app.errors import RapportError
from app.services.people import NewContact

STAGES = [("", "—"), ("prospect", "Prospect"), ("customer", "Customer"),
          ("advocate", "Advocate"), ("not_now", "Not now"), ("lost", "Lost")]


def _lines(edit: QPlainTextEdit) -> list[str]:
    return [line.strip() for line in edit.toPlainText().splitlines() if line.strip()]


class PersonDialog(QDialog):
    """Add a person (with first contact details, job and tags) or edit one."""

    def __init__(self, notebook, person: Person | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.notebook, self.person = notebook, person
        self.saved_id: int | None = None
        self.setWindowTitle(self.tr("Edit %1").replace("%1", person.name) if person
                            else self.tr("New person"))
        self.given = QLineEdit(person.given_name if person else "")
        self.middle = QLineEdit(person.middle_name if person else "")
        self.family = QLineEdit(person.family_name if person else "")
        self.nickname = QLineEdit(person.nickname if person else "")
        self.pronouns = QLineEdit(person.pronouns if person else "")
        self.pronouns.setPlaceholderText(self.tr("e.g. she/her"))
        birthday = person.birthday if person else None
        self.birthday = QLineEdit(
            (birthday.iso() if birthday.year else f"{birthday.month:02d}-{birthday.day:02d}")
            if birthday else "")
        self.birthday.setPlaceholderText(self.tr("YYYY-MM-DD, or MM-DD without the year"))
        self.hometown = QLineEdit(person.hometown if person else "")
        self.hometown.setPlaceholderText(self.tr("Where are you from?"))
        self.how_we_met = QLineEdit(person.how_we_met if person else "")
        self.stage = QComboBox()
        for value, label in STAGES:
            self.stage.addItem(self.tr(label), value)
        if person and person.stage:
            self.stage.setCurrentIndex(self.stage.findData(person.stage.value))
        self.cadence = QSpinBox()
        self.cadence.setRange(0, 3650)
        self.cadence.setSpecialValueText(self.tr("no reminder"))
        self.cadence.setSuffix(self.tr(" days"))
        self.cadence.setValue(person.cadence_days or 0 if person else 0)
        self.phones = QPlainTextEdit()
        self.emails = QPlainTextEdit()
        for edit in (self.phones, self.emails):
            edit.setTabChangesFocus(True)
            edit.setFixedHeight(52)
        self.company = QLineEdit()
        self.title = QLineEdit()
        self.tags = QLineEdit(", ".join(person.tags) if person else "")
        self.tags.setPlaceholderText(self.tr("comma-separated"))
        self.notes = QPlainTextEdit(person.notes if person else "")
        self.notes.setTabChangesFocus(True)

        names = QHBoxLayout()
        for field, hint in ((self.given, self.tr("Given")), (self.middle, self.tr("Middle")),
                            (self.family, self.tr("Family"))):
            field.setPlaceholderText(hint)
            field.setAccessibleName(hint + " " + self.tr("name"))
            names.addWidget(field)
        form = QFormLayout()
        form.addRow(self.tr("Name"), names)
        form.addRow(self.tr("Nickname"), self.nickname)
        form.addRow(self.tr("Pronouns"), self.pronouns)
        form.addRow(self.tr("Birthday"), self.birthday)
        form.addRow(self.tr("From"), self.hometown)
        form.addRow(self.tr("How we met"), self.how_we_met)
        form.addRow(self.tr("Stage"), self.stage)
        form.addRow(self.tr("Keep in touch every"), self.cadence)
        form.addRow(self.tr("Add phones") if person else self.tr("Phones"), self.phones)
        form.addRow(self.tr("Add emails") if person else self.tr("Emails"), self.emails)
        if person is None:
            form.addRow(self.tr("Company"), self.company)
            form.addRow(self.tr("Title"), self.title)
        form.addRow(self.tr("Tags"), self.tags)
        form.addRow(self.tr("Notes"), self.notes)

        self.error = QLabel()
        self.error.setStyleSheet("color: #b3261e")
        self.error.setWordWrap(True)
        self.error.hide()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self._save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.resize(560, self.sizeHint().height())
        self.given.setFocus()

    def _fields(self) -> dict:
        birthday = self.birthday.text().strip()
        return dict(
            given_name=self.given.text(), middle_name=self.middle.text(),
            family_name=self.family.text(), nickname=self.nickname.text(),
            pronouns=self.pronouns.text(),
            birthday=PartialDate.parse(birthday) if birthday else None,
            hometown=self.hometown.text(), how_we_met=self.how_we_met.text(),
            stage=Stage(self.stage.currentData()) if self.stage.currentData() else None,
            cadence_days=self.cadence.value() or None, notes=self.notes.toPlainText())

    def _save(self) -> None:
        try:
            fields = self._fields()
            contacts = ([NewContact("phone", v) for v in _lines(self.phones)]
                        + [NewContact("email", v) for v in _lines(self.emails)])
            tags = [t.strip() for t in self.tags.text().split(",") if t.strip()]
            if self.person is None:
                saved = self.notebook.people.create(
                    PersonDraft(**fields), contacts=contacts, company=self.company.text(),
                    title=self.title.text(), tags=tags)
            else:
                saved = self.notebook.people.update(self.person.id, **fields)
                for contact in contacts:
                    self.notebook.people.add_contact(saved.id, contact.kind, contact.value)
                for tag in set(self.person.tags) - set(tags):
                    self.notebook.tags.untag(saved.id, tag)
                for tag in tags:
                    self.notebook.tags.tag(saved.id, tag)
        except RapportError as exc:
            self.error.setText(str(exc))
            self.error.show()
            return
        self.saved_id = saved.id
        self.accept()


class LogInteractionDialog(QDialog):
    """Ctrl+I: what happened, when, with whom, and an optional follow-up."""

    def __init__(self, notebook, participants: list[PersonSummary] | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.notebook = notebook
        self.logged = None
        self.setWindowTitle(self.tr("Log an interaction"))
        self.kind = QComboBox()
        for kind in INTERACTION_KINDS:
            self.kind.addItem(self.tr(kind.capitalize()), kind)
        self.when = QDateTimeEdit(QDateTime.currentDateTime())
        self.when.setCalendarPopup(True)
        self.when.setDisplayFormat("yyyy-MM-dd HH:mm")
        self.subject = QLineEdit()
        self.subject.setPlaceholderText(self.tr("e.g. Quarterly review"))
        self.people = QListWidget()
        self.people.setFixedHeight(90)
        self.person_entry = QLineEdit()
        self.person_entry.setPlaceholderText(self.tr("Type a name and press Enter to add"))
        self.person_entry.returnPressed.connect(self._add_typed)
        self._completer_names: dict[str, int] = {}
        self.completer = QCompleter([], self)
        self.completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.person_entry.setCompleter(self.completer)
        self.person_entry.textEdited.connect(self._suggest)
        remove = QPushButton(self.tr("Remove"))
        remove.clicked.connect(lambda: [self.people.takeItem(self.people.row(i))
                                        for i in self.people.selectedItems()])
        self.notes = QPlainTextEdit()
        self.notes.setTabChangesFocus(True)
        self.location = QLineEdit()
        self.follow_up = QDateEdit(QDate.currentDate().addDays(7))
        self.follow_up.setCalendarPopup(True)
        self.follow_up.setDisplayFormat("yyyy-MM-dd")
        self.follow_up.setEnabled(False)
        self.wants_follow_up = QComboBox()
        self.wants_follow_up.addItems([self.tr("No follow-up"), self.tr("Follow up on")])
        self.wants_follow_up.currentIndexChanged.connect(
            lambda i: self.follow_up.setEnabled(i == 1))
        follow = QHBoxLayout()
        follow.addWidget(self.wants_follow_up)
        follow.addWidget(self.follow_up, 1)

        who = QVBoxLayout()
        who.addWidget(self.people)
        row = QHBoxLayout()
        row.addWidget(self.person_entry, 1)
        row.addWidget(remove)
        who.addLayout(row)
        form = QFormLayout()
        form.addRow(self.tr("Kind"), self.kind)
        form.addRow(self.tr("When"), self.when)
        form.addRow(self.tr("With"), who)
        form.addRow(self.tr("Subject"), self.subject)
        form.addRow(self.tr("Notes"), self.notes)
        form.addRow(self.tr("Where"), self.location)
        form.addRow(self.tr("Follow-up"), follow)
        self.error = QLabel()
        self.error.setStyleSheet("color: #b3261e")
        self.error.hide()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Save).setText(self.tr("Log"))
        buttons.accepted.connect(self._save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        for person in participants or ():
            self.add_participant(person.id, person.name)
        self.resize(520, self.sizeHint().height())
        (self.subject if participants else self.person_entry).setFocus()

    def add_participant(self, person_id: int, name: str) -> None:
        for row in range(self.people.count()):
            if self.people.item(row).data(Qt.ItemDataRole.UserRole) == person_id:
                return
        item = QListWidgetItem(name)
        item.setData(Qt.ItemDataRole.UserRole, person_id)
        self.people.addItem(item)

    def participant_ids(self) -> list[int]:
        return [self.people.item(r).data(Qt.ItemDataRole.UserRole)
                for r in range(self.people.count())]

    def _suggest(self, text: str) -> None:
        if len(text.strip()) < 2:
            return
        hits = self.notebook.search.search(text, limit=15)
        self._completer_names = {self._label(h.person): h.person.id for h in hits}
        self.completer.model().setStringList(list(self._completer_names))

    @staticmethod
    def _label(person: PersonSummary) -> str:
        return person.name + (f" — {person.company}" if person.company else "")

    def _add_typed(self) -> None:
        text = self.person_entry.text().strip()
        if not text:
            return
        person_id = self._completer_names.get(text)
        if person_id is None:
            hits = self.notebook.search.search(text, limit=2)
            if len(hits) != 1:
                self.error.setText(self.tr("Type more of the name: '%1' is not one person.")
                                   .replace("%1", text))
                self.error.show()
                return
            person_id, text = hits[0].person.id, self._label(hits[0].person)
        self.add_participant(person_id, text.split(" — ")[0])
        self.person_entry.clear()
        self.error.hide()

    def _save(self) -> None:
        if self.person_entry.text().strip():
            self._add_typed()
        follow = None
        if self.wants_follow_up.currentIndex() == 1:
            follow = self.follow_up.date().toPython()
        when = self.when.dateTime().toPython()
        try:
            self.logged = self.notebook.interactions.log(
                self.kind.currentData(), self.participant_ids(),
                when=when.astimezone() if isinstance(when, dt.datetime) else None,
                subject=self.subject.text(), notes=self.notes.toPlainText(),
                location=self.location.text(), follow_up_on=follow)
        except RapportError as exc:
            self.error.setText(str(exc))
            self.error.show()
            return
        self.accept()
