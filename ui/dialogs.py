"""Dialogs: add or edit a person, log an interaction."""

from __future__ import annotations

import datetime as dt
import re

from PySide6.QtCore import QDate, QDateTime, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QCompleter,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from app.domain import (
    INTERACTION_KINDS,
    Interaction,
    PartialDate,
    Person,
    PersonDraft,
    PersonSummary,
    Stage,
    compose_display_name,
)
from app.errors import InvalidInput, RapportError
from app.normalize import normalize_contact
from app.services.people import MoreDetails, NewContact
from ui.region_dialog import region_name
from ui.widgets.cadence_edit import CadenceEdit
from ui.widgets.labels import error_label
from ui.widgets.moment_edit import MomentEdit
from ui.widgets.person_picker import PersonPicker

ORIGINAL_ROLE = Qt.ItemDataRole.UserRole + 1  # a detail's text as it was shown

STAGES = [("", "—"), ("prospect", "Prospect"), ("customer", "Customer"),
          ("advocate", "Advocate"), ("not_now", "Not now"), ("lost", "Lost")]


def _lines(edit: QPlainTextEdit) -> list[str]:
    return [line.strip() for line in edit.toPlainText().splitlines() if line.strip()]


_LABEL = re.compile(r"[^\d@+()]{1,30}")  # "mobile", "work", "home office": no number in it


def _contacts(kind: str, edit: QPlainTextEdit) -> list[NewContact]:
    """One phone or email per line, with its label first if one is typed: "mobile: +44 …"."""
    found = []
    for line in _lines(edit):
        label, sep, value = line.partition(":")
        if sep and value.strip() and _LABEL.fullmatch(label.strip()):
            found.append(NewContact(kind, value.strip(), label.strip()))
        else:
            found.append(NewContact(kind, line))
    return found


class SavingDialog(QDialog):
    """A dialog whose Save runs on the database worker: the window stays responsive, the
    dialog waits (buttons disabled) and closes on success or shows the error inline."""

    def __init__(self, parent: QWidget | None, ops) -> None:
        super().__init__(parent)
        self.ops = ops
        self.error = error_label()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self._save)
        self.buttons.rejected.connect(self.reject)
        for keys in ("Ctrl+Return", "Ctrl+Enter"):  # also from a multi-line field
            QShortcut(QKeySequence(keys), self, self._save_if_enabled)

    def _save_if_enabled(self) -> None:
        if self.buttons.isEnabled():  # not while a save is running
            self._save()

    def showEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        super().showEvent(event)
        if not hasattr(self, "_typed_at_open"):
            self._typed_at_open = self._typed()

    def _typed(self) -> list[str]:
        return [w.text() for w in self.findChildren(QLineEdit)] + \
            [w.toPlainText() for w in self.findChildren(QPlainTextEdit)]

    def reject(self) -> None:
        """Esc or Cancel: ask before throwing away what was typed."""
        if hasattr(self, "_typed_at_open") and self._typed() != self._typed_at_open:
            answer = QMessageBox.question(
                self, self.tr("Discard changes?"),
                self.tr("Close without saving what you typed?"),
                QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
                QMessageBox.StandardButton.Cancel)
            if answer != QMessageBox.StandardButton.Discard:
                return
        super().reject()

    def _save(self) -> None:
        try:
            work = self.prepare()
        except RapportError as exc:
            self.show_error(exc)
            return
        self.error.hide()
        if self.ops is None:
            try:
                result = work()
            except RapportError as exc:
                self.show_error(exc)
                return
            self._done(result)
            return
        self.buttons.setEnabled(False)
        self.ops.run(work, self._done, self._failed)

    def prepare(self):
        """Read and check the fields here, on the GUI thread; return the database work."""
        raise NotImplementedError

    def saved(self, result) -> None:
        """What to keep from a successful save."""

    def _done(self, result) -> None:
        self.buttons.setEnabled(True)
        self.saved(result)
        self.accept()

    def _failed(self, error: BaseException) -> None:
        self.buttons.setEnabled(True)
        self.show_error(error)

    def show_error(self, error: BaseException) -> None:
        text = str(error) if isinstance(error, RapportError) else \
            self.tr("Not saved: %1").replace("%1", str(error))
        self.error.setText(text)
        self.error.show()


