"""The two screens before the notebook: create or open one (first run), and unlock."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QFileDialog,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app import config, vault
from ui.widgets.labels import error_label

MIN_PASSPHRASE = vault.MIN_PASSPHRASE


def strength_hint(passphrase: str) -> tuple[str, str]:
    """(words, colour) for the strength hint under a new passphrase."""
    if not passphrase:
        return "", ""
    if len(passphrase) < MIN_PASSPHRASE:
        return (QWidget.tr("Too short: at least %n characters.", "", MIN_PASSPHRASE), "#b3261e")
    kinds = sum(any(test(c) for c in passphrase)
                for test in (str.islower, str.isupper, str.isdigit, lambda c: not c.isalnum()))
    words = len(passphrase.split())
    score = len(passphrase) + 4 * kinds + 6 * (words - 1)
    if score < 20:
        return QWidget.tr("Weak: add words or characters."), "#b3261e"
    if score < 30:
        return QWidget.tr("Fair. A few more words make it strong."), "#8a6d00"
    return QWidget.tr("Strong."), "#1e7b34"


class PassphraseField(QLineEdit):
    """A password field that notices Caps Lock from what it types."""

    caps_lock = Signal(bool)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setEchoMode(QLineEdit.EchoMode.Password)
        self.setMinimumWidth(320)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt's name)
        text = event.text()
        if len(text) == 1 and text.isalpha() and text.lower() != text.upper():
            shift = bool(event.modifiers() & Qt.KeyboardModifier.ShiftModifier)
            self.caps_lock.emit(text.isupper() != shift)
        elif event.key() == Qt.Key.Key_CapsLock:
            self.caps_lock.emit(False)
        super().keyPressEvent(event)


def _title(text: str) -> QLabel:
    label = QLabel(text)
    font = label.font()
    font.setPointSizeF(font.pointSizeF() * 1.6)
    font.setBold(True)
    label.setFont(font)
    return label


def _card(*widgets_or_layouts) -> QWidget:
    """A centred column of fixed comfortable width."""
    page = QWidget()
    outer = QHBoxLayout(page)
    outer.addStretch(1)
    card = QFrame()
    card.setFrameShape(QFrame.Shape.NoFrame)
    card.setMaximumWidth(560)
    column = QVBoxLayout(card)
    column.setSpacing(14)
    for item in widgets_or_layouts:
        if isinstance(item, QWidget):
            column.addWidget(item)
        else:
            column.addLayout(item)
    outer.addWidget(card, 3)
    outer.addStretch(1)
    wrapper = QWidget()
    vertical = QVBoxLayout(wrapper)
    vertical.addStretch(1)
    vertical.addWidget(page)
    vertical.addStretch(2)
    return wrapper


class WelcomePage(QWidget):
    """First run: create a notebook, or open one you already have."""

    create_requested = Signal(Path, str, bool)  # path, passphrase, remember
    open_requested = Signal(Path)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        intro = QLabel(self.tr(
            "Rapport keeps what you learn about the people in your working life, and reminds "
            "you to keep in touch. Everything stays in one encrypted file that belongs to you."))
        intro.setWordWrap(True)

        self.location = QLineEdit(str(config.default_notebook_path()))
        self.location.setAccessibleName(self.tr("Notebook file"))
        browse = QPushButton(self.tr("Choose…"))
        browse.clicked.connect(self._choose_location)
        where = QHBoxLayout()
        where.addWidget(self.location, 1)
        where.addWidget(browse)

        self.passphrase = PassphraseField()
        self.passphrase.setAccessibleName(self.tr("Passphrase"))
        self.repeat = PassphraseField()
        self.repeat.setAccessibleName(self.tr("Repeat the passphrase"))
        self.hint = QLabel()
        self.hint.setObjectName("hint")
        self.hint.setMinimumHeight(self.hint.fontMetrics().height())
        self.caps = QLabel(self.tr("Caps Lock is on."))
        self.caps.setStyleSheet("color: #8a6d00")
        self.caps.hide()
        for field in (self.passphrase, self.repeat):
            field.textChanged.connect(self._update)
            field.caps_lock.connect(self.caps.setVisible)
            field.returnPressed.connect(self._create)

        status = vault.keyring_status()
        self.remember = QCheckBox(self.tr("Remember on this computer"))
        self.remember_note = QLabel()
        self.remember_note.setWordWrap(True)
        if status.usable:
            self.remember_note.setText(self.tr("The key is kept in %1, so Rapport opens "
                                               "without asking.").replace(
                                                   "%1", keyring_name(status.name)))
            self.remember.setChecked(True)
        else:
            self.remember_note.setText(self.tr("No secure keyring is available here, so "
                                               "Rapport will ask for the passphrase each time."))
            self.remember.setEnabled(False)

        form = QFormLayout()
        form.addRow(self.tr("Keep it in"), where)
        form.addRow(self.tr("Passphrase"), self.passphrase)
        form.addRow(self.tr("Repeat it"), self.repeat)
        form.addRow("", self.hint)
        form.addRow("", self.caps)
        form.addRow("", self.remember)
        form.addRow("", self.remember_note)

        warning = QLabel(self.tr(
            "The passphrase opens your notebook on any computer. Rapport cannot recover it: "
            "write it down somewhere safe."))
        warning.setWordWrap(True)

        self.error = error_label()

        self.create_button = QPushButton(self.tr("Create notebook"))
        self.create_button.setDefault(True)
        self.create_button.setEnabled(False)
        self.create_button.clicked.connect(self._create)
        open_button = QPushButton(self.tr("Open an existing notebook…"))
        open_button.setFlat(True)
        open_button.clicked.connect(self._open_existing)
        buttons = QHBoxLayout()
        buttons.addWidget(open_button)
        buttons.addStretch(1)
        buttons.addWidget(self.create_button)

        layout = QVBoxLayout(self)
        layout.addWidget(_card(_title(self.tr("Welcome to Rapport")), intro, form, warning,
                               self.error, buttons))

    def showEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        """The location is filled in already: typing starts with the passphrase."""
        super().showEvent(event)
        self.passphrase.setFocus()

    def _update(self) -> None:
        text, colour = strength_hint(self.passphrase.text())
        if self.repeat.text() and self.repeat.text() != self.passphrase.text():
            text, colour = self.tr("The two passphrases differ."), "#b3261e"
        self.hint.setText(text)
        self.hint.setStyleSheet(f"color: {colour}" if colour else "")
        self.create_button.setEnabled(
            len(self.passphrase.text()) >= MIN_PASSPHRASE
            and self.repeat.text() == self.passphrase.text())

    def _choose_location(self) -> None:
        chosen, _ = QFileDialog.getSaveFileName(
            self, self.tr("Where to keep the notebook"), self.location.text(),
            self.tr("Rapport notebooks (*.rapport)"))
        if chosen:
            if not chosen.endswith(config.NOTEBOOK_SUFFIX):
                chosen += config.NOTEBOOK_SUFFIX
            self.location.setText(chosen)

    def _open_existing(self) -> None:
        chosen, _ = QFileDialog.getOpenFileName(
            self, self.tr("Open a notebook"), str(config.data_dir()),
            self.tr("Rapport notebooks (*.rapport);;All files (*)"))
        if chosen:
            self.open_requested.emit(Path(chosen))

    def _create(self) -> None:
        if not self.create_button.isEnabled():
            return
        self.set_busy(True)
        self.create_requested.emit(Path(self.location.text()).expanduser(),
                                   self.passphrase.text(), self.remember.isChecked())

    def set_busy(self, busy: bool) -> None:
        self.create_button.setEnabled(not busy)
        self.create_button.setText(self.tr("Creating…") if busy else self.tr("Create notebook"))
        if busy:
            self.error.hide()

    def show_error(self, message: str) -> None:
        self.set_busy(False)
        self._update()
        self.error.setText(message)
        self.error.show()

    def clear(self) -> None:
        self.passphrase.clear()
        self.repeat.clear()


def keyring_name(backend: str) -> str:
    """The keyring as users know it, not the backend's class name ("SecretService Keyring")."""
    known = (("SecretService", "your desktop's keyring"), ("KWallet", "KWallet"),
             ("macOS", "the macOS Keychain"), ("Windows", "the Windows Credential Manager"))
    return next((name for key, name in known if key.lower() in backend.lower()), backend)


