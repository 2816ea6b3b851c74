"""File > Import…: from a contacts file to people in the notebook, with a preview first.

The pages: choose a file -> what it is (format, encoding, the columns of an unknown CSV; a
complete export goes to a restore instead) -> what will happen to each record, with the
user's decisions on duplicates -> progress -> report. Reading, matching and writing all run
on the database worker with Cancel; nothing is written before the Import button, and the
import itself is one transaction (Cancel there leaves the notebook as it was).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from app.domain import PeopleFilter
from app.errors import Cancelled, RapportError
from app.interchange.record import ParsedFile, Problem
from app.services.importer import Action, ImportPlan, ImportReport, Match, company_summary
from ui.models.import_plan import ActionDelegate, PlanModel
from ui.widgets.labels import error_label
from ui.widgets.progress import ProgressRow, WorkProgress

COMBO_CHARACTERS = 24  # the mapping's drop-downs: "Address: postcode" fits, the list is wider
PROBLEMS_SHOWN = 1000  # a file with 100,000 bad rows gets the first thousand and a count
SAMPLE_NAMES = 5
# (Python's codec name, the name people know it by, what it is for)
ENCODINGS = (
    ("utf-8", "UTF-8", "Unicode"),
    ("utf-16", "UTF-16", "Unicode"),
    ("cp1252", "Windows-1252", "Western European"),
    ("iso8859-1", "ISO-8859-1", "Latin-1"),
    ("iso8859-15", "ISO-8859-15", "Latin-9, with €"),
    ("mac-roman", "Mac Roman", "older Macs"),
    ("cp1250", "Windows-1250", "Central European"),
    ("cp1251", "Windows-1251", "Cyrillic"),
    ("cp1253", "Windows-1253", "Greek"),
    ("cp1254", "Windows-1254", "Turkish"),
    ("cp1255", "Windows-1255", "Hebrew"),
    ("cp1256", "Windows-1256", "Arabic"),
    ("cp1257", "Windows-1257", "Baltic"),
    ("cp437", "DOS 437", "US"),
    ("cp850", "DOS 850", "Western European"),
    ("shift_jis", "Shift_JIS", "Japanese"),
    ("gb18030", "GB18030", "Simplified Chinese"),
    ("big5", "Big5", "Traditional Chinese"),
    ("euc_kr", "EUC-KR", "Korean"),
)
PAGE_FILE, PAGE_SOURCE, PAGE_PREVIEW, PAGE_WORK, PAGE_REPORT = range(5)


def _tr(text: str) -> str:
    return QCoreApplication.translate("ImportWizard", text)


def encoding_name(codec: str) -> str:
    """"UTF-8", "Windows-1252" … for a codec name from the readers."""
    names = {codec_name: name for codec_name, name, _ in ENCODINGS}
    normalized = codec.lower().replace("_", "-").replace("utf-8-sig", "utf-8")
    return names.get(codec) or names.get(normalized) or codec.upper()


def format_name(fmt: str) -> str:
    return {"vcard": _tr("vCard file"), "google-csv": _tr("Google Contacts CSV"),
            "outlook-csv": _tr("Outlook CSV"), "csv": _tr("CSV file"),
            "json": _tr("Rapport complete export")}.get(fmt, fmt)


def problem_lines(problems: list[Problem]) -> str:
    lines = [_tr("Line %1: %2").replace("%1", str(p.line)).replace("%2", p.message) if p.line
             else p.message for p in problems[:PROBLEMS_SHOWN]]
    if len(problems) > PROBLEMS_SHOWN:
        lines.append(_tr("… and %1 more.").replace("%1", f"{len(problems) - PROBLEMS_SHOWN:,}"))
    return "\n".join(lines)


# --- the work, on the worker ---------------------------------------------------------------


@dataclass
class Examined:
    """What a file turned out to be. `parsed` is there unless a generic CSV still needs its
    columns mapped (then `layout` says what the columns are)."""

    path: Path
    kind: str  # "vcard", "csv" or "json"
    encoding: str | None  # the user's choice; None: as detected
    parsed: ParsedFile | None = None
    layout: Any = None  # csv_contacts.CsvLayout
    notebook_empty: bool = False

    @property
    def format(self) -> str:
        if self.parsed is not None:
            return self.parsed.format
        return self.layout.dialect if self.layout is not None else self.kind

    @property
    def detected_encoding(self) -> str:
        if self.parsed is not None:
            return self.parsed.encoding
        return self.layout.encoding if self.layout is not None else "utf-8"

    @property
    def needs_mapping(self) -> bool:
        return self.format == "csv"


def _notebook_is_empty(notebook) -> bool:
    return not any(notebook.people.list(PeopleFilter(include_light=True, **kind), limit=1).total
                   for kind in ({}, {"archived": True}, {"trashed": True}))


def examine(notebook, path: Path, encoding: str | None, should_cancel) -> Examined:
    """Tell the format and read the file (all but an unmapped generic CSV)."""
    from app.interchange import csv_contacts, formats

    kind = formats.detect_format(formats.read_head(path))
    examined = Examined(path, kind, encoding)
    if kind == "json":
        examined.notebook_empty = _notebook_is_empty(notebook)
    elif kind == "vcard":
        examined.parsed = formats.read_contacts(path, "vcard", encoding=encoding,
                                                should_cancel=should_cancel)
    else:
        examined.layout = csv_contacts.sniff_csv(formats.read_bytes(path), str(path),
                                                 encoding=encoding)
        if examined.layout.dialect != "csv":
            examined.parsed = formats.read_contacts(path, "csv", encoding=encoding,
                                                    should_cancel=should_cancel)
    return examined


def read_and_plan(notebook, examined: Examined, mapping: dict[str, str] | None,
                  should_cancel) -> ImportPlan:
    from app.interchange import formats

    parsed = examined.parsed
    if parsed is None or mapping is not None:
        parsed = formats.read_contacts(examined.path, "csv", encoding=examined.encoding,
                                       mapping=mapping, should_cancel=should_cancel)
    return notebook.importer.plan(parsed, str(examined.path), should_cancel=should_cancel)


# --- pages ---------------------------------------------------------------------------------


class FilePage(QWizardPage):
    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__()
        self.setTitle(self.tr("Choose a file to import"))
        self.setSubTitle(self.tr(
            "Rapport reads vCard files (from phones, Apple, Google, Outlook and Android), "
            "Google and Outlook CSV, any other CSV or tab-separated file, and its own "
            "complete export. Nothing is written until you confirm on the preview."))
        self.path = QLineEdit()
        self.path.setAccessibleName(self.tr("File to import"))
        self.path.setPlaceholderText(self.tr("Path to a .vcf, .csv, .tsv or .jsonl file"))
        self.path.textChanged.connect(self._path_changed)
        browse = QPushButton(self.tr("&Choose…"))
        browse.clicked.connect(self._browse)
        self.error = error_label()
        self.error.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.busy = ProgressRow()
        row = QHBoxLayout()
        row.addWidget(self.path, 1)
        row.addWidget(browse)
        label = QLabel(self.tr("&File:"))
        label.setBuddy(self.path)
        layout = QVBoxLayout(self)
        layout.addWidget(label)
        layout.addLayout(row)
        layout.addWidget(self.error)
        layout.addStretch(1)
        layout.addWidget(self.busy)
        self._wizard = wizard

    def initializePage(self) -> None:  # noqa: N802
        self.path.setFocus()

    def chosen(self) -> Path:
        return Path(self.path.text().strip()).expanduser()

    def _browse(self) -> None:
        start = str(self.chosen().parent) if self.path.text().strip() else str(Path.home())
        chosen, _ = QFileDialog.getOpenFileName(
            self, self.tr("Import contacts"), start,
            self.tr("Contacts (*.vcf *.vcard *.csv *.tsv *.txt *.jsonl);;All files (*)"))
        if chosen:
            self.path.setText(chosen)

    def _path_changed(self) -> None:
        self.error.hide()
        self.completeChanged.emit()

    def isComplete(self) -> bool:  # noqa: N802
        return bool(self.path.text().strip()) and not self._wizard.busy

    def validatePage(self) -> bool:  # noqa: N802
        wizard = self._wizard
        if wizard.examined is not None and wizard.examined.path == self.chosen():
            return True
        self.error.hide()
        wizard.examine(self.chosen(), None, self.busy, self._examined, self._failed)
        return False

    def _examined(self, examined: Examined) -> None:
        self._wizard.set_examined(examined)
        self._wizard.next()

    def _failed(self, error: BaseException) -> None:
        self.error.setText(self._wizard.error_text(error))
        self.error.show()
        self.path.setFocus()


class MappingTable(QTableWidget):
    """For a CSV Rapport does not know: what each column holds, with example values."""

    changed = Signal()

    def __init__(self) -> None:
        super().__init__(0, 3)
        self.setHorizontalHeaderLabels([self.tr("Column in the file"), self.tr("Holds"),
                                        self.tr("Examples")])
        self.setAccessibleName(self.tr("What each column holds"))
        self.verticalHeader().hide()
        self.setWordWrap(False)
        self.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        header = self.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self._combos: dict[str, QComboBox] = {}

    def show_layout(self, layout) -> None:
        """One row per column of the file. Choices made for a column are kept when the file
        is read again (in another encoding)."""
        from app.interchange.csv_contacts import FIELDS

        chosen = {**layout.mapping, **self.mapping()}
        self.setRowCount(len(layout.headers))
        self._combos.clear()
        for column, header in enumerate(layout.headers):
            self.setItem(column, 0, QTableWidgetItem(header))
            combo = QComboBox()
            combo.setAccessibleName(self.tr("What the column “%1” holds").replace("%1", header))
            for key, label in FIELDS.items():
                combo.addItem(self.tr(label), key)
            combo.setCurrentIndex(max(combo.findData(chosen.get(header, "ignore")), 0))
            combo.currentIndexChanged.connect(self.changed)
            combo.setMinimumContentsLength(COMBO_CHARACTERS)
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            self.setCellWidget(column, 1, combo)
            self._combos[header] = combo
            examples = [cells[column] for cells in layout.sample
                        if column < len(cells) and cells[column]]
            self.setItem(column, 2, QTableWidgetItem(" · ".join(examples)))
        self.resizeColumnsToContents()
        self.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)

    def mapping(self) -> dict[str, str]:
        return {header: combo.currentData() for header, combo in self._combos.items()}

    def maps_anything(self) -> bool:
        return any(key != "ignore" for key in self.mapping().values())


class SourcePage(QWizardPage):
    """What the file is: format and encoding in words, the columns of an unknown CSV, or
    the restore of a complete export."""

    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__()
        self._wizard = wizard
        self.setTitle(self.tr("What is in the file"))
        self.setSubTitle(self.tr("Check that the names look right; nothing has been written "
                                 "yet."))
        self.description = QLabel()
        font = self.description.font()
        font.setBold(True)
        self.description.setFont(font)
        self.description.setWordWrap(True)
        self.sample = QLabel()
        self.sample.setWordWrap(True)
        self.sample.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.encoding = QComboBox()
        self.encoding.setAccessibleName(self.tr("Text encoding"))
        self.encoding.activated.connect(self._encoding_chosen)
        self.encoding_hint = QLabel(self.tr("If names show odd characters (such as Ã© or ?), "
                                            "choose the encoding the file was written in."))
        self.encoding_hint.setWordWrap(True)
        self.encoding_hint.setStyleSheet("color: palette(mid)")
        self.mapping_intro = QLabel(self.tr(
            "Rapport does not know this kind of CSV: choose what each column holds. Where it "
            "could, Rapport has guessed; columns left at “Don't import” are skipped."))
        self.mapping_intro.setWordWrap(True)
        self.mapping = MappingTable()
        self.mapping.changed.connect(self._mapping_changed)
        self.mapping_hint = QLabel(self.tr("Choose what at least one column holds (the name, "
                                           "an email or a phone) to go on."))
        self.mapping_hint.setWordWrap(True)
        self.restore_note = QLabel()
        self.restore_note.setWordWrap(True)
        self.error = error_label()
        self.error.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.busy = ProgressRow()
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.FieldsStayAtSizeHint)
        form.addRow(self.tr("Text &encoding:"), self.encoding)
        self.encoding_label = form.labelForField(self.encoding)
        layout = QVBoxLayout(self)
        layout.addWidget(self.description)
        layout.addWidget(self.sample)
        layout.addLayout(form)
        layout.addWidget(self.encoding_hint)
        layout.addWidget(self.mapping_intro)
        layout.addWidget(self.mapping, 1)
        layout.addWidget(self.mapping_hint)
        layout.addWidget(self.restore_note)
        layout.addWidget(self.error)
        layout.addStretch(0)
        layout.addWidget(self.busy)

    def initializePage(self) -> None:  # noqa: N802
        examined = self._wizard.examined
        self._fill_encodings(examined)
        self.show_examined(examined)

    def _fill_encodings(self, examined: Examined) -> None:
        self.encoding.clear()
        detected = encoding_name(self._wizard.detected_encoding)
        self.encoding.addItem(self.tr("As detected: %1").replace("%1", detected), None)
        for codec, name, region in ENCODINGS:
            self.encoding.addItem(f"{name} ({self.tr(region)})", codec)
        self.encoding.setCurrentIndex(max(self.encoding.findData(examined.encoding), 0))

    def show_examined(self, examined: Examined) -> None:
        is_restore = examined.kind == "json"
        self.error.hide()
        self.description.setText(self._description(examined))
        self.sample.setText(self._sample(examined))
        self.sample.setVisible(bool(self.sample.text()))
        for widget in (self.encoding, self.encoding_label, self.encoding_hint):
            widget.setVisible(not is_restore)
        self.mapping_intro.setVisible(examined.needs_mapping)
        self.mapping.setVisible(examined.needs_mapping)
        if examined.needs_mapping:
            self.mapping.show_layout(examined.layout)
        self.mapping_hint.setVisible(examined.needs_mapping and not self.mapping.maps_anything())
        self.restore_note.setVisible(is_restore)
        self.restore_note.setText(self._restore_text(examined))
        self.setCommitPage(is_restore)
        self.setButtonText(QWizard.WizardButton.CommitButton, self.tr("&Restore"))
        self.completeChanged.emit()

    def _description(self, examined: Examined) -> str:
        """"vCard file, UTF-8 — 120 cards", "Outlook CSV, Windows-1252 — 3 rows"."""
        if examined.kind == "json":
            return format_name("json")
        count = len(examined.parsed.records) if examined.parsed is not None \
            else examined.layout.row_count
        if examined.kind == "vcard":
            size = self.tr("1 card") if count == 1 else self.tr("%1 cards")
        else:
            size = self.tr("1 row") if count == 1 else self.tr("%1 rows")
        return self.tr("%1, %2 — %3").replace("%1", format_name(examined.format)).replace(
            "%2", encoding_name(examined.detected_encoding)).replace(
            "%3", size.replace("%1", f"{count:,}"))

    def _sample(self, examined: Examined) -> str:
        if examined.parsed is None or not examined.parsed.records:
            return ""
        names = [r.name() for r in examined.parsed.records[:SAMPLE_NAMES] if r.name()]
        more = len(examined.parsed.records) > SAMPLE_NAMES
        return self.tr("The first people in the file: %1").replace(
            "%1", ", ".join(names) + (", …" if more else ""))

    def _restore_text(self, examined: Examined) -> str:
        if examined.kind != "json":
            return ""
        if examined.notebook_empty:
            return self.tr(
                "This is a complete export of a Rapport notebook: people, interactions, "
                "reminders, introductions and settings. Restore puts all of it into this "
                "notebook, which is empty. Choose Restore to go on.")
        return self.tr(
            "This is a complete export of a Rapport notebook. It can only be restored into "
            "an empty notebook, and this one already has people in it, so nothing will be "
            "changed here.\n\nTo restore it: lock this notebook (Ctrl+L), choose “Open "
            "another notebook…”, create a new notebook, then import this file into it. To "
            "add the people of a complete export to this notebook instead, export them as "
            "vCard from the other notebook.")

    def _encoding_chosen(self, _index: int) -> None:
        wizard = self._wizard
        codec = self.encoding.currentData()
        if codec == wizard.examined.encoding:
            return
        wizard.examine(wizard.examined.path, codec, self.busy, self._reexamined, self._failed)

    def _reexamined(self, examined: Examined) -> None:
        self._wizard.set_examined(examined)
        self.show_examined(examined)

    def _failed(self, error: BaseException) -> None:
        self.error.setText(self._wizard.error_text(error))
        self.error.show()
        self.completeChanged.emit()

    def _mapping_changed(self) -> None:
        self._wizard.forget_plan()
        self.mapping_hint.setVisible(not self.mapping.maps_anything())
        self.completeChanged.emit()

    def isComplete(self) -> bool:  # noqa: N802
        examined = self._wizard.examined
        if self._wizard.busy or examined is None or self.error.isVisibleTo(self):
            return False
        if examined.kind == "json":
            return examined.notebook_empty
        return not examined.needs_mapping or self.mapping.maps_anything()

    def nextId(self) -> int:  # noqa: N802
        examined = self._wizard.examined
        return PAGE_WORK if examined is not None and examined.kind == "json" else PAGE_PREVIEW

    def validatePage(self) -> bool:  # noqa: N802
        wizard = self._wizard
        if wizard.examined.kind == "json" or wizard.plan is not None:
            return True
        mapping = self.mapping.mapping() if wizard.examined.needs_mapping else None
        wizard.make_plan(mapping, self.busy, lambda _plan: wizard.next(), self._failed)
        return False


class PreviewPage(QWizardPage):
    """What will happen to each record; the user decides about possible duplicates."""

    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__()
        self._wizard = wizard
        self.setTitle(self.tr("Check what will happen"))
        self.setSubTitle(self.tr("Nothing has been written yet. Decide about possible "
                                 "duplicates (Space opens a row's choices), then choose Import."))
        self.setCommitPage(True)
        self.setButtonText(QWizard.WizardButton.CommitButton, self.tr("&Import"))
        self.counts = QLabel()
        font = self.counts.font()
        font.setBold(True)
        self.counts.setFont(font)
        self.counts.setWordWrap(True)
        self.show_filter = QComboBox()
        self.show_filter.setAccessibleName(self.tr("Show"))
        self.show_filter.currentIndexChanged.connect(self._filter)
        self.model = PlanModel(self)
        self.model.decisions_changed.connect(self._user_decided)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setAccessibleName(self.tr("Records in the file"))
        self.table.setItemDelegateForColumn(PlanModel.ACTION, ActionDelegate(self.table))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked
                                   | QAbstractItemView.EditTrigger.SelectedClicked
                                   | QAbstractItemView.EditTrigger.EditKeyPressed)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(28)
        self.table.setWordWrap(False)
        self.table.setAlternatingRowColors(True)
        self.table.setTabKeyNavigation(False)
        header = self.table.horizontalHeader()
        # No column sized to its contents: that reads every row, seconds at 100,000 rows.
        header.setSectionResizeMode(PlanModel.NAME, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(PlanModel.LINE, QHeaderView.ResizeMode.Fixed)
        header.resizeSection(PlanModel.LINE, header.fontMetrics().horizontalAdvance("0000000") + 12)
        header.setSectionResizeMode(PlanModel.WHAT, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(PlanModel.ACTION, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(PlanModel.NAME, 180)
        header.resizeSection(PlanModel.ACTION, 200)
        self.action_buttons = {action: QPushButton(text) for action, text in (
            (Action.ADD, self.tr("&Add")), (Action.MERGE, self.tr("&Merge")),
            (Action.SKIP, self.tr("&Skip")))}
        for action, button in self.action_buttons.items():
            button.setToolTip(self.tr("Set the selected rows to this, where it applies"))
            button.clicked.connect(lambda _=False, a=action: self.set_selected(a))
        QShortcut(QKeySequence(Qt.Key.Key_Space), self.table,
                  lambda: self.table.edit(self.table.currentIndex().siblingAtColumn(
                      PlanModel.ACTION)), context=Qt.ShortcutContext.WidgetShortcut)
        self.decided = QLabel()
        self.decided.setWordWrap(True)
        self.problems_label = QLabel()
        self.problems = QPlainTextEdit()
        self.problems.setReadOnly(True)
        self.problems.setAccessibleName(self.tr("Problems in the file"))
        self.problems.setMaximumHeight(90)
        self.problems_label.setBuddy(self.problems)
        self.decisions = (0, 0, 0)  # added, merged into, skipped: kept, as counting takes a while

        top = QHBoxLayout()
        top.addWidget(self.counts, 1)
        show = QLabel(self.tr("S&how:"))
        show.setBuddy(self.show_filter)
        top.addWidget(show)
        top.addWidget(self.show_filter)
        actions = QHBoxLayout()
        actions.addWidget(QLabel(self.tr("Selected rows:")))
        for button in self.action_buttons.values():
            actions.addWidget(button)
        actions.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addLayout(actions)
        layout.addWidget(self.decided)
        layout.addWidget(self.problems_label)
        layout.addWidget(self.problems)

    def initializePage(self) -> None:  # noqa: N802
        plan = self._wizard.plan
        counts = {match: plan.count(match) for match in Match}
        self.counts.setText(self._counts_text(plan, counts))
        self.show_filter.blockSignals(True)
        self.show_filter.clear()
        for text, count in ((self.tr("Everyone (%1)"), len(plan.items)),
                            (self.tr("Possible duplicates (%1)"), counts[Match.POSSIBLE]),
                            (self.tr("Already in the notebook (%1)"), counts[Match.SAME]),
                            (self.tr("New (%1)"), counts[Match.NEW])):
            self.show_filter.addItem(text.replace("%1", f"{count:,}"))
        self.show_filter.setCurrentIndex(PlanModel.SHOW_ALL)
        self.show_filter.blockSignals(False)
        self.model.set_plan(plan)
        self.problems_label.setText(self.tr("&Problems in the file (%1):").replace(
            "%1", f"{len(plan.problems):,}"))
        self.problems.setPlainText(problem_lines(plan.problems))
        self.problems_label.setVisible(bool(plan.problems))
        self.problems.setVisible(bool(plan.problems))
        self._decisions_changed()
        self.table.setFocus()
        if self.model.rowCount():
            self.table.selectRow(0)

    def _counts_text(self, plan: ImportPlan, counts: dict[Match, int]) -> str:
        companies = company_summary([c.name for c in plan.companies])
        if not plan.items:
            return companies or self.tr("There is nobody to import in this file.")
        new, same, possible = counts[Match.NEW], counts[Match.SAME], counts[Match.POSSIBLE]
        parts = [self.tr("%1 new").replace("%1", f"{new:,}"),
                 self.tr("%1 to merge").replace("%1", f"{same:,}")]
        if companies:
            parts.append(companies)
        if possible:
            parts.append((self.tr("1 possible duplicate needs your decision") if possible == 1
                          else self.tr("%1 possible duplicates need your decision"))
                         .replace("%1", f"{possible:,}"))
        return " · ".join(parts)

    def _filter(self, index: int) -> None:
        self.model.set_plan(self._wizard.plan, index)

    def set_selected(self, action: Action) -> int:
        rows = [row for selected in self.table.selectionModel().selection()
                for row in range(selected.top(), selected.bottom() + 1)]
        return self.model.set_actions(rows, action)

    def _user_decided(self) -> None:
        self._wizard.decided = True
        self._decisions_changed()

    def _decisions_changed(self) -> None:
        added, merged, skipped = self.decisions = self.model.decisions()
        self.decided.setText(self.tr("Import will add %1, merge into %2 already in the "
                                     "notebook and skip %3.")
                             .replace("%1", self._people(added)).replace(
                                 "%2", self._people(merged)).replace("%3", f"{skipped:,}"))
        self.completeChanged.emit()

    def _people(self, count: int) -> str:
        return self.tr("1 person") if count == 1 else \
            self.tr("%1 people").replace("%1", f"{count:,}")

    def isComplete(self) -> bool:  # noqa: N802
        added, merged, _ = self.decisions
        plan = self._wizard.plan
        return plan is not None and (added + merged > 0 or bool(plan.companies))


class WorkPage(QWizardPage):
    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__()
        self._wizard = wizard
        self.setTitle(self.tr("Importing"))
        self.setSubTitle(self.tr("This is one step: it finishes completely or not at all."))
        self.row = ProgressRow()
        note = QLabel(self.tr("Cancel leaves the notebook exactly as it was."))
        note.setStyleSheet("color: palette(mid)")
        layout = QVBoxLayout(self)
        layout.addWidget(self.row)
        layout.addWidget(note)
        layout.addStretch(1)
        self.finished = False

    def initializePage(self) -> None:  # noqa: N802
        self.finished = False
        restoring = self._wizard.examined.kind == "json"
        self.setTitle(self.tr("Restoring") if restoring else self.tr("Importing"))
        self._wizard.start_writing(self.row)

    def isComplete(self) -> bool:  # noqa: N802
        return self.finished


class ReportPage(QWizardPage):
    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__()
        self._wizard = wizard
        self.setFinalPage(True)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.backup = QLabel()
        self.backup.setWordWrap(True)
        self.backup.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.problems_label = QLabel()
        self.problems = QPlainTextEdit()
        self.problems.setReadOnly(True)
        self.problems.setAccessibleName(self.tr("Problems"))
        self.problems_label.setBuddy(self.problems)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.backup)
        layout.addWidget(self.problems_label)
        layout.addWidget(self.problems, 1)
        layout.addStretch()  # without problems, the summary stays at the top

    def initializePage(self) -> None:  # noqa: N802
        wizard = self._wizard
        self.backup.hide()
        problems: list[Problem] = []
        if wizard.failure is not None:
            self.setTitle(self.tr("Nothing was changed"))
            self.setSubTitle(self.tr("The notebook is exactly as it was."))
            self.summary.setText(wizard.failure)
        elif wizard.restored is not None:
            self.setTitle(self.tr("Restored"))
            self.setSubTitle(self.tr("Everything in the export is in this notebook now."))
            people = wizard.restored.get("people", 0)
            self.summary.setText(
                self.tr("Restored 1 person and everything about them.") if people == 1 else
                self.tr("Restored %1 people and everything about them.").replace(
                    "%1", f"{people:,}"))
        else:
            report = wizard.report
            self.setTitle(self.tr("Imported"))
            self.setSubTitle(self.tr("The people are in your notebook now."))
            self.summary.setText(self._summary(report))
            problems = report.problems
            if report.backup is not None:
                self.backup.setText(self.tr("The notebook as it was before the import is "
                                            "backed up at %1").replace("%1", str(report.backup)))
                self.backup.show()
        self.problems_label.setText(self.tr("&Problems (%1):").replace(
            "%1", f"{len(problems):,}"))
        self.problems.setPlainText(problem_lines(problems))
        self.problems_label.setVisible(bool(problems))
        self.problems.setVisible(bool(problems))

    def _summary(self, report: ImportReport) -> str:
        lines = [self.tr("Added: %1").replace("%1", f"{len(report.added):,}"),
                 self.tr("Merged into people already in the notebook: %1").replace(
                     "%1", f"{len(report.merged):,}"),
                 self.tr("Skipped: %1").replace("%1", f"{report.skipped:,}")]
        if report.companies:
            lines.append(company_summary(report.companies))
        if report.loved_ones:
            lines.append(self.tr("Loved ones added (from relations in the cards): %1")
                         .replace("%1", f"{report.loved_ones:,}"))
        return "\n".join(lines)


# --- the wizard ------------------------------------------------------------------------------


class ImportWizard(QWizard):
    """Emits `imported(report)` or `restored(counts)` once the notebook has changed, and
    `show_people(ids)` when the user asks to see who was imported."""

    imported = Signal(object)
    restored_all = Signal(object)
    show_people = Signal(list)

    def __init__(self, notebook, ops, parent: QWidget | None = None,
                 path: Path | None = None) -> None:
        super().__init__(parent)
        self.notebook, self.ops = notebook, ops
        self.setWindowTitle(self.tr("Import contacts"))
        self.setWizardStyle(QWizard.WizardStyle.ModernStyle)
        self.setOption(QWizard.WizardOption.NoCancelButtonOnLastPage)
        self.setOption(QWizard.WizardOption.NoBackButtonOnLastPage)
        self.setButtonText(QWizard.WizardButton.FinishButton, self.tr("Close"))
        self.setButtonText(QWizard.WizardButton.CustomButton1, self.tr("&Show the imported people"))
        self.customButtonClicked.connect(self._show_imported)
        self.examined: Examined | None = None
        self.plan: ImportPlan | None = None
        self.report: ImportReport | None = None
        self.restored: dict | None = None
        self.failure: str | None = None
        self.decided = False  # the user changed an action in the preview
        self.detected_encoding = "utf-8"
        self._task: WorkProgress | None = None
        self._writing = False
        self.file_page = FilePage(self)
        self.source_page = SourcePage(self)
        self.preview_page = PreviewPage(self)
        self.work_page = WorkPage(self)
        self.report_page = ReportPage(self)
        for page_id, page in enumerate((self.file_page, self.source_page, self.preview_page,
                                        self.work_page, self.report_page)):
            self.setPage(page_id, page)
        self.currentIdChanged.connect(self._page_changed)
        if path is not None:
            self.file_page.path.setText(str(path))
        self.resize(860, 620)

    # --- work on the worker ------------------------------------------------------------

    @property
    def busy(self) -> bool:
        return self._task is not None

    def _run(self, text: str, row: ProgressRow, work: Callable[[WorkProgress], Any],
             on_done: Callable[[Any], None], on_error: Callable[[BaseException], None], *,
             at_once: bool = False) -> None:
        """Run `work(task)` on the worker; the callbacks run only if this task is still the
        wizard's (a cancelled or superseded one is ignored)."""
        self.cancel_work()
        task = WorkProgress(self)
        self._task = task
        row.start(text, task, at_once=at_once)
        self._busy_changed()

        def finished(result) -> None:
            if self._task is task:
                self._end(row)
                on_done(result)

        def failed(error: BaseException) -> None:
            if self._task is task:
                self._end(row)
                on_error(error)

        self.ops.run(lambda: work(task), finished, failed)

    def _end(self, row: ProgressRow) -> None:
        self._task.deleteLater()  # the worker is done with it
        self._task = None
        row.stop()
        self._busy_changed()

    def _busy_changed(self) -> None:
        page = self.currentPage()
        if page is not None:
            page.completeChanged.emit()

    def cancel_work(self) -> None:
        if self._task is not None:
            self._task.cancel()
            self._task = None

    def examine(self, path: Path, encoding: str | None, row: ProgressRow, on_done,
                on_error) -> None:
        notebook = self.notebook
        self._run(self.tr("Reading %1…").replace("%1", path.name), row,
                  lambda task: examine(notebook, path, encoding, task.should_cancel),
                  on_done, on_error)

    def set_examined(self, examined: Examined) -> None:
        if examined.encoding is None:
            self.detected_encoding = examined.detected_encoding
        self.examined = examined
        self.forget_plan()

    def forget_plan(self) -> None:
        self.plan = None

    def make_plan(self, mapping: dict[str, str] | None, row: ProgressRow, on_done,
                  on_error) -> None:
        notebook, examined = self.notebook, self.examined

        def planned(plan: ImportPlan) -> None:
            self.plan = plan
            self.decided = False
            on_done(plan)

        self._run(self.tr("Comparing the file with your notebook…"), row,
                  lambda task: read_and_plan(notebook, examined, mapping, task.should_cancel),
                  planned, on_error)

    def start_writing(self, row: ProgressRow) -> None:
        self.failure, self.report, self.restored = None, None, None
        self._writing = True
        notebook, examined, plan = self.notebook, self.examined, self.plan
        if examined.kind == "json":
            self._run(self.tr("Restoring the complete export…"), row,
                      lambda task: notebook.archive.restore_all(
                          examined.path, progress=task.report, should_cancel=task.should_cancel),
                      self._restored, self._write_failed, at_once=True)
            return
        self._run(self.tr("Backing up the notebook, then importing…"), row,
                  lambda task: notebook.importer.apply(plan, progress=task.report,
                                                       should_cancel=task.should_cancel),
                  self._imported, self._write_failed, at_once=True)

    def _imported(self, report: ImportReport) -> None:
        self._writing = False
        self.report = report
        self.imported.emit(report)
        self._written()

    def _restored(self, counts: dict) -> None:
        self._writing = False
        self.restored = counts
        self.restored_all.emit(counts)
        self._written()

    def _write_failed(self, error: BaseException) -> None:
        self._writing = False
        restoring = self.examined is not None and self.examined.kind == "json"
        if isinstance(error, Cancelled):
            self.failure = self.tr("Cancelled; nothing was restored.") if restoring else \
                self.tr("Cancelled; nothing was imported.")
        else:
            self.failure = self.error_text(error)
        self._written()

    def _written(self) -> None:
        self.work_page.finished = True
        self.next()

    def error_text(self, error: BaseException) -> str:
        if isinstance(error, RapportError):
            return str(error)
        if isinstance(error, OSError):
            return f"{error.filename}: {error.strerror}" if error.filename else str(error)
        return self.tr("Rapport could not read this file: %1").replace("%1", repr(error))

    # --- closing ---------------------------------------------------------------------------

    def reject(self) -> None:
        """Cancel or Esc. While importing: stop it (the report says so). Before: close, after
        asking if the user had made decisions in the preview."""
        if self._writing:
            if self._task is not None:
                self._task.cancel()
                self.work_page.row.set_text(self.tr("Cancelling…"))
            return
        if self.currentId() == PAGE_PREVIEW and self.decided and not self._confirm_discard():
            return
        super().reject()

    def _confirm_discard(self) -> bool:
        answer = QMessageBox.question(
            self, self.tr("Close without importing?"),
            self.tr("Nothing has been imported yet. Close and forget your choices?"),
            QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel)
        return answer == QMessageBox.StandardButton.Discard

    def done(self, result: int) -> None:
        self.cancel_work()  # also when the notebook is locked under the wizard
        super().done(result)
        # A plan of 100,000 records weighs hundreds of MB: keep only the report.
        self.preview_page.model.clear()
        self.examined = self.plan = None

    # --- the report page's button ----------------------------------------------------------

    def _page_changed(self, page_id: int) -> None:
        show = page_id == PAGE_REPORT and self.report is not None and bool(
            self.report.added or self.report.merged)
        self.setOption(QWizard.WizardOption.HaveCustomButton1, show)
        if show:
            self.button(QWizard.WizardButton.CustomButton1).setFocus()

    def imported_ids(self) -> list[int]:
        if self.report is None:
            return []
        return list(self.report.added) + [i for i in self.report.merged
                                          if i not in set(self.report.added)]

    def _show_imported(self, _which: int) -> None:
        ids = self.imported_ids()
        self.accept()
        self.show_people.emit(ids)