def ask_about_duplicate(parent: QWidget, text: str) -> str:
    """'open' the one already there, 'add' anyway, or 'cancel' (back to the form)."""
    box = QMessageBox(QMessageBox.Icon.Question, parent.tr("Already in the notebook?"),
                      text, parent=parent)
    box.setObjectName("duplicate_prompt")
    box.setInformativeText(parent.tr("Open them instead, or add a new person anyway?"))
    open_button = box.addButton(parent.tr("&Open them instead"),
                                QMessageBox.ButtonRole.AcceptRole)
    add_button = box.addButton(parent.tr("&Add anyway"), QMessageBox.ButtonRole.DestructiveRole)
    box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(open_button)
    box.exec()
    clicked = box.clickedButton()
    return "open" if clicked is open_button else "add" if clicked is add_button else "cancel"


class PersonDialog(SavingDialog):
    """Add a person (with first contact details, job and tags) or edit one."""

    def __init__(self, notebook, person: Person | None = None,
                 parent: QWidget | None = None, ops=None) -> None:
        super().__init__(parent, ops)
        self.notebook, self.person = notebook, person
        self.saved_id: int | None = None
        self.setWindowTitle(self.tr("Edit %1").replace("%1", person.name) if person
                            else self.tr("New person"))
        self.given = QLineEdit(person.given_name if person else "")
        self.middle = QLineEdit(person.middle_name if person else "")
        self.family = QLineEdit(person.family_name if person else "")
        self.prefix = QLineEdit(person.prefix if person else "")
        self.prefix.setPlaceholderText(self.tr("Prefix, e.g. Dr."))
        self.suffix = QLineEdit(person.suffix if person else "")
        self.suffix.setPlaceholderText(self.tr("Suffix, e.g. Jr."))
        self.display_name = QLineEdit(person.display_name if person else "")
        self.display_name.setPlaceholderText(self.tr("Leave empty to use the name above"))
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
        self.cadence = CadenceEdit()
        self.cadence.setValue(person.cadence_days or 0 if person else 0)
        self.phones = QPlainTextEdit()
        self.emails = QPlainTextEdit()
        self.phones.setPlaceholderText(self.tr("one per line, a label first if you like: "
                                               "mobile: +44 7700 900123"))
        self.emails.setPlaceholderText(self.tr("one per line, e.g. work: ana@example.com"))
        for edit in (self.phones, self.emails):
            edit.setTabChangesFocus(True)
            edit.setFixedHeight(52)
        self.company = QLineEdit()
        self.title = QLineEdit()
        self.tags = QLineEdit(", ".join(person.tags) if person else "")
        self.tags.setPlaceholderText(self.tr("comma-separated"))
        self.notes = QPlainTextEdit(person.notes if person else "")
        self.notes.setTabChangesFocus(True)
        self.met_on = QLineEdit(person.met_on.isoformat() if person and person.met_on else "")
        self.met_on.setPlaceholderText(self.tr("YYYY-MM-DD"))
        self.introduced_by = PersonPicker(notebook, self.tr("Who introduced you?"))
        self.introduced_by_id = person.introduced_by.id if person and person.introduced_by \
            else None
        if person and person.introduced_by:
            self.introduced_by.setText(person.introduced_by.name)
        self.introduced_by.picked.connect(self._introducer_picked)
        self.introduced_by.textEdited.connect(self._introducer_edited)
        self.existing = QListWidget()
        self.existing.setAccessibleName(self.tr("Contact details, addresses and dates"))
        self.existing.setSelectionMode(QListWidget.SelectionMode.ExtendedSelection)
        self.removed: dict[str, list[int]] = {"contact": [], "address": [], "date": []}
        details = []
        if person:
            details += [("contact", c.id, f"{c.label or c.kind.value}: {c.value}")
                        for c in person.contact_points]
            details += [("address", a.id, f"{a.label or self.tr('address')}: {a.one_line()}")
                        for a in person.addresses]
            details += [("date", d.id, f"{d.label}: {d.date}") for d in person.important_dates]
        for kind, row_id, text in details:
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, (kind, row_id))
            if kind == "contact":  # a phone or email is corrected in place: "label: value"
                item.setFlags(item.flags() | Qt.ItemFlag.ItemIsEditable)
                item.setData(ORIGINAL_ROLE, text)
                item.setToolTip(self.tr("Double-click (or F2) to correct it: label: value"))
            self.existing.addItem(item)
        self.existing.setEditTriggers(QListWidget.EditTrigger.DoubleClicked
                                      | QListWidget.EditTrigger.EditKeyPressed)
        self.existing.setFixedHeight(min(110, 24 * max(self.existing.count(), 1) + 8))
        self.contacts_by_id = {c.id: c for c in person.contact_points} if person else {}
        remove_contact = QPushButton(self.tr("Remove selected"))
        remove_contact.setAccessibleName(self.tr("Remove the selected contact details"))
        remove_contact.clicked.connect(self._remove_contact)
        change_contact = QPushButton(self.tr("Change selected…"))
        change_contact.setAccessibleName(self.tr("Correct the selected phone or email"))
        change_contact.clicked.connect(self._edit_contact)
        self.address = QLineEdit()
        self.address.setPlaceholderText(self.tr("street, city, country; a label first if you "
                                                "like: work: …"))
        self.dates = QPlainTextEdit()
        self.dates.setPlaceholderText(self.tr("one per line, e.g. anniversary: 2012-07-07"))
        self.dates.setTabChangesFocus(True)
        self.dates.setFixedHeight(52)
        self.custom = QPlainTextEdit("\n".join(f"{c.name}: {c.value}"
                                               for c in (person.custom_fields if person else ())))
        self.custom.setPlaceholderText(self.tr("one per line, e.g. Shoe size: 38"))
        self.custom.setTabChangesFocus(True)
        self.custom.setFixedHeight(52)

        names = QHBoxLayout()
        for field, hint in ((self.given, self.tr("Given")), (self.middle, self.tr("Middle")),
                            (self.family, self.tr("Family"))):
            field.setPlaceholderText(hint)
            field.setAccessibleName(hint + " " + self.tr("name"))
            names.addWidget(field)
        form = QFormLayout()
        form.addRow(self.tr("Name"), names)
        extra_names = QHBoxLayout()
        extra_names.addWidget(self.prefix)
        extra_names.addWidget(self.suffix)
        form.addRow("", extra_names)
        form.addRow(self.tr("Show name as"), self.display_name)
        form.addRow(self.tr("Nickname"), self.nickname)
        form.addRow(self.tr("Pronouns"), self.pronouns)
        form.addRow(self.tr("Birthday"), self.birthday)
        form.addRow(self.tr("From"), self.hometown)
        form.addRow(self.tr("How we met"), self.how_we_met)
        form.addRow(self.tr("Met on"), self.met_on)
        form.addRow(self.tr("Introduced by"), self.introduced_by)
        form.addRow(self.tr("Stage"), self.stage)
        form.addRow(self.tr("Keep in touch"), self.cadence)
        if details:
            existing = QVBoxLayout()
            existing.addWidget(self.existing)
            detail_buttons = QHBoxLayout()
            detail_buttons.addWidget(change_contact)
            detail_buttons.addWidget(remove_contact)
            detail_buttons.addStretch(1)
            existing.addLayout(detail_buttons)
            form.addRow(self.tr("Details"), existing)
        form.addRow(self.tr("Add phones") if person else self.tr("Phones"), self.phones)
        form.addRow(self.tr("Add emails") if person else self.tr("Emails"), self.emails)
        if person is None:
            form.addRow(self.tr("Company"), self.company)
            form.addRow(self.tr("Title"), self.title)
        form.addRow(self.tr("Add an address"), self.address)
        form.addRow(self.tr("Add dates"), self.dates)
        form.addRow(self.tr("Custom fields"), self.custom)
        form.addRow(self.tr("Tags"), self.tags)
        form.addRow(self.tr("Notes"), self.notes)

        fields = QWidget()
        fields.setLayout(form)
        scroll = QScrollArea()
        scroll.setWidget(fields)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        layout = QVBoxLayout(self)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        screen = self.screen().availableGeometry() if self.screen() else None
        height = min(fields.sizeHint().height() + 90, int(screen.height() * 0.85)) if screen \
            else 640
        self.resize(600, height)
        self.given.setFocus()

    def show_error(self, error: BaseException) -> None:
        """A phone that cannot be read: say which region numbers are read in and where to
        change it, and mark the Phones field."""
        phone = isinstance(error, InvalidInput) and error.field == "phone"
        self.phones.setStyleSheet("QPlainTextEdit { border: 2px solid #c0392b; }" if phone else "")
        if not phone:
            super().show_error(error)
            return
        region = self.notebook.settings.default_region()
        hint = (self.tr("Numbers without a country code are read as %1 numbers; change that "
                        "in File > Phone region…").replace("%1", region_name(region))
                if region else
                self.tr("Add the country code, or choose a region in File > Phone region…"))
        super().show_error(InvalidInput(f"{error} {hint}", "phone"))
        self.phones.setFocus()

    def _save(self) -> None:
        if self.person is None:
            same = self._same_person_already()
            if same is not None:
                person_id, text = same
                choice = ask_about_duplicate(self, text)
                if choice == "open":  # the caller shows saved_id: the one already there
                    self.saved_id = person_id
                    self.accept()
                if choice != "add":
                    return
        if not self._introducer_found_or_added():
            return
        super()._save()

    def _introducer_found_or_added(self) -> bool:
        """An introducer typed who is nobody in the notebook: offer to add them (a new
        person with that name). False when the user would rather not."""
        typed = self.introduced_by.text().strip()
        if not typed or self.introduced_by_id is not None or self.introduced_by.pick_typed() \
                or self.notebook.search.search(typed, limit=1):
            return True  # nothing typed, found, or several to choose from (_introducer says)
        answer = QMessageBox.question(
            self, self.tr("Add who introduced you?"),
            self.tr("Nobody called “%1” is in the notebook. Add %1 as a new person, who "
                    "introduced you?").replace("%1", typed),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Yes)
        if answer != QMessageBox.StandardButton.Yes:
            return False
        given, _, family = typed.partition(" ")
        added = self.notebook.people.create(PersonDraft(given_name=given,
                                                        family_name=family.strip()))
        self._introducer_picked(added.id, added.name)
        return True

    def _same_person_already(self) -> tuple[int, str] | None:
        """Someone in the notebook with an email or phone typed here (compared normalised),
        or exactly this name: (their id, what to tell the user)."""
        people = self.notebook.people
        for kind, edit, what in (("email", self.emails, self.tr("the same email")),
                                 ("phone", self.phones, self.tr("the same phone number"))):
            for contact in _contacts(kind, edit):
                for person_id in people.find_by_contact(kind, contact.value):
                    return person_id, self._duplicate_text(person_id, contact.value, what)
        name = compose_display_name(
            display_name=self.display_name.text(), prefix=self.prefix.text(),
            given_name=self.given.text(), middle_name=self.middle.text(),
            family_name=self.family.text(), suffix=self.suffix.text(),
            nickname=self.nickname.text())
        if name:
            for hit in self.notebook.search.search(name, limit=20):
                if hit.person.name.casefold() == name.casefold():
                    person = hit.person
                    return person.id, self._duplicate_text(
                        person.id, person.company, self.tr("the same name"))
        return None

    def _duplicate_text(self, person_id: int, detail: str, what: str) -> str:
        [other] = self.notebook.people.summaries([person_id]) or [None]
        name = other.name if other else ""
        detail = f", {detail}" if detail else ""
        return self.tr("%1 (#%2%3) has %4.").replace("%1", name).replace(
            "%2", str(person_id)).replace("%3", detail).replace("%4", what)

    def _introducer_picked(self, person_id: int, name: str) -> None:
        self.introduced_by_id = person_id
        self.introduced_by.setText(name)

    def _introducer_edited(self, text: str) -> None:
        self.introduced_by_id = None

    def _remove_contact(self) -> None:
        for item in self.existing.selectedItems():
            kind, row_id = item.data(Qt.ItemDataRole.UserRole)
            self.removed[kind].append(row_id)
            self.existing.takeItem(self.existing.row(item))

    def _edit_contact(self) -> None:
        item = self.existing.currentItem()
        if item is not None and item.flags() & Qt.ItemFlag.ItemIsEditable:
            self.existing.editItem(item)

    def _contact_edits(self) -> list[tuple[int, str, str]]:
        """(contact id, label, value) of each phone or email corrected in the list, each
        value checked here so that a bad one stops the save before anything is written."""
        edits = []
        region = self.notebook.settings.default_region()
        for row in range(self.existing.count()):
            item = self.existing.item(row)
            kind, row_id = item.data(Qt.ItemDataRole.UserRole)
            if kind != "contact" or item.text() == item.data(ORIGINAL_ROLE):
                continue
            point = self.contacts_by_id[row_id]
            label, sep, value = item.text().partition(":")
            if not sep:  # only the value was left
                label, value = point.label, label
            label, value = label.strip(), value.strip()
            if not point.label and label == point.kind.value:
                label = ""  # the kind shown where there was no label: still no label
            normalize_contact(point.kind, value, region)  # raises InvalidInput, field named
            edits.append((row_id, label, value))
        return edits

    def _introducer(self) -> int | None:
        if not self.introduced_by.text().strip():
            return None
        if self.introduced_by_id is None and not self.introduced_by.pick_typed():
            raise InvalidInput(self.introduced_by.not_found_message(
                self.introduced_by.text().strip()))
        return self.introduced_by_id

    def _fields(self) -> dict:
        birthday = self.birthday.text().strip()
        met_on = self.met_on.text().strip()
        try:
            met = dt.date.fromisoformat(met_on) if met_on else None
        except ValueError as exc:
            raise InvalidInput(self.tr("'%1' is not a date; use YYYY-MM-DD.").replace(
                "%1", met_on)) from exc
        return dict(
            met_on=met, introduced_by_id=self._introducer(),
            prefix=self.prefix.text(), suffix=self.suffix.text(),
            display_name=self.display_name.text(),
            given_name=self.given.text(), middle_name=self.middle.text(),
            family_name=self.family.text(), nickname=self.nickname.text(),
            pronouns=self.pronouns.text(),
            birthday=PartialDate.parse(birthday) if birthday else None,
            hometown=self.hometown.text(), how_we_met=self.how_we_met.text(),
            stage=Stage(self.stage.currentData()) if self.stage.currentData() else None,
            cadence_days=self.cadence.value() or None, notes=self.notes.toPlainText())

    def prepare(self):
        fields = self._fields()
        contacts = _contacts("phone", self.phones) + _contacts("email", self.emails)
        tags = [t.strip() for t in self.tags.text().split(",") if t.strip()]
        more = self._more_details()
        company, title = self.company.text(), self.title.text()
        person = self.person
        edits = self._contact_edits()
        removed_contacts = list(self.removed["contact"])
        people = self.notebook.people

        def work():  # one transaction: every detail is saved, or none
            if person is None:
                return people.create(PersonDraft(**fields), contacts=contacts, company=company,
                                     title=title, tags=tags, more=more).id
            kept = {t.casefold() for t in tags}
            return people.update(
                person.id, add_contacts=contacts, remove_contact_ids=removed_contacts,
                edit_contacts=edits, add_tags=tags,
                remove_tags=[t for t in person.tags if t.casefold() not in kept], more=more,
                **fields).id

        return work

    def saved(self, person_id: int) -> None:
        self.saved_id = person_id

    def _more_details(self) -> MoreDetails:
        """The address, dates and custom fields typed (checked before anything is saved), and
        those taken out."""
        label, sep, rest = self.address.text().partition(":")
        if not (sep and rest.strip() and _LABEL.fullmatch(label.strip())):
            label, rest = "", self.address.text()  # "work: 1 High St, Leeds, UK" has a label
        parts = [part.strip() for part in rest.split(",")]
        addresses = []
        if any(parts):
            addresses.append(dict(label=label.strip(),
                                  street=", ".join(parts[:-2]) if len(parts) > 2 else "",
                                  locality=parts[-2] if len(parts) >= 2 else parts[0],
                                  country=parts[-1] if len(parts) >= 2 else ""))
        dates = []
        for line in _lines(self.dates):
            label, _, date = line.rpartition(":")
            if not label.strip():
                raise InvalidInput(self.tr("Write dates as 'label: YYYY-MM-DD'."))
            dates.append((label, PartialDate.parse(date)))
        custom = {}
        for line in _lines(self.custom):
            name, sep, value = line.partition(":")
            if not sep or not name.strip():
                raise InvalidInput(self.tr("Write custom fields as 'name: value'."))
            custom[name.strip().casefold()] = (name.strip(), value.strip())
        dropped = [f.id for f in (self.person.custom_fields if self.person else ())
                   if f.name.casefold() not in custom]
        return MoreDetails(add_addresses=addresses,
                           remove_address_ids=list(self.removed["address"]),
                           add_dates=dates, remove_date_ids=list(self.removed["date"]),
                           set_custom_fields=list(custom.values()),
                           remove_custom_field_ids=dropped)


