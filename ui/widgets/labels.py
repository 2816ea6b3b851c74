"""Small labels used on several screens."""

from PySide6.QtWidgets import QLabel

ERROR_COLOUR = "#b3261e"


def error_label() -> QLabel:
    """Where a screen says what went wrong: red, wrapped, hidden until needed."""
    label = QLabel()
    label.setStyleSheet(f"color: {ERROR_COLOUR}")
    label.setWordWrap(True)
    label.hide()
    return label
