"""How often to keep in touch: the usual choices in a list, any number of days as "Other"."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QHBoxLayout, QSpinBox, QWidget

PRESETS = [(0, "No reminder"), (7, "Every week"), (14, "Every two weeks"),
           (30, "Every month"), (90, "Every three months"), (180, "Every six months"),
           (365, "Every year")]
OTHER = -1


class CadenceEdit(QWidget):
    """value(): days between contacts, 0 for none."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.choice = QComboBox()
        for days, label in PRESETS:
            self.choice.addItem(self.tr(label), days)
        self.choice.addItem(self.tr("Other…"), OTHER)
        self.choice.setAccessibleName(self.tr("Keep in touch"))
        self.days = QSpinBox()
        self.days.setRange(1, 3650)
        self.days.setSuffix(self.tr(" days"))
        self.days.setAccessibleName(self.tr("Keep in touch every (days)"))
        self.days.setValue(60)  # what "Other…" starts from
        self.days.hide()
        self.choice.currentIndexChanged.connect(self._chosen)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.choice)
        layout.addWidget(self.days)
        layout.addStretch(1)
        self.setFocusProxy(self.choice)

    def value(self) -> int:
        days = self.choice.currentData()
        return self.days.value() if days == OTHER else days

    def setValue(self, days: int) -> None:  # noqa: N802 (as QSpinBox's)
        index = self.choice.findData(days or 0)
        if index < 0:
            self.days.setValue(days)
            index = self.choice.findData(OTHER)
        self.choice.setCurrentIndex(index)
        self._chosen()

    def _chosen(self, *_) -> None:
        self.days.setHidden(self.choice.currentData() != OTHER)
