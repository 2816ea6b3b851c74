"""A date-time field that Tab leaves."""

from __future__ import annotations

from PySide6.QtWidgets import QDateTimeEdit, QWidget


class MomentEdit(QDateTimeEdit):
    """A date-time field that Tab leaves (a plain QDateTimeEdit tabs through its day, month,
    hour… first); click a part or use the arrow keys to change it."""

    def focusNextPrevChild(self, forward: bool) -> bool:  # noqa: N802 (Qt's name)
        return QWidget.focusNextPrevChild(self, forward)