class UnlockPage(QWidget):
    unlock_requested = Signal(str, bool)  # passphrase, remember
    other_notebook_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.heading = _title(self.tr("Unlock your notebook"))
        self.where = QLabel()
        self.where.setStyleSheet("color: palette(mid)")
        self.where.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.passphrase = PassphraseField()
        self.passphrase.setAccessibleName(self.tr("Passphrase"))
        self.passphrase.setPlaceholderText(self.tr("Passphrase"))
        self.passphrase.returnPressed.connect(self._unlock)
        self.caps = QLabel(self.tr("Caps Lock is on."))
        self.caps.setStyleSheet("color: #8a6d00")
        self.caps.hide()
        self.passphrase.caps_lock.connect(self.caps.setVisible)
        self.error = error_label()
        self.status = QLabel()
        self.status.setStyleSheet("color: palette(mid)")
        self.status.setWordWrap(True)
        self.status.hide()
        self.remember = QCheckBox(self.tr("Remember on this computer"))
        self.remembered = False
        status = vault.keyring_status()
        self.remember.setEnabled(status.usable)
        self.keyring_note = QLabel(self.tr("No secure keyring is available here, so the "
                                           "passphrase is asked for each time."))
        self.keyring_note.setWordWrap(True)
        self.keyring_note.setVisible(not status.usable)
        self.unlock_button = QPushButton(self.tr("Unlock"))
        self.unlock_button.setDefault(True)
        self.unlock_button.clicked.connect(self._unlock)
        other = QPushButton(self.tr("Open another notebook…"))
        other.setFlat(True)
        other.clicked.connect(self.other_notebook_requested)
        buttons = QHBoxLayout()
        buttons.addWidget(other)
        buttons.addStretch(1)
        buttons.addWidget(self.unlock_button)
        layout = QVBoxLayout(self)
        layout.addWidget(_card(self.heading, self.where, self.passphrase, self.caps, self.error,
                               self.status, self.remember, self.keyring_note, buttons))

    def prepare(self, path: Path, message: str = "") -> None:
        self.where.setText(str(path))
        # ticked when the key is in the keyring (after Lock): unticking it forgets the key
        self.remembered = vault.remembered_key(path) is not None
        self.remember.setChecked(self.remembered)
        self.remember.setToolTip(self.tr("Untick to remove the key from the keyring: the "
                                         "passphrase will be asked for each time.")
                                 if self.remembered else "")
        self.set_busy(False)
        self.passphrase.clear()
        self.error.setVisible(bool(message))
        self.error.setText(message)
        self.passphrase.setFocus()

    def _unlock(self) -> None:
        if not self.passphrase.text() or not self.unlock_button.isEnabled():
            return
        self.set_busy(True)
        self.unlock_requested.emit(self.passphrase.text(), self.remember.isChecked())

    def set_busy(self, busy: bool) -> None:
        self.unlock_button.setEnabled(not busy)
        self.passphrase.setEnabled(not busy)
        self.unlock_button.setText(self.tr("Unlocking…") if busy else self.tr("Unlock"))
        if not busy:
            self.status.hide()

    def show_stage(self, stage: str) -> None:
        """Long steps when opening a notebook made by an older Rapport."""
        texts = {
            "backup": self.tr("This notebook was made by an older Rapport. Making a backup "
                              "first…"),
            "upgrade": self.tr("Upgrading the notebook to this version…"),
            "index": self.tr("Rebuilding the search index…"),
        }
        self.status.setText(texts.get(stage, stage))
        self.status.show()

    def show_error(self, message: str) -> None:
        self.set_busy(False)
        self.error.setText(message)
        self.error.show()
        self.passphrase.setFocus()
        self.passphrase.selectAll()
