"""How am I connected to …: the shortest chains of people from the user's own card."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import QUrl, Signal
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from app.errors import RapportError
from app.services.connections import Connections, Outcome
from ui.widgets.person_picker import PersonPicker

STYLE = """
<style>
.message { font-size: 11pt; margin-bottom: 8px; }
.path { margin: 0 0 12px 0; }
.link { color: #5b6670; }
.number { color: #8a949c; }
a { text-decoration: none; font-weight: bold; }
</style>
"""


def _e(text: str) -> str:
    return escape(text, quote=True)


def connections_html(result: Connections) -> str:
    parts = [STYLE, f"<p class='message'>{_e(result.message)}</p>"]
    for number, path in enumerate(result.paths, 1):
        chain = []
        for step in path.steps:
            if step.link:
                chain.append(f"<span class='link'>&nbsp;— {_e(step.link)} —&nbsp;</span>")
            chain.append(f"<a href='person:{step.person.id}'>{_e(step.person.name)}</a>")
        parts.append(f"<p class='path'><span class='number'>{number}.</span>&nbsp; "
                     + "".join(chain) + "</p>")
    if result.outcome == Outcome.NO_PATH:
        parts.append("<p class='link'>" + _e(
            "Links are the people you have met (an interaction you logged with them, or how "
            "you met noted on their page), relationships (family, friends, colleagues, "
            "managers), introductions and jobs at the same company at the same time. Add what "
            "you know and try again.")
            + "</p>")
    return "".join(parts)


class ConnectionsWindow(QDialog):
    """Choose a person; see how you are connected. A name in a chain opens that person."""

    person_activated = Signal(int)
    shown = Signal()  # a result is on screen

    def __init__(self, notebook, target: tuple[int, str] | None = None,
                 parent: QWidget | None = None, ops=None) -> None:
        super().__init__(parent)
        self.notebook, self.ops = notebook, ops
        self.result: Connections | None = None
        self.setWindowTitle(self.tr("How am I connected?"))
        self.picker = PersonPicker(notebook, self.tr("Whom do you want to reach? Type a name…"))
        self.picker.setAccessibleName(self.tr("Person to reach"))
        self.picker.picked.connect(self._picked)
        self.picker.not_found.connect(lambda text: self.view.setHtml(
            "<p>" + _e(self.picker.not_found_message(text)) + "</p>"))
        self.view = QTextBrowser()
        self.view.setAccessibleName(self.tr("Connection paths"))
        self.view.setOpenLinks(False)
        self.view.anchorClicked.connect(self._follow)
        close = QPushButton(self.tr("Close"))
        close.clicked.connect(self.close)
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("Connect me to")))
        top.addWidget(self.picker, 1)
        bottom = QHBoxLayout()
        hint = QLabel(self.tr("Click a name to open that person."))
        hint.setStyleSheet("color: palette(mid)")
        bottom.addWidget(hint, 1)
        bottom.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.view, 1)
        layout.addLayout(bottom)
        self.resize(720, 420)
        if target is not None:
            self._picked(*target)
        else:
            self.view.setHtml(STYLE + "<p class='link'>" + _e(self.tr(
                "Choose someone to see the shortest chains of people between you: through "
                "relationships, introductions and shared employers.")) + "</p>")
        self.picker.setFocus()

    def _picked(self, person_id: int, name: str) -> None:
        self.picker.setText(name)
        self.show_connections(person_id)

    def show_connections(self, person_id: int) -> None:
        """Search on the database worker when there is one: at 100,000 people a search
        can take half a second."""
        connect = self.notebook.connections.connect
        if self.ops is None:
            self._show(connect(person_id))
            return
        self.view.setHtml(STYLE + "<p class='link'>" + _e(self.tr("Looking for paths…"))
                          + "</p>")
        self.ops.run(lambda: connect(person_id), self._show, self._failed)

    def _show(self, result: Connections) -> None:
        self.result = result
        self.view.setHtml(connections_html(result))
        self.shown.emit()

    def _failed(self, error: BaseException) -> None:
        self.view.setHtml("<p>" + _e(str(error) if isinstance(error, RapportError) else
                                     self.tr("No paths: %1").replace("%1", str(error)))
                          + "</p>")

    def _follow(self, url: QUrl) -> None:
        if url.scheme() == "person":
            self.person_activated.emit(int(url.path()))