class LogInteractionDialog(SavingDialog):
    """Ctrl+I: what happened, when, with whom, and an optional follow-up."""

    def __init__(self, notebook, participants: list[PersonSummary] | None = None,
                 parent: QWidget | None = None, ops=None,
                 interaction: Interaction | None = None) -> None:
        """`interaction`: one logged before, to change (its follow-up is its own reminder)."""
        super().__init__(parent, ops)
        self.notebook = notebook
        self.interaction = interaction
        self.logged = None
        self.setWindowTitle(self.tr("Log an interaction") if interaction is None
                            else self.tr("Change the interaction"))
        self.kind = QComboBox()
        for kind in INTERACTION_KINDS:
            self.kind.addItem(self.tr(kind.capitalize()), kind)
        self.when = MomentEdit(QDateTime.currentDateTime())
        self.when.setCalendarPopup(True)
        self.when.setDisplayFormat("yyyy-MM-dd HH:mm")
        self.subject = QLineEdit()
        self.subject.setPlaceholderText(self.tr("e.g. Quarterly review"))
        self.people = QListWidget()
        self.people.setFixedHeight(90)
        self.person_entry = PersonPicker(notebook, self.tr("Type a name and press Enter to add"),
                                         empty_enter_moves_on=True)
        self.person_entry.setAccessibleName(self.tr("Add a participant"))
        self.person_entry.picked.connect(self._picked)
        self.person_entry.not_found.connect(self._not_found)
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
        if interaction is None:
            form.addRow(self.tr("Follow-up"), follow)
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setText(
            self.tr("Log") if interaction is None else self.tr("Save"))
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        if interaction is not None:
            self._show_interaction(interaction)
        for person in participants or ():
            self.add_participant(person.id, person.name)
        self.resize(520, self.sizeHint().height())
        (self.subject if participants or interaction else self.person_entry).setFocus()

    def _show_interaction(self, interaction: Interaction) -> None:
        kind = self.kind.findData(interaction.kind)
        if kind < 0:  # a kind typed elsewhere (rapport-cli log --kind): kept as it is
            self.kind.addItem(interaction.kind.capitalize(), interaction.kind)
            kind = self.kind.count() - 1
        self.kind.setCurrentIndex(kind)
        self.when.setDateTime(QDateTime(interaction.occurred_at.astimezone().replace(
            tzinfo=None)))
        self.subject.setText(interaction.subject)
        self.notes.setPlainText(interaction.notes)
        self.location.setText(interaction.location)
        for person in interaction.participants:
            self.add_participant(person.id, person.name)

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

    def _picked(self, person_id: int, name: str) -> None:
        self.add_participant(person_id, name)
        self.person_entry.clear()
        self.error.hide()

    def _not_found(self, text: str) -> None:
        self.error.setText(self.person_entry.not_found_message(text))
        self.error.show()


    def prepare(self):
        typed = self.person_entry.text().strip()
        if typed and not self.person_entry.pick_typed():
            raise InvalidInput(self.person_entry.not_found_message(typed))
        follow = None
        if self.wants_follow_up.currentIndex() == 1:
            follow = self.follow_up.date().toPython()
        when = self.when.dateTime().toPython().astimezone()
        kind, people = self.kind.currentData(), self.participant_ids()
        subject, notes = self.subject.text(), self.notes.toPlainText()
        location, interactions = self.location.text(), self.notebook.interactions
        if self.interaction is not None:
            interaction_id = self.interaction.id
            before = self.interaction.occurred_at.astimezone()
            if when.replace(second=0, microsecond=0) == before.replace(second=0, microsecond=0):
                when = None  # the field shows minutes: an untouched time keeps its seconds
            return lambda: interactions.update(
                interaction_id, kind=kind, when=when, subject=subject, notes=notes,
                location=location, participant_ids=people)
        return lambda: interactions.log(kind, people, when=when, subject=subject, notes=notes,
                                        location=location, follow_up_on=follow)

    def saved(self, interaction) -> None:
        self.logged = interaction


