"""A line edit that completes people's names from the notebook's search."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QStringListModel, Qt, Signal
from PySide6.QtWidgets import QCompleter, QLineEdit, QWidget

from app.domain import PersonSummary


def label(person: PersonSummary) -> str:
    return person.name + (f" — {person.company}" if person.company else "")


class PersonPicker(QLineEdit):
    """Type a few letters, pick from the suggestions (or press Enter on a unique match)."""

    picked = Signal(int, str)  # person id, name
    not_found = Signal(str)  # Enter on text that names nobody, or several people

    def __init__(self, notebook, placeholder: str = "", parent: QWidget | None = None, *,
                 empty_enter_moves_on: bool = False) -> None:
        """`empty_enter_moves_on`: Enter with nothing typed goes to the next field instead of
        reaching the dialog's default button (a list of people: after the last one picked,
        Enter means "that is everyone", not "save")."""
        super().__init__(parent)
        self.notebook = notebook
        self.empty_enter_moves_on = empty_enter_moves_on
        self.setPlaceholderText(placeholder)
        self._ids: dict[str, PersonSummary] = {}
        self._names = QStringListModel(self)
        completer = QCompleter(self._names, self)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.activated[str].connect(self._choose_label)
        self.setCompleter(completer)
        completer.popup().installEventFilter(self)
        self.installEventFilter(self)  # runs before the completer's own filter
        self.textEdited.connect(self._suggest)

    def _suggest(self, text: str) -> None:
        if len(text.strip()) < 2:
            return
        hits = self.notebook.search.search(text, limit=15)
        self._ids = {label(h.person): h.person for h in hits}
        self._names.setStringList(list(self._ids))

    def _choose_label(self, text: str) -> None:
        person = self._ids.get(text)
        if person is not None:
            self.picked.emit(person.id, person.name)

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 (Qt's name)
        """Enter on a typed name picks it (the highlighted suggestion, or the text) and goes
        no further: in a dialog it must not also press Save with the form half filled."""
        if watched not in (self.completer().popup(), self) \
                or event.type() != QEvent.Type.KeyPress \
                or event.key() not in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            return super().eventFilter(watched, event)
        popup = self.completer().popup()
        highlighted = popup.currentIndex() if popup.isVisible() else None
        popup.hide()
        if highlighted is not None and highlighted.isValid():
            self._choose_label(highlighted.data())
            return True
        if self.text().strip():
            self._enter()
            return True
        if self.empty_enter_moves_on:
            self.focusNextChild()
            return True
        return watched is popup

    def not_found_message(self, text: str) -> str:
        """Why `text` picked nobody: it matches no one, or several people."""
        if self.notebook.search.search(text, limit=1):
            return self.tr("“%1” matches several people: pick one from the suggestions, or "
                           "type more of the name.").replace("%1", text)
        return self.tr("Nobody called “%1” is in the notebook: add them first with People ▸ "
                       "New person (Ctrl+N).").replace("%1", text)

    def _enter(self) -> None:
        if self.text().strip() and not self.pick_typed():
            self.not_found.emit(self.text().strip())

    def pick_typed(self) -> bool:
        """Pick what is typed if it names exactly one person. False when it does not."""
        text = self.text().strip()
        if not text:
            return False
        person = self._ids.get(text)
        if person is None:
            hits = self.notebook.search.search(text, limit=2)
            exact = [h.person for h in hits if h.person.name.casefold() == text.casefold()]
            if len(exact) == 1 or len(hits) == 1:
                person = exact[0] if exact else hits[0].person
        if person is None:
            return False
        self.picked.emit(person.id, person.name)
        return True