RELATIONSHIP_TYPES = ("spouse", "partner", "child", "parent", "sibling", "relative", "friend",
                      "colleague", "manager", "report", "assistant", "executive", "mentor",
                      "mentee")


class RelationshipDialog(SavingDialog):
    """Relate the person to someone in the notebook, or to a new light entry (a loved one)."""

    def __init__(self, notebook, person: Person, parent: QWidget | None = None,
                 ops=None) -> None:
        super().__init__(parent, ops)
        self.notebook, self.person = notebook, person
        self.relationship = None
        self.setWindowTitle(self.tr("Add a relationship"))
        self.kind = QComboBox()
        self.kind.setEditable(True)
        self.kind.addItems(RELATIONSHIP_TYPES)
        self.kind.setAccessibleName(self.tr("Relationship"))
        self.other = PersonPicker(notebook, self.tr("Someone in your notebook…"))
        self.other.setAccessibleName(self.tr("Related person"))
        self.other_id: int | None = None
        self.other.picked.connect(self._picked)
        self.other.textEdited.connect(lambda _: setattr(self, "other_id", None))
        self.new_name = QLineEdit()
        self.new_name.setPlaceholderText(self.tr("…or a new loved one: their name"))
        self.new_name.setAccessibleName(self.tr("New light entry's name"))
        self.new_birthday = QLineEdit()
        self.new_birthday.setPlaceholderText(self.tr("their birthday (optional)"))
        form = QFormLayout()
        form.addRow(self.tr("%1's").replace("%1", person.name), self.kind)
        form.addRow(self.tr("is"), self.other)
        form.addRow("", self.new_name)
        form.addRow("", self.new_birthday)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.resize(460, self.sizeHint().height())

    def _picked(self, person_id: int, name: str) -> None:
        self.other_id = person_id
        self.other.setText(name)

    def prepare(self):
        kind, person_id = self.kind.currentText(), self.person.id
        relationships = self.notebook.relationships
        if self.new_name.text().strip():
            birthday = self.new_birthday.text().strip()
            day = PartialDate.parse(birthday) if birthday else None
            name = self.new_name.text()
            return lambda: relationships.add_loved_one(person_id, kind, name, day)
        if self.other_id is None and not self.other.pick_typed():
            raise InvalidInput(self.tr("Choose someone from the notebook, or type the name of "
                                       "a new loved one."))
        other_id = self.other_id
        return lambda: relationships.relate(person_id, other_id, kind)

    def saved(self, relationship) -> None:
        self.relationship = relationship


class JobDialog(SavingDialog):
    """Record a job; as a job change it closes the current one on the start date."""

    def __init__(self, notebook, person: Person, parent: QWidget | None = None,
                 ops=None) -> None:
        super().__init__(parent, ops)
        self.notebook, self.person = notebook, person
        self.job = None
        self.setWindowTitle(self.tr("Job change for %1").replace("%1", person.name))
        self.company = QLineEdit()
        self.company.setAccessibleName(self.tr("Company"))
        companies = [o.name for o in notebook.careers.organizations()]
        completer = QCompleter(companies, self)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.company.setCompleter(completer)
        self.title = QLineEdit()
        self.department = QLineEdit()
        self.start = QDateEdit(QDate.currentDate())
        self.start.setCalendarPopup(True)
        self.start.setDisplayFormat("yyyy-MM-dd")
        current = person.current_jobs
        self.change = QComboBox()
        self.change.addItem(self.tr("This replaces the current job (it ends the day before)"),
                            True)
        self.change.addItem(self.tr("An additional job (keep the current one)"), False)
        form = QFormLayout()
        if current:
            now = ", ".join(" at ".join(x for x in (j.title, j.organization.name) if x)
                            for j in current)
            form.addRow(self.tr("Now"), QLabel(now))
        form.addRow(self.tr("Company"), self.company)
        form.addRow(self.tr("Title"), self.title)
        form.addRow(self.tr("Department"), self.department)
        form.addRow(self.tr("Since"), self.start)
        if current:
            form.addRow("", self.change)
        self.congratulate = QCheckBox(self.tr("Remind me to congratulate them on"))
        self.congratulate_on = QDateEdit(QDate.currentDate().addDays(1))
        self.congratulate_on.setCalendarPopup(True)
        self.congratulate_on.setDisplayFormat("yyyy-MM-dd")
        self.congratulate_on.setAccessibleName(self.tr("Congratulate on"))
        self.congratulate_on.setEnabled(False)
        self.congratulate.toggled.connect(self.congratulate_on.setEnabled)
        self.change.currentIndexChanged.connect(
            lambda _: self.congratulate.setEnabled(bool(self.change.currentData())))
        if not person.is_me:
            congratulate = QHBoxLayout()
            congratulate.addWidget(self.congratulate)
            congratulate.addWidget(self.congratulate_on)
            congratulate.addStretch(1)
            form.addRow("", congratulate)
        elif current:
            form.addRow("", QLabel(self.tr("Your former colleagues keep their jobs: only your "
                                           "own card changes.")))
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.resize(460, self.sizeHint().height())

    def prepare(self):
        careers = self.notebook.careers
        person_id, company = self.person.id, self.company.text()
        details = dict(title=self.title.text(), department=self.department.text(),
                       start=self.start.date().toPython())
        replaces = bool(self.person.current_jobs) and self.change.currentData()
        if self.congratulate.isChecked() and self.congratulate.isEnabled():
            details["congratulate_on"] = self.congratulate_on.date().toPython()
            replaces = replaces or not self.person.current_jobs  # a first job: nothing closes
        record = careers.change_job if replaces else careers.add_job
        return lambda: record(person_id, company, **details)

    def saved(self, job) -> None:
        self.job = job
